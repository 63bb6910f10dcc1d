import { openContent } from './content.js';
import type { InputFile } from './discover.js';
import type { Line } from './line.js';
import { LineSplitter } from './line-splitter.js';
import { ContentError, ReadError } from './read-error.js';

export interface ReadLinesOptions {
  /** Longer lines are cut to this many bytes and marked truncated. */
  maxLineBytes: number;
  /** Lines per batch; the last batch may hold fewer. */
  batchLines?: number;
  /** Sees every chunk of decompressed content in order, e.g. to hash it (see fingerprint.ts). */
  onBytes?: (chunk: Buffer) => void;
}

const DEFAULT_BATCH_LINES = 512;

/**
 * The lines of `file`, decompressed, in batches, in bounded memory. When the content is damaged
 * or cannot be read, the complete lines before the damage are yielded, then a ReadError thrown.
 */
export async function* readLines(
  file: InputFile,
  options: ReadLinesOptions,
): AsyncGenerator<Line[]> {
  const batchLines = options.batchLines ?? DEFAULT_BATCH_LINES;
  if (!Number.isInteger(batchLines) || batchLines < 1) {
    throw new RangeError(`batchLines must be a positive integer, not ${batchLines}`);
  }
  const splitter = new LineSplitter(options.maxLineBytes);
  let pending: Line[] = [];

  try {
    for await (const chunk of openContent(file)) {
      options.onBytes?.(chunk);
      splitter.push(chunk, pending);
      if (pending.length < batchLines) continue;

      let from = 0;
      for (; pending.length - from >= batchLines; from += batchLines) {
        yield pending.slice(from, from + batchLines);
      }
      pending = pending.slice(from);
    }
  } catch (error) {
    if (!(error instanceof ContentError)) throw error;
    if (pending.length > 0) yield pending;
    throw new ReadError(file.path, error.failure, splitter.consumedBytes, splitter.lineCount);
  }

  splitter.finish(pending);
  for (let from = 0; from < pending.length; from += batchLines) {
    yield pending.slice(from, from + batchLines);
  }
}
