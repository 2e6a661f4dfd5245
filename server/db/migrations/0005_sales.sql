-- The sales team's data: invites, tasks, products, purchases.
-- Invite links: exchanged once for a short-lived session token (tokens.expires_at).
CREATE TABLE invites (
  id         INTEGER PRIMARY KEY,
  site_id    INTEGER NOT NULL,
  user_id    INTEGER NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  created_by INTEGER,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at    INTEGER
);
ALTER TABLE tokens ADD COLUMN last_used_at INTEGER;

CREATE TABLE tasks (
  id          TEXT PRIMARY KEY,
  site_id     INTEGER NOT NULL,
  contact_id  TEXT NOT NULL,
  title       TEXT NOT NULL,
  due_at      INTEGER,
  assignee_id INTEGER,
  done_at     INTEGER,
  created_by  INTEGER,
  created_at  INTEGER NOT NULL
);
CREATE INDEX tasks_assignee ON tasks (site_id, assignee_id, done_at, due_at);
CREATE INDEX tasks_contact ON tasks (contact_id, created_at);

CREATE TABLE products (
  id              TEXT PRIMARY KEY,
  site_id         INTEGER NOT NULL,
  name            TEXT NOT NULL,
  sku             TEXT,
  price           INTEGER NOT NULL,                 -- minor units
  currency        TEXT NOT NULL,
  contract_months INTEGER,                          -- service contract length, if any
  active          INTEGER NOT NULL DEFAULT 1,
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL
);
CREATE UNIQUE INDEX products_site_sku ON products (site_id, sku);

CREATE TABLE purchases (
  id                TEXT PRIMARY KEY,
  site_id           INTEGER NOT NULL,
  contact_id        TEXT NOT NULL,
  product_id        TEXT,
  product_name      TEXT NOT NULL,                  -- the catalogue name at the time, or free text
  unit_price        INTEGER NOT NULL,               -- minor units
  quantity          INTEGER NOT NULL,
  currency          TEXT NOT NULL,
  sales_rep_id      INTEGER,
  instructions      TEXT,
  contract_end_at   INTEGER,
  external_id       TEXT,                           -- the shop's order id: a resend is stored once
  session           TEXT,                           -- attributed (last-touch) session
  purchased_at      INTEGER NOT NULL,
  created_at        INTEGER NOT NULL
);
CREATE UNIQUE INDEX purchases_site_external ON purchases (site_id, external_id);
CREATE INDEX purchases_contact ON purchases (contact_id, purchased_at);
CREATE INDEX purchases_site_time ON purchases (site_id, purchased_at);
CREATE INDEX purchases_contract ON purchases (site_id, contract_end_at) WHERE contract_end_at IS NOT NULL;
