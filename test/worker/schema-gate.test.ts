import { describe, expect, it } from 'vitest';
import { migrate, readMigrations } from '../../server/db/migrate.ts';
import { freshDatabase, remoteApp } from './worker-app.ts';

/** The Worker never migrates: while its database is behind or unreachable, the API answers 503 + Retry-After. */
describe('Worker schema gate (workerd + sqld)', () => {
  it('answers 503 unavailable with Retry-After and CORS headers on an empty database', async () => {
    const { url } = await freshDatabase();
    const res = await remoteApp(url).request('/v1/config?site=pk_x', { headers: { origin: 'https://shop.example' } });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('30');
    expect(res.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    expect(await res.json()).toMatchObject({ error: { code: 'unavailable' } });
  });

  it('stays 503 while one migration is missing, and serves once the CLI applied it', async () => {
    const { db, url } = await freshDatabase();
    const all = readMigrations();
    await migrate(db, all.slice(0, -1));
    const app = remoteApp(url);
    expect((await app.request('/healthz')).status).toBe(503);
    await migrate(db, all);
    expect((await app.request('/healthz')).status).toBe(200);
  });

  it('answers 503 when the database does not answer', async () => {
    const res = await remoteApp('http://127.0.0.1:9/').request('/v1/admin/contacts', {
      headers: { authorization: 'Bearer sk_x' },
    });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
  });

  it('serves static files from Workers assets without the database', async () => {
    const res = await remoteApp('http://127.0.0.1:9/').request('/embed.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/javascript/);
  });
});
