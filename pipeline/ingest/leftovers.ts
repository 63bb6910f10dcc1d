import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { WarehousePaths } from '../write/paths.js';

/**
 * Removes what a run that was killed can leave behind: scratch spills, and files still under
 * their staging names (`.name.tmp`). Called with the lock held, before anything is written.
 * Published files are never touched: a killed run leaves each partition in its old or new state,
 * and the next run rewrites whatever it had not finished.
 */
export async function removeLeftovers(paths: WarehousePaths): Promise<number> {
  let removed = 0;
  for (const entry of await listFiles(paths.scratch)) {
    await rm(entry, { recursive: true, force: true });
    removed++;
  }
  for (const dir of [paths.deliveries, paths.manifest, paths.quarantine, paths.rollups]) {
    for (const file of await listFiles(dir, true)) {
      const name = path.basename(file);
      if (name.startsWith('.') && name.endsWith('.tmp')) {
        await rm(file, { force: true });
        removed++;
      }
    }
  }
  return removed;
}

async function listFiles(dir: string, recursive = false): Promise<string[]> {
  try {
    const entries = await readdir(dir, { recursive, withFileTypes: true });
    return entries
      .filter((e) => (recursive ? e.isFile() : true))
      .map((e) => path.join(e.parentPath ?? e.path, e.name));
  } catch {
    return [];
  }
}
