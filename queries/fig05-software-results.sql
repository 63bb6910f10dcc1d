-- Figure 5: STARTTLS results of unique MX hosts by receiving software
--
-- Parameters: $from, $to (days, inclusive) and $rule (see fig01-overall).
-- An MX host's software is the one named most often for its deliveries (the `software` column,
-- guessed from the reply to DATA; ties to the first by name), 'unknown' when never named. Its
-- result is the one $rule picks from all of its delivered email, as in Figure 1.
-- Returns one row per software and result, zeros included: software, result, count (MX hosts),
-- share (of the software's MX hosts); software with the most MX hosts first, 'unknown' last.
WITH per_host AS (
  SELECT entity AS mx_host, starttls, software, sum(emails) AS emails
  FROM rollup_entities
  WHERE unit = 'mx_host' AND day BETWEEN $from::DATE AND $to::DATE
  GROUP BY ALL
),
host_results AS (
  SELECT mx_host, entity_result(starttls, emails, $rule) AS result
  FROM (SELECT mx_host, starttls, sum(emails) AS emails FROM per_host GROUP BY ALL)
  GROUP BY mx_host
),
host_software AS (
  SELECT mx_host, majority_of(software, emails) AS software
  FROM (
    SELECT mx_host, software, sum(emails) AS emails
    FROM per_host WHERE software IS NOT NULL GROUP BY ALL
  )
  GROUP BY mx_host
),
counted AS (
  SELECT coalesce(software, 'unknown') AS software, result, count(*) AS n
  FROM host_results LEFT JOIN host_software USING (mx_host)
  GROUP BY ALL
),
groups AS (
  SELECT software, sum(n) AS hosts FROM counted GROUP BY software
)
SELECT
  groups.software,
  results.result,
  coalesce(counted.n, 0)::BIGINT AS count,
  (coalesce(counted.n, 0) / groups.hosts)::DOUBLE AS share
FROM groups
CROSS JOIN starttls_results AS results
LEFT JOIN counted ON counted.software = groups.software AND counted.result = results.result
ORDER BY groups.software = 'unknown', groups.hosts DESC, groups.software, results.strength;
