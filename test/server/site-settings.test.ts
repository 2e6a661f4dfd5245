import { describe, expect, it } from 'vitest';
import { defaultSiteSettings, parseSiteSettings } from '../../server/schemas/settings.ts';
import { as, testApp } from './test-app.ts';

describe('stored site settings', () => {
  it('reads every option, with defaults for what is missing or no longer valid, and drops unknown keys', () => {
    expect(parseSiteSettings(null)).toEqual(defaultSiteSettings);
    expect(parseSiteSettings('not json')).toEqual(defaultSiteSettings);
    expect(parseSiteSettings('[1, 2]')).toEqual(defaultSiteSettings);
    const old = parseSiteSettings(
      JSON.stringify({
        consent: 'required',
        vitalsSampling: 0.5,
        locales: ['ar'],
        retentionDays: 30,
        accent: 'red;background:url(x)',
        rateLimits: { leads: 0, tickets: 2, bogus: 1 },
        adminUrl: 'https://shop.example/admin',
        turnstileSecret: 'secret',
      }),
    );
    expect(old).toEqual({
      ...defaultSiteSettings,
      retentionDays: 30,
      adminUrl: 'https://shop.example/admin',
      turnstileSecret: 'secret',
      // One bad limit falls back alone.
      rateLimits: { ...defaultSiteSettings.rateLimits, tickets: 2 },
    });
  });

  it('serves an old row through the same schema, and the next save leaves only known keys', async () => {
    const { app, db, adminToken } = await testApp();
    await db.execute({
      sql: 'UPDATE sites SET settings = ?',
      args: [
        JSON.stringify({ consent: 'required', vitalsSampling: 0.2, rateLimits: { leads: 'many' }, retentionDays: 7 }),
      ],
    });
    const shown = await (await app.request('/v1/admin/settings', as(adminToken))).json();
    expect(shown).toMatchObject({ retentionDays: 7, rateLimits: { leads: 10 }, turnstileSecretSet: false });
    expect(shown).not.toHaveProperty('consent');
    expect(shown).not.toHaveProperty('vitalsSampling');
    expect((await app.request('/v1/admin/settings', as(adminToken, 'PATCH', { retentionDays: 8 }))).status).toBe(200);
    const { rows } = await db.execute('SELECT settings FROM sites');
    const stored = JSON.parse(String(rows[0]!.settings));
    expect(Object.keys(stored).sort()).toEqual(Object.keys(defaultSiteSettings).sort());
    expect(stored).toMatchObject({ retentionDays: 8, rateLimits: { leads: 10 } });
  });
});
