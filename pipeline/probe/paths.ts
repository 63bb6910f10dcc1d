import path from 'node:path';

/**
 * Where probe rows live: `<warehouse>/probes/day=YYYY-MM-DD/probe-<run>.parquet`, one file per
 * run and day, so a second run on one day adds a file beside the first instead of replacing it.
 */
export const probePaths = (warehouse: string) => ({
  probes: path.join(warehouse, 'probes'),
  part: (day: string, runId: string) =>
    path.join(warehouse, 'probes', `day=${day}`, `probe-${runId}.parquet`),
  glob: path.join(warehouse, 'probes', '*', '*.parquet'),
});

/** A run's id: its start in UTC, compact, and a random suffix against runs in the same second. */
export function probeRunId(startMillis: number, random: string): string {
  const stamp = new Date(startMillis)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `${stamp}-${random}`;
}
