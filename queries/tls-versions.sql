-- TLS protocol versions of encrypted mail (TLSv1.3, TLSv1.2, ...), per unit
--
-- Parameters: $from, $to (days, inclusive) and $rule (see fig01-overall).
-- Counts encrypted email (strict, unverified, opportunistic) by protocol version, and the
-- domains, MX hosts and IPs whose result under $rule is encrypted by the version of most of their
-- encrypted emails (ties to the first by name). 'unknown' when the log did not name it.
-- Returns: unit, category (the version), count, share (of the unit); newest version first.
WITH units(unit, unit_order) AS (
  VALUES ('email', 1), ('domain', 2), ('mx_host', 3), ('ip', 4)
),
per_entity AS (
  SELECT unit, entity, starttls, coalesce(tls_version, 'unknown') AS category, sum(emails) AS emails
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
  SELECT 'email' AS unit, coalesce(tls_version, 'unknown') AS category, sum(emails) AS n
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
  unit,
  category,
  n::BIGINT AS count,
  (n / sum(n) OVER (PARTITION BY unit))::DOUBLE AS share
FROM counted JOIN units USING (unit)
ORDER BY
  unit_order,
  coalesce(list_position(['TLSv1.3', 'TLSv1.2', 'TLSv1.1', 'TLSv1', 'SSLv3'], category), 6),
  category;
