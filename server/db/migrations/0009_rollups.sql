-- Event counts in 15-minute UTC buckets (bucket = ts / 900000), so reports over long ranges sum a
-- few rows per bucket instead of scanning raw events. Every real time zone offset is a multiple of
-- 15 minutes, so local midnights (day, week, month edges in any zone, across DST) fall on bucket
-- edges and date-based report windows are answered exactly.
-- Rows are ordered by type first: every report reads one or a few event types.
-- A row is one combination of the event's own dimensions and its session's (the session's start
-- bucket too, since reports count events of the sessions that started in the window):
-- session_bucket is -1 and the session columns NULL while the event's session has no row.
-- `dims` is json_array() of the dimension columns: the NULL-safe part of the key.
-- Maintained by the triggers below on every write; rebuilt for the affected buckets after events
-- or sessions are deleted (erase, retention): see server/db/rollups.ts.
CREATE TABLE rollups (
  site_id        INTEGER NOT NULL,
  bucket         INTEGER NOT NULL,
  session_bucket INTEGER NOT NULL,
  dims           TEXT NOT NULL,
  type           TEXT NOT NULL,
  name,                                             -- no type: values keep their JSON type
  source, medium, campaign, country, device,       -- the session's
  affiliate,                                        -- props.affiliate (outbound partner clicks)
  price,                                            -- props.price
  price_currency,                                   -- props.currency
  currency,                                         -- the event's money currency
  n              INTEGER NOT NULL,
  value          INTEGER NOT NULL,                  -- sum of the events' values (minor units)
  PRIMARY KEY (site_id, type, bucket, session_bucket, dims)
) WITHOUT ROWID;

-- Backfill from the events already stored (the same query as rollupRebuildStatements).
INSERT INTO rollups (site_id, bucket, session_bucket, dims, type, name, source, medium, campaign, country, device, affiliate, price, price_currency, currency, n, value)
SELECT site_id, bucket, session_bucket, dims, type, name, source, medium, campaign, country, device, affiliate, price, price_currency, currency, count(*), coalesce(sum(value), 0)
FROM (SELECT e.site_id, e.ts / 900000 AS bucket, coalesce(s.started_at / 900000, -1) AS session_bucket,
        json_array(e.type, e.name, s.source, s.medium, s.campaign, s.country, s.device, json_extract(e.props, '$.affiliate'), json_extract(e.props, '$.price'), json_extract(e.props, '$.currency'), e.currency) AS dims,
        e.type, e.name, s.source, s.medium, s.campaign, s.country, s.device, json_extract(e.props, '$.affiliate') AS affiliate, json_extract(e.props, '$.price') AS price,
        json_extract(e.props, '$.currency') AS price_currency, e.currency, e.value
      FROM events e LEFT JOIN sessions s ON s.site_id = e.site_id AND s.id = e.session)
GROUP BY site_id, type, bucket, session_bucket, dims;

CREATE TRIGGER rollups_event_insert AFTER INSERT ON events BEGIN
  INSERT INTO rollups (site_id, bucket, session_bucket, dims, type, name, source, medium, campaign, country, device, affiliate, price, price_currency, currency, n, value)
  SELECT site_id, bucket, session_bucket,
    json_array(type, name, source, medium, campaign, country, device, affiliate, price, price_currency, currency),
    type, name, source, medium, campaign, country, device, affiliate, price, price_currency, currency, 1, coalesce(NEW.value, 0)
  FROM (SELECT NEW.site_id AS site_id, NEW.ts / 900000 AS bucket, coalesce(s.started_at / 900000, -1) AS session_bucket, NEW.type AS type, NEW.name AS name,
          s.source AS source, s.medium AS medium, s.campaign AS campaign, s.country AS country, s.device AS device,
          json_extract(NEW.props, '$.affiliate') AS affiliate, json_extract(NEW.props, '$.price') AS price,
          json_extract(NEW.props, '$.currency') AS price_currency, NEW.currency AS currency
        FROM (SELECT 1) LEFT JOIN sessions s ON s.site_id = NEW.site_id AND s.id = NEW.session) WHERE true
  ON CONFLICT (site_id, type, bucket, session_bucket, dims) DO UPDATE SET n = n + excluded.n, value = value + excluded.value;
