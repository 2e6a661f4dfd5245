-- Goals for the value of deals won (issue 23): `won_value`, minor units of the site's reporting currency.
-- SQLite cannot change a CHECK in place, so `goals` is rebuilt (create, copy, drop, rename); nothing references it.
CREATE TABLE goals_new (
  id         TEXT PRIMARY KEY,
  site_id    INTEGER NOT NULL,
  metric     TEXT NOT NULL CHECK (metric IN ('leads', 'conversion_rate', 'first_response_minutes', 'won_value')),
  period     TEXT NOT NULL CHECK (period IN ('week', 'month')),
  target     REAL NOT NULL,
  created_at INTEGER NOT NULL,
  UNIQUE (site_id, metric, period)
);
INSERT INTO goals_new (id, site_id, metric, period, target, created_at)
  SELECT id, site_id, metric, period, target, created_at FROM goals;
DROP TABLE goals;
ALTER TABLE goals_new RENAME TO goals;
