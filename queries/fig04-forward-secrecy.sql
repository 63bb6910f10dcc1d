-- Figure 4: Forward secrecy of the negotiated cipher suites, per unit
--
-- Parameters: $from, $to (days, inclusive) and $rule (see fig01-overall).
-- Counts encrypted email (strict, unverified, opportunistic) by whether its suite is forward
-- secret (ECDHE, DHE or TLS 1.3), and the domains, MX hosts and IPs whose result under $rule is
-- encrypted by the answer for most of their encrypted emails (ties to the first by name: no,
-- unknown, yes). 'unknown' when the log did not name the suite.
-- Returns one row per unit and category, zeros included: unit, category, count, share.
WITH units(unit, unit_order) AS (
  VALUES ('email', 1), ('domain', 2), ('mx_host', 3), ('ip', 4)
),
categories(category, category_order) AS (
  VALUES ('yes', 1), ('no', 2), ('unknown', 3)
),
per_entity AS (
  SELECT
    unit,
    entity,
    starttls,
    CASE forward_secrecy WHEN true THEN 'yes' WHEN false THEN 'no' ELSE 'unknown' END AS category,
    sum(emails) AS emails
  FROM rollup_entities
  WHERE day BETWEEN $from::DATE AND $to::DATE
  GROUP BY ALL
),
entity_results AS (
  SELECT unit, entity, entity_result(starttls, emails, $rule) AS result
  FROM (SELECT unit, entity, starttls, sum(emails) AS emails FROM per_entity GROUP BY ALL)
  GROUP BY unit, entity
),
entity_categories AS (
  SELECT unit, entity, majority_of(category, emails) AS category
  FROM (
    SELECT unit, entity, category, sum(emails) AS emails
    FROM per_entity WHERE is_encrypted(starttls) GROUP BY ALL
  )
  GROUP BY unit, entity
),
counted AS (
  SELECT
    'email' AS unit,
    CASE forward_secrecy WHEN true THEN 'yes' WHEN false THEN 'no' ELSE 'unknown' END AS category,
    sum(emails) AS n
  FROM rollup_emails
  WHERE day BETWEEN $from::DATE AND $to::DATE AND is_encrypted(starttls)
  GROUP BY ALL
  UNION ALL
  SELECT unit, category, count(*)
  FROM entity_results JOIN entity_categories USING (unit, entity)
  WHERE is_encrypted(result)
  GROUP BY ALL
)
SELECT
  units.unit,
  categories.category,
  coalesce(counted.n, 0)::BIGINT AS count,
  coalesce(counted.n / sum(counted.n) OVER (PARTITION BY units.unit), 0)::DOUBLE AS share
FROM units
CROSS JOIN categories
LEFT JOIN counted ON counted.unit = units.unit AND counted.category = categories.category
ORDER BY units.unit_order, categories.category_order;
