-- Service: tickets with tracking numbers, their messages, the knowledge base and feedback.
CREATE TABLE tickets (
  id                TEXT PRIMARY KEY,               -- UUID
  site_id           INTEGER NOT NULL,
  tracking_number   TEXT NOT NULL UNIQUE,           -- human-friendly, e.g. LL-7K3M-9QXD
  token_hash        TEXT NOT NULL,                  -- SHA-256 of the visitor's ticket token
  contact_id        TEXT,
  visitor           TEXT,
  email             TEXT,
  name              TEXT,
  subject           TEXT NOT NULL,
  category          TEXT NOT NULL CHECK (category IN ('question', 'complaint', 'order_problem', 'feedback')),
  status            TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'pending', 'solved', 'closed')),
  priority          TEXT NOT NULL DEFAULT 'normal' CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
  assignee_id       INTEGER,
  locale            TEXT,
  created_at        INTEGER NOT NULL,
  updated_at        INTEGER NOT NULL,
  first_response_at INTEGER,                        -- first public staff reply
  solved_at         INTEGER,
  rating            INTEGER CHECK (rating BETWEEN 1 AND 5),
  rating_comment    TEXT,
  rated_at          INTEGER,
  last_visitor_at   INTEGER,                        -- for the unanswered count
  last_staff_at     INTEGER
);
CREATE INDEX tickets_site_status ON tickets (site_id, status, updated_at);
CREATE INDEX tickets_site_created ON tickets (site_id, created_at);
CREATE INDEX tickets_contact ON tickets (contact_id, created_at);

CREATE TABLE ticket_messages (
  id         TEXT PRIMARY KEY,
  ticket_id  TEXT NOT NULL,
  author     TEXT NOT NULL CHECK (author IN ('visitor', 'staff')),
  user_id    INTEGER,
  body       TEXT NOT NULL,
  internal   INTEGER NOT NULL DEFAULT 0,            -- staff notes: never shown to the visitor
  created_at INTEGER NOT NULL
);
CREATE INDEX ticket_messages_ticket ON ticket_messages (ticket_id, created_at);

CREATE TABLE kb_articles (
  id          INTEGER PRIMARY KEY,
  site_id     INTEGER NOT NULL,
  locale      TEXT NOT NULL CHECK (locale IN ('en', 'ar', 'ur')),
  title       TEXT NOT NULL,
  body        TEXT NOT NULL,                        -- Markdown, as staff wrote it
  tags        TEXT NOT NULL DEFAULT '[]',
  product     TEXT,
  published   INTEGER NOT NULL DEFAULT 1,
  helpful_yes INTEGER NOT NULL DEFAULT 0,
  helpful_no  INTEGER NOT NULL DEFAULT 0,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
);
CREATE INDEX kb_articles_site ON kb_articles (site_id, locale, published);

-- Search index over a normalised copy of title and text (see server/kb/normalize.ts); rowid = kb_articles.id.
CREATE VIRTUAL TABLE kb_fts USING fts5(title, body, tokenize = 'trigram');

CREATE TABLE feedback (
  id         TEXT PRIMARY KEY,
  site_id    INTEGER NOT NULL,
  visitor    TEXT,
  contact_id TEXT,
  rating     INTEGER CHECK (rating BETWEEN 1 AND 5),
  nps        INTEGER CHECK (nps BETWEEN 0 AND 10),
  comment    TEXT,
  url        TEXT,
  created_at INTEGER NOT NULL
);
CREATE INDEX feedback_site ON feedback (site_id, created_at);
