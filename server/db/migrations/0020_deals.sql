-- Deals on pipelines of configurable stages (issue 23).
CREATE TABLE pipelines (
  id         TEXT PRIMARY KEY,                      -- UUID
  site_id    INTEGER NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
  name       TEXT NOT NULL,
  position   INTEGER NOT NULL DEFAULT 0,            -- order in the pipeline picker
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (site_id, name)
);

CREATE TABLE pipeline_stages (
  id          TEXT PRIMARY KEY,                     -- UUID
  site_id     INTEGER NOT NULL,
  pipeline_id TEXT NOT NULL REFERENCES pipelines(id) ON DELETE CASCADE,
  name        TEXT NOT NULL,
  position    INTEGER NOT NULL,                     -- column order on the board
  probability INTEGER NOT NULL CHECK (probability BETWEEN 0 AND 100),
  kind        TEXT NOT NULL DEFAULT 'open' CHECK (kind IN ('open', 'won', 'lost'))
);
CREATE INDEX pipeline_stages_pipeline ON pipeline_stages (pipeline_id, position);

CREATE TABLE deals (
  id               TEXT PRIMARY KEY,                -- UUID
  site_id          INTEGER NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
  title            TEXT NOT NULL,
  contact_id       TEXT REFERENCES contacts(id) ON DELETE SET NULL,
  company_id       TEXT REFERENCES companies(id) ON DELETE SET NULL,
  amount           INTEGER NOT NULL DEFAULT 0,      -- minor units
  currency         TEXT NOT NULL,
  pipeline_id      TEXT NOT NULL REFERENCES pipelines(id),
  stage_id         TEXT NOT NULL REFERENCES pipeline_stages(id),
  position         REAL NOT NULL DEFAULT 0,         -- order inside the stage's column (fractional: a move writes one row)
  status           TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'won', 'lost')), -- the stage's kind
  probability      INTEGER CHECK (probability BETWEEN 0 AND 100), -- NULL: the stage's default
  owner_id         INTEGER REFERENCES users(id) ON DELETE SET NULL,
  close_date       TEXT,                            -- expected (open) or actual (won/lost) close, YYYY-MM-DD in the site's zone
  lost_reason      TEXT,
  notes            TEXT,
  first_session    TEXT,                            -- the contact's first touch, copied at creation and kept
  source           TEXT,
  medium           TEXT,
  campaign         TEXT,
  affiliate        TEXT,
  stage_changed_at INTEGER NOT NULL,
  closed_at        INTEGER,                         -- when it entered a won or lost stage
  created_by       INTEGER,
  created_at       INTEGER NOT NULL,
  updated_at       INTEGER NOT NULL
);
CREATE INDEX deals_board ON deals (site_id, pipeline_id, stage_id, position);
CREATE INDEX deals_close ON deals (site_id, pipeline_id, status, close_date);
CREATE INDEX deals_closed ON deals (site_id, status, closed_at);
CREATE INDEX deals_contact ON deals (contact_id);
CREATE INDEX deals_company ON deals (company_id);

-- Every stage a deal entered, for the deal's history and the sales-cycle report.
CREATE TABLE deal_stage_changes (
  id            INTEGER PRIMARY KEY,
  site_id       INTEGER NOT NULL,
  deal_id       TEXT NOT NULL REFERENCES deals(id) ON DELETE CASCADE,
  from_stage_id TEXT,
  to_stage_id   TEXT NOT NULL,
  user_id       INTEGER,
  at            INTEGER NOT NULL
);
CREATE INDEX deal_stage_changes_deal ON deal_stage_changes (deal_id, at);

-- A won deal can create the purchase(s) it represents.
ALTER TABLE purchases ADD COLUMN deal_id TEXT REFERENCES deals(id) ON DELETE SET NULL;

-- A deal's calls, meetings, emails and notes live in `activities` with `deal_id` set. A deal with a contact
-- logs them on the contact too (its timeline shows them); a deal without one (a company's deal) logs them with
-- `contact_id` NULL. SQLite cannot drop NOT NULL in place, so `activities` is rebuilt (create, copy, drop, rename);
-- migrate() runs a migration with foreign keys off. What deleting a contact or a deal does to these rows is in
-- server/contacts/references.ts and server/deals/.
CREATE TABLE activities_new (
  id          TEXT PRIMARY KEY,
  site_id     INTEGER NOT NULL,
  contact_id  TEXT REFERENCES contacts(id) ON DELETE CASCADE,
  deal_id     TEXT REFERENCES deals(id) ON DELETE SET NULL,
  kind        TEXT NOT NULL CHECK (kind IN ('call', 'meeting', 'email', 'note')),
  subject     TEXT,
  body        TEXT,
  outcome     TEXT,
  occurred_at INTEGER NOT NULL,
  duration_minutes INTEGER,
  user_id     INTEGER,
  created_at  INTEGER NOT NULL,
  CHECK (contact_id IS NOT NULL OR deal_id IS NOT NULL)
);
INSERT INTO activities_new (id, site_id, contact_id, kind, subject, body, outcome, occurred_at, duration_minutes,
  user_id, created_at)
  SELECT id, site_id, contact_id, kind, subject, body, outcome, occurred_at, duration_minutes, user_id, created_at
  FROM activities;
DROP TABLE activities;
ALTER TABLE activities_new RENAME TO activities;
CREATE INDEX activities_contact ON activities (contact_id, occurred_at);
CREATE INDEX activities_deal ON activities (deal_id, occurred_at) WHERE deal_id IS NOT NULL;

-- The board's column totals (count, amount, weighted by probability) with its filters, read from this index alone.
CREATE INDEX deals_totals ON deals (site_id, pipeline_id, stage_id, currency, probability, amount, owner_id, status,
  close_date, source);

-- The purchases made from a won deal (its detail lists them).
CREATE INDEX purchases_deal ON purchases (deal_id) WHERE deal_id IS NOT NULL;
