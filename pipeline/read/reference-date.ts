import { readHead } from './compression.js';
import type { InputFile } from './discover.js';
import { ReadError } from './read-error.js';

/** The latest year and month a file's lines can have, and where that was read. */
export interface ReferenceDate {
  year: number;
  month: number;
  source: 'name' | 'gzip-header' | 'mtime';
}

const GZIP_HEADER_BYTES = 10;

/**
 * Gives year-less syslog timestamps a year: the date in the file name if it has one, else the
 * modification time gzip recorded when it compressed the file (kept when the file is copied),
 * else the file's own mtime. In UTC.
 */
export async function referenceDate(file: InputFile): Promise<ReferenceDate> {
  if (file.nameDate) {
    return { year: file.nameDate.year, month: file.nameDate.month, source: 'name' };
  }
  if (file.compression === 'gzip') {
    const seconds = await gzipMtimeSeconds(file.path);
    if (seconds > 0) return { ...yearMonth(seconds * 1000), source: 'gzip-header' };
  }
  return { ...yearMonth(file.mtimeMillis), source: 'mtime' };
}

/** The MTIME field of a gzip header (bytes 4-7, little-endian Unix seconds); 0 when unset. */
async function gzipMtimeSeconds(path: string): Promise<number> {
  let head: Buffer;
  try {
    head = await readHead(path, GZIP_HEADER_BYTES);
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    const detail = code === 'EACCES' ? 'permission denied' : message;
    throw new ReadError(path, { kind: 'open', detail }, 0, 0);
  }
  return head.length === GZIP_HEADER_BYTES ? head.readUInt32LE(4) : 0;
}

function yearMonth(utcMillis: number): { year: number; month: number } {
  const date = new Date(utcMillis);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1 };
}
