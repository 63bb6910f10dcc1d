-- Figure 1: STARTTLS results of delivered mail, for all email and for unique domains, MX hosts and IPs.
--
-- Parameters: $from, $to (days, inclusive) and $rule, how a domain, MX host or IP that saw
-- several results gets one: 'majority' (the result of most of its emails, ties to the stronger),
-- 'best' (its strongest result) or 'worst' (its weakest).
-- Returns one row per unit and result, zeros included: unit, result, count, share (of the unit).
WITH sent AS (
  SELECT starttls, recipient_domain, mx_host, ip
  FROM deliveries
  WHERE status = 'sent' AND day BETWEEN $from::DATE AND $to::DATE
),
strength(result, strength) AS (
  VALUES ('strict', 1), ('unverified', 2), ('opportunistic', 3), ('failure', 4), ('none', 5)
),
units(unit, unit_order) AS (
  VALUES ('email', 1), ('domain', 2), ('mx_host', 3), ('ip', 4)
),
per_entity AS (
  SELECT 'domain' AS unit, recipient_domain AS entity, starttls, count(*) AS emails
  FROM sent GROUP BY ALL
  UNION ALL
  SELECT 'mx_host', mx_host, starttls, count(*) FROM sent WHERE mx_host IS NOT NULL GROUP BY ALL
  UNION ALL
  SELECT 'ip', ip, starttls, count(*) FROM sent WHERE ip IS NOT NULL GROUP BY ALL
),
entity_result AS (
  SELECT
    unit,
    entity,
    CASE $rule
      WHEN 'best' THEN first(starttls ORDER BY strength)
      WHEN 'worst' THEN first(starttls ORDER BY strength DESC)
      ELSE first(starttls ORDER BY emails DESC, strength)
    END AS result
  FROM per_entity JOIN strength ON strength.result = per_entity.starttls
  GROUP BY unit, entity
),
counted AS (
  SELECT 'email' AS unit, starttls AS result, count(*) AS n FROM sent GROUP BY ALL
  UNION ALL
  SELECT unit, result, count(*) FROM entity_result GROUP BY ALL
)
SELECT
  units.unit,
  strength.result,
  coalesce(counted.n, 0)::BIGINT AS count,
  coalesce(counted.n / sum(counted.n) OVER (PARTITION BY units.unit), 0)::DOUBLE AS share
FROM units
CROSS JOIN strength
LEFT JOIN counted ON counted.unit = units.unit AND counted.result = strength.result
ORDER BY units.unit_order, strength.strength;
