import { maskLocalParts } from '../enrich/local-part.js';
import type { ProblemCode } from '../parse/dialect.js';

/** A line kept aside because it looked relevant but could not be read. */
export interface QuarantinedLine {
  file: string;
  line: number;
  offset: number;
  code: ProblemCode;
  reason: string;
  /** The line, cut to 500 characters, with the local parts of addresses masked. */
  text: string;
}

export function quarantineRecord(
  file: string,
  line: { number: number; offset: number; text: string },
  code: ProblemCode,
  reason: string,
): QuarantinedLine {
  const cut = line.text.length > 500 ? line.text.slice(0, 500) + '…' : line.text;
  return { file, line: line.number, offset: line.offset, code, reason, text: maskLocalParts(cut) };
}
