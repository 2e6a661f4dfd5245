/**
 * Property-based fuzzing of every public schema: arbitrary JSON, arbitrary
 * text, and valid bodies with one field replaced, added or removed. Whatever
 * arrives, the answer is never a 5xx, and a 4xx has the error shape.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, test } from 'vitest';
import { problemsOf } from './hostile/harness.ts';
import { eventId, pageview, testApp } from './test-app.ts';

const SEED = 20_261_111;
const { app, siteKey, adminToken } = await testApp({ trustProxy: { mode: 'forwarded' }, emailEnabled: true });
const ticket = (await (
  await app.request('/v1/tickets', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ site: siteKey, subject: 'Fuzz', body: 'Fuzz' }),
  })
).json()) as { trackingNumber: string; token: string };
const article = (await (
  await app.request('/v1/admin/kb', {
    method: 'POST',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ locale: 'en', title: 'Returns', body: 'How to return an order' }),
  })
).json()) as { id: number };
const ticketHeaders = { 'x-ticket-token': ticket.token };

let n = 0;
/** Each request from its own address: rate limits answer 429 (fine) but should not hide deeper paths. */
const address = () => `10.9.${(n >> 8) & 255}.${n++ & 255}`;

/** Strings made of what breaks parsers: quotes, FTS5 operators, control characters, lone surrogates, RTL letters. */
const hostileText = fc.string({
  unit: fc.constantFrom(
    '\u0000',
    '\u0001',
    '\n',
    '"',
    "'",
    '*',
    '(',
    ')',
    ':',
    '^',
    '-',
    '+',
    '\\',
    '%',
    '_',
    ' ',
    'a',
    'OR',
    'NEAR',
    'ب',
    'ّ',
    '\ud800',
    '\udc00',
    '\u202e',
    '😀',
  ),
  maxLength: 30,
});

/** Interesting leaves: edges of ranges, wrong types, hostile strings. */
const nasty = fc.oneof(
  hostileText,
  fc.constantFrom<unknown>(
    null,
    true,
    false,
    0,
    -1,
    -0,
    0.5,
    1e308,
    -1e308,
    Number.MAX_SAFE_INTEGER + 2,
    '',
    ' ',
    '\u0000',
    'x\ud800y',
    '\udfff',
    "' OR 1=1 --",
    '__proto__',
    'constructor',
    'NaN',
    '1e999',
    '+099999-01-01T00:00:00Z',
    '-000001-01-01',
    '../../etc/passwd',
    'https://',
    'javascript:alert(1)',
    '%00',
    [],
    {},
    [[[[[]]]]],
    { __proto__: null },
  ),
  fc.jsonValue({ maxDepth: 3 }),
  fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 40 }),
  fc.double(),
  fc.bigInt().map((b) => Number(b)),
);

/** A valid body with one change: a field replaced by a nasty value, a field removed, or an unknown one added. */
function mutations(valid: () => Record<string, unknown>) {
  const base = valid();
  const keys = Object.keys(base);
  return fc.oneof(
    fc.record({ key: fc.constantFrom(...keys), value: nasty }).map(({ key, value }) => ({ ...valid(), [key]: value })),
    fc.constantFrom(...keys).map((key) => {
      const { [key]: _gone, ...rest } = valid();
      return rest;
    }),
    fc
      .record({
        key: fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom('__proto__', 'constructor', 'prototype')),
        value: nasty,
      })
      .map(({ key, value }) => {
        const body = valid();
        Object.defineProperty(body, key, { value, enumerable: true, configurable: true, writable: true });
        return body;
      }),
  );
}

