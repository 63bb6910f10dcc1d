import { mkdir, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { sqlString } from '../../pipeline/write/sql-string.js';
import { warehousePaths } from '../../pipeline/write/paths.js';
import { refreshRollups } from '../../pipeline/write/rollups.js';

export const GENERATED_DAYS = ['2026-11-28', '2026-11-29', '2026-11-30', '2026-12-01'];

/**
 * A warehouse of `count` deliveries shaped like real traffic, generated deterministically from
 * hashes of the row number: a few hundred recipient domains with skewed volume over generic and
 * country-code TLDs, providers whose MX hosts serve many domains, MX hosts with a typical result,
 * reasons, suite and software and some noise per email, a tenth of attempts not delivered, and
 * two Parquet files per day. Returns the warehouse folder, its rollups refreshed.
 */
export async function generatedWarehouse(count = 40_000): Promise<string> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'census-generated-'));
  const paths = warehousePaths(root);
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    await connection.run(`CREATE TEMP TABLE generated AS ${GENERATOR_SQL}`, { count });
    for (const day of GENERATED_DAYS) {
      await mkdir(path.join(paths.deliveries, `day=${day}`), { recursive: true });
      for (const file of [0, 1]) {
        const target = path.join(paths.deliveries, `day=${day}`, `generated-${file}.parquet`);
        await connection.run(
          `COPY (SELECT * EXCLUDE (day, file) FROM generated
                 WHERE day = DATE '${day}' AND file = ${file})
           TO '${sqlString(target)}' (FORMAT parquet)`,
        );
      }
    }
    await refreshRollups(connection, paths, GENERATED_DAYS);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
  return root;
}

