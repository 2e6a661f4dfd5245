import type { Client, InValue } from '@libsql/client';
import { seedDeals } from './seed-deals.ts';
import { seedKb } from './seed-kb.ts';
import { findSite } from '../db/sites.ts';
import type { WriteQueue } from '../db/write-queue.ts';

const campaigns = [
  { source: 'google', medium: 'cpc', campaign: 'winter-sale', click: 'gclid' },
  { source: 'newsletter', medium: 'email', campaign: 'november' },
  { source: 'facebook', medium: 'paid-social', campaign: 'winter-sale', click: 'fbclid' },
  {},
] as const;
const pages = ['/', '/pricing', '/products/desk-lamp', '/products/standing-desk', '/contact'];

/** A small pseudo-random sequence, so a seeded demo looks the same every time. */
function sequence(seed: number) {
  return () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
}

/**
 * Fills a site with two weeks of plausible traffic (pageviews, element
 * impressions and clicks, price clicks, outbound partner clicks, conversions)
 * and, if it has none, help articles in en/ar/ur and two pipelines of deals
 * (seed-deals.ts), so the admin has something to show. Returns the number of
 * events written.
 */
export async function seedDemo(db: Client, writes: WriteQueue, siteKey: string): Promise<number> {
  const site = await findSite(db, siteKey);
  if (!site) throw new Error(`no site ${siteKey}`);
  const random = sequence(42);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  const id = () => crypto.randomUUID();
  const rows: InValue[][] = [];
  const sessionRows: InValue[][] = [];
  const now = Date.now();
  for (let v = 0; v < 60; v++) {
    const visitor = `demo-visitor-${v}`;
    const sessions = 1 + Math.floor(random() * 3);
    for (let s = 0; s < sessions; s++) {
      const session = `demo-session-${v}-${s}`;
      const c = pick(campaigns);
      let ts = now - Math.floor(random() * 14 * 86_400_000);
      const query =
        'source' in c
          ? `?utm_source=${c.source}&utm_medium=${c.medium}&utm_campaign=${c.campaign}${'click' in c ? `&${c.click}=demo${v}` : ''}`
          : '';
      const utm = 'source' in c ? JSON.stringify({ source: c.source, medium: c.medium, campaign: c.campaign }) : null;
      sessionRows.push([
        site.id,
        session,
        visitor,
        ts,
        query ? `https://demo.leadline.test/${query}` : 'https://demo.leadline.test/',
        'source' in c ? c.source : 'direct',
        'source' in c ? c.medium : null,
        'source' in c ? c.campaign : null,
        'click' in c ? c.click : null,
        pick(['desktop', 'mobile', 'desktop', 'tablet']),
      ]);
      const views = 1 + Math.floor(random() * 4);
      for (let p = 0; p < views; p++) {
        const path = p === 0 ? pick(pages) : pick(pages);
        const url = `https://demo.leadline.test${path}${p === 0 ? query : ''}`;
        rows.push([
          id(),
          site.id,
          'pageview',
          null,
          ts,
          ts,
          visitor,
          session,
          url,
          p === 0 ? 'https://www.google.com/' : null,
          null,
          null,
          null,
          null,
          p === 0 ? utm : null,
        ]);
        ts += 5_000 + Math.floor(random() * 60_000);
        if (path === '/pricing') {
          for (const plan of ['pricing-49', 'pricing-99'])
            rows.push([
              id(),
              site.id,
              'impression',
              plan,
              ts,
              ts,
              visitor,
              session,
              url,
              null,
              null,
              null,
              null,
              null,
              null,
            ]);
          if (random() < 0.4) {
            const plan = pick([
              ['pricing-49', 4900],
              ['pricing-99', 9900],
            ] as const);
            rows.push([
              id(),
              site.id,
              'click',
              plan[0],
              ts + 2000,
              ts + 2000,
              visitor,
              session,
              url,
              null,
              null,
              JSON.stringify({ price: plan[1], currency: 'USD' }),
              null,
              null,
              null,
            ]);
            if (random() < 0.5)
              rows.push([
                id(),
                site.id,
                'conversion',
                'purchase',
                ts + 60_000,
                ts + 60_000,
                visitor,
                session,
                url,
                null,
                null,
                null,
                plan[1],
                'USD',
                null,
              ]);
          }
        }
        if (random() < 0.1)
          rows.push([
            id(),
            site.id,
            'outbound',
            'partner.example',
            ts,
            ts,
            visitor,
            session,
            url,
            null,
            null,
            JSON.stringify({ affiliate: 'partner-x', href: 'https://partner.example/p' }),
            null,
            null,
            null,
          ]);
      }
    }
  }
  const columns =
    'id, site_id, type, name, ts, received_at, visitor, session, url, ref, title, props, value, currency, utm';
  const chunk = 500;
  for (let i = 0; i < rows.length; i += chunk) {
    const part = rows.slice(i, i + chunk);
    await writes.run([
      {
        sql: `INSERT INTO events (${columns}) VALUES ${part.map(() => `(${'?, '.repeat(14)}?)`).join(', ')} ON CONFLICT (id) DO NOTHING`,
        args: part.flat(),
      },
    ]);
  }
  for (let i = 0; i < sessionRows.length; i += chunk) {
    const part = sessionRows.slice(i, i + chunk);
    await writes.run([
      {
        sql: `INSERT INTO sessions (site_id, id, visitor, started_at, landing_url, source, medium, campaign, click_id_type, device) VALUES ${part.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')} ON CONFLICT DO NOTHING`,
        args: part.flat(),
      },
    ]);
  }
  const { rows: existing } = await db.execute({
    sql: 'SELECT count(*) AS n FROM kb_articles WHERE site_id = ?',
    args: [site.id],
  });
  if (!Number(existing[0]!.n)) await seedKb(writes, site.id);
  await seedDeals(db, writes, site, random);
  return rows.length;
}
