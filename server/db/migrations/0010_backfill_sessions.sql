-- Events stored before sessions existed (0001 → 0002) have no session row, so session-based
-- reports (campaigns, prices, vitals, funnels…) left them out. One session per (site, session id)
-- from its earliest event; its source from the event's stored UTM, else "direct" (the referrer
-- and click-id rules live in code). The rollup triggers move those events' counts to it.
INSERT OR IGNORE INTO sessions (site_id, id, visitor, started_at, landing_url, referrer, source, medium, campaign, term, content)
SELECT e.site_id, e.session, e.visitor, e.ts, e.url, e.ref,
  coalesce(json_extract(e.utm, '$.source'), 'direct'), json_extract(e.utm, '$.medium'), json_extract(e.utm, '$.campaign'),
  json_extract(e.utm, '$.term'), json_extract(e.utm, '$.content')
FROM events e
WHERE NOT EXISTS (SELECT 1 FROM sessions s WHERE s.site_id = e.site_id AND s.id = e.session)
  AND e.ts = (SELECT min(f.ts) FROM events f WHERE f.site_id = e.site_id AND f.session = e.session)
GROUP BY e.site_id, e.session;
