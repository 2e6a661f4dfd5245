-- Ingest cost must not grow with the events table. Without ANALYZE statistics SQLite guesses that
-- `site_id = ?` narrows events as well as `session = ?` does, so the session triggers of 0009 looked a
-- new session's events up through an index led by site_id (events_site_visitor_ts / events_site_ts):
-- every new session read every event of its site (11.8 s for 100 new sessions on a 300 k-event site).
-- The same triggers, pinned to events_session (session, type): a few index entries per session.
-- INDEXED BY fails loudly if that index is ever dropped instead of silently scanning the site again.
-- Their rollup rows are exactly those of 0009 (same statements; only the access path differs).
DROP TRIGGER rollups_session_insert;
DROP TRIGGER rollups_session_update;

-- A session written after its events (the usual order within one ingest batch): move their counts
-- from "no session" to the session.
CREATE TRIGGER rollups_session_insert AFTER INSERT ON sessions BEGIN
  INSERT INTO rollups (site_id, bucket, session_bucket, dims, type, name, source, medium, campaign, country, device,
    affiliate, price, price_currency, currency, n, value)
  SELECT site_id, bucket, session_bucket,
    json_array(type, name, source, medium, campaign, country, device, affiliate, price, price_currency, currency),
    type, name, source, medium, campaign, country, device, affiliate, price, price_currency, currency, n, value
  FROM (SELECT e.site_id, e.ts / 900000 AS bucket, x.session_bucket, e.type, e.name,
          x.source, x.medium, x.campaign, x.country, x.device,
          json_extract(e.props, '$.affiliate') AS affiliate, json_extract(e.props, '$.price') AS price,
          json_extract(e.props, '$.currency') AS price_currency, e.currency,
          x.sign AS n, x.sign * coalesce(e.value, 0) AS value
        FROM events e INDEXED BY events_session
        JOIN (SELECT -1 AS sign, -1 AS session_bucket, NULL AS source, NULL AS medium, NULL AS campaign,
                NULL AS country, NULL AS device
              UNION ALL SELECT 1, NEW.started_at / 900000, NEW.source, NEW.medium, NEW.campaign, NEW.country,
                NEW.device) x
        WHERE e.session = NEW.id AND e.site_id = NEW.site_id) WHERE true
  ON CONFLICT (site_id, type, bucket, session_bucket, dims)
    DO UPDATE SET n = n + excluded.n, value = value + excluded.value;
END;

-- A late, earlier first event rewrites how a session began: move its events' counts.
CREATE TRIGGER rollups_session_update AFTER UPDATE OF started_at, source, medium, campaign, country, device ON sessions
WHEN OLD.started_at / 900000 IS NOT NEW.started_at / 900000 OR OLD.source IS NOT NEW.source
  OR OLD.medium IS NOT NEW.medium OR OLD.campaign IS NOT NEW.campaign OR OLD.country IS NOT NEW.country
  OR OLD.device IS NOT NEW.device
BEGIN
  INSERT INTO rollups (site_id, bucket, session_bucket, dims, type, name, source, medium, campaign, country, device,
    affiliate, price, price_currency, currency, n, value)
  SELECT site_id, bucket, session_bucket,
    json_array(type, name, source, medium, campaign, country, device, affiliate, price, price_currency, currency),
    type, name, source, medium, campaign, country, device, affiliate, price, price_currency, currency, n, value
  FROM (SELECT e.site_id, e.ts / 900000 AS bucket, x.session_bucket, e.type, e.name,
          x.source, x.medium, x.campaign, x.country, x.device,
          json_extract(e.props, '$.affiliate') AS affiliate, json_extract(e.props, '$.price') AS price,
          json_extract(e.props, '$.currency') AS price_currency, e.currency,
          x.sign AS n, x.sign * coalesce(e.value, 0) AS value
        FROM events e INDEXED BY events_session
        JOIN (SELECT -1 AS sign, OLD.started_at / 900000 AS session_bucket, OLD.source AS source, OLD.medium AS medium,
                OLD.campaign AS campaign, OLD.country AS country, OLD.device AS device
              UNION ALL SELECT 1, NEW.started_at / 900000, NEW.source, NEW.medium, NEW.campaign, NEW.country,
                NEW.device) x
        WHERE e.session = NEW.id AND e.site_id = NEW.site_id) WHERE true
  ON CONFLICT (site_id, type, bucket, session_bucket, dims)
    DO UPDATE SET n = n + excluded.n, value = value + excluded.value;
END;
