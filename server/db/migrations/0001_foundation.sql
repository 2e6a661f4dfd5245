-- Sites, their users and admin tokens, and the raw event log.
CREATE TABLE sites (
  id              INTEGER PRIMARY KEY,
  key             TEXT NOT NULL UNIQUE,            -- public site key, pk_…
  name            TEXT NOT NULL,
  allowed_origins TEXT NOT NULL DEFAULT '[]',      -- JSON array; empty = any origin
  time_zone       TEXT NOT NULL DEFAULT 'UTC',
  currency        TEXT NOT NULL DEFAULT 'USD',
  settings        TEXT NOT NULL DEFAULT '{}',      -- JSON
  created_at      INTEGER NOT NULL
);

CREATE TABLE users (
  id         INTEGER PRIMARY KEY,
  site_id    INTEGER NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
  name       TEXT NOT NULL,
  email      TEXT,
  role       TEXT NOT NULL CHECK (role IN ('owner', 'rep', 'viewer', 'integration')),
  created_at INTEGER NOT NULL,
  UNIQUE (site_id, email)
);

-- Only the SHA-256 of a token is kept; the token itself is shown once.
CREATE TABLE tokens (
  id           INTEGER PRIMARY KEY,
  user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  hash         TEXT NOT NULL UNIQUE,
  label        TEXT,
  created_at   INTEGER NOT NULL,
  expires_at   INTEGER,
  revoked_at   INTEGER
);

-- id is the client's event id: a resend of the same event is stored once.
CREATE TABLE events (
  id          TEXT PRIMARY KEY,
  site_id     INTEGER NOT NULL,
  type        TEXT NOT NULL,
  name        TEXT,
  ts          INTEGER NOT NULL,                     -- client time, UTC ms
  received_at INTEGER NOT NULL,                     -- server time, UTC ms
  visitor     TEXT NOT NULL,
  session     TEXT NOT NULL,
  url         TEXT NOT NULL,
  ref         TEXT,
  title       TEXT,
  props       TEXT,                                 -- JSON object
  value       INTEGER,                              -- minor units
  currency    TEXT,
  utm         TEXT,                                 -- JSON object
  click_ids   TEXT                                  -- JSON object
);
CREATE INDEX events_site_type_ts ON events (site_id, type, ts);
CREATE INDEX events_site_ts ON events (site_id, ts);
CREATE INDEX events_session ON events (session, type);
CREATE INDEX events_site_visitor_ts ON events (site_id, visitor, ts);
