import { mkdir, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { WarehouseSession } from '../../pipeline/query/run-query.js';
import { sqlString } from '../../pipeline/write/sql-string.js';
import { warehousePaths } from '../../pipeline/write/paths.js';
import { refreshRollups, ROLLUPS, ungroupedRollupSql } from '../../pipeline/write/rollups.js';

/**
 * Small fixed sets of deliveries for query tests. Each query's test works out its expected rows
 * by hand from the rows it uses, and runs the query twice: over the rollups written to Parquet
 * by `refreshRollups` (`source: 'rollups'`), and over the deliveries themselves, one row per
 * email (`source: 'raw'`); both must give the expected rows.
 */
export interface FixtureDelivery {
  day: string;
  domain: string;
  mx: string | null;
  ip: string | null;
  starttls: string;
  status?: string;
  dialect?: string;
  /** Defaults by result: strict verified, unverified tls-only, opportunistic trust-only, ... */
  evidence?: string;
  /** The four cert_* verdicts: self-signed, untrusted CA, name mismatch, expired. */
  cert?: readonly [boolean | null, boolean | null, boolean | null, boolean | null];
  cipher?: string | null;
  forwardSecrecy?: boolean | null;
  tlsVersion?: string | null;
  software?: string | null;
}

export type Source = 'raw' | 'rollups';
export const SOURCES: readonly Source[] = ['raw', 'rollups'];

const DEFAULT_EVIDENCE: Readonly<Record<string, string>> = {
  strict: 'verified',
  unverified: 'tls-only',
  opportunistic: 'trust-only',
  failure: 'handshake-failure',
  none: 'no-tls-line',
};

/**
 * The first fixture, for Figure 1. Columns not listed are null.
 *
 *   day         domain  mx   ip       status    starttls
 *   2026-12-01  a.com   mx1  1.1.1.1  sent      strict         ×3
 *   2026-12-01  a.com   mx1  1.1.1.1  deferred  strict         (not delivered: never counted)
 *   2026-12-01  b.com   mx2  2.2.2.2  sent      opportunistic
 *   2026-12-01  b.com   mx2  2.2.2.2  sent      none
 *   2026-12-02  b.com   mx3  3.3.3.3  sent      none
 *   2026-12-02  c.com   mx2  2.2.2.2  sent      unverified
 *   2026-12-02  c.com   mx2  2.2.2.2  sent      failure
 */
export const OVERALL_FIXTURE: FixtureDelivery[] = [
  ...Array.from({ length: 3 }, () => row('2026-12-01', 'a.com', 'mx1', '1.1.1.1', 'strict')),
  { ...row('2026-12-01', 'a.com', 'mx1', '1.1.1.1', 'strict'), status: 'deferred' },
  row('2026-12-01', 'b.com', 'mx2', '2.2.2.2', 'opportunistic'),
  row('2026-12-01', 'b.com', 'mx2', '2.2.2.2', 'none'),
  row('2026-12-02', 'b.com', 'mx3', '3.3.3.3', 'none'),
  row('2026-12-02', 'c.com', 'mx2', '2.2.2.2', 'unverified'),
  row('2026-12-02', 'c.com', 'mx2', '2.2.2.2', 'failure'),
];

export function row(
  day: string,
  domain: string,
  mx: string | null,
  ip: string | null,
  starttls: string,
  more: Partial<FixtureDelivery> = {},
): FixtureDelivery {
  return { day, domain, mx, ip, starttls, ...more };
}

/** `count` copies of a delivery. */
export function times(count: number, delivery: FixtureDelivery): FixtureDelivery[] {
  return Array.from({ length: count }, () => delivery);
}

/** A session over the rows, reading either the written rollups or the raw rows. */
export async function fixtureSession(
  rows: readonly FixtureDelivery[] = OVERALL_FIXTURE,
  source: Source = 'raw',
): Promise<WarehouseSession> {
  if (source === 'rollups') return rollupSession(rows);

  const empty = await mkdtemp(path.join(os.tmpdir(), 'census-query-'));
  const session = await WarehouseSession.open(empty);
  await session.connection.run(`CREATE OR REPLACE TEMP TABLE fixture AS ${valuesSql(rows)}`);
  await session.connection.run(
    'CREATE OR REPLACE VIEW deliveries AS SELECT *, NULL::INTEGER AS probe_age_days FROM fixture',
  );
  await useRawRollups(session);
  return session;
}

/** Points the session's rollup views at its `deliveries` view, one row per delivered email. */
export async function useRawRollups(session: WarehouseSession): Promise<void> {
  for (const rollup of ROLLUPS) {
    await session.connection.run(
      `CREATE OR REPLACE VIEW rollup_${rollup.name} AS ${ungroupedRollupSql(rollup, 'deliveries')}`,
    );
  }
}

/**
 * Writes the rows as a warehouse, two Parquet files per day (odd and even rows) so that rollups
 * must read every file of a day, refreshes the rollups, and opens a session on it.
 */
async function rollupSession(rows: readonly FixtureDelivery[]): Promise<WarehouseSession> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'census-rollup-'));
  const paths = warehousePaths(root);
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    await connection.run(`CREATE TEMP TABLE fixture AS ${valuesSql(rows, true)}`);
    const days = [...new Set(rows.map((r) => r.day))].sort();
    for (const day of days) {
      await mkdir(path.join(paths.deliveries, `day=${day}`), { recursive: true });
      for (const half of [0, 1]) {
        const file = path.join(paths.deliveries, `day=${day}`, `fixture-${half}.parquet`);
        await connection.run(
          `COPY (SELECT * EXCLUDE (day, position) FROM fixture
                 WHERE day = DATE '${day}' AND position % 2 = ${half})
           TO '${sqlString(file)}' (FORMAT parquet)`,
        );
      }
    }
    await refreshRollups(connection, paths, days);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
  return WarehouseSession.open(root);
}

