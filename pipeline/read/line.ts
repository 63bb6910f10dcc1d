/** A line of an input file, with what identifies it: byte offset and 1-based line number. */
export interface Line {
  text: string;
  /** Byte offset of the line's first byte in the (decompressed) content. */
  offset: number;
  number: number;
  /** True when the line was longer than the cap and its text was cut. */
  truncated: boolean;
}
