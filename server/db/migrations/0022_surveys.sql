-- Customer surveys (issue 24): NPS, CSAT and choice questions defined per site, their answers (with the
-- contact, or the browser until it is known), the dismissals that count for the frequency caps, and the
-- one-use links of the post-purchase survey email.
CREATE TABLE surveys (
  id         TEXT PRIMARY KEY,                      -- UUID
  site_id    INTEGER NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
  name       TEXT NOT NULL,
  kind       TEXT NOT NULL CHECK (kind IN ('nps', 'csat', 'choice')),
  question   TEXT NOT NULL DEFAULT '{}',            -- JSON {en?, ar?, ur?}
  choices    TEXT NOT NULL DEFAULT '[]',            -- JSON [{id, label: {en?, ar?, ur?}}] (kind choice)
  multiple   INTEGER NOT NULL DEFAULT 0,            -- choice: more than one answer allowed
  other      INTEGER NOT NULL DEFAULT 0,            -- choice: an "other" text field
  why        INTEGER NOT NULL DEFAULT 1,            -- ask "why?" (a comment) after the score
  trigger    TEXT NOT NULL DEFAULT 'inline' CHECK (trigger IN ('inline', 'purchase', 'visits', 'ticket_solved')),
  visits_n   INTEGER,                               -- trigger visits: on the Nth session of a known contact
  cap_days   INTEGER NOT NULL DEFAULT 90,           -- never asked again within this many days
  active     INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX surveys_site ON surveys (site_id, active, trigger);

CREATE TABLE survey_answers (
  id          TEXT PRIMARY KEY,                     -- the client's answer id: a resend is stored once
  site_id     INTEGER NOT NULL,
  survey_id   TEXT NOT NULL,
  contact_id  TEXT,                                 -- NULL while the browser is anonymous (joined on identify)
  visitor     TEXT,
  session     TEXT,
  source      TEXT NOT NULL DEFAULT 'direct',       -- attribution of the answer's session
  medium      TEXT,
  campaign    TEXT,
  affiliate   TEXT,
  purchase_id TEXT,                                 -- the purchase (email link) or ticket the answer follows
  ticket_id   TEXT,
  score       INTEGER,                              -- nps 0–10, csat 1–5
  choices     TEXT NOT NULL DEFAULT '[]',           -- JSON array of choice ids
  other       TEXT,
  comment     TEXT,
  locale      TEXT,
  created_at  INTEGER NOT NULL
);
CREATE INDEX survey_answers_report ON survey_answers (site_id, survey_id, created_at);
CREATE INDEX survey_answers_site_time ON survey_answers (site_id, created_at);
CREATE INDEX survey_answers_contact ON survey_answers (contact_id, created_at);
CREATE INDEX survey_answers_visitor ON survey_answers (site_id, visitor, created_at);
-- One answer per purchase and per solved ticket: a second answer through the same link is refused (409).
CREATE UNIQUE INDEX survey_answers_purchase ON survey_answers (survey_id, purchase_id) WHERE purchase_id IS NOT NULL;
CREATE UNIQUE INDEX survey_answers_ticket ON survey_answers (survey_id, ticket_id) WHERE ticket_id IS NOT NULL;

-- "Not now": no answer, but the visitor (and contact) is not asked again within the survey's cap.
CREATE TABLE survey_dismissals (
  id          INTEGER PRIMARY KEY,
  site_id     INTEGER NOT NULL,
  survey_id   TEXT NOT NULL,
  contact_id  TEXT,
  visitor     TEXT NOT NULL,
  purchase_id TEXT,
  ticket_id   TEXT,
  created_at  INTEGER NOT NULL
);
CREATE INDEX survey_dismissals_visitor ON survey_dismissals (site_id, visitor, created_at);
CREATE INDEX survey_dismissals_contact ON survey_dismissals (contact_id, created_at);

-- The post-purchase email's link (`?ll_survey=TOKEN`): one per purchase, stored as a hash only.
CREATE TABLE survey_tokens (
  token_hash  TEXT PRIMARY KEY,                     -- SHA-256 of the token
  site_id     INTEGER NOT NULL,
  survey_id   TEXT NOT NULL,
  purchase_id TEXT NOT NULL UNIQUE,
  contact_id  TEXT NOT NULL,
  created_at  INTEGER NOT NULL
);
CREATE INDEX survey_tokens_contact ON survey_tokens (contact_id);

-- Addresses that unsubscribed from survey emails, as SHA-256 of the normalised address: the suppression outlives
-- the contact (a deleted or erased contact created again is still not mailed) without keeping the address.
CREATE TABLE survey_optouts (
  site_id    INTEGER NOT NULL,
  email_hash TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (site_id, email_hash)
);

-- A browser that becomes known (identify, a lead form, a ticket: every way contact_visitors is written) brings
-- its anonymous answers and dismissals to the contact.
CREATE TRIGGER survey_join_insert AFTER INSERT ON contact_visitors BEGIN
  UPDATE survey_answers SET contact_id = NEW.contact_id
    WHERE site_id = NEW.site_id AND visitor = NEW.visitor AND contact_id IS NULL;
  UPDATE survey_dismissals SET contact_id = NEW.contact_id
    WHERE site_id = NEW.site_id AND visitor = NEW.visitor AND contact_id IS NULL;
END;
CREATE TRIGGER survey_join_update AFTER UPDATE OF contact_id ON contact_visitors BEGIN
  UPDATE survey_answers SET contact_id = NEW.contact_id
    WHERE site_id = NEW.site_id AND visitor = NEW.visitor AND contact_id IS NULL;
  UPDATE survey_dismissals SET contact_id = NEW.contact_id
    WHERE site_id = NEW.site_id AND visitor = NEW.visitor AND contact_id IS NULL;
END;