/** The rows as a SELECT with the warehouse's column names and types. */
function valuesSql(rows: readonly FixtureDelivery[], withPosition = false): string {
  const tuples = rows.map((d, position) => {
    const cert = d.cert ?? [null, null, null, null];
    const values = [
      literal(d.day),
      literal(d.dialect ?? 'postfix'),
      literal(d.domain),
      literal(d.domain.split('.').slice(-2).join('.')),
      literal(d.domain.split('.').pop() ?? ''),
      literal(d.mx),
      literal(d.mx === null ? null : d.mx.split('.').slice(-2).join('.')),
      literal(d.ip),
      literal(d.status ?? 'sent'),
      literal(d.starttls),
      literal(d.evidence ?? DEFAULT_EVIDENCE[d.starttls] ?? null),
      ...cert.map(literal),
      literal(d.cipher ?? null),
      literal(d.forwardSecrecy ?? null),
      literal(d.tlsVersion ?? null),
      literal(d.software ?? null),
      String(position),
    ];
    return `(${values.join(', ')})`;
  });
  const typed = COLUMNS.map(([name, type]) => `${name}::${type} AS ${name}`).join(', ');
  return `SELECT ${typed}${withPosition ? ', position' : ''}
          FROM (VALUES ${tuples.join(',\n')}) t(${COLUMNS.map(([n]) => n).join(', ')}, position)`;
}

const COLUMNS: [string, string][] = [
  ['day', 'DATE'],
  ['dialect', 'VARCHAR'],
  ['recipient_domain', 'VARCHAR'],
  ['registrable_domain', 'VARCHAR'],
  ['tld', 'VARCHAR'],
  ['mx_host', 'VARCHAR'],
  ['mx_registrable_domain', 'VARCHAR'],
  ['ip', 'VARCHAR'],
  ['status', 'VARCHAR'],
  ['starttls', 'VARCHAR'],
  ['evidence', 'VARCHAR'],
  ['cert_self_signed', 'BOOLEAN'],
  ['cert_untrusted_ca', 'BOOLEAN'],
  ['cert_name_mismatch', 'BOOLEAN'],
  ['cert_expired', 'BOOLEAN'],
  ['cipher', 'VARCHAR'],
  ['forward_secrecy', 'BOOLEAN'],
  ['tls_version', 'VARCHAR'],
  ['software', 'VARCHAR'],
];

function literal(value: string | boolean | null): string {
  if (value === null) return 'NULL';
  if (typeof value === 'boolean') return String(value);
  return `'${sqlString(value)}'`;
}
