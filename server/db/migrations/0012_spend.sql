-- Campaign spend: what the owner paid for a campaign key (source/medium/campaign, as sessions
-- store them: lower-case, no medium/campaign = NULL) over inclusive days in the site's zone.
CREATE TABLE spend (
  id         TEXT PRIMARY KEY,
  site_id    INTEGER NOT NULL,
  source     TEXT NOT NULL,
  medium     TEXT,
  campaign   TEXT,
  from_day   TEXT NOT NULL,                           -- YYYY-MM-DD in the site's time zone, inclusive
  to_day     TEXT NOT NULL,                           -- inclusive; equal to from_day for one day
  amount     INTEGER NOT NULL CHECK (amount >= 0),    -- minor units of `currency`
  currency   TEXT NOT NULL,
  note       TEXT,
  created_at INTEGER NOT NULL,
  CHECK (to_day >= from_day)
);
CREATE INDEX spend_site_days ON spend (site_id, to_day, from_day);
