import { mkdir, rm, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { Log } from '../../cli/log.js';
import type { Dialect } from '../model/delivery.js';
import { discoverInputs, type InputFile } from '../read/discover.js';
import { fingerprint } from '../read/fingerprint.js';
import { ReadError } from '../read/read-error.js';
import { writeFileAtomic } from '../write/atomic.js';
import { writePartitions } from '../write/partitions.js';
import { refreshRollups } from '../write/rollups.js';
import { warehousePaths, type WarehousePaths } from '../write/paths.js';
import { acquireLock } from './lock.js';
import { removeLeftovers } from './leftovers.js';
import type { ManifestEntry } from './manifest.js';
import { runOnWorkers } from './pool.js';
import { Publisher } from './publisher.js';
import type { FileRead } from './read-set.js';
import type { WorkerMessage, WorkerTask } from './worker.js';

// Files published at once once the parsing is over.
const PUBLISHING_AT_MOST = 2;

export interface IngestOptions {
  inputs: string[];
  warehouse: string;
  format: 'auto' | Dialect;
  /** Year for year-less timestamps; null to take it from each file. */
  year: number | null;
  /** IANA time zone of timestamps without an offset. */
  zone: string;
  maxLineBytes: number;
  /** A compressed file may expand to at most this many times its size. */
  maxExpansion: number;
  /** The user's key for recipient pseudonyms (opt-in); null stores none. */
  recipientKey: Uint8Array | null;
  /** Parse threads; rotated sets are read in parallel, each set by one thread. */
  workers: number;
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
  /** The UTC days whose partitions changed. */
  days: string[];
}

/**
 * Reads log files into the warehouse:
 * 1. discover the files and fingerprint their content (a file met twice is read once);
 * 2. group rotated sets, and parse each set oldest first on a worker thread, one parser per
 *    set (a TLS line at the end of `mail.log.1` still reaches its delivery in `mail.log`);
 * 3. as each file's rows arrive, load them into DuckDB and publish its day partitions,
 *    quarantine and manifest entry;
 * 4. recompute the daily rollups of the days that changed.
 */
export async function ingest(options: IngestOptions): Promise<IngestResult> {
  const paths = warehousePaths(options.warehouse);
  await ensureWritable(paths.root);
  await mkdir(paths.deliveries, { recursive: true });
  await mkdir(paths.quarantine, { recursive: true });
  await mkdir(paths.manifest, { recursive: true });
  await mkdir(paths.scratch, { recursive: true });
  const lock = await acquireLock(paths.lock);
  try {
    await removeLeftovers(paths);
    return await ingestLocked(options, paths);
  } finally {
    await lock.release();
  }
}

async function ingestLocked(options: IngestOptions, paths: WarehousePaths): Promise<IngestResult> {
  const result: IngestResult = {
    files: [],
    problems: [],
    linesRead: 0,
    linesQuarantined: 0,
    rowsWritten: 0,
    days: [],
  };
  const problem = (message: string) => {
    options.log.warn(message);
    result.problems.push(message);
  };

  // 1. Discover and fingerprint.
  const discovered = await discoverInputs(options.inputs);
  for (const p of discovered.problems) problem(p.message);
  const seen = new Map<string, string>();
  const sets = new Map<string, { file: InputFile; fileId: string }[]>();
  for (const file of discovered.files) {
    let fileId: string;
    try {
      fileId = await fingerprint(file);
    } catch (error) {
      if (!(error instanceof ReadError)) throw error;
      problem(error.message);
      continue;
    }
    const earlier = seen.get(fileId);
    if (earlier !== undefined) {
      options.log.info(`${file.path}: same content as ${earlier}; read once`);
      continue;
    }
    seen.set(fileId, file.path);
    const set = sets.get(file.setKey) ?? [];
    set.push({ file, fileId });
    sets.set(file.setKey, set);
  }

  // 2 and 3. Parse on workers; publish each file as it arrives, each on a DuckDB of its own
  // with one thread: reading one spill in parallel costs more CPU than it saves, and closing
  // the database after the file returns the ~60 MB a copy leaves cached, which would otherwise
  // stay for the whole run. While workers parse, one file is published at a time (a copy holds
  // about 100 MB); once they are done, two at a time. The rollups at the end get every core.
  const openDuckDB = (threads: number) =>
    DuckDBInstance.create(':memory:', {
      temp_directory: paths.scratch,
      memory_limit: '512MB',
      threads: String(threads),
    });
  const days = new Set<string>();
  const slots = Array.from({ length: PUBLISHING_AT_MOST }, (_, i) => i);
  const publisher = new Publisher<number, FileRead>(slots, async (_slot, read) => {
    const instance = await openDuckDB(1);
    let entry: ManifestEntry;
    let removedDays: string[];
    try {
      const connection = await instance.connect();
      try {
        ({ entry, removedDays } = await publish(connection, paths, read, options));
      } finally {
        connection.closeSync();
      }
    } finally {
      instance.closeSync();
    }
    for (const day of removedDays) days.add(day);
    result.files.push(entry);
    result.linesRead += entry.linesRead;
    result.linesQuarantined += entry.linesQuarantined;
    result.rowsWritten += entry.rowsWritten;
    for (const day of Object.keys(entry.rowsPerDay)) days.add(day);
  });
  const onEvent = (message: WorkerMessage) => {
    switch (message.kind) {
      case 'file':
        publisher.submit(message.read);
        break;
      case 'info':
        options.log.info(message.message);
        break;
      case 'warn':
      case 'problem':
        problem(message.message);
        break;
      case 'done':
      case 'crash':
        break;
    }
  };
  const tasks: WorkerTask[] = [...sets.values()].map((files) => ({
    files,
    format: options.format,
    year: options.year,
    zone: options.zone,
    maxLineBytes: options.maxLineBytes,
    maxExpansion: options.maxExpansion,
    recipientKey: options.recipientKey,
    warehouse: paths.root,
  }));
  try {
    await runOnWorkers(tasks, options.workers, onEvent);
    // The parsing is over: what is left to publish may use every slot.
    publisher.setConcurrency(PUBLISHING_AT_MOST);
    await publisher.drain();
  } finally {
    await publisher.drain().catch(() => undefined);
  }
  // 4. Recompute the daily rollups of every day whose partition changed.
  const instance = await openDuckDB(availableParallelism());
  try {
    const connection = await instance.connect();
    try {
      await refreshRollups(connection, paths, [...days]);
    } finally {
      connection.closeSync();
    }
  } finally {
    instance.closeSync();
  }
  result.files.sort((a, b) => a.path.localeCompare(b.path));
  result.days = [...days].sort();
  return result;
}

/**
 * Fails early, with the system's own error code, when the warehouse cannot be written: on a
 * read-only file system a recursive mkdir reports ENOENT rather than EROFS.
 */
async function ensureWritable(root: string): Promise<void> {
  await mkdir(root, { recursive: true }).catch(() => undefined);
  const probe = path.join(root, `.write-test-${process.pid}`);
  await writeFile(probe, '');
  await rm(probe, { force: true });
}

async function publish(
  connection: DuckDBConnection,
  paths: WarehousePaths,
  read: FileRead,
  options: IngestOptions,
): Promise<{ entry: ManifestEntry; removedDays: string[] }> {
  const started = options.now();
  const { perDay, removedDays } = await writePartitions(
    connection,
    paths,
    read.entry.fileId,
    read.spills,
  );
  const entry: ManifestEntry = {
    ...read.entry,
    rowsPerDay: Object.fromEntries(perDay),
    rowsWritten: [...perDay.values()].reduce((a, b) => a + b, 0),
  };
  const manifest = JSON.stringify(entry, null, 2) + '\n';
  await writeFileAtomic(paths.manifestEntry(entry.fileId), manifest);

  const days = Object.keys(entry.rowsPerDay).length;
  const seconds = (read.durationMillis + options.now() - started) / 1000;
  options.log.info(
    `${entry.path}: ${entry.dialect}, ${entry.linesRead} lines → ` +
      `${entry.rowsWritten} deliveries ` +
      `on ${days} day${days === 1 ? '' : 's'}; ${entry.linesSkipped} skipped, ` +
      `${entry.linesQuarantined} quarantined; ${seconds.toFixed(1)} s`,
    {
      ...entry,
      readMillis: Math.round(read.durationMillis),
      publishMillis: Math.round(options.now() - started),
    },
  );
  for (const q of read.examples) {
    options.log.warn(
      `${entry.path}:${q.line}: ${q.reason} (kept in quarantine): "${q.text.slice(0, 120)}"`,
    );
  }
  if (entry.linesQuarantined > read.examples.length) {
    const more = entry.linesQuarantined - read.examples.length;
    options.log.warn(
      `${entry.path}: ${more} more quarantined lines; see ${paths.quarantineEntry(entry.fileId)}`,
    );
  }
  return { entry, removedDays };
}
