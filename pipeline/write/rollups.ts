import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { deliveriesWithProbesSql, probesRelationSql } from '../probe/join-sql.js';
import { sqlString } from './sql-string.js';
import { stagingName, type WarehousePaths } from './paths.js';

/**
 * Daily rollups: counts of delivered mail by the columns the report's queries group by, so that a
 * report over months reads a few small files per day instead of every delivery. Counts add up
 * across days and files, so a query sums `emails` over its date range and then decides, per
 * domain, MX host or IP, which result it gets.
 *
 *   rollups/<name>/day=YYYY-MM-DD/rollup.parquet
 *
 * - `emails`: per delivered email, by dialect, result, evidence, certificate verdicts, cipher
 *   suite, forward secrecy and protocol version.
 * - `entities`: the same per recipient domain, MX host and server IP (`unit`, `entity`), and for
 *   MX hosts also the receiving software and the MX host's registrable domain (the provider).
 * - `tld_mx_hosts`: per recipient TLD and MX host, by result, evidence and verdicts.
 *
 * docs/rollups.md describes every column.
 */

interface RollupColumn {
  name: string;
  sqlType: 'DATE' | 'VARCHAR' | 'BOOLEAN';
}

export interface Rollup {
  name: 'emails' | 'entities' | 'tld_mx_hosts';
  /** The columns a row is counted by, `day` first; `emails` (BIGINT) follows them. */
  columns: readonly RollupColumn[];
  /**
   * The rows of `counted` (see countedEmailsSql) in `columns` order, with their `emails`: one
   * row per counted row (per unit, for `entities`).
   */
  rowsSql(counted: string): string;
}

const text = (name: string): RollupColumn => ({ name, sqlType: 'VARCHAR' });
const flag = (name: string): RollupColumn => ({ name, sqlType: 'BOOLEAN' });

const CERTIFICATE = [
  'evidence',
  'cert_self_signed',
  'cert_untrusted_ca',
  'cert_name_mismatch',
  'cert_expired',
];
const SESSION = ['cipher', 'forward_secrecy', 'tls_version'];

/**
 * Every column a rollup is counted by. Delivered emails are first counted by all of them
 * together: a day of deliveries falls to far fewer such rows (30 times fewer on the benchmark's
 * logs), and each rollup is then summed from those rather than from every delivery.
 */
const COUNTED = [
  'day',
  'dialect',
  'tld',
  'recipient_domain',
  'mx_host',
  'ip',
  'starttls',
  ...CERTIFICATE,
  ...SESSION,
  'software',
  'mx_registrable_domain',
];

export const ROLLUPS: readonly Rollup[] = [
  {
    name: 'emails',
    columns: [
      { name: 'day', sqlType: 'DATE' },
      text('dialect'),
      text('starttls'),
      text('evidence'),
      flag('cert_self_signed'),
      flag('cert_untrusted_ca'),
      flag('cert_name_mismatch'),
      flag('cert_expired'),
      text('cipher'),
      flag('forward_secrecy'),
      text('tls_version'),
    ],
    rowsSql: (counted) =>
      `SELECT day, dialect, starttls, ${CERTIFICATE.join(', ')}, ${SESSION.join(', ')}, emails
       FROM ${counted}`,
  },
  {
    name: 'entities',
    columns: [
      { name: 'day', sqlType: 'DATE' },
      text('unit'),
      text('entity'),
      text('starttls'),
      text('evidence'),
      flag('cert_self_signed'),
      flag('cert_untrusted_ca'),
      flag('cert_name_mismatch'),
      flag('cert_expired'),
      text('cipher'),
      flag('forward_secrecy'),
      text('tls_version'),
      text('software'),
      text('mx_registrable_domain'),
    ],
    // Software and provider describe an MX host; kept off the other units to keep them small.
    rowsSql: (counted) => {
      const shared = `starttls, ${CERTIFICATE.join(', ')}, ${SESSION.join(', ')}`;
      return `
        SELECT day, 'domain' AS unit, recipient_domain AS entity, ${shared},
               NULL::VARCHAR AS software, NULL::VARCHAR AS mx_registrable_domain, emails
        FROM ${counted} WHERE recipient_domain IS NOT NULL
        UNION ALL
        SELECT day, 'mx_host', mx_host, ${shared}, software, mx_registrable_domain, emails
        FROM ${counted} WHERE mx_host IS NOT NULL
        UNION ALL
        SELECT day, 'ip', ip, ${shared}, NULL, NULL, emails
        FROM ${counted} WHERE ip IS NOT NULL`;
    },
  },
  {
    name: 'tld_mx_hosts',
    columns: [
      { name: 'day', sqlType: 'DATE' },
      text('tld'),
      text('mx_host'),
      text('starttls'),
      text('evidence'),
      flag('cert_self_signed'),
      flag('cert_untrusted_ca'),
      flag('cert_name_mismatch'),
      flag('cert_expired'),
    ],
    // Rows without an MX host stay: they count towards a TLD's email volume.
    rowsSql: (counted) =>
      `SELECT day, tld, mx_host, starttls, ${CERTIFICATE.join(', ')}, emails FROM ${counted}`,
  },
];

