-- Figure 11: STARTTLS results of MX hosts, top 10 Asia-Pacific ccTLDs
--
-- Parameters: $from, $to (days, inclusive) and $rule (see fig01-overall).
-- TLDs: the ten country-code TLDs of region Asia-Pacific in tld_regions (the world-countries
-- dataset: Asia except Western Asia, and Oceania) with the most delivered email.
-- An MX host counts once for each TLD it received mail for; its result there is the one $rule
-- picks from the email of that TLD's domains, as in Figure 1.
-- Returns one row per TLD and result, zeros included: tld, country, result, count (MX hosts),
-- share (of the TLD's MX hosts); the TLD with the most email first.
WITH per_pair AS (
  SELECT tld, mx_host, starttls, sum(emails) AS emails
  FROM rollup_tld_mx_hosts
  WHERE day BETWEEN $from::DATE AND $to::DATE AND tld <> ''
  GROUP BY ALL
),
chosen AS (
  SELECT tld, country, sum(emails) AS emails
  FROM per_pair JOIN tld_regions USING (tld)
  WHERE region = 'Asia-Pacific'
  GROUP BY tld, country
  ORDER BY emails DESC, tld
  LIMIT 10
),
pair_results AS (
  SELECT tld, mx_host, entity_result(starttls, emails, $rule) AS result
  FROM per_pair
  WHERE mx_host IS NOT NULL AND tld IN (SELECT tld FROM chosen)
  GROUP BY tld, mx_host
),
counted AS (
  SELECT tld, result, count(*) AS n FROM pair_results GROUP BY ALL
),
groups AS (
  SELECT tld, sum(n) AS hosts FROM counted GROUP BY tld
)
SELECT
  groups.tld,
  chosen.country,
  results.result,
  coalesce(counted.n, 0)::BIGINT AS count,
  (coalesce(counted.n, 0) / groups.hosts)::DOUBLE AS share
FROM groups
JOIN chosen USING (tld)
CROSS JOIN starttls_results AS results
LEFT JOIN counted ON counted.tld = groups.tld AND counted.result = results.result
ORDER BY chosen.emails DESC, groups.tld, results.strength;