END;

-- A session written after its events (the usual order within one ingest batch): move their counts
-- from "no session" to the session.
CREATE TRIGGER rollups_session_insert AFTER INSERT ON sessions BEGIN
  INSERT INTO rollups (site_id, bucket, session_bucket, dims, type, name, source, medium, campaign, country, device, affiliate, price, price_currency, currency, n, value)
  SELECT site_id, bucket, session_bucket,
    json_array(type, name, source, medium, campaign, country, device, affiliate, price, price_currency, currency),
    type, name, source, medium, campaign, country, device, affiliate, price, price_currency, currency, n, value
  FROM (SELECT e.site_id, e.ts / 900000 AS bucket, x.session_bucket, e.type, e.name,
          x.source, x.medium, x.campaign, x.country, x.device,
          json_extract(e.props, '$.affiliate') AS affiliate, json_extract(e.props, '$.price') AS price,
          json_extract(e.props, '$.currency') AS price_currency, e.currency, x.sign AS n, x.sign * coalesce(e.value, 0) AS value
        FROM events e
        JOIN (SELECT -1 AS sign, -1 AS session_bucket, NULL AS source, NULL AS medium, NULL AS campaign, NULL AS country, NULL AS device
              UNION ALL SELECT 1, NEW.started_at / 900000, NEW.source, NEW.medium, NEW.campaign, NEW.country, NEW.device) x
        WHERE e.session = NEW.id AND e.site_id = NEW.site_id) WHERE true
  ON CONFLICT (site_id, type, bucket, session_bucket, dims) DO UPDATE SET n = n + excluded.n, value = value + excluded.value;
END;

-- A late, earlier first event rewrites how a session began: move its events' counts.
CREATE TRIGGER rollups_session_update AFTER UPDATE OF started_at, source, medium, campaign, country, device ON sessions
WHEN OLD.started_at / 900000 IS NOT NEW.started_at / 900000 OR OLD.source IS NOT NEW.source OR OLD.medium IS NOT NEW.medium
  OR OLD.campaign IS NOT NEW.campaign OR OLD.country IS NOT NEW.country OR OLD.device IS NOT NEW.device
BEGIN
  INSERT INTO rollups (site_id, bucket, session_bucket, dims, type, name, source, medium, campaign, country, device, affiliate, price, price_currency, currency, n, value)
  SELECT site_id, bucket, session_bucket,
    json_array(type, name, source, medium, campaign, country, device, affiliate, price, price_currency, currency),
    type, name, source, medium, campaign, country, device, affiliate, price, price_currency, currency, n, value
  FROM (SELECT e.site_id, e.ts / 900000 AS bucket, x.session_bucket, e.type, e.name,
          x.source, x.medium, x.campaign, x.country, x.device,
          json_extract(e.props, '$.affiliate') AS affiliate, json_extract(e.props, '$.price') AS price,
          json_extract(e.props, '$.currency') AS price_currency, e.currency, x.sign AS n, x.sign * coalesce(e.value, 0) AS value
        FROM events e
        JOIN (SELECT -1 AS sign, OLD.started_at / 900000 AS session_bucket, OLD.source AS source, OLD.medium AS medium, OLD.campaign AS campaign, OLD.country AS country, OLD.device AS device
              UNION ALL SELECT 1, NEW.started_at / 900000, NEW.source, NEW.medium, NEW.campaign, NEW.country, NEW.device) x
        WHERE e.session = NEW.id AND e.site_id = NEW.site_id) WHERE true
  ON CONFLICT (site_id, type, bucket, session_bucket, dims) DO UPDATE SET n = n + excluded.n, value = value + excluded.value;
END;

-- What rollups cannot serve (distinct visitors, per-session joins, other tables by time).
-- Sessions by start with every column reports read (the `s` CTE of server/reports/context.ts):
-- visits, distinct visitors and filtered sessions come from this index alone.
CREATE INDEX sessions_site_started_cover ON sessions (site_id, started_at, visitor, id, source, medium, campaign, affiliate, country, language, device);
CREATE INDEX lead_submissions_site_received ON lead_submissions (site_id, received_at);
