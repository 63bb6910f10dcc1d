import { readdir } from 'node:fs/promises';
import { DuckDBInstance } from '@duckdb/node-api';
import { sqlString } from '../write/sql-string.js';
import { warehousePaths } from '../write/paths.js';
import type { ProbeTarget } from './record.js';

export interface TargetQuery {
  /** First and last day (YYYY-MM-DD), inclusive; null for no bound. */
  from: string | null;
  to: string | null;
  /** Every pair seen, instead of only those whose delivered rows lack a verdict or software. */
  all: boolean;
  port: number;
}

/**
 * A delivered row the log leaves without a verdict on the certificate: encrypted without one
 * (`unverified`), or failed without reasons (`opportunistic`, all four checks unknown); or
 * without the receiving software. The probe join fills exactly these, so the two agree.
 */
export function lacksVerdictSql(alias = ''): string {
  const c = alias === '' ? '' : `${alias}.`;
  return `(${c}starttls = 'unverified' OR (${c}starttls = 'opportunistic'
    AND ${c}cert_self_signed IS NULL AND ${c}cert_untrusted_ca IS NULL
    AND ${c}cert_name_mismatch IS NULL AND ${c}cert_expired IS NULL))`;
}

/** The SQL of the target list over a `rows` relation of deliveries; $from and $to bound. */
export function targetsSql(rows: string, all: boolean): string {
  const wanted = all ? 'true' : `status = 'sent' AND (${lacksVerdictSql()} OR software IS NULL)`;
  return `SELECT mx_host, ip, count(*)::BIGINT AS emails
    FROM ${rows}
    WHERE mx_host IS NOT NULL AND ip IS NOT NULL
      AND ($from IS NULL OR day >= $from::DATE) AND ($to IS NULL OR day <= $to::DATE)
      AND ${wanted}
    GROUP BY mx_host, ip
    ORDER BY emails DESC, mx_host, ip`;
}

/**
 * The distinct (MX host, address) pairs to probe, busiest first, read from the delivery files
 * themselves (not a view that may already hold probe results).
 */
export async function readTargets(warehouse: string, query: TargetQuery): Promise<ProbeTarget[]> {
  const paths = warehousePaths(warehouse);
  if (!(await hasDeliveries(paths.deliveries))) return [];
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const rows = `read_parquet('${sqlString(paths.deliveriesGlob)}',
      hive_partitioning = true, union_by_name = true)`;
    const reader = await connection.runAndReadAll(targetsSql(rows, query.all), {
      from: query.from,
      to: query.to,
    });
    return reader.getRowObjectsJS().map((row) => ({
      mxHost: String(row.mx_host),
      ip: String(row.ip),
      port: query.port,
    }));
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

async function hasDeliveries(dir: string): Promise<boolean> {
  const days = await readdir(dir).catch(() => [] as string[]);
  for (const day of days.filter((d) => d.startsWith('day='))) {
    const files = await readdir(`${dir}/${day}`).catch(() => [] as string[]);
    if (files.some((f) => f.endsWith('.parquet') && !f.startsWith('.'))) return true;
  }
  return false;
}
