-- Public requests refused by the site check (server/site-access.ts), counted per UTC day, so an
-- owner can see why a page is not tracked (Admin → Installation). No addresses are kept; rows
-- older than 7 days are deleted by the retention job (server/db/refusals.ts has the bounds).
--   reason 'origin':   the page's origin is not among site_id's allowed origins.
--   reason 'site_key': no site has the key used; kept under that key and the page origin, and
--                      shown to the sites that origin belongs to (docs/decisions.md).
CREATE TABLE refused_requests (
  reason   TEXT NOT NULL CHECK (reason IN ('origin', 'site_key')),
  site_id  INTEGER,                                  -- reason 'origin' only
  site_key TEXT,                                     -- reason 'site_key' only: the unknown key used
  origin   TEXT NOT NULL,                            -- scheme://host[:port], or 'null'
  day      TEXT NOT NULL,                            -- YYYY-MM-DD, UTC
  count    INTEGER NOT NULL,
  last_at  INTEGER NOT NULL,                         -- UTC ms
  CHECK ((reason = 'origin') = (site_id IS NOT NULL) AND (reason = 'site_key') = (site_key IS NOT NULL))
);
CREATE UNIQUE INDEX refused_origins ON refused_requests (site_id, day, origin) WHERE reason = 'origin';
CREATE UNIQUE INDEX refused_keys ON refused_requests (day, site_key, origin) WHERE reason = 'site_key';
CREATE INDEX refused_keys_by_origin ON refused_requests (origin, day) WHERE reason = 'site_key';
