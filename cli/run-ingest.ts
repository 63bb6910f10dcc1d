import { readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import type { Dialect } from '../pipeline/model/delivery.js';
import { ingest, type IngestResult } from '../pipeline/ingest/ingest.js';
import { LockBusyError } from '../pipeline/ingest/lock.js';
import { CliError, EXIT, type ExitCode } from './errors.js';
import type { Log } from './log.js';
import { checkYear, checkZone } from './options.js';

export interface IngestArgs {
  paths: string[];
  warehouse: string;
  format: string;
  year?: number;
  tz: string;
  maxLineBytes: number;
  maxExpansion: number;
  workers: number;
  quarantineWarnRate: number;
  recipientKeyFile?: string;
  quarantineFailRate: number;
}

/** Runs an ingest for the `ingest` and `run` commands; returns the exit code it deserves. */
export async function runIngest(args: IngestArgs, log: Log): Promise<ExitCode> {
  let result: IngestResult;
  try {
    result = await ingest({
      inputs: args.paths,
      warehouse: args.warehouse,
      format: args.format as 'auto' | Dialect,
      year: checkYear(args.year),
      zone: checkZone(args.tz),
      maxLineBytes: args.maxLineBytes,
      maxExpansion: args.maxExpansion,
      recipientKey: await readKey(args.recipientKeyFile),
      workers: args.workers,
      log,
      now: () => performance.now(),
    });
  } catch (error) {
    if (error instanceof LockBusyError) throw new CliError(error.message, EXIT.BUSY);
    throw asOutputError(error, args.warehouse);
  }

  const rate = result.linesRead === 0 ? 0 : result.linesQuarantined / result.linesRead;
  log.info(
    `ingested ${result.files.length} file${result.files.length === 1 ? '' : 's'}: ` +
      `${result.linesRead} lines, ${result.rowsWritten} deliveries, ` +
      `${result.linesQuarantined} quarantined (${(rate * 100).toFixed(2)}%), ` +
      `${result.problems.length} input problem${result.problems.length === 1 ? '' : 's'}; ` +
      `warehouse ${args.warehouse}`,
  );
  if (rate > args.quarantineWarnRate && rate <= args.quarantineFailRate) {
    log.warn(
      `${(rate * 100).toFixed(2)}% of lines were quarantined (more than --quarantine-warn-rate ` +
        `${args.quarantineWarnRate}); see ${args.warehouse}/quarantine/`,
    );
  }
  if (rate > args.quarantineFailRate) {
    log.error(
      `${(rate * 100).toFixed(2)}% of lines were quarantined, more than --quarantine-fail-rate ` +
        `${args.quarantineFailRate}; look at ${args.warehouse}/quarantine/ for what was not read`,
    );
    return EXIT.INPUT_PROBLEMS;
  }
  if (result.files.length === 0 && result.problems.length === 0) {
    log.warn('no input files were found; nothing was ingested');
  }
  return result.problems.length > 0 ? EXIT.INPUT_PROBLEMS : EXIT.OK;
}

async function readKey(file: string | undefined): Promise<Uint8Array | null> {
  if (file === undefined) return null;
  let key: Buffer;
  try {
    key = await readFile(file);
  } catch (error) {
    throw new CliError(`--recipient-key-file ${file}: ${(error as Error).message}`, EXIT.USAGE);
  }
  const trimmed = Buffer.from(key.toString('utf8').trim());
  if (trimmed.length < 16) {
    throw new CliError(
      `--recipient-key-file ${file}: the key is shorter than 16 bytes; use a long random secret, ` +
        'e.g. head -c 32 /dev/urandom | base64 > census.key',
      EXIT.USAGE,
    );
  }
  return trimmed;
}

function asOutputError(error: unknown, warehouse: string): unknown {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOSPC' || code === 'EROFS' || code === 'EACCES' || code === 'EPERM') {
    const what = code === 'ENOSPC' ? 'the disk is full' : 'it is not writable';
    return new CliError(
      `${warehouse}: cannot write the warehouse (${what}: ${(error as Error).message}); ` +
        'partitions already in place are unchanged. Free space or fix permissions, then rerun.',
      EXIT.OUTPUT_FAILED,
    );
  }
  return error;
}
