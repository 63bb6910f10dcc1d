-- The $top receiving providers (MX registrable domain) by email, with results
--
-- Parameters: $from, $to (days, inclusive), $top, and $min_count: a provider with fewer
-- delivered emails is left out, so that no row describes the mail of a handful of people.
-- A provider is the MX host's registrable domain (`mx_registrable_domain`: google.com for
-- gmail-smtp-in.l.google.com). Counts its delivered email by STARTTLS result.
-- Returns one row per provider and result, zeros included: provider, result, count (emails),
-- share (of the provider's email); the provider with the most email first.
WITH per_provider AS (
  SELECT mx_registrable_domain AS provider, starttls AS result, sum(emails) AS n
  FROM rollup_entities
  WHERE unit = 'mx_host' AND day BETWEEN $from::DATE AND $to::DATE
    AND mx_registrable_domain IS NOT NULL
  GROUP BY ALL
),
providers AS (
  SELECT
    provider,
    sum(n) AS emails,
    row_number() OVER (ORDER BY sum(n) DESC, provider) AS rank
  FROM per_provider
  GROUP BY provider
)
SELECT
  providers.provider,
  results.result,
  coalesce(per_provider.n, 0)::BIGINT AS count,
  (coalesce(per_provider.n, 0) / providers.emails)::DOUBLE AS share
FROM providers
CROSS JOIN starttls_results AS results
LEFT JOIN per_provider
  ON per_provider.provider = providers.provider AND per_provider.result = results.result
WHERE providers.rank <= $top AND providers.emails >= $min_count
ORDER BY providers.rank, results.strength;
