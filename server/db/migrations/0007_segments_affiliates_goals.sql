-- Saved contact segments, affiliates with their commission rule, and goals.
CREATE TABLE segments (
  id         TEXT PRIMARY KEY,
  site_id    INTEGER NOT NULL,
  name       TEXT NOT NULL,
  definition TEXT NOT NULL,                         -- JSON {match, rules}, see server/schemas/segments.ts
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX segments_site ON segments (site_id, name);

CREATE TABLE affiliates (
  id               TEXT PRIMARY KEY,
  site_id          INTEGER NOT NULL,
  name             TEXT NOT NULL,                   -- the value in ?ref= links, lower-case
  label            TEXT,
  domains          TEXT NOT NULL DEFAULT '[]',      -- referring domains that count as this affiliate
  commission_type  TEXT NOT NULL DEFAULT 'percent' CHECK (commission_type IN ('percent', 'fixed')),
  commission_value INTEGER NOT NULL DEFAULT 0,      -- basis points for percent, minor units per customer for fixed
  currency         TEXT,
  created_at       INTEGER NOT NULL,
  UNIQUE (site_id, name)
);

CREATE TABLE goals (
  id         TEXT PRIMARY KEY,
  site_id    INTEGER NOT NULL,
  metric     TEXT NOT NULL CHECK (metric IN ('leads', 'conversion_rate', 'first_response_minutes')),
  period     TEXT NOT NULL CHECK (period IN ('week', 'month')),
  target     REAL NOT NULL,
  created_at INTEGER NOT NULL,
  UNIQUE (site_id, metric, period)
);
