-- Figure 12: Why MX hosts failed validation, top 10 Asia-Pacific ccTLDs
--
-- Parameters: $from, $to (days, inclusive) and $rule (see fig01-overall).
-- TLDs: the ten country-code TLDs of region Asia-Pacific in tld_regions (the world-countries
-- dataset: Asia except Western Asia, and Oceania) with the most delivered email.
-- (tld, MX host) pairs whose result under $rule is opportunistic (Figure 11's opportunistic
-- segments), by the reasons of most of their opportunistic emails (see fig02-reasons for the
-- categories). Within a TLD, a category under 1% of its hosts is folded into 'other'.
-- Returns: tld, country, category, count (MX hosts), share (of the TLD's opportunistic hosts).
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
  any_value(chosen.country) AS country,
  folded.category,
  sum(folded.n)::BIGINT AS count,
  (sum(folded.n) / any_value(folded.hosts))::DOUBLE AS share
FROM folded JOIN chosen USING (tld)
GROUP BY folded.tld, folded.category
ORDER BY any_value(chosen.emails) DESC, folded.tld, count DESC, folded.category;
