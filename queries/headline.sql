-- Headline numbers: STARTTLS support, encryption, strict share, forward secrecy
--
-- Parameters: $from, $to (days, inclusive) and $rule (see fig01-overall).
-- One row per measure: measure, count, total, share (count / total; null when total is 0).
--   mx_hosts_starttls         MX hosts whose result is not none (they offered STARTTLS) / MX hosts
--   emails_encrypted          encrypted emails (strict, unverified, opportunistic) / all emails
--   encrypted_strict          strict / encrypted emails; likewise encrypted_unverified and
--   encrypted_opportunistic
--   mx_hosts_forward_secrecy  MX hosts with an encrypted result whose suite (that of most of their
--                             encrypted emails, as in Figure 4) is forward secret / such hosts
--   strict_email, strict_domain, strict_mx_host, strict_ip   strict share of each unit (Figure 1)
--   opportunistic_mismatch_alone   opportunistic emails failing on a hostname mismatch alone
--                             (all four checks known) / opportunistic emails
--   opportunistic_reasons_unknown  opportunistic emails whose log names no failed check / same
WITH emails AS (
  SELECT
    starttls,
    reasons_category(evidence, cert_self_signed, cert_untrusted_ca, cert_name_mismatch,
      cert_expired) AS category,
    sum(emails) AS n
  FROM rollup_emails
  WHERE day BETWEEN $from::DATE AND $to::DATE
  GROUP BY ALL
),
per_entity AS (
  SELECT
    unit,
    entity,
    starttls,
    CASE forward_secrecy WHEN true THEN 'yes' WHEN false THEN 'no' ELSE 'unknown' END AS secrecy,
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
host_secrecy AS (
  SELECT entity, majority_of(secrecy, emails) AS secrecy
  FROM (
    SELECT entity, secrecy, sum(emails) AS emails
    FROM per_entity WHERE unit = 'mx_host' AND is_encrypted(starttls) GROUP BY ALL
  )
  GROUP BY entity
),
units(unit, unit_order) AS (
  VALUES ('domain', 9), ('mx_host', 10), ('ip', 11)
),
measures AS (
  SELECT 'mx_hosts_starttls' AS measure, 1 AS measure_order,
    count(*) FILTER (WHERE result <> 'none') AS count, count(*) AS total
  FROM entity_results WHERE unit = 'mx_host'
  UNION ALL
  SELECT 'emails_encrypted', 2, sum(n) FILTER (WHERE is_encrypted(starttls)), sum(n) FROM emails
  UNION ALL
  SELECT 'encrypted_strict', 3,
    sum(n) FILTER (WHERE starttls = 'strict'), sum(n) FILTER (WHERE is_encrypted(starttls))
  FROM emails
  UNION ALL
  SELECT 'encrypted_unverified', 4,
    sum(n) FILTER (WHERE starttls = 'unverified'), sum(n) FILTER (WHERE is_encrypted(starttls))
  FROM emails
  UNION ALL
  SELECT 'encrypted_opportunistic', 5,
    sum(n) FILTER (WHERE starttls = 'opportunistic'), sum(n) FILTER (WHERE is_encrypted(starttls))
  FROM emails
  UNION ALL
  SELECT 'mx_hosts_forward_secrecy', 6, count(*) FILTER (WHERE secrecy = 'yes'), count(*)
  FROM entity_results JOIN host_secrecy USING (entity)
  WHERE unit = 'mx_host' AND is_encrypted(result)
  UNION ALL
  SELECT 'strict_email', 8, sum(n) FILTER (WHERE starttls = 'strict'), sum(n) FROM emails
  UNION ALL
  SELECT 'strict_' || units.unit, any_value(units.unit_order),
    count(entity) FILTER (WHERE result = 'strict'), count(entity)
  FROM units LEFT JOIN entity_results USING (unit)
  GROUP BY units.unit
  UNION ALL
  SELECT 'opportunistic_mismatch_alone', 12,
    sum(n) FILTER (WHERE category = 'mismatch'), sum(n)
  FROM emails WHERE starttls = 'opportunistic'
  UNION ALL
  SELECT 'opportunistic_reasons_unknown', 13,
    sum(n) FILTER (WHERE category = 'unknown'), sum(n)
  FROM emails WHERE starttls = 'opportunistic'
)
SELECT
  measure,
  coalesce(count, 0)::BIGINT AS count,
  coalesce(total, 0)::BIGINT AS total,
  CASE WHEN total > 0 THEN coalesce(count, 0) / total END::DOUBLE AS share
FROM measures
ORDER BY measure_order;
