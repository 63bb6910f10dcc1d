import { closeSync, openSync, writeSync } from 'node:fs';
import type { Delivery } from '../model/delivery.js';
import { domainFacts } from '../enrich/domain.js';
import { spilledColumnsSql, stagingSelectSql } from './columns.js';
import { sqlString } from './sql-string.js';

const BUFFER_BYTES = 4 << 20;
const NEEDS_QUOTES = /[\t\n\r"]/;
export const SPILL_NULL = '\\N';

const TAB = 9;
const LF = 10;
const CR = 13;
const QUOTE = 34;
const BACKSLASH = 92;
const ZERO = 48;
const MINUS = 45;
const TRUE = Buffer.from('true');
const FALSE = Buffer.from('false');

/**
 * What every row of one spill shares: its input file and that file's dialect. They are not
 * written per row but given once to the SQL that reads the spill back.
 */
export interface SpillPerFile {
  dialect: string;
  sourceFile: string;
}

/**
 * Deliveries written as tab-separated text to a scratch file, which DuckDB's CSV reader then
 * loads in bulk. Crossing from JavaScript into DuckDB value by value (its appender) costs far
 * more than writing text that DuckDB parses on its own threads.
 *
 * Rows are written byte by byte into one buffer rather than built as strings: a row of 33
 * fields built by concatenation cost more than parsing the line it came from. A field of plain
 * ASCII without tab, newline, carriage return or quote (nearly all of them) is copied as it
 * is; any other is quoted and encoded as UTF-8 by Node.
 */
export class DeliverySpill {
  private readonly fd: number;
  private readonly buffer = Buffer.allocUnsafe(BUFFER_BYTES);
  private used = 0;
  /** Bytes already written to the file, before the buffer's. */
  private flushed = 0;
  private rows = 0;
  private longest = 0;

  constructor(
    readonly path: string,
    readonly perFile: SpillPerFile,
  ) {
    this.fd = openSync(path, 'w');
  }

  /** Appends one row, in STAGING_COLUMNS order without the per-file columns. */
  add(d: Delivery): void {
    if (d.dialect !== this.perFile.dialect || d.sourceFile !== this.perFile.sourceFile) {
      throw new Error(
        `a ${d.dialect} row of input ${d.sourceFile} cannot join the spill of ` +
          `${this.perFile.dialect} input ${this.perFile.sourceFile}`,
      );
    }
    const start = this.flushed + this.used;
    const v = d.verdicts;
    const recipient = domainFacts(d.recipientDomain);
    const mx = d.mxHost === null ? null : domainFacts(d.mxHost);
    this.integer(d.timeMillis, TAB);
    this.text(d.logHost, TAB);
    this.text(d.queueId, TAB);
    this.text(d.recipientDomain, TAB);
    this.text(recipient.registrableDomain, TAB);
    this.text(recipient.tld, TAB);
    this.text(d.recipientPseudonym, TAB);
    this.text(d.mxHost, TAB);
    this.text(mx === null ? null : mx.registrableDomain, TAB);
    this.text(d.ip, TAB);
    this.integer(d.port, TAB);
    this.text(d.status, TAB);
    this.text(d.dsn, TAB);
    this.text(d.starttls, TAB);
    this.text(d.evidence, TAB);
    this.flag(v.selfSigned, TAB);
    this.flag(v.untrustedCa, TAB);
    this.flag(v.nameMismatch, TAB);
    this.flag(v.expired, TAB);
    this.text(d.trustLogged, TAB);
    this.text(d.verifyText, TAB);
    this.text(d.tlsVersionLogged, TAB);
    this.text(d.tlsVersion, TAB);
    this.text(d.cipherLogged, TAB);
    this.text(d.cipher, TAB);
    this.flag(d.forwardSecrecy, TAB);
    this.text(d.keyExchange, TAB);
    this.text(d.software, TAB);
    this.integer(d.connectionUse, TAB);
    this.integer(d.sourceOffset, TAB);
    this.integer(d.sourceLine, LF);
    const bytes = this.flushed + this.used - start;
    if (bytes > this.longest) this.longest = bytes;
    this.rows++;
  }

  get rowCount(): number {
    return this.rows;
  }

  /** Bytes of the longest row written, its newline included. */
  get longestRowBytes(): number {
    return this.longest;
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }

  private flush(): void {
    if (this.used === 0) return;
    writeSync(this.fd, this.buffer, 0, this.used);
    this.flushed += this.used;
    this.used = 0;
  }

  /** Makes room for `bytes` more in the buffer; false when it could never hold them. */
  private room(bytes: number): boolean {
    if (this.used + bytes <= this.buffer.length) return true;
    this.flush();
    return bytes <= this.buffer.length;
  }

  private text(value: string | null, end: number): void {
    if (value === null) return this.nullField(end);
    const length = value.length;
    // Room for the text as ASCII, one byte a character, and the separator after it.
    if (this.room(length + 1)) {
      const buffer = this.buffer;
      let at = this.used;
      let plain = length !== 2 || value !== SPILL_NULL;
      for (let i = 0; plain && i < length; i++) {
        const c = value.charCodeAt(i);
        // Most characters are above the quote: one comparison settles them.
        if (c > QUOTE ? c >= 0x80 : c === TAB || c === LF || c === CR || c === QUOTE) {
          plain = false;
        } else buffer[at++] = c;
      }
      if (plain) {
        buffer[at++] = end;
        this.used = at;
        return;
      }
    }
    this.encoded(value, end);
  }

  /** A field written through Node's UTF-8 encoder, quoted when it needs to be. */
  private encoded(value: string, end: number): void {
    const field =
      value === SPILL_NULL || NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
    const bound = field.length * 3 + 1;
    if (this.room(bound)) {
      this.used += this.buffer.write(field, this.used);
      this.buffer[this.used++] = end;
      return;
    }
    const bytes = writeSync(this.fd, field);
    this.flushed += bytes;
    this.buffer[this.used++] = end;
  }

  private integer(value: number | null, end: number): void {
    if (value === null) return this.nullField(end);
    if (!Number.isSafeInteger(value)) return this.encoded(String(value), end);
    this.room(18);
    const buffer = this.buffer;
    let at = this.used;
    let rest = value;
    if (rest < 0) {
      buffer[at++] = MINUS;
      rest = -rest;
    }
    // Above 2^31 V8 divides in floating point; digits are written in two runs of small integers.
    if (rest >= 1e9) {
      const high = Math.floor(rest / 1e9);
      at = writeDigits(buffer, at, high, 1);
      at = writeDigits(buffer, at, rest - high * 1e9, 9);
    } else {
      at = writeDigits(buffer, at, rest, 1);
    }
    buffer[at++] = end;
    this.used = at;
  }

  private flag(value: boolean | null, end: number): void {
    if (value === null) return this.nullField(end);
    this.room(6);
    const word = value ? TRUE : FALSE;
    const buffer = this.buffer;
    let at = this.used;
    for (let i = 0; i < word.length; i++) buffer[at++] = word[i]!;
    buffer[at++] = end;
    this.used = at;
  }

  private nullField(end: number): void {
    this.room(3);
    this.buffer[this.used++] = BACKSLASH;
    this.buffer[this.used++] = 78; // N
    this.buffer[this.used++] = end;
  }
}

/**
 * Writes `n` (an integer from 0 to 2^31 - 1) in decimal at `at`, zero-padded to at least `width`
 * digits; returns the offset after the last digit.
 */
function writeDigits(buffer: Buffer, at: number, n: number, width: number): number {
  let count = 1;
  for (let rest = n; rest >= 10; rest = (rest / 10) | 0) count++;
  if (count < width) count = width;
  let rest = n | 0;
  for (let i = at + count; i > at;) {
    const quotient = (rest / 10) | 0;
    buffer[--i] = ZERO + rest - quotient * 10;
    rest = quotient;
  }
  return at + count;
}

/**
 * A subquery that reads a spill file back as STAGING_COLUMNS, typed and in order, the per-file
 * columns filled in from `perFile`. DuckDB's read buffer is sized to the spill's longest row
 * rather than left at its default, which alone would take more memory than the rest of the
 * ingest. Rows end in `\n` alone: told so, DuckDB reads a carriage return inside a quoted field
 * as text, where otherwise it rejects the file.
 */
export function readSpillSql(file: string, perFile: SpillPerFile, longestRowBytes = 0): string {
  const maxLine = Math.max(1 << 20, 2 * longestRowBytes);
  const buffer = Math.max(4 << 20, 2 * maxLine);
  return (
    `(SELECT ${stagingSelectSql(perFile)} FROM ` +
    `read_csv('${sqlString(file)}', delim = '\\t', quote = '"', escape = '"', ` +
    `header = false, nullstr = '${SPILL_NULL}', allow_quoted_nulls = false, new_line = '\\n', ` +
    `columns = ${spilledColumnsSql()}, auto_detect = false, ` +
    `max_line_size = ${maxLine}, buffer_size = ${buffer}))`
  );
}
