-- What enforcing TLS (encrypt, verify) would have deferred, per unit
--
-- Parameters: $from, $to (days, inclusive).
-- encrypt (require TLS): mail that went in clear (failure, none) would have been deferred.
-- verify (require a valid certificate): mail that was not strict. Opportunistic, failure and
-- none mail would certainly have been deferred (count); unverified mail might have passed, as its
-- log does not say whether the certificate is valid, so count_at_most adds it.
-- A domain, MX host or IP counts when at least one of its emails would have been deferred.
-- Returns one row per policy and unit: policy, unit, count, share (of the unit's total),
-- count_at_most, share_at_most.
WITH units(unit, unit_order) AS (
  VALUES ('email', 1), ('domain', 2), ('mx_host', 3), ('ip', 4)
),
policies(policy, policy_order, deferred, possibly_deferred) AS (
  VALUES
    ('encrypt', 1, ['failure', 'none'], ['failure', 'none']),
    ('verify', 2, ['opportunistic', 'failure', 'none'],
      ['unverified', 'opportunistic', 'failure', 'none'])
),
email_results AS (
  SELECT starttls, sum(emails) AS n
  FROM rollup_emails
  WHERE day BETWEEN $from::DATE AND $to::DATE
  GROUP BY ALL
),
entity_results AS (
  SELECT DISTINCT unit, entity, starttls
  FROM rollup_entities
  WHERE day BETWEEN $from::DATE AND $to::DATE
),
counted AS (
  SELECT
    policy,
    'email' AS unit,
    sum(n) FILTER (WHERE list_contains(deferred, starttls)) AS count,
    sum(n) FILTER (WHERE list_contains(possibly_deferred, starttls)) AS count_at_most,
    sum(n) AS total
  FROM policies CROSS JOIN email_results
  GROUP BY policy
  UNION ALL
  SELECT
    policy,
    unit,
    count(DISTINCT entity) FILTER (WHERE list_contains(deferred, starttls)),
    count(DISTINCT entity) FILTER (WHERE list_contains(possibly_deferred, starttls)),
    count(DISTINCT entity)
  FROM policies CROSS JOIN entity_results
  GROUP BY policy, unit
)
SELECT
  policies.policy,
  units.unit,
  coalesce(counted.count, 0)::BIGINT AS count,
  coalesce(counted.count / counted.total, 0)::DOUBLE AS share,
  coalesce(counted.count_at_most, 0)::BIGINT AS count_at_most,
  coalesce(counted.count_at_most / counted.total, 0)::DOUBLE AS share_at_most
FROM policies
CROSS JOIN units
LEFT JOIN counted ON counted.policy = policies.policy AND counted.unit = units.unit
ORDER BY policies.policy_order, units.unit_order;
