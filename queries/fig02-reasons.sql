-- Figure 2: Why opportunistic mail failed strict validation (reasons), per unit
--
-- Parameters: $from, $to (days, inclusive) and $rule (see fig01-overall).
-- Counts opportunistic email by its reasons, and the domains, MX hosts and IPs whose result under
-- $rule is opportunistic (Figure 1's opportunistic segment) by the reasons of most of their
-- opportunistic emails (ties to the first by name). Reasons come from the four cert_* columns
-- (macro reasons_category): 'mismatch', 'self-signed + mismatch', ...; ', others unknown' when
-- the log did not make every check; 'unknown' when it names none; 'no certificate' for anonymous
-- suites. Within a unit, a category under 1% is folded into 'other' ('unknown' never is).
-- Returns: unit, category, count, share (of the unit's opportunistic email or entities).
WITH units(unit, unit_order) AS (
  VALUES ('email', 1), ('domain', 2), ('mx_host', 3), ('ip', 4)
),
per_entity AS (
  SELECT
    unit,
    entity,
    starttls,
    reasons_category(evidence, cert_self_signed, cert_untrusted_ca, cert_name_mismatch,
      cert_expired) AS category,
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
    FROM per_entity WHERE starttls = 'opportunistic' GROUP BY ALL
  )
  GROUP BY unit, entity
),
counted AS (
  SELECT
    'email' AS unit,
    reasons_category(evidence, cert_self_signed, cert_untrusted_ca, cert_name_mismatch,
      cert_expired) AS category,
    sum(emails) AS n
  FROM rollup_emails
  WHERE day BETWEEN $from::DATE AND $to::DATE AND starttls = 'opportunistic'
  GROUP BY ALL
  UNION ALL
  SELECT unit, category, count(*)
  FROM entity_results JOIN entity_categories USING (unit, entity)
  WHERE result = 'opportunistic'
  GROUP BY ALL
),
folded AS (
  SELECT
    unit,
    CASE
      WHEN category <> 'unknown' AND 100 * n < sum(n) OVER (PARTITION BY unit) THEN 'other'
      ELSE category
    END AS category,
    n
  FROM counted
)
SELECT
  unit,
  category,
  sum(n)::BIGINT AS count,
  (sum(n) / sum(sum(n)) OVER (PARTITION BY unit))::DOUBLE AS share
FROM folded JOIN units USING (unit)
GROUP BY unit, unit_order, category
ORDER BY unit_order, count DESC, category;
