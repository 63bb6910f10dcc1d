-- STARTTLS results per day, for all email and unique domains, MX hosts and IPs
--
-- Parameters: $from, $to (days, inclusive) and $rule (see fig01-overall).
-- Figure 1 for each day on its own: a domain, MX host or IP gets the result $rule picks from its
-- email of that day. Days without delivered mail have no rows.
-- Returns one row per day, unit and result, zeros included: day, unit, result, count, share (of
-- the day's unit).
WITH units(unit, unit_order) AS (
  VALUES ('email', 1), ('domain', 2), ('mx_host', 3), ('ip', 4)
),
per_entity AS (
  SELECT day, unit, entity, starttls, sum(emails) AS emails
  FROM rollup_entities
  WHERE day BETWEEN $from::DATE AND $to::DATE
  GROUP BY ALL
),
entity_results AS (
  SELECT day, unit, entity, entity_result(starttls, emails, $rule) AS result
  FROM per_entity
  GROUP BY day, unit, entity
),
counted AS (
  SELECT day, 'email' AS unit, starttls AS result, sum(emails) AS n
  FROM rollup_emails
  WHERE day BETWEEN $from::DATE AND $to::DATE
  GROUP BY ALL
  UNION ALL
  SELECT day, unit, result, count(*) FROM entity_results GROUP BY ALL
),
days AS (
  SELECT DISTINCT day FROM counted
)
SELECT
  days.day,
  units.unit,
  results.result,
  coalesce(counted.n, 0)::BIGINT AS count,
  coalesce(counted.n / sum(counted.n) OVER (PARTITION BY days.day, units.unit), 0)::DOUBLE
    AS share
FROM days
CROSS JOIN units
CROSS JOIN starttls_results AS results
LEFT JOIN counted
  ON counted.day = days.day AND counted.unit = units.unit AND counted.result = results.result
ORDER BY days.day, units.unit_order, results.strength;
