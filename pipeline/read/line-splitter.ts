import { ChunkLine, type Line } from './line.js';

const CR = 13;
const LF = 10;
const FIRST_CARRY_BYTES = 64 * 1024;

/**
 * Cuts a stream of byte chunks into lines: split at `\n`, a trailing `\r` dropped, UTF-8 decoded
 * with U+FFFD for invalid bytes (a line within one chunk only when its text is first read, so
 * chunks pushed must not change afterwards). A line longer than `maxLineBytes` is cut there and
 * marked truncated; only its first `maxLineBytes + 1` bytes are ever held, however long it runs.
 */
export class LineSplitter {
  /** The start of the line that runs past the current chunk. */
  private carry: Buffer;
  private carryBytes = 0;
  /** Length of the line in progress, counting the bytes not kept in `carry`. */
  private lineBytes = 0;
  private lineOffset = 0;
  private consumed = 0;
  private lines = 0;

  constructor(private readonly maxLineBytes: number) {
    if (!Number.isInteger(maxLineBytes) || maxLineBytes < 1) {
      throw new RangeError(`maxLineBytes must be a positive integer, not ${maxLineBytes}`);
    }
    this.carry = Buffer.allocUnsafe(Math.min(maxLineBytes + 1, FIRST_CARRY_BYTES));
  }

  /** Bytes of content pushed so far. */
  get consumedBytes(): number {
    return this.consumed;
  }

  /** Lines completed so far. */
  get lineCount(): number {
    return this.lines;
  }

  /** Bytes held for the line in progress. */
  get heldBytes(): number {
    return this.carryBytes;
  }

  /** Appends to `out` the lines that `chunk` completes. */
  push(chunk: Buffer, out: Line[]): void {
    const chunkOffset = this.consumed;
    this.consumed += chunk.length;

    let start = 0;
    for (;;) {
      const newline = chunk.indexOf(LF, start);
      if (newline === -1) break;
      if (this.lineBytes === 0) {
        // The common case: the whole line is in this chunk, decoded in place when it is read.
        out.push(this.line(chunk, start, newline, newline - start, chunkOffset + start, true));
      } else {
        this.hold(chunk, start, newline, chunkOffset);
        out.push(this.line(this.carry, 0, this.carryBytes, this.lineBytes, this.lineOffset));
        this.carryBytes = 0;
        this.lineBytes = 0;
      }
      start = newline + 1;
    }
    if (start < chunk.length) this.hold(chunk, start, chunk.length, chunkOffset);
  }

  /** Appends the last line when the content does not end with `\n`. */
  finish(out: Line[]): void {
    if (this.lineBytes === 0) return;
    out.push(this.line(this.carry, 0, this.carryBytes, this.lineBytes, this.lineOffset));
    this.carryBytes = 0;
    this.lineBytes = 0;
  }

  /** Keeps the bytes `chunk[start, end)` of the line in progress, up to the cap. */
  private hold(chunk: Buffer, start: number, end: number, chunkOffset: number): void {
    if (this.lineBytes === 0) this.lineOffset = chunkOffset + start;
    this.lineBytes += end - start;

    const room = this.maxLineBytes + 1 - this.carryBytes;
    const take = Math.min(end - start, room);
    if (take <= 0) return;
    if (this.carryBytes + take > this.carry.length) {
      const grown = Buffer.allocUnsafe(
        Math.min(this.maxLineBytes + 1, Math.max(this.carry.length * 2, this.carryBytes + take)),
      );
      this.carry.copy(grown, 0, 0, this.carryBytes);
      this.carry = grown;
    }
    chunk.copy(this.carry, this.carryBytes, start, start + take);
    this.carryBytes += take;
  }

  /**
   * The line whose kept bytes are `buffer[start, keptEnd)` out of `lineBytes`. When bytes were
   * not kept, at least `maxLineBytes + 1` were, so the line is too long whether or not it ends
   * with `\r`.
   */
  private line(
    buffer: Buffer,
    start: number,
    keptEnd: number,
    lineBytes: number,
    offset: number,
    inChunk = false,
  ): Line {
    const whole = keptEnd - start === lineBytes;
    let end = keptEnd;
    if (whole && end > start && buffer[end - 1] === CR) end -= 1;

    let truncated = false;
    if (!whole || end - start > this.maxLineBytes) {
      end = characterBoundary(buffer, start, start + this.maxLineBytes);
      truncated = true;
    }
    this.lines += 1;
    if (truncated) {
      return { text: buffer.toString('utf8', start, end), offset, number: this.lines, truncated };
    }
    if (inChunk) return new ChunkLine(buffer, start, end, offset, this.lines);
    // The carry buffer is reused for the next line: a line from it gets a copy of its bytes.
    const bytes = Buffer.from(buffer.subarray(start, end));
    return new ChunkLine(bytes, 0, bytes.length, offset, this.lines);
  }
}

/**
 * `cut`, moved back to the start of a UTF-8 character that would straddle it, so a cut line
 * does not end in a U+FFFD that the log did not have.
 */
function characterBoundary(buffer: Buffer, start: number, cut: number): number {
  for (let i = cut; i >= start && i > cut - 4; i--) {
    const byte = buffer[i] ?? 0;
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte: look further back
    const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return i + length > cut ? i : cut;
  }
  return cut;
}
