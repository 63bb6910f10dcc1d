/** A line of an input file, with what identifies it: byte offset and 1-based line number. */
export interface Line {
  readonly text: string;
  /** Byte offset of the line's first byte in the (decompressed) content. */
  readonly offset: number;
  readonly number: number;
  /** True when the line was longer than the cap and its text was cut. */
  readonly truncated: boolean;
}

/**
 * A whole line inside a chunk of content, decoded when `text` is first read: its bytes,
 * `bytes[start, end)` without the line break, are at hand for a parser to look at before. Most
 * lines of a mail log are skipped on their header alone, and a parser can tell that from the
 * bytes. The chunk must not change afterwards (chunks from file and decompression streams do
 * not).
 */
export class ChunkLine implements Line {
  private decoded: string | null = null;
  readonly truncated = false;

  constructor(
    readonly bytes: Buffer,
    readonly start: number,
    readonly end: number,
    readonly offset: number,
    readonly number: number,
  ) {}

  get text(): string {
    if (this.decoded === null) this.decoded = this.bytes.toString('utf8', this.start, this.end);
    return this.decoded;
  }
}
