import type { Client, InStatement } from '@libsql/client';

/**
 * Realistic report data, written straight into the tables (batched multi-row
 * INSERTs in write transactions) so a million events load in seconds:
 * sessions (~1 per 5 events) with varied source / medium / campaign /
 * affiliate / country / device, their events (mostly pageviews; element
 * impressions and clicks, some with price props; outbound clicks, some to
 * partners; conversions with values; vitals; custom), contacts with their
 * browsers, lead submissions, purchases, stage changes and tickets.
 * Deterministic for a given `seed`.
 */
export interface SeedOptions {
  siteId: number;
  events: number;
  /** Exclusive end of the data, UTC ms; it spans `days` before it. */
  end: number;
  days?: number;
  seed?: number;
}

const DAY = 86_400_000;
const ORIGINS = [
  ['direct', null, null, null],
  ['direct', null, null, null],
  ['direct', null, null, null],
  ['google', 'organic', null, null],
  ['google', 'organic', null, null],
  ['google', 'cpc', 'spring-sale', null],
  ['google', 'cpc', 'brand', null],
  ['newsletter', 'email', 'april', null],
  ['newsletter', 'email', 'may', null],
  ['facebook', 'paid-social', 'spring-sale', null],
  ['partner-x', 'affiliate', null, 'partner-x'],
  ['partner-y', 'affiliate', null, 'partner-y'],
  ['bing', 'organic', null, null],
  ['news.example', 'referral', null, null],
] as const;
const COUNTRIES = ['US', 'US', 'US', 'DE', 'DE', 'GB', 'FR', 'IN', 'PK', 'SA', 'AE', 'CA', 'NL', null] as const;
const DEVICES = ['desktop', 'desktop', 'mobile', 'mobile', 'tablet'] as const;
const LANGUAGES = ['en', 'en', 'de', 'ar', 'ur', 'fr'] as const;
const PAGES = [
  '/',
  '/',
  '/pricing',
  '/pricing?plan=pro',
  '/products/desk-lamp',
  '/products/standing-desk',
  '/blog/lighting-tips',
  '/contact',
  '/about',
] as const;
const ELEMENTS = [
  'hero-cta',
  'signup',
  'newsletter-box',
  'chat-open',
  'demo-video',
  'buy-basic',
  'buy-pro',
  'buy-team',
] as const;
const PRICED: Record<string, [number, string]> = {
  'buy-basic': [900, 'USD'],
  'buy-pro': [4900, 'USD'],
  'buy-team': [9900, 'EUR'],
};
const DOMAINS = ['partner.example', 'docs.example', 'github.com', 'youtube.com'] as const;
const VITALS = ['LCP', 'INP', 'CLS', 'TTFB'] as const;

function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');
/** A UUID-shaped id from a tag and a counter (unique per seed run). */
const uuid = (tag: number, i: number) => `${hex(tag, 8)}-0000-7000-8000-${hex(i, 12)}`;

/** Multi-row INSERTs of `rows`, chunked under SQLite's bound-parameter limit. */
function inserts(head: string, rows: unknown[][], tail = ''): InStatement[] {
  if (!rows.length) return [];
  const width = rows[0]!.length;
  const per = Math.floor(30_000 / width);
  const out: InStatement[] = [];
  for (let i = 0; i < rows.length; i += per) {
    const part = rows.slice(i, i + per);
    out.push({
      sql: `${head} VALUES ${part.map(() => `(${'?, '.repeat(width - 1)}?)`).join(', ')} ${tail}`,
      args: part.flat() as never,
    });
  }
  return out;
}

async function write(db: Pick<Client, 'batch'>, statements: InStatement[]): Promise<void> {
  for (let i = 0; i < statements.length; i += 20) await db.batch(statements.slice(i, i + 20), 'write');
}

