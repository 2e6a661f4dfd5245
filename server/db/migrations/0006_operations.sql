-- Operations: who did what, canned replies, segments.
CREATE TABLE audit_log (
  id        INTEGER PRIMARY KEY,
  site_id   INTEGER NOT NULL,
  user_id   INTEGER,
  action    TEXT NOT NULL,                          -- e.g. contact.erase, contacts.export, settings.update, token.revoke
  target    TEXT,                                   -- what it was done to (ids, never personal data)
  detail    TEXT,                                   -- JSON
  at        INTEGER NOT NULL
);
CREATE INDEX audit_log_site ON audit_log (site_id, at);

CREATE TABLE canned_replies (
  id         TEXT PRIMARY KEY,
  site_id    INTEGER NOT NULL,
  locale     TEXT NOT NULL CHECK (locale IN ('en', 'ar', 'ur')),
  title      TEXT NOT NULL,
  body       TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX canned_replies_site ON canned_replies (site_id, locale, title);
