import { mkdir } from 'node:fs/promises';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { Log } from '../../cli/log.js';
import type { Dialect } from '../model/delivery.js';
import { discoverInputs, type InputFile } from '../read/discover.js';
import { fingerprint } from '../read/fingerprint.js';
import { ReadError } from '../read/read-error.js';
import { warehousePaths, type WarehousePaths } from '../write/paths.js';
import { acquireLock } from './lock.js';
import type { ManifestEntry } from './manifest.js';
import { ingestSet, type SetOptions } from './ingest-set.js';

export interface IngestOptions {
  inputs: string[];
  warehouse: string;
  format: 'auto' | Dialect;
  /** Year for year-less timestamps; null to take it from each file. */
  year: number | null;
  /** IANA time zone of timestamps without an offset. */
  zone: string;
  maxLineBytes: number;
  log: Log;
  /** Milliseconds from a monotonic clock, for the durations in the log only. */
  now: () => number;
}

export interface IngestResult {
  files: ManifestEntry[];
  /** One message per problem with an input as a whole (missing, unreadable, unknown format). */
  problems: string[];
  linesRead: number;
  linesQuarantined: number;
  rowsWritten: number;
}

/**
 * Reads log files into the warehouse: discovers them, groups rotated sets and reads each set
 * oldest first through one parser (a TLS line at the end of `mail.log.1` still reaches its
 * delivery at the top of `mail.log`), and writes each file's rows, quarantine and manifest.
 */
export async function ingest(options: IngestOptions): Promise<IngestResult> {
  const paths = warehousePaths(options.warehouse);
  await mkdir(paths.deliveries, { recursive: true });
  await mkdir(paths.scratch, { recursive: true });
  const lock = await acquireLock(paths.lock);
  try {
    return await ingestLocked(options, paths);
  } finally {
    await lock.release();
  }
}

async function ingestLocked(options: IngestOptions, paths: WarehousePaths): Promise<IngestResult> {
  const discovered = await discoverInputs(options.inputs);
  const problems = discovered.problems.map((p) => p.message);
  for (const message of problems) options.log.warn(message);

  const instance = await DuckDBInstance.create(':memory:', {
    temp_directory: paths.scratch,
    memory_limit: '512MB',
    threads: '2',
  });
  const connection = await instance.connect();
  const result: IngestResult = {
    files: [],
    problems,
    linesRead: 0,
    linesQuarantined: 0,
    rowsWritten: 0,
  };
  try {
    const seen = new Map<string, string>();
    for (const set of groupSets(discovered.files)) {
      const unique: { file: InputFile; fileId: string }[] = [];
      for (const file of set) {
        let fileId: string;
        try {
          fileId = await fingerprint(file);
        } catch (error) {
          if (!(error instanceof ReadError)) throw error;
          options.log.warn(error.message);
          result.problems.push(error.message);
          continue;
        }
        const earlier = seen.get(fileId);
        if (earlier !== undefined) {
          options.log.info(`${file.path}: same content as ${earlier}; read once`);
          continue;
        }
        seen.set(fileId, file.path);
        unique.push({ file, fileId });
      }
      const setOptions: SetOptions = {
        ...options,
        paths,
        connection: connection as DuckDBConnection,
      };
      const outcome = await ingestSet(unique, setOptions);
      for (const entry of outcome.entries) {
        result.files.push(entry);
        result.linesRead += entry.linesRead;
        result.linesQuarantined += entry.linesQuarantined;
        result.rowsWritten += entry.rowsWritten;
      }
      result.problems.push(...outcome.problems);
    }
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
  return result;
}

function groupSets(files: InputFile[]): InputFile[][] {
  const sets = new Map<string, InputFile[]>();
  for (const file of files) {
    const set = sets.get(file.setKey);
    if (set) set.push(file);
    else sets.set(file.setKey, [file]);
  }
  return [...sets.values()];
}
