-- What the results rest on: delivered email by log dialect and evidence
--
-- Parameters: $from, $to (days, inclusive).
-- evidence is the column of that name (docs/columns.md): verified, reasons, trust-only, ...
-- Returns one row per dialect ('all' first, then each dialect) and evidence value seen:
-- dialect, evidence, count (emails), share (of the dialect's email), unverified (of them, emails
-- whose result is unverified: encrypted, certificate not fully checked), reasons_unknown
-- (opportunistic emails whose log names no failed check) and reasons_partial (opportunistic
-- emails whose log names a failed check but not the outcome of every other check).
WITH counted AS (
  SELECT
    dialect,
    evidence,
    starttls,
    reasons_category(evidence, cert_self_signed, cert_untrusted_ca, cert_name_mismatch,
      cert_expired) AS category,
    sum(emails) AS n
  FROM rollup_emails
  WHERE day BETWEEN $from::DATE AND $to::DATE
  GROUP BY ALL
),
grouped AS (
  SELECT
    dialect,
    evidence,
    sum(n) AS n,
    sum(n) FILTER (WHERE starttls = 'unverified') AS unverified,
    sum(n) FILTER (WHERE starttls = 'opportunistic' AND category = 'unknown') AS reasons_unknown,
    sum(n) FILTER (
      WHERE starttls = 'opportunistic' AND category LIKE '%, others unknown'
    ) AS reasons_partial
  FROM (SELECT 'all' AS dialect, * EXCLUDE (dialect) FROM counted UNION ALL FROM counted)
  GROUP BY dialect, evidence
)
SELECT
  dialect,
  evidence,
  n::BIGINT AS count,
  (n / sum(n) OVER (PARTITION BY dialect))::DOUBLE AS share,
  coalesce(unverified, 0)::BIGINT AS unverified,
  coalesce(reasons_unknown, 0)::BIGINT AS reasons_unknown,
  coalesce(reasons_partial, 0)::BIGINT AS reasons_partial
FROM grouped
ORDER BY
  dialect <> 'all',
  dialect,
  list_position(
    ['verified', 'reasons', 'trust-only', 'chain-only', 'tls-only', 'anonymous',
     'handshake-failure', 'no-starttls', 'no-tls-line', 'plaintext-reuse', 'probe'],
    evidence
  ),
  evidence;