/** Any body at all: JSON values, raw text, or a mutated valid body, sent as text/plain or application/json. */
const bodies = (valid: () => Record<string, unknown>) =>
  fc.record({
    text: fc.oneof(
      { weight: 3, arbitrary: mutations(valid).map((b) => JSON.stringify(b)) },
      { weight: 1, arbitrary: fc.jsonValue().map((v) => JSON.stringify(v)) },
      { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
      {
        weight: 1,
        arbitrary: fc
          .record({ key: fc.constantFrom(...Object.keys(valid())), value: nasty })
          .map(({ key, value }) => JSON.stringify({ ...valid(), [key]: { nested: value, list: [value, value] } })),
      },
    ),
    type: fc.constantFrom('text/plain', 'application/json', 'text/plain;charset=UTF-8'),
  });

interface Target {
  name: string;
  runs: number;
  property: fc.IAsyncProperty<[unknown]> | fc.IAsyncProperty<[{ text: string; type: string }]>;
}
const runsBySchema = new Map<string, number>();

async function check(name: string, res: Response): Promise<void> {
  runsBySchema.set(name, (runsBySchema.get(name) ?? 0) + 1);
  const text = await res.text();
  expect(res.status, text.slice(0, 300)).toBeLessThan(500);
  expect(problemsOf(res.status, res.headers.get('content-type') ?? '', text), text.slice(0, 300)).toBeNull();
}

const post = (
  name: string,
  path: string,
  valid: () => Record<string, unknown>,
  runs: number,
  headers: Record<string, string> = {},
): Target => ({
  name,
  runs,
  property: fc.asyncProperty(bodies(valid), async ({ text, type }) => {
    await check(
      name,
      await app.request(path, {
        method: 'POST',
        headers: { 'content-type': type, 'x-forwarded-for': address(), ...headers },
        body: text,
      }),
    );
  }),
});

/** Query strings: known parameters set to arbitrary strings, plus unknown ones. */
const get = (
  name: string,
  path: string,
  params: string[],
  runs: number,
  headers: Record<string, string> = {},
): Target => ({
  name,
  runs,
  property: fc.asyncProperty(
    fc.record({
      known: fc.dictionary(
        fc.constantFrom(...params),
        fc.oneof(
          fc.string({ maxLength: 300 }),
          hostileText,
          nasty.map((v) => (typeof v === 'string' ? v : (JSON.stringify(v) ?? 'undefined'))),
        ),
        { maxKeys: params.length },
      ),
      extra: fc.dictionary(fc.string({ maxLength: 10 }), fc.string({ maxLength: 20 }), { maxKeys: 3 }),
      keepSite: fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
    }),
    async ({ known, extra, keepSite }) => {
      const q = new URLSearchParams({ ...extra, ...known, ...(keepSite ? { site: siteKey } : {}) });
      await check(name, await app.request(`${path}?${q}`, { headers: { 'x-forwarded-for': address(), ...headers } }));
    },
  ),
});

const targets: Target[] = [
  post('events', '/v1/events', () => ({ site: siteKey, events: [pageview({ id: eventId(), ts: Date.now() })] }), 450),
  post(
    'leads',
    '/v1/leads',
    () => ({
      site: siteKey,
      form: 'contact',
      id: eventId(),
      fields: { email: 'fuzz@example.test', name: 'Fuzz' },
      elapsedMs: 5000,
    }),
    450,
  ),
  post(
    'tickets',
    '/v1/tickets',
    () => ({ site: siteKey, subject: 'Help', body: 'Please', email: 'fuzz@example.test', category: 'question' }),
    360,
  ),
  post(
    'ticket messages',
    `/v1/tickets/${ticket.trackingNumber}/messages`,
    () => ({ site: siteKey, body: 'More' }),
    300,
    ticketHeaders,
  ),
  post(
    'ratings',
    `/v1/tickets/${ticket.trackingNumber}/rating`,
    () => ({ site: siteKey, rating: 5, comment: 'Good' }),
    300,
    ticketHeaders,
  ),
  post('find my request', '/v1/tickets/find', () => ({ site: siteKey, email: 'fuzz@example.test', locale: 'en' }), 240),
  post(
    'feedback',
    '/v1/feedback',
    () => ({ site: siteKey, nps: 9, comment: 'Nice', url: 'https://shop.example/' }),
    360,
  ),
  post('kb vote', `/v1/kb/articles/${article.id}/vote`, () => ({ site: siteKey, helpful: true }), 240),
  get('kb search', '/v1/kb/search', ['q', 'locale', 'limit', 'site'], 450),
  get('kb article', `/v1/kb/articles/${article.id}`, ['site'], 150),
  get('config', '/v1/config', ['site', 'locale'], 300),
  get('ticket thread', `/v1/tickets/${ticket.trackingNumber}`, ['site'], 150, ticketHeaders),
];

// Events inside a batch: every field of one event replaced, removed or added to.
targets.push({
  name: 'event fields',
  runs: 450,
  property: fc.asyncProperty(
    mutations(() => pageview({ id: eventId(), ts: Date.now() })),
    async (event) => {
      await check(
        'event fields',
        await app.request('/v1/events', {
          method: 'POST',
          headers: { 'content-type': 'text/plain', 'x-forwarded-for': address() },
          body: JSON.stringify({ site: siteKey, events: [event] }),
        }),
      );
    },
  ) as fc.IAsyncProperty<[unknown]>,
});
// Lead fields: arbitrary names and values in `fields`.
targets.push({
  name: 'lead fields',
  runs: 300,
  property: fc.asyncProperty(
    fc.dictionary(
      fc.oneof(fc.string({ maxLength: 70 }), fc.constantFrom('email', 'phone', 'name', '__proto__', 'constructor')),
      nasty,
      { maxKeys: 45 },
    ),
    async (fields) => {
      await check(
        'lead fields',
        await app.request('/v1/leads', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-forwarded-for': address() },
          body: JSON.stringify({ site: siteKey, form: 'contact', id: eventId(), fields, elapsedMs: 5000 }),
        }),
      );
    },
  ) as fc.IAsyncProperty<[unknown]>,
});

describe('fuzzing public schemas', () => {
  test.each(targets.map((t) => [t.name, t] as const))('%s: no input yields a 5xx', async (_name, t) => {
    await fc.assert(t.property as fc.IAsyncProperty<[unknown]>, { seed: SEED, numRuns: t.runs, endOnFailure: true });
    expect(runsBySchema.get(t.name)).toBe(t.runs);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

afterAll(() => {
  console.log('fuzz runs per schema:', Object.fromEntries(runsBySchema));
});
