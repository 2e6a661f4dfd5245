-- Sessions as the tracker reports them, with the source of each session's first event, so
-- reports can attribute by session; a visitor's first and last touch are its earliest and
-- latest sessions. No IP address is ever stored: anonymous uniques use a hash keyed by a
-- salt that rotates daily and is deleted after two days.
CREATE TABLE sessions (
  site_id         INTEGER NOT NULL,
  id              TEXT NOT NULL,                  -- the tracker's session id
  visitor         TEXT NOT NULL,
  started_at      INTEGER NOT NULL,               -- ts of its first event
  landing_url     TEXT,
  referrer        TEXT,
  referrer_domain TEXT,
  source          TEXT NOT NULL DEFAULT 'direct', -- utm_source / affiliate / click network / referrer domain / direct
  medium          TEXT,
  campaign        TEXT,
  term            TEXT,
  content         TEXT,
  click_id_type   TEXT,                           -- gclid, fbclid, …
  click_id        TEXT,
  affiliate       TEXT,                           -- inbound affiliate (ref/aff/via or registered domain)
  country         TEXT,                           -- ISO 3166 alpha-2, from a trusted proxy header only
  language        TEXT,
  device          TEXT,                           -- desktop / mobile / tablet
  visitor_hash    TEXT,                           -- daily-salted hash for anonymous uniques
  PRIMARY KEY (site_id, id)
);
CREATE INDEX sessions_site_started ON sessions (site_id, started_at);
CREATE INDEX sessions_site_visitor ON sessions (site_id, visitor, started_at);
CREATE INDEX sessions_site_source ON sessions (site_id, source, medium, campaign);
CREATE INDEX sessions_site_affiliate ON sessions (site_id, affiliate) WHERE affiliate IS NOT NULL;

CREATE TABLE daily_salts (
  day  TEXT PRIMARY KEY,                          -- UTC date, YYYY-MM-DD
  salt TEXT NOT NULL
);

-- Browsers of the site's own team, whose events are dropped.
CREATE TABLE excluded_visitors (
  site_id    INTEGER NOT NULL,
  visitor    TEXT NOT NULL,
  label      TEXT,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (site_id, visitor)
);
