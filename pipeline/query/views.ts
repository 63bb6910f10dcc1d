import { readdir, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { domainToASCII } from 'node:url';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Country } from 'world-countries';
import { deliveriesWithProbesSql, probesRelationSql } from '../probe/join-sql.js';
import { latestProbeChange } from '../probe/paths.js';
import { sqlString } from '../write/sql-string.js';
import { warehousePaths, type WarehousePaths } from '../write/paths.js';
import {
  countedEmailsSql,
  deliveryFilesOfDay,
  emptyRollupSql,
  groupedRollupSql,
  ROLLUPS,
  rollupPart,
  type Rollup,
} from '../write/rollups.js';

/**
 * Defines what queries read:
 * - `deliveries_log` over the day partitions, as the logs say (an empty warehouse gives an
 *   empty view with the same columns, so every query runs on it);
 * - `deliveries`: the same rows, with verdicts the log lacks taken from probes of the servers
 *   where there are any (see docs/probe.md), and `probe_age_days`;
 * - `rollup_emails`, `rollup_entities`, `rollup_tld_mx_hosts`: the daily rollups, with any day
 *   whose rollup is missing or older than its deliveries computed from the deliveries instead;
 * - `tld_regions`: country and region of every country-code TLD;
 * - `starttls_results` and the macros that every query shares (one rule for all of them).
 */
export async function defineViews(connection: DuckDBConnection, warehouse: string): Promise<void> {
  const paths = warehousePaths(warehouse);
  const days = await deliveryDays(paths);
  const probes = await probesRelationSql(warehouse);
  const probesChanged = await latestProbeChange(warehouse);

  if (days.length > 0) {
    await connection.run(
      `CREATE OR REPLACE VIEW deliveries_log AS SELECT * FROM read_parquet(
         '${sqlString(paths.deliveriesGlob)}', hive_partitioning = true, union_by_name = true)`,
    );
  } else {
    await connection.run(
      `CREATE OR REPLACE VIEW deliveries_log AS SELECT * FROM (${EMPTY_DELIVERIES}) WHERE false`,
    );
  }
  await connection.run(
    `CREATE OR REPLACE VIEW deliveries AS
     ${deliveriesWithProbesSql({ raw: 'deliveries_log', probes })}`,
  );
  for (const statement of SHARED_DEFINITIONS) await connection.run(statement);
  for (const rollup of ROLLUPS) {
    const sources = await rollupSources(paths, days, rollup, probesChanged);
    await connection.run(rollupViewSql(rollup, sources, probes));
  }
  await defineTldRegions(connection);
}

/**
 * The result order (strongest first) and the macros behind every figure:
 * - `entity_result(result, emails, rule)`, an aggregate over one domain, MX host or IP's
 *   (result, emails) rows: `majority` takes the result of most emails, ties to the stronger;
 *   `best` the strongest result it had, `worst` the weakest.
 * - `majority_of(category, emails)`: the category of most emails, ties to the first by name.
 * - `reasons_category(...)`: why a certificate failed strict validation, in words, from the
 *   evidence and the four verdicts. Checks the log did not make are "others unknown"; no failed
 *   check named at all is "unknown".
 */
const SHARED_DEFINITIONS = [
  `CREATE OR REPLACE VIEW starttls_results(result, strength, encrypted) AS VALUES
     ('strict', 1, true), ('unverified', 2, true), ('opportunistic', 3, true),
     ('failure', 4, false), ('none', 5, false)`,
  `CREATE OR REPLACE MACRO starttls_strength(result) AS
     list_position(['strict', 'unverified', 'opportunistic', 'failure', 'none'], result)`,
  `CREATE OR REPLACE MACRO is_encrypted(result) AS
     result IN ('strict', 'unverified', 'opportunistic')`,
  `CREATE OR REPLACE MACRO entity_result(result, emails, rule) AS CASE rule
     WHEN 'best' THEN arg_min(result, starttls_strength(result))
     WHEN 'worst' THEN arg_max(result, starttls_strength(result))
     ELSE arg_min(result, (-emails, starttls_strength(result)))
   END`,
  `CREATE OR REPLACE MACRO majority_of(category, emails) AS
     first(category ORDER BY emails DESC, category)`,
  `CREATE OR REPLACE MACRO reasons_category(evidence, self_signed, untrusted_ca, name_mismatch,
       expired) AS CASE
     WHEN evidence = 'anonymous' THEN 'no certificate'
     WHEN NOT coalesce(self_signed OR untrusted_ca OR name_mismatch OR expired, false)
       THEN 'unknown'
     ELSE concat_ws(' + ',
         CASE WHEN self_signed THEN 'self-signed' END,
         CASE WHEN expired THEN 'expired' END,
         CASE WHEN untrusted_ca THEN 'untrusted CA' END,
         CASE WHEN name_mismatch THEN 'mismatch' END)
       || CASE WHEN self_signed IS NULL OR untrusted_ca IS NULL OR name_mismatch IS NULL
                 OR expired IS NULL THEN ', others unknown' ELSE '' END
   END`,
];

