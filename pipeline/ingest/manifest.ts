import type { Dialect } from '../model/delivery.js';

/**
 * What the warehouse records about one input file. Every line read is accounted for:
 * linesRead = linesUsed + linesSkipped + linesQuarantined. No wall-clock time is stored, so a
 * rerun on the same input writes the same bytes.
 */
export interface ManifestEntry {
  fileId: string;
  /** The path the file was last read from, as given on the command line. */
  path: string;
  sizeBytes: number;
  compression: string;
  dialect: Dialect;
  yearSource: string;
  linesRead: number;
  linesUsed: number;
  linesSkipped: number;
  linesQuarantined: number;
  /** Lines cut at the line-length cap (also counted as quarantined). */
  linesTooLong: number;
  /** Delivery lines repeated word for word within a file (also counted as skipped). */
  linesDuplicate: number;
  rowsWritten: number;
  rowsPerDay: Record<string, number>;
  /** Set when the file could not be read to its end (a truncated `.gz`, an I/O error). */
  readError: string | null;
}
