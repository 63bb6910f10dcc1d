import { readdir } from 'node:fs/promises';
import { DuckDBInstance } from '@duckdb/node-api';
import { warehousePaths } from './paths.js';
import { refreshRollups } from './rollups.js';

/**
 * Recomputes the rollups of every day in the warehouse, e.g. after a probe run changed the
 * verdicts that deliveries of any day may take.
 */
export async function refreshAllRollups(warehouse: string): Promise<string[]> {
  const paths = warehousePaths(warehouse);
  const entries = await readdir(paths.deliveries).catch(() => [] as string[]);
  const days = entries.filter((e) => e.startsWith('day=')).map((e) => e.slice(4));
  const instance = await DuckDBInstance.create(':memory:', {
    temp_directory: paths.scratch,
    memory_limit: '512MB',
  });
  const connection = await instance.connect();
  try {
    await refreshRollups(connection, paths, days);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
  return days;
}
