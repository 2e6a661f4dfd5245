-- Events by name in time, for funnel steps `event:NAME`: an element, conversion or custom event
-- name is found in a few index entries instead of reading every event of the report's window.
-- Partial: pageviews (most events) have no name and add nothing to it.
CREATE INDEX events_site_name_ts ON events (site_id, name, ts) WHERE name IS NOT NULL;
