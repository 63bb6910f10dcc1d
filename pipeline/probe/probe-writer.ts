import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { sqlString } from '../write/sql-string.js';
import { stagingName } from '../write/paths.js';
import { PROBE_COLUMNS, probeTableSql } from './columns.js';
import { probePaths } from './paths.js';
import type { ProbeRecord } from './record.js';

/**
 * Writes a run's probe rows, one Parquet file per day, each under a staging name and renamed
 * into place, so a reader never sees half a file. Returns the files written.
 */
export async function writeProbeTable(
  records: readonly ProbeRecord[],
  warehouse: string,
  runId: string,
): Promise<string[]> {
  if (records.length === 0) return [];
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const written: string[] = [];
  try {
    await connection.run(probeTableSql('probe_rows'));
    const appender = await connection.createAppender('probe_rows');
    for (const record of records) {
      for (const column of PROBE_COLUMNS) column.append(appender, record);
      appender.endRow();
    }
    appender.closeSync();

    const days = [...new Set(records.map((r) => r.probeDay))].sort();
    for (const day of days) {
      const target = probePaths(warehouse).part(day, runId);
      const temporary = stagingName(target);
      await mkdir(path.dirname(target), { recursive: true });
      try {
        await connection.run(
          `COPY (SELECT * FROM probe_rows WHERE probe_day = $day::DATE
                 ORDER BY mx_host, ip, port, probed_at)
           TO '${sqlString(temporary)}' (FORMAT parquet, COMPRESSION zstd)`,
          { day },
        );
        await rename(temporary, target);
      } catch (error) {
        await rm(temporary, { force: true });
        throw error;
      }
      written.push(target);
    }
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
  return written;
}
