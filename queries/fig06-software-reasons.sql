-- Figure 6: Why opportunistic MX hosts failed validation, by software
--
-- Parameters: $from, $to (days, inclusive) and $rule (see fig01-overall).
-- MX hosts whose result under $rule is opportunistic (Figure 5's opportunistic segments), by the
-- reasons of most of their opportunistic emails (see fig02-reasons for the categories), grouped
-- by software as in fig05-software-results. Within a software, a category under 1% of its MX
-- hosts is folded into 'other' ('unknown' never is).
-- Returns: software, category, count (MX hosts), share (of the software's opportunistic hosts).
WITH per_host AS (
  SELECT
    entity AS mx_host,
    starttls,
    software,
    reasons_category(evidence, cert_self_signed, cert_untrusted_ca, cert_name_mismatch,
      cert_expired) AS category,
    sum(emails) AS emails
  FROM rollup_entities
  WHERE unit = 'mx_host' AND day BETWEEN $from::DATE AND $to::DATE
  GROUP BY ALL
),
host_results AS (
  SELECT mx_host, entity_result(starttls, emails, $rule) AS result
  FROM (SELECT mx_host, starttls, sum(emails) AS emails FROM per_host GROUP BY ALL)
  GROUP BY mx_host
),
host_software AS (
  SELECT mx_host, majority_of(software, emails) AS software
  FROM (
    SELECT mx_host, software, sum(emails) AS emails
    FROM per_host WHERE software IS NOT NULL GROUP BY ALL
  )
  GROUP BY mx_host
),
host_categories AS (
  SELECT mx_host, majority_of(category, emails) AS category
  FROM (
    SELECT mx_host, category, sum(emails) AS emails
    FROM per_host WHERE starttls = 'opportunistic' GROUP BY ALL
  )
  GROUP BY mx_host
),
counted AS (
  SELECT coalesce(software, 'unknown') AS software, category, count(*) AS n
  FROM host_results
  JOIN host_categories USING (mx_host)
  LEFT JOIN host_software USING (mx_host)
  WHERE result = 'opportunistic'
  GROUP BY ALL
),
folded AS (
  SELECT
    software,
    CASE
      WHEN category <> 'unknown' AND 100 * n < sum(n) OVER (PARTITION BY software) THEN 'other'
      ELSE category
    END AS category,
    n,
    sum(n) OVER (PARTITION BY software) AS hosts
  FROM counted
)
SELECT
  software,
  category,
  sum(n)::BIGINT AS count,
  (sum(n) / any_value(hosts))::DOUBLE AS share
FROM folded
GROUP BY software, category
ORDER BY software = 'unknown', any_value(hosts) DESC, software, count DESC, category;
