-- Probe coverage: delivered emails whose STARTTLS result rests on a probe, by probe age.
--
-- Parameters: $from, $to (days, inclusive).
-- Returns one row per basis and age: rests_on ('log' or 'probe'), probe_age_days (days between
-- the delivery and the probe, either way; null for 'log'), emails, share (of all delivered
-- emails in the range) and mx_hosts (distinct MX hosts among those emails).
WITH sent AS (
  SELECT
    CASE WHEN evidence = 'probe' THEN 'probe' ELSE 'log' END AS rests_on,
    CASE WHEN evidence = 'probe' THEN probe_age_days END AS probe_age_days,
    mx_host
  FROM deliveries
  WHERE status = 'sent' AND day BETWEEN $from::DATE AND $to::DATE
)
SELECT
  rests_on,
  probe_age_days,
  count(*)::BIGINT AS emails,
  (count(*) / sum(count(*)) OVER ())::DOUBLE AS share,
  count(DISTINCT mx_host)::BIGINT AS mx_hosts
FROM sent
GROUP BY rests_on, probe_age_days
ORDER BY rests_on, probe_age_days;
