/**
 * A small seeded PRNG (xoshiro128**, seeded through splitmix32). Sample data must be the same
 * for the same seed on every machine and Node version, so nothing here reads Math.random or the
 * clock.
 */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** `seed` is any safe integer; `salt` (32 bits) tells apart generators of one seed. */
  constructor(seed: number, salt = 0) {
    // splitmix32 spreads even small or similar seeds over the whole state.
    const high = Math.floor(seed / 0x1_0000_0000) >>> 0;
    let s = (seed >>> 0) ^ Math.imul(high, 0x9e3779b9) ^ Math.imul(salt >>> 0, 0x85ebca6b);
    const next = (): number => {
      s = (s + 0x9e3779b9) | 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
  }

  /** A generator for one part of the output, so that parts do not shift each other's numbers. */
  static derive(seed: number, label: string): Random {
    let hash = 0x811c9dc5;
    for (let i = 0; i < label.length; i++) {
      hash = Math.imul(hash ^ label.charCodeAt(i), 0x01000193);
    }
    return new Random(seed, hash);
  }

  uint32(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result;
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.uint32() / 0x1_0000_0000;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }

  /** Uniform integer in [low, high], both included. */
  between(low: number, high: number): number {
    return low + this.int(high - low + 1);
  }

  chance(probability: number): boolean {
    return this.float() < probability;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[this.int(items.length)];
    if (item === undefined) throw new Error('Random.pick: the list is empty');
    return item;
  }

  /** Exponentially distributed, for gaps between independent events. */
  exponential(mean: number): number {
    return -Math.log(1 - this.float()) * mean;
  }

  /** Characters drawn from `alphabet`. */
  chars(alphabet: string, length: number): string {
    // Built from char codes in one go: appending one character at a time makes a deep tree
    // of tiny strings that is slow to copy into the output later.
    const codes: number[] = [];
    for (let i = 0; i < length; i++) codes.push(alphabet.charCodeAt(this.int(alphabet.length)));
    return String.fromCharCode(...codes);
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

export const HEX_UPPER = '0123456789ABCDEF';
export const HEX_LOWER = '0123456789abcdef';
export const DIGITS = '0123456789';
export const ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
export const LOWER_ALNUM = '0123456789abcdefghijklmnopqrstuvwxyz';
