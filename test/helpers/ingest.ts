import { memoryLog } from '../../cli/log.js';
import type { IngestArgs } from '../../cli/run-ingest.js';
import type { IngestOptions } from '../../pipeline/ingest/ingest.js';

/** The command line's ingest arguments with test defaults: year 2026, UTC, two workers. */
export function ingestArgs(paths: string[], warehouse: string, extra: Partial<IngestArgs> = {}) {
  const args: IngestArgs = {
    paths,
    warehouse,
    format: 'auto',
    tz: 'UTC',
    year: 2026,
    maxLineBytes: 65536,
    maxExpansion: 1000,
    workers: 2,
    quarantineWarnRate: 0,
    quarantineFailRate: 0.5,
  };
  return { ...args, ...extra };
}

/** ingest()'s options with the same defaults, and a log that keeps its lines. */
export function ingestOptions(
  inputs: string[],
  warehouse: string,
  extra: Partial<IngestOptions> = {},
): IngestOptions & { log: ReturnType<typeof memoryLog> } {
  return {
    inputs,
    warehouse,
    format: 'auto',
    year: 2026,
    zone: 'UTC',
    maxLineBytes: 65536,
    maxExpansion: 1000,
    recipientKey: null,
    workers: 1,
    now: () => 0,
    ...extra,
    log: memoryLog(),
  };
}
