-- Figure 3: Negotiated cipher suites of encrypted mail (top $top + other), per unit
--
-- Parameters: $from, $to (days, inclusive), $rule (see fig01-overall) and $top.
-- Counts encrypted email (strict, unverified, opportunistic) by cipher suite, and the domains,
-- MX hosts and IPs whose result under $rule is encrypted by the suite of most of their encrypted
-- emails (ties to the first by name). A suite the log did not name is 'unknown'. Within a unit,
-- suites after the $top most frequent are folded into 'other' ('unknown' never is).
-- Returns: unit, category (the suite's OpenSSL name), count, share (of the unit).
WITH units(unit, unit_order) AS (
  VALUES ('email', 1), ('domain', 2), ('mx_host', 3), ('ip', 4)
),
per_entity AS (
  SELECT unit, entity, starttls, coalesce(cipher, 'unknown') AS category, sum(emails) AS emails
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
  SELECT 'email' AS unit, coalesce(cipher, 'unknown') AS category, sum(emails) AS n
  FROM rollup_emails
  WHERE day BETWEEN $from::DATE AND $to::DATE AND is_encrypted(starttls)
  GROUP BY ALL
  UNION ALL
  SELECT unit, category, count(*)
  FROM entity_results JOIN entity_categories USING (unit, entity)
  WHERE is_encrypted(result)
  GROUP BY ALL
),
ranked AS (
  SELECT
    unit,
    category,
    n,
    row_number() OVER (
      PARTITION BY unit, category = 'unknown' ORDER BY n DESC, category
    ) AS rank
  FROM counted
),
folded AS (
  SELECT
    unit,
    CASE WHEN category <> 'unknown' AND rank > $top THEN 'other' ELSE category END AS category,
    n
  FROM ranked
)
SELECT
  unit,
  category,
  sum(n)::BIGINT AS count,
  (sum(n) / sum(sum(n)) OVER (PARTITION BY unit))::DOUBLE AS share
FROM folded JOIN units USING (unit)
GROUP BY unit, unit_order, category
ORDER BY unit_order, category IN ('other', 'unknown'), count DESC, category;
