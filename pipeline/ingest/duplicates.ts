/**
 * Remembers the last delivery lines of a file, to tell a line that a log shipper or a syslog
 * relay wrote twice from a new event. Only lines that produced deliveries are remembered: a TLS
 * line may truly repeat word for word (the same process, the same second, a new connection).
 *
 * Lines are remembered by a 53-bit hash, not by their text: holding thousands of lines would
 * keep them alive past the young generation and make the garbage collector copy them. Two
 * different lines share a hash with a chance of about 1 in 10^12 per line at the default
 * window, and the later of the two would then be counted as a duplicate.
 */
export class RecentLines {
  private readonly seen = new Set<number>();
  private readonly order: number[] = [];
  private next = 0;

  constructor(private readonly capacity = 8192) {}

  /** True when `text` was seen within the window; otherwise remembers it and returns false. */
  seenBefore(text: string): boolean {
    const key = hash53(text);
    if (this.seen.has(key)) return true;
    if (this.order.length < this.capacity) {
      this.order.push(key);
    } else {
      this.seen.delete(this.order[this.next]!);
      this.order[this.next] = key;
      this.next = (this.next + 1) % this.capacity;
    }
    this.seen.add(key);
    return false;
  }
}

/**
 * A 53-bit hash of the UTF-16 code units of `text`: two 32-bit multiply-xorshift lanes with
 * different seeds and multipliers, mixed at the end and joined into one safe integer.
 */
export function hash53(text: string): number {
  let a = 0xdeadbeef ^ text.length;
  let b = 0x41c6ce57 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 2654435761);
    b = Math.imul(b ^ c, 1597334677);
  }
  a = Math.imul(a ^ (a >>> 16), 2246822507) ^ Math.imul(b ^ (b >>> 13), 3266489909);
  b = Math.imul(b ^ (b >>> 16), 2246822507) ^ Math.imul(a ^ (a >>> 13), 3266489909);
  return 4294967296 * (0x1fffff & b) + (a >>> 0);
}