/** Seeds `events` events (and everything around them) for one site; returns counts per table. */
export async function seedEvents(db: Pick<Client, 'batch'>, o: SeedOptions): Promise<Record<string, number>> {
  const random = prng(o.seed ?? 7);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  const days = o.days ?? 90;
  const start = o.end - days * DAY;
  const tag = o.seed ?? 7;
  const sessions: unknown[][] = [];
  const bySession: { at: number; events: unknown[][] }[] = [];
  const visitorCount = Math.max(10, Math.round(o.events / 8));
  const sessionsOf = new Map<number, { id: string; at: number }[]>();
  let e = 0;
  for (let s = 0; e < o.events; s++) {
    const visitorNo = Math.floor(random() * visitorCount);
    const visitor = `v${hex(tag, 4)}x${hex(visitorNo, 8)}`;
    const id = `s${hex(tag, 4)}x${hex(s, 10)}`;
    // Busier in the daytime (UTC), quieter at night.
    const day = Math.floor(random() * days);
    const hour = random() < 0.75 ? 7 + random() * 15 : random() * 24;
    const at = start + day * DAY + Math.floor(hour * 3_600_000);
    const [source, medium, campaign, affiliate] = pick(ORIGINS);
    const landing = pick(PAGES);
    sessions.push([
      o.siteId,
      id,
      visitor,
      at,
      `https://shop.example${landing}`,
      source === 'direct' ? null : `${source}`,
      source,
      medium,
      campaign,
      affiliate,
      pick(COUNTRIES),
      pick(LANGUAGES),
      pick(DEVICES),
    ]);
    (sessionsOf.get(visitorNo) ?? sessionsOf.set(visitorNo, []).get(visitorNo)!).push({ id, at });
    const n = Math.min(o.events - e, 1 + Math.floor(random() * 9));
    const events: unknown[][] = [];
    bySession.push({ at, events });
    let ts = at;
    for (let k = 0; k < n; k++, e++) {
      const page = k === 0 ? landing : pick(PAGES);
      const url = `https://shop.example${page}`;
      const r = k === 0 ? 0 : random();
      let row: [string, string | null, string | null, number | null, string | null];
      if (r < 0.58) row = ['pageview', null, null, null, null];
      else if (r < 0.72) {
        const el = pick(ELEMENTS);
        row = [
          'impression',
          el,
          PRICED[el] ? JSON.stringify({ price: PRICED[el]![0], currency: PRICED[el]![1] }) : null,
          null,
          null,
        ];
      } else if (r < 0.82) {
        const el = pick(ELEMENTS);
        row = [
          'click',
          el,
          PRICED[el] ? JSON.stringify({ price: PRICED[el]![0], currency: PRICED[el]![1] }) : null,
          null,
          null,
        ];
      } else if (r < 0.86) {
        const domain = pick(DOMAINS);
        row = [
          'outbound',
          domain,
          domain === 'partner.example'
            ? JSON.stringify({ affiliate: pick(['partner-x', 'partner-y']) })
            : JSON.stringify({ href: `https://${domain}/` }),
          null,
          null,
        ];
      } else if (r < 0.885) {
        const euro = random() < 0.1;
        row = [
          'conversion',
          pick(['purchase', 'signup', 'purchase']),
          null,
          pick([900, 4900, 9900]),
          euro ? 'EUR' : 'USD',
        ];
      } else if (r < 0.96) {
        const m = pick(VITALS);
        row = [
          'vital',
          m,
          JSON.stringify({ value: m === 'CLS' ? Math.round(random() * 30) / 100 : Math.round(100 + random() * 3000) }),
          null,
          null,
        ];
      } else row = ['custom', pick(['video-play', 'faq-open']), null, null, null];
      events.push([uuid(tag, e), o.siteId, row[0], row[1], ts, ts, visitor, id, url, null, row[2], row[3], row[4]]);
      ts += 2_000 + Math.floor(random() * 90_000);
    }
  }
  // Stored in the order they would arrive: by time.
  sessions.sort((a, b) => (a[3] as number) - (b[3] as number));
  const events = bySession.sort((a, b) => a.at - b.at).flatMap((x) => x.events);
  // Contacts: about one visitor in twelve left a lead; some of them bought, a few opened tickets.
  const contacts: unknown[][] = [];
  const links: unknown[][] = [];
  const leads: unknown[][] = [];
  const purchases: unknown[][] = [];
  const history: unknown[][] = [];
  const tickets: unknown[][] = [];
  let c = 0;
  for (const [visitorNo, list] of sessionsOf) {
    if (random() >= 1 / 12) continue;
    const visitor = `v${hex(tag, 4)}x${hex(visitorNo, 8)}`;
    const first = list.reduce((a, b) => (a.at <= b.at ? a : b));
    const contact = uuid(tag + 1, c++);
    const at = first.at + 60_000;
    const customer = random() < 0.4;
    contacts.push([
      contact,
      o.siteId,
      `lead${hex(tag, 4)}-${c}@example.test`,
      customer ? 'customer' : 'lead',
      'form',
      first.id,
      at,
      at,
    ]);
    links.push([o.siteId, visitor, contact, at]);
    const size = pick(['1-10', '11-50', '51-200', '200+']);
    leads.push([
      uuid(tag + 2, c),
      o.siteId,
      'contact',
      contact,
      visitor,
      random() < 0.85 ? first.id : null,
      JSON.stringify({ email: `lead${c}@example.test`, size }),
      at,
    ]);
    history.push([contact, null, 'lead', 'form', at]);
    if (customer) {
      const bought = at + Math.floor(random() * 5 * DAY);
      history.push([contact, 'lead', 'customer', 'purchase', bought]);
      for (let p = random() < 0.3 ? 2 : 1; p > 0; p--)
        purchases.push([
          uuid(tag + 3, purchases.length),
          o.siteId,
          contact,
          pick(['Desk lamp', 'Standing desk', 'Pro plan']),
          pick([900, 4900, 9900]),
          1,
          random() < 0.9 ? 'USD' : 'EUR',
          first.id,
          Math.min(bought + p * 7 * DAY, o.end - 1),
          bought,
        ]);
    }
    if (random() < 0.3) {
      const opened = at + Math.floor(random() * 3 * DAY);
      const answered = random() < 0.85 ? opened + Math.floor(random() * 8 * 3_600_000) : null;
      const solved = answered && random() < 0.7 ? answered + Math.floor(random() * 2 * DAY) : null;
      tickets.push([
        uuid(tag + 4, tickets.length),
        o.siteId,
        `LL-${hex(tag, 4)}-${hex(tickets.length, 6)}`,
        'x',
        contact,
        visitor,
        'Help',
        pick(['question', 'complaint', 'order_problem', 'feedback']),
        solved ? 'solved' : answered ? 'pending' : 'open',
        opened,
        opened,
        answered,
        solved,
        solved && random() < 0.5 ? 1 + Math.floor(random() * 5) : null,
      ]);
    }
  }
  // Sessions first, so the events find theirs when they are written.
  await write(
    db,
    inserts(
      'INSERT INTO sessions (site_id, id, visitor, started_at, landing_url, referrer_domain, source, medium, campaign, affiliate, country, language, device)',
      sessions,
    ),
  );
  await write(
    db,
    inserts(
      'INSERT INTO events (id, site_id, type, name, ts, received_at, visitor, session, url, ref, props, value, currency)',
      events,
    ),
  );
  await write(db, [
    ...inserts(
      'INSERT INTO contacts (id, site_id, email, stage, origin, first_session, created_at, updated_at)',
      contacts,
    ),
    ...inserts('INSERT INTO contact_visitors (site_id, visitor, contact_id, linked_at)', links),
    ...inserts(
      'INSERT INTO lead_submissions (id, site_id, form, contact_id, visitor, session, fields, received_at)',
      leads,
    ),
    ...inserts('INSERT INTO stage_history (contact_id, from_stage, to_stage, reason, at)', history),
    ...inserts(
      'INSERT INTO purchases (id, site_id, contact_id, product_name, unit_price, quantity, currency, session, purchased_at, created_at)',
      purchases,
    ),
    ...inserts(
      'INSERT INTO tickets (id, site_id, tracking_number, token_hash, contact_id, visitor, subject, category, status, created_at, updated_at, first_response_at, solved_at, rating)',
      tickets,
    ),
  ]);
  return {
    events: events.length,
    sessions: sessions.length,
    contacts: contacts.length,
    leads: leads.length,
    purchases: purchases.length,
    tickets: tickets.length,
  };
}
