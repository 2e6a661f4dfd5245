-- User ids are never reused, and what a removed user wrote keeps their name.
-- Without AUTOINCREMENT, SQLite hands out max(id) + 1: after one site removed its newest user,
-- another site's next user got that id and became the author of the first site's replies.
-- SQLite cannot add AUTOINCREMENT in place, so `users` is rebuilt (create, copy, drop, rename);
-- migrate() runs a migration with foreign keys off, so the drop cascades to no tokens or owners.
CREATE TABLE users_new (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  site_id    INTEGER NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
  name       TEXT NOT NULL,
  email      TEXT,
  role       TEXT NOT NULL CHECK (role IN ('owner', 'rep', 'viewer', 'integration')),
  created_at INTEGER NOT NULL,
  UNIQUE (site_id, email)
);
INSERT INTO users_new (id, site_id, name, email, role, created_at) SELECT id, site_id, name, email, role, created_at FROM users;
DROP TABLE users;
ALTER TABLE users_new RENAME TO users;

-- The next id is above every id ever handed out, including those of users already removed
-- whose ids are still written on messages, activities, tasks, purchases, invites and the audit log.
DELETE FROM sqlite_sequence WHERE name IN ('users', 'users_new');
INSERT INTO sqlite_sequence (name, seq) SELECT 'users', coalesce(max(id), 0) FROM (
  SELECT max(id) AS id FROM users
  UNION ALL SELECT max(user_id) FROM tokens
  UNION ALL SELECT max(max(user_id), coalesce(max(created_by), 0)) FROM invites
  UNION ALL SELECT max(owner_id) FROM contacts
  UNION ALL SELECT max(user_id) FROM stage_history
  UNION ALL SELECT max(user_id) FROM activities
  UNION ALL SELECT max(assignee_id) FROM tickets
  UNION ALL SELECT max(user_id) FROM ticket_messages
  UNION ALL SELECT max(max(coalesce(assignee_id, 0), coalesce(created_by, 0))) FROM tasks
  UNION ALL SELECT max(sales_rep_id) FROM purchases
  UNION ALL SELECT max(user_id) FROM audit_log
  UNION ALL SELECT max(CAST(substr(target, 6) AS INTEGER)) FROM audit_log WHERE target LIKE 'user:%'
  UNION ALL SELECT max(user_id) FROM notification_prefs
);

-- A removed user's name, for what they wrote ("Former user: Name"); the row's id is the user's.
CREATE TABLE deleted_users (
  id         INTEGER PRIMARY KEY,
  site_id    INTEGER NOT NULL,
  name       TEXT NOT NULL,
  deleted_at INTEGER NOT NULL
);

-- The email log names the contact a message is about, so merge moves it and erase removes it
-- (server/contacts/references.ts).
ALTER TABLE emails ADD COLUMN contact_id TEXT;
CREATE INDEX emails_contact ON emails (contact_id) WHERE contact_id IS NOT NULL;

-- Invites of a user: a new one replaces the earlier ones.
CREATE INDEX invites_user ON invites (user_id);

-- "Was this helpful?": one vote per browser (daily-salted hash of IP + user agent) per article.
CREATE TABLE kb_votes (
  article_id INTEGER NOT NULL,
  voter      TEXT NOT NULL,
  helpful    INTEGER NOT NULL,
  at         INTEGER NOT NULL,
  PRIMARY KEY (article_id, voter)
);

-- How many times a ticket's rating was set (the visitor may change it a bounded number of times).
ALTER TABLE tickets ADD COLUMN rating_changes INTEGER NOT NULL DEFAULT 0;