interface RollupSources {
  /** Rollup files that are current. */
  parts: string[];
  /** Delivery files of the days whose rollup is missing or older than the day's deliveries. */
  stale: string[];
}

/**
 * Which days the rollup can serve. A rollup is current when it was written after the newest
 * delivery file of its day, after the day's folder last changed (a file added or removed), and
 * after the newest probe (probes complete the verdicts the rollups count).
 */
async function rollupSources(
  paths: WarehousePaths,
  days: readonly DeliveryDay[],
  rollup: Rollup,
  probesChangedMillis: number,
): Promise<RollupSources> {
  const sources: RollupSources = { parts: [], stale: [] };
  for (const { day, files, changedMillis } of days) {
    const part = rollupPart(paths, rollup.name, day);
    const written = await stat(part).catch(() => null);
    const current = Math.max(changedMillis, probesChangedMillis);
    if (written !== null && written.mtimeMs >= current) sources.parts.push(part);
    else sources.stale.push(...files);
  }
  return sources;
}

function rollupViewSql(
  rollup: Rollup,
  { parts, stale }: RollupSources,
  probes: string | null,
): string {
  const names = [...rollup.columns.map((c) => c.name), 'emails'].join(', ');
  const list = (files: string[]) => files.map((f) => `'${sqlString(f)}'`).join(', ');
  const pieces: string[] = [];
  if (parts.length > 0) {
    pieces.push(
      `SELECT ${names} FROM read_parquet([${list(parts)}],
         hive_partitioning = true, hive_types = {'day': DATE})`,
    );
  }
  if (stale.length > 0) {
    const raw = `(SELECT * FROM read_parquet([${list(stale)}],
      hive_partitioning = true, hive_types = {'day': DATE}, union_by_name = true))`;
    const counted = countedEmailsSql(`(${deliveriesWithProbesSql({ raw, probes })})`);
    pieces.push(
      `SELECT * FROM (WITH counted AS MATERIALIZED (${counted})
                      ${groupedRollupSql(rollup, 'counted')})`,
    );
  }
  if (pieces.length === 0) pieces.push(emptyRollupSql(rollup));
  return `CREATE OR REPLACE VIEW rollup_${rollup.name} AS ${pieces.join('\nUNION ALL\n')}`;
}

interface DeliveryDay {
  day: string;
  files: string[];
  /** The latest modification time of the day's folder and files. */
  changedMillis: number;
}

async function deliveryDays(paths: WarehousePaths): Promise<DeliveryDay[]> {
  const entries = await readdir(paths.deliveries).catch(() => [] as string[]);
  const days: DeliveryDay[] = [];
  for (const entry of entries.filter((e) => e.startsWith('day=')).sort()) {
    const day = entry.slice(4);
    const files = await deliveryFilesOfDay(paths, day);
    if (files.length === 0) continue;
    const times = await Promise.all(
      [`${paths.deliveries}/${entry}`, ...files].map(async (p) => (await stat(p)).mtimeMs),
    );
    days.push({ day, files, changedMillis: Math.max(...times) });
  }
  return days;
}

// world-countries ships CommonJS whose typings declare an ES default export; require gives the
// array itself.
const COUNTRIES = createRequire(import.meta.url)('world-countries') as readonly Country[];

