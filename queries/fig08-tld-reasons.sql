-- Figure 8: Why opportunistic MX hosts failed validation, by generic TLD
--
-- Parameters: $from, $to (days, inclusive), $rule (see fig01-overall) and $top.
-- TLDs: the generic (not country-code) TLDs of recipient domains among the $top with the most
-- delivered email, and com, net, org, edu and gov whenever they received any. A TLD is a
-- country code when tld_regions (from the world-countries dataset) lists it.
-- (tld, MX host) pairs whose result under $rule is opportunistic (Figure 7's opportunistic
-- segments), by the reasons of most of their opportunistic emails (see fig02-reasons for the
-- categories). Within a TLD, a category under 1% of its hosts is folded into 'other'.
-- Returns: tld, category, count (MX hosts), share (of the TLD's opportunistic hosts).
WITH per_pair AS (
  SELECT
    tld,
    mx_host,
    starttls,
    reasons_category(evidence, cert_self_signed, cert_untrusted_ca, cert_name_mismatch,
      cert_expired) AS category,
    sum(emails) AS emails
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
  FROM (SELECT tld, mx_host, starttls, sum(emails) AS emails FROM per_pair GROUP BY ALL)
  WHERE mx_host IS NOT NULL AND tld IN (SELECT tld FROM chosen)
  GROUP BY tld, mx_host
),
pair_categories AS (
  SELECT tld, mx_host, majority_of(category, emails) AS category
  FROM (
    SELECT tld, mx_host, category, sum(emails) AS emails
    FROM per_pair WHERE starttls = 'opportunistic' GROUP BY ALL
  )
  GROUP BY tld, mx_host
),
counted AS (
  SELECT tld, category, count(*) AS n
  FROM pair_results JOIN pair_categories USING (tld, mx_host)
  WHERE result = 'opportunistic'
  GROUP BY ALL
),
folded AS (
  SELECT
    tld,
    CASE
      WHEN category <> 'unknown' AND 100 * n < sum(n) OVER (PARTITION BY tld) THEN 'other'
      ELSE category
    END AS category,
    n,
    sum(n) OVER (PARTITION BY tld) AS hosts
  FROM counted
)
SELECT
  folded.tld,
  folded.category,
  sum(folded.n)::BIGINT AS count,
  (sum(folded.n) / any_value(folded.hosts))::DOUBLE AS share
FROM folded JOIN chosen USING (tld)
GROUP BY folded.tld, folded.category
ORDER BY any_value(chosen.emails) DESC, folded.tld, count DESC, folded.category;
