import { readdir, stat } from 'node:fs/promises';
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

/** The latest modification time among stored probe files, or 0 when there are none. */
export async function latestProbeChange(warehouse: string): Promise<number> {
  const dir = probePaths(warehouse).probes;
  const entries = await readdir(dir, { recursive: true }).catch(() => [] as string[]);
  let latest = 0;
  for (const entry of entries) {
    if (!entry.endsWith('.parquet')) continue;
    const info = await stat(path.join(dir, entry)).catch(() => null);
    if (info !== null) latest = Math.max(latest, info.mtimeMs);
  }
  return latest;
}
