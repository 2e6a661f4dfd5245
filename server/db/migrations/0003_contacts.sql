-- Contacts and their lifecycle, lead forms, activities, and the webhook outbox.
CREATE TABLE contacts (
  id              TEXT PRIMARY KEY,                 -- UUID
  site_id         INTEGER NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
  email           TEXT,                             -- normalised: trimmed, lower-case
  name            TEXT,
  phone           TEXT,
  company         TEXT,
  fields          TEXT NOT NULL DEFAULT '{}',       -- custom fields, JSON object
  stage           TEXT NOT NULL DEFAULT 'lead' CHECK (stage IN ('lead', 'prospect', 'customer', 'lost')),
  owner_id        INTEGER REFERENCES users(id) ON DELETE SET NULL,
  tags            TEXT NOT NULL DEFAULT '[]',       -- JSON array of strings
  consent         INTEGER NOT NULL DEFAULT 0,       -- agreed to be contacted (form checkbox)
  consent_at      INTEGER,
  origin          TEXT NOT NULL,                    -- 'form' or 'manual'
  first_session   TEXT,                             -- first touch
  source          TEXT,                             -- first-touch source/medium/campaign/affiliate
  medium          TEXT,
  campaign        TEXT,
  affiliate       TEXT,
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL
);
CREATE UNIQUE INDEX contacts_site_email ON contacts (site_id, email);
CREATE INDEX contacts_site_stage ON contacts (site_id, stage, updated_at);
CREATE INDEX contacts_site_updated ON contacts (site_id, updated_at);

-- Browsers (tracker visitor ids) known to belong to a contact: their events join its timeline.
CREATE TABLE contact_visitors (
  site_id    INTEGER NOT NULL,
  visitor    TEXT NOT NULL,
  contact_id TEXT NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
  linked_at  INTEGER NOT NULL,
  PRIMARY KEY (site_id, visitor)
);
CREATE INDEX contact_visitors_contact ON contact_visitors (contact_id);

CREATE TABLE stage_history (
  id         INTEGER PRIMARY KEY,
  contact_id TEXT NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
  from_stage TEXT,
  to_stage   TEXT NOT NULL,
  reason     TEXT NOT NULL,                         -- form, manual, activity, return_visit, purchase, merge
  user_id    INTEGER,
  at         INTEGER NOT NULL
);
CREATE INDEX stage_history_contact ON stage_history (contact_id, at);

-- What reps log: calls, meetings, emails, notes.
CREATE TABLE activities (
  id          TEXT PRIMARY KEY,
  site_id     INTEGER NOT NULL,
  contact_id  TEXT NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
  kind        TEXT NOT NULL CHECK (kind IN ('call', 'meeting', 'email', 'note')),
  subject     TEXT,
  body        TEXT,
  outcome     TEXT,
  occurred_at INTEGER NOT NULL,
  duration_minutes INTEGER,
  user_id     INTEGER,
  created_at  INTEGER NOT NULL
);
CREATE INDEX activities_contact ON activities (contact_id, occurred_at);

-- Lead form definitions (fields, labels per locale, consent), by name per site.
CREATE TABLE forms (
  site_id    INTEGER NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
  name       TEXT NOT NULL,
  definition TEXT NOT NULL,                         -- JSON, see server/schemas/forms.ts
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (site_id, name)
);

-- One row per accepted submission: the id makes a resend a no-op; the payload keeps every value.
CREATE TABLE lead_submissions (
  id          TEXT PRIMARY KEY,                     -- the client's submission id
  site_id     INTEGER NOT NULL,
  form        TEXT NOT NULL,
  contact_id  TEXT REFERENCES contacts(id) ON DELETE CASCADE,
  visitor     TEXT,
  session     TEXT,
  url         TEXT,
  fields      TEXT NOT NULL,                        -- JSON as submitted (after validation)
  received_at INTEGER NOT NULL
);
CREATE INDEX lead_submissions_contact ON lead_submissions (contact_id, received_at);

CREATE TABLE webhooks (
  id         INTEGER PRIMARY KEY,
  site_id    INTEGER NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
  url        TEXT NOT NULL,
  secret     TEXT NOT NULL,                         -- HMAC key: must be usable to sign, so kept as is
  events     TEXT NOT NULL DEFAULT '["*"]',         -- JSON array of event types, "*" = all
  active     INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL
);

-- The outbox: one row per (webhook, event), retried with backoff until delivered or given up.
CREATE TABLE deliveries (
  id              INTEGER PRIMARY KEY,
  site_id         INTEGER NOT NULL,
  webhook_id      INTEGER NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
  event_id        TEXT NOT NULL,                    -- stable id of what happened: resends dedupe on it
  event_type      TEXT NOT NULL,
  payload         TEXT NOT NULL,                    -- JSON body sent
  status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  last_status     INTEGER,
  last_error      TEXT,
  created_at      INTEGER NOT NULL,
  delivered_at    INTEGER,
  UNIQUE (webhook_id, event_id)
);
CREATE INDEX deliveries_due ON deliveries (status, next_attempt_at);
CREATE INDEX deliveries_site ON deliveries (site_id, created_at);
