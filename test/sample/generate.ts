import { Writable } from 'node:stream';
import {
  generatePostfix,
  type PostfixSampleCounts,
  type PostfixSampleOptions,
} from '../../pipeline/sample/postfix.js';
import type { GroundTruthRow } from '../../pipeline/sample/truth.js';

/** A Writable that keeps what it is given, as bytes. */
export class MemorySink extends Writable {
  private readonly chunks: Buffer[] = [];

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.chunks.push(Buffer.from(chunk));
    done();
  }

  get bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

export interface Sample {
  log: Buffer;
  truth: Buffer;
  counts: PostfixSampleCounts;
  /** The log's lines, without their newlines. */
  lines: string[];
  rows: GroundTruthRow[];
}

/** Runs the Postfix generator in memory. */
export async function generate(options: PostfixSampleOptions): Promise<Sample> {
  const log = new MemorySink();
  const truth = new MemorySink();
  const counts = await generatePostfix(options, { log, truth });
  const lines = log.bytes.toString('utf8').split('\n');
  if (lines.at(-1) === '') lines.pop();
  const rows = truth.bytes
    .toString('utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as GroundTruthRow);
  return { log: log.bytes, truth: truth.bytes, counts, lines, rows };
}
