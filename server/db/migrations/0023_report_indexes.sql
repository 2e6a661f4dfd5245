-- Distinct visitors of a long report window (a sixth of the site's history or more: server/reports/context.ts
-- longWindow) are counted by reading the site's sessions in visitor order, with no sort: the visitor index and the
-- source index gain the visitor, the start and the report filters' columns (and demographics' dimensions), so they
-- answer alone.
DROP INDEX sessions_site_visitor;
CREATE INDEX sessions_site_visitor ON sessions (site_id, visitor, started_at, source, campaign, country, device, language);
DROP INDEX sessions_site_source;
CREATE INDEX sessions_site_source ON sessions (site_id, source, medium, campaign, visitor, started_at, country, device);
