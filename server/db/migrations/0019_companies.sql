-- Companies group the people who buy (issue 23). A contact links to one by id; `contacts.company`
-- stays the free text a form or import sent and only suggests a company, it never merges one.
CREATE TABLE companies (
  id         TEXT PRIMARY KEY,                      -- UUID
  site_id    INTEGER NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
  name       TEXT NOT NULL,
  domain     TEXT,                                  -- normalised: lower-case host without "www."
  industry   TEXT,
  size       TEXT,                                  -- a band: 1-10, 11-50, 51-200, 201-1000, 1001+
  owner_id   INTEGER REFERENCES users(id) ON DELETE SET NULL,
  fields     TEXT NOT NULL DEFAULT '{}',            -- custom fields, JSON object
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX companies_site_domain ON companies (site_id, domain);
CREATE INDEX companies_site_name ON companies (site_id, name COLLATE NOCASE);
CREATE INDEX companies_site_updated ON companies (site_id, updated_at);

ALTER TABLE contacts ADD COLUMN company_id TEXT REFERENCES companies(id) ON DELETE SET NULL;
CREATE INDEX contacts_company ON contacts (company_id);

-- A company's suggested people: contacts without a company, by the domain of their (lower-case) email.
CREATE INDEX contacts_email_domain ON contacts (site_id, substr(email, instr(email, '@') + 1)) WHERE company_id IS NULL;