// u(i, salt): a uniform number in [0, 1) from the row number.
const GENERATOR_SQL = `
WITH tlds AS (
  SELECT list_value(
    'com', 'com', 'com', 'com', 'com', 'com', 'net', 'net', 'org', 'org', 'edu', 'gov', 'info',
    'io', 'de', 'de', 'uk', 'uk', 'fr', 'it', 'nl', 'pl', 'es', 'se', 'ru', 'ch', 'at', 'be',
    'dk', 'fi', 'no', 'cz', 'pt', 'ie', 'jp', 'jp', 'au', 'au', 'cn', 'in', 'kr', 'nz', 'sg',
    'hk', 'tw', 'th', 'my', 'id', 'br', 'ca', 'us', 'za', 'tr', 'il', 'xn--p1ai') AS names
),
emails AS (
  SELECT
    i,
    (DATE '${GENERATED_DAYS[0]}' + (hash(i, 'day') % 4)::INTEGER) AS day,
    (hash(i, 'file') % 2)::INTEGER AS file,
    floor(400 * pow((hash(i, 'domain') % 1000000) / 1e6, 2.5))::INTEGER AS d,
    hash(i, 'noise') % 100 AS noise
  FROM range($count) t(i)
),
domains AS (
  SELECT
    *,
    'd' || d || '.' || names[1 + (hash(d, 'tld') % len(names))::INTEGER] AS domain,
    names[1 + (hash(d, 'tld') % len(names))::INTEGER] AS tld
  FROM emails, tlds
),
hosts AS (
  SELECT
    *,
    CASE
      WHEN hash(d, 'provider') % 3 = 0
        THEN 'mx' || (hash(i, 'mx') % 2) || '.provider' || (d % 5) || '.net'
      WHEN hash(d, 'provider') % 3 = 1 THEN 'mx.d' || d || '.' || tld
      ELSE 'mail' || (hash(i, 'mx') % 3) || '.hosting' || (d % 7) || '.com'
    END AS mx_host
  FROM domains
),
profiles AS (
  SELECT
    *,
    hash(mx_host, 'result') % 10 AS kind,
    hash(mx_host, 'reason') % 8 AS reason,
    ['ECDHE-RSA-AES256-GCM-SHA384', 'TLS_AES_256_GCM_SHA384', 'AES128-SHA',
     'DHE-RSA-AES256-SHA', 'ECDHE-RSA-RC4-SHA', 'TLS_AES_128_GCM_SHA256', NULL]
      [1 + (hash(mx_host, 'cipher') % 7)::INTEGER] AS host_cipher,
    ['postfix', 'exim', 'sendmail', 'qmail', 'exchange', NULL]
      [1 + (hash(mx_host, 'software') % 6)::INTEGER] AS host_software
  FROM hosts
),
results AS (
  SELECT
    *,
    CASE
      WHEN noise < 8 THEN ['strict', 'unverified', 'opportunistic', 'failure', 'none']
        [1 + (hash(i, 'other') % 5)::INTEGER]
      WHEN kind < 3 THEN 'strict'
      WHEN kind < 5 THEN 'unverified'
      WHEN kind < 8 THEN 'opportunistic'
      WHEN kind = 8 THEN 'failure'
      ELSE 'none'
    END AS starttls,
    CASE WHEN noise BETWEEN 10 AND 12 THEN (hash(i, 'reason2') % 8) ELSE reason END AS why,
    CASE WHEN noise BETWEEN 20 AND 22 THEN 'AES256-SHA' ELSE host_cipher END AS suite
  FROM profiles
)
SELECT
  day,
  file,
  TIMESTAMP '2026-01-01' AS time_utc,
  ['postfix', 'exim', 'jsonl'][1 + (hash(i, 'dialect') % 3)::INTEGER] AS dialect,
  domain AS recipient_domain,
  domain AS registrable_domain,
  tld,
  CASE WHEN noise = 99 THEN NULL ELSE mx_host END AS mx_host,
  CASE WHEN noise = 99 THEN NULL ELSE regexp_extract(mx_host, '[^.]+\\.[^.]+$') END
    AS mx_registrable_domain,
  CASE WHEN noise >= 98 THEN NULL
    ELSE '10.' || (hash(mx_host, 'ip') % 250) || '.0.' || (hash(i, 'ip') % 2) END AS ip,
  CASE WHEN hash(i, 'status') % 10 = 0 THEN 'deferred' ELSE 'sent' END AS status,
  starttls,
  CASE
    WHEN starttls = 'strict' THEN 'verified'
    WHEN starttls = 'unverified' THEN ['chain-only', 'tls-only'][1 + (why % 2)::INTEGER]
    WHEN starttls = 'opportunistic' THEN
      CASE why WHEN 4 THEN 'trust-only' WHEN 5 THEN 'anonymous' ELSE 'reasons' END
    WHEN starttls = 'failure' THEN 'handshake-failure'
    ELSE ['no-tls-line', 'no-starttls', 'plaintext-reuse'][1 + (why % 3)::INTEGER]
  END AS evidence,
  CASE WHEN starttls = 'strict' THEN false WHEN starttls <> 'opportunistic' THEN NULL
    ELSE [false, true, false, NULL, NULL, NULL, false, true][1 + why::INTEGER] END
    AS cert_self_signed,
  CASE WHEN starttls = 'strict' THEN false WHEN starttls <> 'opportunistic' THEN NULL
    ELSE [false, false, true, true, NULL, NULL, false, NULL][1 + why::INTEGER] END
    AS cert_untrusted_ca,
  CASE WHEN starttls = 'strict' THEN false WHEN starttls <> 'opportunistic' THEN NULL
    ELSE [true, true, false, NULL, NULL, NULL, true, NULL][1 + why::INTEGER] END
    AS cert_name_mismatch,
  CASE WHEN starttls = 'strict' THEN false WHEN starttls <> 'opportunistic' THEN NULL
    ELSE [false, false, true, NULL, NULL, NULL, true, NULL][1 + why::INTEGER] END
    AS cert_expired,
  CASE WHEN starttls IN ('failure', 'none') THEN NULL ELSE suite END AS cipher,
  CASE WHEN starttls IN ('failure', 'none') OR suite IS NULL THEN NULL
    ELSE suite SIMILAR TO '(ECDHE|DHE|TLS_).*' END AS forward_secrecy,
  CASE WHEN starttls IN ('failure', 'none') OR suite IS NULL THEN NULL
    WHEN suite LIKE 'TLS_%' THEN 'TLSv1.3'
    WHEN suite LIKE '%GCM%' THEN 'TLSv1.2'
    ELSE ['TLSv1', 'TLSv1.2'][1 + (hash(mx_host, 'version') % 2)::INTEGER] END AS tls_version,
  CASE WHEN noise BETWEEN 30 AND 49 THEN NULL ELSE host_software END AS software
FROM results`;
