-- Figure 1: STARTTLS results of all email and of unique domains, MX hosts and IPs
--
-- Parameters: $from, $to (days, inclusive) and $rule, how a domain, MX host or IP that saw
-- several results gets one: 'majority' (the result of most of its emails, ties to the stronger),
-- 'best' (its strongest result) or 'worst' (its weakest); the macro entity_result applies it.
-- Reads the daily rollups (rollup_emails, rollup_entities), which count delivered mail only.
-- Returns one row per unit and result, zeros included: unit, result, count, share (of the unit).
WITH units(unit, unit_order) AS (
  VALUES ('email', 1), ('domain', 2), ('mx_host', 3), ('ip', 4)
),
per_entity AS (
  SELECT unit, entity, starttls, sum(emails) AS emails
  FROM rollup_entities
  WHERE day BETWEEN $from::DATE AND $to::DATE
  GROUP BY ALL
),
entity_results AS (
  SELECT unit, entity, entity_result(starttls, emails, $rule) AS result
  FROM per_entity
  GROUP BY unit, entity
),
counted AS (
  SELECT 'email' AS unit, starttls AS result, sum(emails) AS n
  FROM rollup_emails
  WHERE day BETWEEN $from::DATE AND $to::DATE
  GROUP BY ALL
  UNION ALL
  SELECT unit, result, count(*) FROM entity_results GROUP BY ALL
)
SELECT
  units.unit,
  results.result,
  coalesce(counted.n, 0)::BIGINT AS count,
  coalesce(counted.n / sum(counted.n) OVER (PARTITION BY units.unit), 0)::DOUBLE AS share
FROM units
CROSS JOIN starttls_results AS results
LEFT JOIN counted ON counted.unit = units.unit AND counted.result = results.result
ORDER BY units.unit_order, results.strength;
