-- Figure 7: STARTTLS results of unique MX hosts by generic TLD (com, net, ...)
--
-- Parameters: $from, $to (days, inclusive), $rule (see fig01-overall) and $top.
-- TLDs: the generic (not country-code) TLDs of recipient domains among the $top with the most
-- delivered email, and com, net, org, edu and gov whenever they received any. A TLD is a
-- country code when tld_regions (from the world-countries dataset) lists it.
-- An MX host counts once for each TLD it received mail for; its result there is the one $rule
-- picks from the email of that TLD's domains, as in Figure 1.
-- Returns one row per TLD and result, zeros included: tld, result, count (MX hosts),
-- share (of the TLD's MX hosts); the TLD with the most email first.
WITH per_pair AS (
  SELECT tld, mx_host, starttls, sum(emails) AS emails
  FROM rollup_tld_mx_hosts
  WHERE day BETWEEN $from::DATE AND $to::DATE AND tld <> ''
  GROUP BY ALL
),
generic AS (
  SELECT tld, sum(emails) AS emails, row_number() OVER (ORDER BY sum(emails) DESC, tld) AS rank
  FROM per_pair
  WHERE tld NOT IN (SELECT tld FROM tld_regions)
  GROUP BY tld
),
chosen AS (
  SELECT tld, NULL::VARCHAR AS country, emails
  FROM generic
  WHERE tld IN ('com', 'net', 'org', 'edu', 'gov') OR rank <= $top
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
  results.result,
  coalesce(counted.n, 0)::BIGINT AS count,
  (coalesce(counted.n, 0) / groups.hosts)::DOUBLE AS share
FROM groups
JOIN chosen USING (tld)
CROSS JOIN starttls_results AS results
LEFT JOIN counted ON counted.tld = groups.tld AND counted.result = results.result
ORDER BY chosen.emails DESC, groups.tld, results.strength;