export interface TldRegion {
  /** The ccTLD as the `tld` column holds it: lower-case, an IDNA A-label for IDN ccTLDs. */
  tld: string;
  countryCode: string;
  country: string;
  /** Europe, Asia-Pacific (Asia but Western Asia, and Oceania), Western Asia, Africa, ... */
  region: string;
  /** The dataset's UN subregion, e.g. "Northern Europe". */
  subregion: string;
}

/**
 * Every country-code TLD with its country and region, from the world-countries dataset. A TLD
 * that several territories list (`.us` for US and UM, `.nl` for NL and BQ) goes to the country
 * whose ISO code it is, else to the one that lists it first among its TLDs.
 */
export function tldRegions(): TldRegion[] {
  const chosen = new Map<string, { rank: number; row: TldRegion }>();
  for (const country of COUNTRIES) {
    country.tld.forEach((logged, position) => {
      const tld = domainToASCII(logged.replaceAll('.', '')).toLowerCase();
      if (tld === '') return;
      const rank = (tld === country.cca2.toLowerCase() ? 0 : 100) + position;
      const previous = chosen.get(tld);
      if (previous !== undefined && previous.rank <= rank) return;
      chosen.set(tld, {
        rank,
        row: {
          tld,
          countryCode: country.cca2,
          country: country.name.common,
          region: reportRegion(country),
          subregion: country.subregion,
        },
      });
    });
  }
  return [...chosen.values()].map((c) => c.row).sort((a, b) => (a.tld < b.tld ? -1 : 1));
}

function reportRegion(country: Country): string {
  if (country.region === 'Oceania') return 'Asia-Pacific';
  if (country.region === 'Asia') {
    return country.subregion === 'Western Asia' ? 'Western Asia' : 'Asia-Pacific';
  }
  return country.region;
}

async function defineTldRegions(connection: DuckDBConnection): Promise<void> {
  await connection.run(
    `CREATE OR REPLACE TEMP TABLE tld_regions (tld VARCHAR PRIMARY KEY, country_code VARCHAR,
       country VARCHAR, region VARCHAR, subregion VARCHAR)`,
  );
  const appender = await connection.createAppender('tld_regions');
  for (const row of tldRegions()) {
    appender.appendVarchar(row.tld);
    appender.appendVarchar(row.countryCode);
    appender.appendVarchar(row.country);
    appender.appendVarchar(row.region);
    appender.appendVarchar(row.subregion);
    appender.endRow();
  }
  appender.closeSync();
}

/** One row of nulls with every column of the delivery table, typed as stored. */
export const EMPTY_DELIVERIES = `SELECT NULL::TIMESTAMP AS time_utc, NULL::VARCHAR AS log_host,
  NULL::VARCHAR AS dialect, NULL::VARCHAR AS queue_id, NULL::VARCHAR AS recipient_domain,
  NULL::VARCHAR AS registrable_domain, NULL::VARCHAR AS tld,
  NULL::VARCHAR AS recipient_pseudonym, NULL::VARCHAR AS mx_host,
  NULL::VARCHAR AS mx_registrable_domain, NULL::VARCHAR AS ip, NULL::INTEGER AS port,
  NULL::VARCHAR AS status, NULL::VARCHAR AS dsn, NULL::VARCHAR AS starttls,
  NULL::VARCHAR AS evidence, NULL::BOOLEAN AS cert_self_signed, NULL::BOOLEAN AS cert_untrusted_ca,
  NULL::BOOLEAN AS cert_name_mismatch, NULL::BOOLEAN AS cert_expired,
  NULL::VARCHAR AS trust_logged, NULL::VARCHAR AS verify_text, NULL::VARCHAR AS tls_version_logged,
  NULL::VARCHAR AS tls_version, NULL::VARCHAR AS cipher_logged, NULL::VARCHAR AS cipher,
  NULL::BOOLEAN AS forward_secrecy, NULL::VARCHAR AS key_exchange, NULL::VARCHAR AS software,
  NULL::INTEGER AS connection_use, NULL::VARCHAR AS source_file, NULL::BIGINT AS source_offset,
  NULL::BIGINT AS source_line, NULL::DATE AS day`;
