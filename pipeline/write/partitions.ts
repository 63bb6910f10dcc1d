import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { PARTITION_SELECT } from './columns.js';
import type { SpillFile } from './day-spills.js';
import { stagingName, type WarehousePaths } from './paths.js';
import { readSpillSql } from './spill.js';
import { sqlString } from './sql-string.js';

// DuckDB holds a whole row group of every column while it encodes it: at its default of 122,880
// rows that is about 130 MB more than at this size, for no measurable gain in speed.
const ROW_GROUP_ROWS = 20_480;

/**
 * Publishes one input file's rows: each day's spill becomes one Parquet file, written by DuckDB
 * straight from the spill under a staging name and renamed into place; then parts of the same
 * input left on other days by an earlier run are removed. A partition never shows a
 * half-written file, and a rerun replaces the input's rows exactly. Rows keep log order.
 * Returns the rows written per day and the days from which an old part was removed.
 */
export async function writePartitions(
  connection: DuckDBConnection,
  paths: WarehousePaths,
  fileId: string,
  spills: SpillFile[],
): Promise<{ perDay: Map<string, number>; removedDays: string[] }> {
  const perDay = new Map<string, number>();
  for (const spill of spills) {
    const target = paths.deliveryPart(spill.day, fileId);
    const temporary = stagingName(target);
    await mkdir(path.dirname(target), { recursive: true });
    await connection.run(
      `COPY (SELECT ${PARTITION_SELECT} FROM ${readSpillSql(spill.path, spill.perFile, spill.longestRowBytes)})
       TO '${sqlString(temporary)}' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE ${ROW_GROUP_ROWS})`,
    );
    await rename(temporary, target);
    await rm(spill.path, { force: true });
    perDay.set(spill.day, spill.rows);
  }
  const removedDays = await removeStaleParts(paths, fileId, new Set(perDay.keys()));
  return { perDay, removedDays };
}

/** Parts of this input on days it no longer has rows for (a changed or shortened file). */
async function removeStaleParts(
  paths: WarehousePaths,
  fileId: string,
  current: Set<string>,
): Promise<string[]> {
  const removed: string[] = [];
  let entries: string[];
  try {
    entries = await readdir(paths.deliveries);
  } catch {
    return removed;
  }
  for (const entry of entries) {
    const day = entry.startsWith('day=') ? entry.slice(4) : null;
    if (day === null || current.has(day)) continue;
    const part = paths.deliveryPart(day, fileId);
    if (await exists(part)) {
      await rm(part, { force: true });
      removed.push(day);
    }
  }
  return removed;
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}