/**
 * The delivered emails of `source` (deliveries with their probe verdicts) counted by every
 * column of every rollup: the relation a rollup's rows are summed from.
 */
export function countedEmailsSql(source: string): string {
  return `SELECT ${COUNTED.join(', ')}, count(*)::BIGINT AS emails
          FROM ${source} WHERE status = 'sent' GROUP BY ALL`;
}

/**
 * The rollup's rows summed from `counted`, a relation of countedEmailsSql's shape: what its
 * Parquet files hold (with `day` in the folder name).
 */
export function groupedRollupSql(rollup: Rollup, counted: string): string {
  const names = rollup.columns.map((c) => c.name).join(', ');
  return `SELECT ${names}, sum(emails)::BIGINT AS emails
          FROM (${rollup.rowsSql(counted)}) GROUP BY ALL`;
}

/**
 * The rollup's rows unsummed, one per delivered email of `source` with `emails` = 1: the same
 * table before aggregation. Queries give the same rows over it as over the written rollups,
 * which is how tests check that the rollups lose nothing a query needs.
 */
export function ungroupedRollupSql(rollup: Rollup, source: string): string {
  const names = rollup.columns.map((c) => c.name).join(', ');
  const perEmail = `(SELECT ${COUNTED.join(', ')}, 1::BIGINT AS emails
                     FROM ${source} WHERE status = 'sent')`;
  return `SELECT ${names}, emails FROM (${rollup.rowsSql(perEmail)})`;
}

/** An empty table with the rollup's columns, for a warehouse without deliveries. */
export function emptyRollupSql(rollup: Rollup): string {
  const columns = rollup.columns.map((c) => `NULL::${c.sqlType} AS ${c.name}`);
  return `SELECT ${columns.join(', ')}, NULL::BIGINT AS emails WHERE false`;
}

export function rollupPart(paths: WarehousePaths, name: string, day: string): string {
  return path.join(paths.root, 'rollups', name, `day=${day}`, 'rollup.parquet');
}

/** Every complete Parquet file of one day's deliveries (not those still being written). */
export async function deliveryFilesOfDay(paths: WarehousePaths, day: string): Promise<string[]> {
  const dir = path.join(paths.deliveries, `day=${day}`);
  const names = await readdir(dir).catch(() => [] as string[]);
  return names
    .filter((name) => name.endsWith('.parquet') && !name.startsWith('.'))
    .sort()
    .map((name) => path.join(dir, name));
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The day's counted emails, on the connection while its rollups are written. */
const COUNTED_TABLE = 'rollup_counted_emails';

/**
 * Recomputes each day's rollups from all of that day's delivery files, and writes each under a
 * staging name before renaming it into place, so a reader sees the old rollup or the new one. A
 * day without delivery files loses its rollups. Call it after an ingest with every day whose
 * partition the ingest wrote to or removed a file from.
 */
export async function refreshRollups(
  connection: DuckDBConnection,
  paths: WarehousePaths,
  days: string[],
): Promise<void> {
  const probes = await probesRelationSql(paths.root);
  try {
    for (const day of [...new Set(days)].sort()) await refreshDay(connection, paths, probes, day);
  } finally {
    // Only tidiness: the table lives no longer than the connection. An error already on its way
    // matters more than one here.
    await connection.run(`DROP TABLE IF EXISTS ${COUNTED_TABLE}`).catch(() => undefined);
  }
}

async function refreshDay(
  connection: DuckDBConnection,
  paths: WarehousePaths,
  probes: string | null,
  day: string,
): Promise<void> {
  if (!DAY.test(day)) {
    throw new Error(`refreshRollups: day ${JSON.stringify(day)} is not a day (YYYY-MM-DD)`);
  }
  const files = await deliveryFilesOfDay(paths, day);
  if (files.length === 0) {
    for (const rollup of ROLLUPS) await rm(rollupPart(paths, rollup.name, day), { force: true });
    return;
  }
  const list = files.map((file) => `'${sqlString(file)}'`).join(', ');
  // The day comes from the argument, not the folder name, so Hive partitioning stays off.
  const raw = `(SELECT *, DATE '${day}' AS day FROM read_parquet([${list}],
                   hive_partitioning = false, union_by_name = true))`;
  const source = `(${deliveriesWithProbesSql({ raw, probes })})`;
  await connection.run(
    `CREATE OR REPLACE TEMP TABLE ${COUNTED_TABLE} AS ${countedEmailsSql(source)}`,
  );
  for (const rollup of ROLLUPS) {
    const target = rollupPart(paths, rollup.name, day);
    const temporary = stagingName(target);
    await mkdir(path.dirname(target), { recursive: true });
    try {
      await connection.run(
        `COPY (SELECT * EXCLUDE (day) FROM (${groupedRollupSql(rollup, COUNTED_TABLE)})
               ORDER BY ALL)
         TO '${sqlString(temporary)}' (FORMAT parquet, COMPRESSION zstd)`,
      );
      await rename(temporary, target);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  }
}
