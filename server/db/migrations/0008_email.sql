-- Email: the outbox of messages to send, per-user notification switches, extra ticket links.
CREATE TABLE emails (
  id              INTEGER PRIMARY KEY,
  site_id         INTEGER NOT NULL,
  template        TEXT NOT NULL,                    -- ticket_confirmation, ticket_reply, ticket_link, new_lead, new_ticket, ticket_assigned, customer_reply, task_due, daily_digest
  to_email        TEXT NOT NULL,
  locale          TEXT NOT NULL DEFAULT 'en',
  data            TEXT NOT NULL,                    -- JSON the template renders
  dedupe_key      TEXT NOT NULL,                    -- one message per key: a retry or a resend never mails twice
  status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  last_error      TEXT,
  created_at      INTEGER NOT NULL,
  sent_at         INTEGER,
  UNIQUE (site_id, dedupe_key)
);
CREATE INDEX emails_due ON emails (status, next_attempt_at);

-- Per-user switches; a missing row means the default (all on, the daily digest off).
CREATE TABLE notification_prefs (
  user_id INTEGER NOT NULL,
  kind    TEXT NOT NULL,                            -- new_lead, new_ticket, ticket_assigned, customer_reply, task_due, daily_digest
  enabled INTEGER NOT NULL,
  PRIMARY KEY (user_id, kind)
);

-- Links sent by email carry their own ticket token (the first one is shown in the chat).
CREATE TABLE ticket_tokens (
  token_hash TEXT PRIMARY KEY,
  ticket_id  TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
ALTER TABLE tickets ADD COLUMN page_url TEXT;
ALTER TABLE tasks ADD COLUMN notified_at INTEGER;
