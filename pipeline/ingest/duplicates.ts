/**
 * Remembers the last delivery lines of a file, to tell a line that a log shipper or a syslog
 * relay wrote twice from a new event. Only lines that produced deliveries are remembered: a TLS
 * line may truly repeat word for word (the same process, the same second, a new connection).
 *
 * Lines are remembered by a 53-bit hash, not by their text: holding thousands of lines would
 * keep them alive past the young generation and make the garbage collector copy them. Two
 * different lines share a hash with a chance of about 2 in 10^12 per line at the default
 * window, and the later of the two would then be counted as a duplicate.
 */
export class RecentLines {
  // Two open-addressing tables of hashes (0 marks a free slot), at most half full: lines go
  // into the current one, and when it holds `capacity` the previous one is dropped and the
  // current one takes its place. Cheaper than a Set, whose keys above 2^31 are each a heap
  // number, and which would need a delete for every line once full.
  private current: Float64Array;
  private previous: Float64Array;
  private count = 0;
  private readonly mask: number;

  /** Remembers at least the last `capacity` lines (and at most twice as many). */
  constructor(private readonly capacity = 8192) {
    let slots = 2;
    while (slots < 2 * capacity) slots *= 2;
    this.mask = slots - 1;
    this.current = new Float64Array(slots);
    this.previous = new Float64Array(slots);
  }

  /**
   * True when the line `bytes[start, end)` was seen within the window; otherwise remembers it
   * and returns false.
   */
  seenBefore(bytes: Uint8Array, start = 0, end = bytes.length): boolean {
    const key = hash53(bytes, start, end) || 1;
    if (this.holds(this.previous, key) || this.holds(this.current, key)) return true;
    if (this.count === this.capacity) {
      const emptied = this.previous.fill(0);
      this.previous = this.current;
      this.current = emptied;
      this.count = 0;
    }
    const table = this.current;
    let slot = key & this.mask;
    while (table[slot] !== 0) slot = (slot + 1) & this.mask;
    table[slot] = key;
    this.count++;
    return false;
  }

  private holds(table: Float64Array, key: number): boolean {
    let slot = key & this.mask;
    for (;;) {
      const held = table[slot]!;
      if (held === key) return true;
      if (held === 0) return false;
      slot = (slot + 1) & this.mask;
    }
  }
}

/**
 * A 53-bit hash of the bytes `bytes[start, end)`: two 32-bit multiply-xorshift lanes with
 * different seeds and multipliers, fed four bytes at a time (the bytes of a log line, rather than
 * its decoded text, take a quarter of the steps), mixed at the end and joined into one safe
 * integer.
 */
export function hash53(bytes: Uint8Array, start = 0, end = bytes.length): number {
  const length = end - start;
  let a = 0xdeadbeef ^ length;
  let b = 0x41c6ce57 ^ length;
  let i = start;
  for (; i + 4 <= end; i += 4) {
    const word = bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24);
    a = Math.imul(a ^ word, 2654435761);
    b = Math.imul(b ^ word, 1597334677);
  }
  for (; i < end; i++) {
    a = Math.imul(a ^ bytes[i]!, 2654435761);
    b = Math.imul(b ^ bytes[i]!, 1597334677);
  }
  a = Math.imul(a ^ (a >>> 16), 2246822507) ^ Math.imul(b ^ (b >>> 13), 3266489909);
  b = Math.imul(b ^ (b >>> 16), 2246822507) ^ Math.imul(a ^ (a >>> 13), 3266489909);
  return 4294967296 * (0x1fffff & b) + (a >>> 0);
}
