import { readdir } from 'node:fs/promises';
import { sqlString } from '../write/sql-string.js';
import { probePaths } from './paths.js';
import { lacksVerdictSql } from './targets.js';

export interface ProbeJoin {
  /** The relation of deliveries as logged: a view name, or a parenthesized subquery. */
  raw: string;
  /** The probe table's relation (see probesRelationSql), or null when there are no probes. */
  probes: string | null;
  /** The farthest a probe may be from a delivery's day, in days, either way. */
  maxAgeDays?: number;
}

export const DEFAULT_PROBE_MAX_AGE_DAYS = 7;

const CHECKS = ['cert_self_signed', 'cert_untrusted_ca', 'cert_name_mismatch', 'cert_expired'];

/**
 * The SELECT behind a `deliveries` view that completes the log with probes. Every column of the
 * raw relation is kept, and `probe_age_days` added: the days between a delivery and the probe
 * that completed it, or null.
 *
 * A delivered row whose log has no verdict on the certificate (`unverified`, or `opportunistic`
 * with four unknown checks, anonymous suites excepted) takes the nearest successful probe of its
 * MX host and address within `maxAgeDays`; of several probes on one day, the latest counts. Each
 * check keeps the log's value where it has one and takes the probe's where not: a failed check
 * makes the row `opportunistic`, four passed checks make an `unverified` row `strict`, and the
 * evidence becomes `probe`. The log always wins: an `opportunistic` row is never made strict,
 * and a row whose log holds a verdict is untouched. A row without receiving software takes the
 * nearest probe's.
 */
export function deliveriesWithProbesSql(join: ProbeJoin): string {
  if (join.probes === null) return `SELECT *, NULL::INTEGER AS probe_age_days FROM ${join.raw}`;
  const maxAge = join.maxAgeDays ?? DEFAULT_PROBE_MAX_AGE_DAYS;
  if (!Number.isInteger(maxAge) || maxAge < 0) {
    throw new RangeError(`maxAgeDays must be a whole number of days, not ${maxAge}`);
  }

  const coalesced = (check: string) => `coalesce(${check}, pv_${check.slice(5)})`;
  const anyFailed = CHECKS.map(coalesced).join(' OR ');
  const nearest = (where: string, columns: string) => `SELECT k.mx_host, k.ip, k.day, ${columns},
        abs(date_diff('day', k.day, p.probe_day))::INTEGER AS age
      FROM keys k JOIN probes_latest p ON p.mx_host = k.mx_host AND p.ip = k.ip
      WHERE ${where} AND abs(date_diff('day', k.day, p.probe_day)) <= ${maxAge}
      QUALIFY row_number() OVER (
        PARTITION BY k.mx_host, k.ip, k.day ORDER BY age, p.probed_at DESC) = 1`;

  return `WITH delivered AS (SELECT * FROM ${join.raw}),
    probes_latest AS (
      SELECT * FROM ${join.probes}
      QUALIFY row_number() OVER (PARTITION BY mx_host, ip, probe_day ORDER BY probed_at DESC) = 1
    ),
    keys AS (
      SELECT DISTINCT mx_host, ip, day FROM delivered
      WHERE mx_host IS NOT NULL AND ip IS NOT NULL AND day IS NOT NULL
    ),
    verdict_probe AS (${nearest(
      `p.outcome = 'ok' AND (${CHECKS.map((c) => `p.${c} IS NOT NULL`).join(' OR ')})`,
      CHECKS.map((c) => `p.${c} AS pv_${c.slice(5)}`).join(', '),
    )}),
    software_probe AS (${nearest('p.software IS NOT NULL', 'p.software AS ps_software')}),
    joined AS (
      SELECT d.*, ${CHECKS.map((c) => `v.pv_${c.slice(5)}`).join(', ')}, v.age AS pv_age,
        s.ps_software, s.age AS ps_age,
        CASE WHEN v.age IS NULL OR NOT ${lacksVerdictSql('d')}
               OR d.evidence IS NOT DISTINCT FROM 'anonymous' THEN NULL
             WHEN ${anyFailed} THEN 'opportunistic'
             WHEN NOT (${anyFailed}) AND d.starttls = 'unverified' THEN 'strict'
        END AS p_result
      FROM delivered d
      LEFT JOIN verdict_probe v ON v.mx_host = d.mx_host AND v.ip = d.ip AND v.day = d.day
      LEFT JOIN software_probe s ON s.mx_host = d.mx_host AND s.ip = d.ip AND s.day = d.day
    )
  SELECT * EXCLUDE (${CHECKS.map((c) => `pv_${c.slice(5)}`).join(', ')}, pv_age,
      ps_software, ps_age, p_result)
    REPLACE (
      coalesce(p_result, starttls) AS starttls,
      CASE WHEN p_result IS NULL THEN evidence ELSE 'probe' END AS evidence,
      ${CHECKS.map(
        (c) => `CASE WHEN p_result IS NULL THEN ${c} ELSE ${coalesced(c)} END AS ${c}`,
      ).join(',\n      ')},
      coalesce(software, ps_software) AS software
    ),
    CASE WHEN p_result IS NOT NULL THEN pv_age
         WHEN software IS NULL THEN ps_age END AS probe_age_days
  FROM joined`;
}

/** The probe table as a relation for deliveriesWithProbesSql, or null when no probe is stored. */
export async function probesRelationSql(warehouse: string): Promise<string | null> {
  const paths = probePaths(warehouse);
  const days = await readdir(paths.probes).catch(() => [] as string[]);
  for (const day of days.filter((d) => d.startsWith('day='))) {
    const files = await readdir(`${paths.probes}/${day}`).catch(() => [] as string[]);
    if (files.some((f) => f.endsWith('.parquet') && !f.startsWith('.'))) {
      const glob = sqlString(paths.glob);
      return `read_parquet('${glob}', hive_partitioning = false, union_by_name = true)`;
    }
  }
  return null;
}
