-- Sign-in without the owner (issue 21): passwords, one-use email sign-in links, 30-day sliding sessions.

-- `scrypt$N$r$p$salt$hash` (base64url), or NULL: this user has no password.
ALTER TABLE users ADD COLUMN password_hash TEXT;

-- Admin sessions live in `tokens` beside API tokens: `session = 1` slides (each use, written at most
-- once an hour, moves `expires_at` 30 days on) and names the browser it was made in.
ALTER TABLE tokens ADD COLUMN session INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tokens ADD COLUMN device TEXT;
UPDATE tokens SET session = 1 WHERE label = 'admin session' AND expires_at IS NOT NULL;
CREATE INDEX tokens_user ON tokens (user_id);

-- Email sign-in links: made when the email is sent (the outbox holds the user id, never a link),
-- one use, 15 minutes. Only the SHA-256 of the code is kept.
CREATE TABLE signin_links (
  id         INTEGER PRIMARY KEY,
  user_id    INTEGER NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at    INTEGER
);
CREATE INDEX signin_links_user ON signin_links (user_id);
