import { closeSync, openSync, writeSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { maskLocalParts } from '../enrich/local-part.js';
import type { ProblemCode } from '../parse/dialect.js';
import type { Line } from '../read/line.js';
import { stagingName } from '../write/paths.js';

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

const EXAMPLES = 3;
const FLUSH_CHARS = 1 << 20;

/**
 * Streams one input file's quarantined lines to a JSON Lines file under a staging name, and
 * publishes it by rename once the file is read, so the quarantine never needs memory in
 * proportion to the number of bad lines.
 */
export class QuarantineWriter {
  private fd: number | null = null;
  private buffer = '';
  private lines = 0;
  readonly examples: { line: number; reason: string; text: string }[] = [];

  constructor(
    private readonly target: string,
    private readonly inputPath: string,
  ) {}

  add(line: Line, code: ProblemCode, reason: string): void {
    const record = quarantineRecord(this.inputPath, line, code, reason);
    if (this.examples.length < EXAMPLES) {
      this.examples.push({ line: record.line, reason: record.reason, text: record.text });
    }
    this.buffer += JSON.stringify(record) + '\n';
    this.lines++;
    if (this.buffer.length >= FLUSH_CHARS) this.flush();
  }

  get count(): number {
    return this.lines;
  }

  /** Writes what is left and renames the file into place (an empty file when no line was bad). */
  async publish(): Promise<void> {
    await mkdir(path.dirname(this.target), { recursive: true });
    this.flush(true);
    closeSync(this.fd!);
    this.fd = null;
    await rename(stagingName(this.target), this.target);
  }

  /** Drops what was written: the file's lines are not to be published after all. */
  async discard(): Promise<void> {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
    this.buffer = '';
    await rm(stagingName(this.target), { force: true });
  }

  private flush(force = false): void {
    if (this.fd === null && (force || this.buffer.length > 0)) {
      this.fd = openSync(stagingName(this.target), 'w');
    }
    if (this.buffer.length === 0) return;
    writeSync(this.fd!, this.buffer);
    this.buffer = '';
  }
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
