import { readdir } from 'node:fs/promises';
import type { DuckDBConnection } from '@duckdb/node-api';
import { sqlString } from '../write/delivery-writer.js';
import { warehousePaths } from '../write/paths.js';

/**
 * Defines the views that queries read: `deliveries` over the day partitions, and `manifest`
 * over the per-file records. An empty warehouse gives empty views with the same columns, so
 * every query runs on it.
 */
export async function defineViews(connection: DuckDBConnection, warehouse: string): Promise<void> {
  const paths = warehousePaths(warehouse);
  if (await hasParquet(paths.deliveries)) {
    await connection.run(
      `CREATE OR REPLACE VIEW deliveries AS SELECT * FROM read_parquet(
         '${sqlString(paths.deliveriesGlob)}', hive_partitioning = true, union_by_name = true)`,
    );
  } else {
    await connection.run(
      `CREATE OR REPLACE VIEW deliveries AS SELECT * FROM (${EMPTY_DELIVERIES}) WHERE false`,
    );
  }
}

const EMPTY_DELIVERIES = `SELECT NULL::TIMESTAMP AS time_utc, NULL::VARCHAR AS log_host,
  NULL::VARCHAR AS dialect, NULL::VARCHAR AS queue_id, NULL::VARCHAR AS recipient_domain,
  NULL::VARCHAR AS registrable_domain, NULL::VARCHAR AS tld, NULL::VARCHAR AS mx_host,
  NULL::VARCHAR AS mx_registrable_domain, NULL::VARCHAR AS ip, NULL::INTEGER AS port,
  NULL::VARCHAR AS status, NULL::VARCHAR AS dsn, NULL::VARCHAR AS starttls,
  NULL::VARCHAR AS evidence, NULL::BOOLEAN AS cert_self_signed, NULL::BOOLEAN AS cert_untrusted_ca,
  NULL::BOOLEAN AS cert_name_mismatch, NULL::BOOLEAN AS cert_expired,
  NULL::VARCHAR AS trust_logged, NULL::VARCHAR AS verify_text, NULL::VARCHAR AS tls_version_logged,
  NULL::VARCHAR AS tls_version, NULL::VARCHAR AS cipher_logged, NULL::VARCHAR AS cipher,
  NULL::BOOLEAN AS forward_secrecy, NULL::VARCHAR AS key_exchange, NULL::VARCHAR AS software,
  NULL::INTEGER AS connection_use, NULL::VARCHAR AS source_file, NULL::BIGINT AS source_offset,
  NULL::BIGINT AS source_line, NULL::DATE AS day`;

async function hasParquet(dir: string): Promise<boolean> {
  let days: string[];
  try {
    days = await readdir(dir);
  } catch {
    return false;
  }
  for (const day of days) {
    if (!day.startsWith('day=')) continue;
    const files = await readdir(`${dir}/${day}`).catch(() => []);
    if (files.some((f) => f.endsWith('.parquet') && !f.startsWith('.'))) return true;
  }
  return false;
}
