/**
 * Hostile input, generated from the route registry: every route of the app
 * (and so every route added later) gets malformed and malicious requests, and
 * each must be answered with the right 4xx in the error shape, no stack trace,
 * and no row changed. See test/server/hostile/*.ts for the generators.
 */
import { afterAll, describe, expect, test } from 'vitest';
import { createSite, createUserToken } from '../../server/db/sites.ts';
import { createNodeServer } from '../../server/node.ts';
import {
  changedTables,
  problemsOf,
  snapshot,
  wrongTypeFor,
  type JsonSchema,
  type OpenApiOperation,
} from './hostile/harness.ts';
import { sampleFor } from './hostile/samples.ts';
import { eventId, pageview, testApp } from './test-app.ts';

const { app, db, writes, siteKey, adminToken, tokenFor } = await testApp({
  trustProxy: { mode: 'forwarded' },
  emailEnabled: true,
});
const siteB = await createSite(writes, { name: 'Other shop', origins: [] });
const tokenB = siteB.adminToken;
const repToken = await tokenFor('rep');
const viewerToken = await tokenFor('viewer');
const integrationB = (await createUserToken(db, writes, {
  siteKey: siteB.siteKey,
  role: 'integration',
  email: 'int@b.test',
}))!;

let ip = 0;
/** Every request comes from its own address, so rate limits never mask what is tested. */
const fromNewAddress = () => ({ 'x-forwarded-for': `10.${(ip >> 16) & 255}.${(ip >> 8) & 255}.${ip++ & 255}` });

async function call(path: string, init: RequestInit & { duplex?: 'half' } = {}) {
  const headers = new Headers(init.headers);
  for (const [k, v] of Object.entries(fromNewAddress())) headers.set(k, v);
  return app.request(path, { ...init, headers });
}

// ---- The registry: every method + path the app answers, and its OpenAPI description. ----

const doc = (await (await app.request('/v1/openapi.json')).json()) as {
  paths: Record<string, Record<string, OpenApiOperation>>;
};
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
type Method = (typeof METHODS)[number];
interface Route {
  method: Method;
  path: string;
  op: OpenApiOperation | undefined;
}
const routes: Route[] = [];
for (const r of app.routes) {
  const method = r.method.toUpperCase() as Method;
  if (!METHODS.includes(method) || routes.some((x) => x.method === method && x.path === r.path)) continue;
  const openApiPath = r.path.replace(/:(\w+)(\{[^}]*\})?/g, '{$1}');
  routes.push({ method, path: r.path, op: doc.paths[openApiPath]?.[method.toLowerCase()] });
}
const key = (r: Route) => `${r.method} ${r.path}`;
/** Admin routes for people not signed in yet: no bearer, strict JSON bodies like the rest of the admin API. */
const SIGNING_IN = new Set(['/v1/admin/session', '/v1/admin/signin/link', '/v1/admin/signin/methods']);
const isAdmin = (r: Route) => r.path.startsWith('/v1/admin/') && !SIGNING_IN.has(r.path);
const isPublicBody = (r: Route) => r.method === 'POST' && r.path.startsWith('/v1/') && !r.path.startsWith('/v1/admin/');
const hasBody = (r: Route) => bodySchema(r) !== undefined || isPublicBody(r) || r.path === '/v1/admin/contacts/import';
const bodySchema = (r: Route): JsonSchema | undefined => {
  const content = r.op?.requestBody?.content;
  return content ? Object.values(content)[0]?.schema : undefined;
};
const queryParams = (r: Route) => (r.op?.parameters ?? []).filter((p) => p.in === 'query');

// ---- Fixtures of site A (and one contact of site B), made through the API itself. ----

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const jsonHeaders = (token: string) => ({ ...bearer(token), 'content-type': 'application/json' });
const ctx = { siteKey, uuid: () => crypto.randomUUID() };
const MARKER = 'zz-alpha-marker';

const fixtures: Record<string, string> = {};
async function make(path: string, body: unknown, token = adminToken): Promise<Record<string, unknown> | null> {
  const res = await call(path, { method: 'POST', headers: jsonHeaders(token), body: JSON.stringify(body) });
  return res.ok ? ((await res.json()) as Record<string, unknown>) : null;
}
const contact = (await make('/v1/admin/contacts', { email: `${MARKER}@a.test`, name: MARKER, tags: [MARKER] }))!;
fixtures.contacts = String(contact.id);
const ticket = (await (
  await call('/v1/tickets', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ site: siteKey, subject: MARKER, body: MARKER, email: `${MARKER}@a.test` }),
  })
).json()) as { trackingNumber: string; token: string };
const adminTickets = (await (await call('/v1/admin/tickets', { headers: bearer(adminToken) })).json()) as {
  tickets: { id: string }[];
};
fixtures.tickets = adminTickets.tickets[0]!.id;
// Every collection POST of the registry gets one real row, when a generated sample is enough.
for (const r of routes.filter((r) => isAdmin(r) && r.method === 'POST' && !r.path.includes(':'))) {
  const segment = r.path.split('/')[3]!;
  if (fixtures[segment]) continue;
  const made = await make(r.path, {
    ...(sampleFor(bodySchema(r), ctx) as object),
    ...(r.path === '/v1/admin/kb' ? { title: MARKER, body: MARKER, locale: 'en' } : {}),
  });
  if (made?.id !== undefined) fixtures[segment] = String(made.id);
}
const task = await make(`/v1/admin/contacts/${fixtures.contacts}/tasks`, {
  title: MARKER,
  ...(sampleFor(
    bodySchema(routes.find((r) => r.path === '/v1/admin/contacts/:id/tasks' && r.method === 'POST')!),
    ctx,
  ) as object),
});
if (task?.id) fixtures.tasks = String(task.id);
const tokensList = (await (await call('/v1/admin/tokens', { headers: bearer(adminToken) })).json()) as {
  tokens: { id: number }[];
};
fixtures.tokens = String(tokensList.tokens.at(-1)!.id);
const usersList = (await (await call('/v1/admin/users', { headers: bearer(adminToken) })).json()) as {
  users: { id: number; role: string }[];
};
fixtures.users = String(usersList.users.find((u) => u.role === 'rep')!.id);
// Warm every token once: "last used" is written at most once an hour, off the request path.
for (const t of [adminToken, repToken, viewerToken, tokenB, integrationB])
  await call('/v1/admin/me', { headers: bearer(t) });
await writes.idle?.();

/** A plausible value for each path parameter: real rows of site A where the registry has them. */
function fill(path: string, override?: string): string {
  return path.replace(/:(\w+)(\{[^}]*\})?/g, (_m, name: string, _re, at: number) => {
    if (override !== undefined) return override;
    const segment = path.slice(0, at).split('/').filter(Boolean).at(-1)!;
    if (name === 'trackingNumber') return ticket.trackingNumber;
    if (segment === 'forms') return 'contact';
    if (segment === 'reports') return 'overview';
    if (segment === 'articles') return fixtures.kb ?? '1';
    if (name === 'visitor') return 'visitor-0001';
    return fixtures[segment] ?? crypto.randomUUID();
  });
}
const ticketHeaders = (r: Route): Record<string, string> =>
  r.path.includes(':trackingNumber') ? { 'x-ticket-token': ticket.token } : {};
const authFor = (r: Route, token = adminToken) => (isAdmin(r) ? bearer(token) : {});
/** Public routes that name a site in the query string get it. */
const siteQuery = (r: Route) => (queryParams(r).some((p) => p.name === 'site') ? `?site=${siteKey}` : '');

/** A valid body for each write, hand-made for public ingest (refinements the schema cannot show), generated otherwise. */
function validBody(r: Route): Record<string, unknown> {
  const now = Date.now();
  switch (r.path) {
    case '/v1/events':
      return { site: siteKey, events: [pageview({ ts: now })] };
    case '/v1/leads':
      return {
        site: siteKey,
        form: 'contact',
        id: eventId(),
        fields: { email: 'lead@example.test', name: 'Lead' },
        elapsedMs: 5000,
      };
    case '/v1/tickets':
      return { site: siteKey, subject: 'Help', body: 'Please help', email: 'visitor@example.test' };
    case '/v1/tickets/:trackingNumber/messages':
      return { site: siteKey, body: 'More details' };
    case '/v1/tickets/:trackingNumber/rating':
      return { site: siteKey, rating: 5 };
    case '/v1/tickets/find':
      return { site: siteKey, email: 'visitor@example.test' };
    case '/v1/feedback':
      return { site: siteKey, rating: 4, comment: 'ok' };
    case '/v1/kb/articles/:id/vote':
      return { site: siteKey, helpful: true };
    case '/v1/admin/contacts/:id/purchases':
      return { productName: 'Plan', unitPrice: 4900, currency: 'USD' };
  }
  const s = sampleFor(bodySchema(r), ctx);
  return s && typeof s === 'object' && !Array.isArray(s) ? (s as Record<string, unknown>) : {};
}

// ---- Cases ----

type Expect =
  /** A 4xx among `statuses`, in the error shape, and not one row changed. */
  | { kind: 'refused'; statuses: number[] }
  /** Anything but a 5xx (2xx stored literally, or a 4xx in the error shape); the schema stays whole. */
  | { kind: 'survives' }
  /** A 2xx: lenient public ingest. */
  | { kind: 'accepted' };
interface Case {
  route: string;
  name: string;
  path: string;
  init: RequestInit & { duplex?: 'half' };
  expect: Expect;
  /** Static files may answer a plain 404. */
  plain404?: boolean;
  /** The no-JavaScript form post may answer a short text page. */
  textPage?: boolean;
  /** Must not contain these strings (data of another site, file contents). */
  mustNotContain?: string[];
  via?: 'node';
}
const cases: Case[] = [];
/** Writes a viewer may make, and why. */
const VIEWER_MAY: Record<string, string> = {
  '/v1/admin/kb/preview': 'computes a node tree, stores nothing',
  '/v1/admin/segments/preview': 'counts matching contacts, stores nothing',
  '/v1/admin/me/notifications': "the viewer's own email preferences",
  '/v1/admin/me/sessions/:id': "ends one of the viewer's own sessions",
  '/v1/admin/me/password': "the viewer's own password",
};
const refused = (...statuses: number[]): Expect => ({ kind: 'refused', statuses });
const survives: Expect = { kind: 'survives' };
const add = (r: Route, name: string, path: string, init: Case['init'], expect: Expect, extra: Partial<Case> = {}) =>
  cases.push({ route: key(r), name: `${key(r)} · ${name}`, path, init, expect, ...extra });

const SQLI = [
  "'; DROP TABLE contacts; --",
  "' OR '1'='1",
  '1; DELETE FROM events',
  '" OR ""="',
  "x') UNION SELECT hash FROM tokens --",
  "Robert'); DROP TABLE students;--",
];
const NUL = 'a\u0000b';
const LONE = 'x\ud800y\udfffz';
const BIG = 1.1 * 1024 * 1024;
const big = 'x'.repeat(BIG);
const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);
const deepObject = (n: number) => '{"a":'.repeat(n) + '1' + '}'.repeat(n);
/** `body` as JSON with `key` set to raw JSON text (values JSON.stringify cannot write: 1e999, 10,000 levels). */
const withRaw = (body: Record<string, unknown>, key: string, raw: string) =>
  JSON.stringify({ ...body, [key]: '\u0000RAW' }).replace('"\\u0000RAW"', raw);
const stream = (text: string, chunk = 64 * 1024) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      const bytes = new TextEncoder().encode(text);
      for (let i = 0; i < bytes.length; i += chunk) controller.enqueue(bytes.slice(i, i + chunk));
      controller.close();
    },
  });

/** Wrong credentials, one per admin route in turn. */
const BAD_AUTH: [string, Record<string, string>][] = [
  ['malformed bearer', { authorization: "Bearer sk_' OR 1=1 --" }],
  ['basic auth', { authorization: `Basic ${btoa('admin:admin')}` }],
  ['unknown token', bearer(`sk_${'A'.repeat(43)}`)],
  ['token as a cookie', { cookie: `token=${adminToken}; leadline=${adminToken}` }],
  ['site key as a bearer', bearer(siteKey)],
  ['two tokens in one header', { authorization: `Bearer ${adminToken} ${adminToken}` }],
];
let adminRoutes = 0;

for (const r of routes) {
  const path = fill(r.path) + siteQuery(r);
  const auth = authFor(r);
  const headers = { ...auth, ...ticketHeaders(r) };

  // Wrong methods on an existing path: 404 or 405, in the error shape (public ones too).
  const others = METHODS.filter((m) => !routes.some((x) => x.path === r.path && x.method === m));
  if (others.length) add(r, `wrong method ${others[0]}`, path, { method: others[0], headers }, refused(400, 404, 405));

  // Path parameters: traversal, NUL, very long, SQL.
  if (r.path.includes(':')) {
    for (const [name, value] of [
      ['traversal', '..%2F..%2F..%2Fetc%2Fpasswd'],
      ['NUL', 'abc%00def'],
      ['very long', 'a'.repeat(5000)],
      ['SQL', encodeURIComponent("1' OR '1'='1")],
      ['lone surrogate', '%ED%A0%80'],
    ] as const)
      add(
        r,
        `path param ${name}`,
        fill(r.path, value) + siteQuery(r),
        {
          method: r.method,
          headers: { ...headers, ...(hasBody(r) ? { 'content-type': 'application/json' } : {}) },
          ...(hasBody(r) ? { body: JSON.stringify(validBody(r)) } : {}),
        },
        refused(400, 404),
      );
  }

  // Dot segments are resolved by URL parsing: the request lands on another route, or none.
  if (r.path.includes(':'))
    add(r, 'path param dot segments', fill(r.path, '%2e%2e') + siteQuery(r), { method: r.method, headers }, survives);

  // Query strings.
  if (r.method === 'GET') {
    add(
      r,
      'unknown query params',
      `${path}${path.includes('?') ? '&' : '?'}zz=1&__proto__[x]=1&constructor=1`,
      { headers },
      survives,
    );
    for (const p of queryParams(r)) {
      if (p.name === 'site') continue;
      const q = (v: string) =>
        `${fill(r.path)}?${new URLSearchParams({ ...(siteQuery(r) ? { site: siteKey } : {}), [p.name]: v })}`;
      for (const v of [SQLI[0]!, NUL, 'x'.repeat(10_000)])
        add(r, `query ${p.name}=${JSON.stringify(v.slice(0, 20))}`, q(v), { headers }, survives);
      const t = p.schema && (p.schema.type ?? p.schema.anyOf?.map((a) => a.type).join('|'));
      if (t && /number|integer/.test(String(t)))
        for (const v of ['1e308', '-1', 'NaN', '99999999999999999999999'])
          add(r, `query ${p.name}=${v}`, q(v), { headers }, survives);
      if (/^(from|to)$/.test(p.name))
        for (const v of ['99999-01-01', '+099999-01-01T00:00:00Z', '-000001-01-01', '2026-13-45', '-1'])
          add(r, `query date ${p.name}=${v}`, q(v), { headers }, refused(400));
      add(r, `query ${p.name} repeated`, `${q('1')}&${p.name}=2`, { headers }, survives);
    }
  }

  // Admin authentication and site isolation.
  if (isAdmin(r)) {
    const init = (h: Record<string, string>) => ({
      method: r.method,
      headers: { ...h, ...(hasBody(r) ? { 'content-type': 'application/json' } : {}) },
      ...(hasBody(r) ? { body: JSON.stringify(validBody(r)) } : {}),
    });
    add(r, 'no token', path, init({}), refused(401));
    const n = adminRoutes++;
    const param = n % 2 ? 'access_token' : 'token';
    add(
      r,
      `token in the query string (${param})`,
      `${path}${path.includes('?') ? '&' : '?'}${param}=${adminToken}`,
      init({}),
      refused(401),
    );
    const [badName, badHeaders] = BAD_AUTH[n % BAD_AUTH.length]!;
    add(r, badName, path, init(badHeaders), refused(401));
    const fromFixtures = [...r.path.matchAll(/:(\w+)/g)].every(
      (m) =>
        m[1] === 'trackingNumber' ||
        fixtures[r.path.slice(0, m.index).split('/').filter(Boolean).at(-1)!.replace('articles', 'kb')] !== undefined,
    );
    if (r.path.includes(':') && fromFixtures) {
      // Site B's owner and integration token on site A's rows: never found, never changed.
      add(r, 'owner token of another site', path, init(bearer(tokenB)), refused(401, 403, 404), {
        mustNotContain: [MARKER],
      });
      add(r, 'integration token of another site', path, init(bearer(integrationB)), refused(401, 403, 404), {
        mustNotContain: [MARKER],
      });
    } else {
      // Names (forms, reports) and collections: site B acts on its own rows, and sees nothing of site A.
      add(r, 'owner token of another site sees none of this site', path, init(bearer(tokenB)), survives, {
        mustNotContain: [MARKER],
      });
    }
    if (r.method !== 'GET' && !(r.path in VIEWER_MAY))
      add(r, 'viewer token writes', path, init(bearer(viewerToken)), refused(403));
  }

  if (!hasBody(r)) continue;

  // Bodies.
  const jsonInit = (body: BodyInit, type = 'application/json', extra: Record<string, string> = {}): Case['init'] => ({
    method: r.method,
    headers: { ...headers, 'content-type': type, ...extra },
    body,
  });
  const valid = validBody(r);
  const schema = bodySchema(r);
  const props = schema?.properties ?? {};
  const admin = isAdmin(r) || SIGNING_IN.has(r.path);
  const imports = r.path === '/v1/admin/contacts/import';
  if (imports) {
    add(r, 'JSON instead of CSV', path, jsonInit(JSON.stringify({ a: 1 })), refused(415));
    add(r, 'multipart', path, jsonInit('--x\r\n\r\n--x--', 'multipart/form-data; boundary=x'), refused(415));
    add(
      r,
      'over 2 MB, honest length',
      path,
      jsonInit('email\n' + 'a'.repeat(2.2 * 1024 * 1024), 'text/csv'),
      refused(413),
    );
    add(
      r,
      'over 2 MB, chunked',
      path,
      { ...jsonInit(stream('email\n' + 'a'.repeat(2.2 * 1024 * 1024)), 'text/csv'), duplex: 'half' },
      refused(413),
    );
    add(
      r,
      'SQL in CSV',
      `${path}?dryRun=1`,
      jsonInit(
        `email,name\n${SQLI.map((s, i) => `s${i}@x.test,"${s.replaceAll('"', '""')}"`).join('\n')}\n`,
        'text/csv',
      ),
      survives,
    );
    add(
      r,
      'CSV with NUL and lone surrogates',
      `${path}?dryRun=1`,
      jsonInit(`email,name\na@x.test,${NUL}\nb@x.test,${LONE}\n`, 'text/csv'),
      survives,
    );
    continue;
  }
  if (r.path === '/v1/surveys/unsubscribe') {
    // A mail client's one-click POST (RFC 8058) or the page's button: a tiny form, its link's token in the query.
    const form = (body: BodyInit, type = 'application/x-www-form-urlencoded') => jsonInit(body, type);
    const unknown = `${path}?t=st_unknown-token-00000`;
    add(r, 'JSON instead of a form', unknown, jsonInit(JSON.stringify(valid), 'application/json'), refused(415));
    add(r, 'over the limit', unknown, form(`x=${big}`), refused(413));
    add(r, 'over the limit, chunked', unknown, { ...form(stream(`x=${big}`)), duplex: 'half' }, refused(413));
    add(r, 'no token', path, form('List-Unsubscribe=One-Click'), refused(400));
    add(r, 'SQL as the token', `${path}?t=${encodeURIComponent(SQLI[0]!)}`, form(''), refused(400));
    add(r, 'unknown token', unknown, form('List-Unsubscribe=One-Click'), survives, { textPage: true });
    continue;
  }
  if (r.path === '/v1/leads/html') {
    add(r, 'JSON instead of a form', path, jsonInit(JSON.stringify(valid)), refused(415));
    add(
      r,
      'over the limit',
      path,
      jsonInit(`site=${siteKey}&form=contact&message=${big}`, 'application/x-www-form-urlencoded'),
      refused(413),
    );
    add(
      r,
      'over the limit, chunked',
      path,
      {
        ...jsonInit(stream(`site=${siteKey}&form=contact&message=${big}`), 'application/x-www-form-urlencoded'),
        duplex: 'half',
      },
      refused(413),
    );
    // Without a page to go back to, a plain form post answers a short text page (a browser shows it).
    add(
      r,
      'SQL in fields',
      path,
      jsonInit(
        `site=${siteKey}&form=contact&email=${encodeURIComponent("a'--@x.test")}&message=${encodeURIComponent(SQLI[0]!)}`,
        'application/x-www-form-urlencoded',
      ),
      survives,
      { textPage: true },
    );
    add(
      r,
      '__proto__ field',
      path,
      jsonInit(
        `site=${siteKey}&form=contact&__proto__=x&constructor=y&email=p@x.test`,
        'application/x-www-form-urlencoded',
      ),
      survives,
      { textPage: true },
    );
    add(
      r,
      'bad site key',
      path,
      jsonInit(`site=nope&form=contact&email=p@x.test`, 'application/x-www-form-urlencoded'),
      refused(400),
    );
    continue;
  }

  add(r, 'invalid JSON', path, jsonInit('{"site": '), refused(400));
  add(r, 'invalid JSON (trailing garbage)', path, jsonInit(JSON.stringify(valid) + '}}'), refused(400));
  add(r, 'not UTF-8', path, jsonInit(new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d])), refused(400));
  add(r, 'empty body', path, jsonInit(''), refused(400));
  for (const [name, top] of [
    ['null', 'null'],
    ['array', '[]'],
    ['number', '42'],
    ['string', '"x"'],
    ['true', 'true'],
  ] as const)
    add(r, `top-level ${name}`, path, jsonInit(top), refused(400));
  for (const type of ['text/xml', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded', 'image/png'])
    add(r, `content type ${type}`, path, jsonInit(JSON.stringify(valid), type), refused(415));
  add(
    r,
    'no content type',
    path,
    { method: r.method, headers, body: JSON.stringify(valid) },
    admin ? refused(415) : survives,
  );
  // Sizes: an honest Content-Length over the limit, a chunked stream over it, and lying lengths.
  add(r, 'over the limit, honest length', path, jsonInit(JSON.stringify({ ...valid, pad: big })), refused(413));
  add(
    r,
    'over the limit, chunked (no length)',
    path,
    { ...jsonInit(stream(JSON.stringify({ ...valid, pad: big }))), duplex: 'half' },
    refused(413),
  );
  add(
    r,
    'Content-Length smaller than the body',
    path,
    jsonInit(JSON.stringify({ ...valid, pad: big }), 'application/json', { 'content-length': '20' }),
    refused(400, 413),
  );
  add(
    r,
    'Content-Length larger than the limit, short body',
    path,
    jsonInit('{}', 'application/json', { 'content-length': String(64 * 1024 * 1024) }),
    refused(400, 413),
  );
  add(
    r,
    'Content-Length not a number',
    path,
    jsonInit('{"zz":', 'application/json', { 'content-length': 'abc' }),
    refused(400, 413),
  );
  // Deep nesting, whole body and inside a field.
  add(r, 'array nested 10,000 deep', path, jsonInit(deep(10_000)), refused(400, 413));
  add(r, 'object nested 10,000 deep', path, jsonInit(deepObject(10_000)), refused(400, 413));
  const firstProp = Object.keys(props)[0];
  if (firstProp)
    add(r, `${firstProp} nested 5,000 deep`, path, jsonInit(withRaw(valid, firstProp, deep(5_000))), refused(400, 413));
  // Prototype keys: refused on admin writes (strict), stripped on public ingest (lenient).
  const protoBody = JSON.stringify(valid).replace(
    /^\{/,
    '{"__proto__":{"polluted":"yes","isAdmin":true},"constructor":{"prototype":{"polluted":"yes"}},"prototype":{"polluted":"yes"},',
  );
  add(r, '__proto__/constructor/prototype keys', path, jsonInit(protoBody), admin ? refused(400) : survives);
  add(r, 'unknown field', path, jsonInit(JSON.stringify({ ...valid, zzUnknown: 1 })), admin ? refused(400) : survives);
  // Missing required fields, one at a time; and wrong types.
  for (const p of schema?.required ?? []) {
    const { [p]: _dropped, ...rest } = valid;
    add(r, `missing ${p}`, path, jsonInit(JSON.stringify(rest)), refused(400));
  }
  let at = 0;
  for (const [p, s] of Object.entries(props)) {
    at++;
    const wrong = wrongTypeFor(s);
    if (wrong !== undefined)
      add(r, `wrong type ${p}`, path, jsonInit(JSON.stringify({ ...valid, [p]: wrong })), refused(400));
    const types = new Set([s.type, ...(s.anyOf ?? []).map((a) => a.type)].flat().filter(Boolean));
    if (types.has('string')) {
      const sql = SQLI[at % SQLI.length]!;
      add(r, `SQL in ${p}: ${sql.slice(0, 16)}`, path, jsonInit(JSON.stringify({ ...valid, [p]: sql })), survives);
      add(
        r,
        `NUL and lone surrogates in ${p}`,
        path,
        jsonInit(JSON.stringify({ ...valid, [p]: `${NUL}${LONE}` })),
        survives,
      );
      if (/at$|date|time|when|from|to$/i.test(p))
        add(
          r,
          `date out of range in ${p}`,
          path,
          jsonInit(JSON.stringify({ ...valid, [p]: '+099999-01-01T00:00:00Z' })),
          survives,
        );
    }
    if (types.has('number') || types.has('integer')) {
      for (const raw of ['1e308', '1e999', '-1', '18446744073709551616', '0.5'])
        add(r, `${p}=${raw}`, path, jsonInit(withRaw(valid, p, raw)), survives);
      add(r, `${p}="NaN"`, path, jsonInit(JSON.stringify({ ...valid, [p]: 'NaN' })), refused(400));
    }
  }
}

// Lenient public ingest: unknown fields (and prototype keys) are stripped and the event is still stored.
const eventsRoute = routes.find((r) => r.path === '/v1/events')!;
cases.push({
  route: key(eventsRoute),
  name: 'POST /v1/events · unknown fields stripped, event accepted',
  path: '/v1/events',
  expect: { kind: 'accepted' },
  init: {
    method: 'POST',
    headers: { 'content-type': 'text/plain' },
    body: JSON.stringify({ site: siteKey, future: true, events: [{ ...pageview(), zzNew: { a: 1 } }] }).replace(
      '{',
      '{"__proto__":{"polluted":"yes"},',
    ),
  },
});
cases.push({
  route: key(eventsRoute),
  name: 'POST /v1/events · one click id of the five accepted, unknown utm field stripped',
  path: '/v1/events',
  expect: { kind: 'accepted' },
  init: {
    method: 'POST',
    headers: { 'content-type': 'text/plain' },
    body: JSON.stringify({
      site: siteKey,
      events: [pageview({ clickIds: { gclid: 'abc' }, utm: { source: 'x', zz: 1 } })],
    }),
  },
});
const leadsRoute = routes.find((r) => r.path === '/v1/leads')!;
cases.push({
  route: key(leadsRoute),
  name: 'POST /v1/leads · unknown fields stripped, lead accepted',
  path: '/v1/leads',
  expect: { kind: 'accepted' },
  init: {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...validBody(leadsRoute), zzNew: 1 }).replace(
      '{',
      '{"constructor":{"prototype":{"polluted":"yes"}},',
    ),
  },
});

// Static files (served by node.ts around the app): traversal never leaves the folders.
const server = createNodeServer(app, () => siteKey);
const staticRoute = { method: 'GET', path: '(static files)', op: undefined } as unknown as Route;
for (const p of [
  '/widgets/../../package.json',
  '/widgets/%2e%2e/%2e%2e/package.json',
  '/widgets/..%2f..%2fpackage.json',
  '/widgets/%2e%2e%2f%2e%2e%2fpackage.json',
  '/widgets/..%5c..%5cpackage.json',
  '/widgets/%252e%252e/%252e%252e/package.json',
  '/demo/%2e%2e/package.json',
  '/demo/..%2f..%2fpackage.json',
  '/demo/..%2fserver%2fapp.ts',
  '/demo/%2e%2e/server/app.ts',
  '/demo/....//....//package.json',
  '/embed.js/../package.json',
  '/widgets/%00../package.json',
  '/demo/%c0%ae%c0%ae/package.json',
  '/demo//etc/passwd',
  '/widgets/nope.js',
])
  cases.push({
    route: '(static files)',
    name: `static ${p}`,
    path: p,
    init: {},
    expect: refused(400, 403, 404),
    plain404: true,
    mustNotContain: ['"name": "leadline"', 'createApp', 'root:x:'],
    via: 'node',
  });
void staticRoute;

// ---- Running them ----

const outcomes = new Map<number, number>();
const perRoute = new Map<string, number>();
const pollution = () => [
  ({} as Record<string, unknown>).polluted,
  ({} as Record<string, unknown>).isAdmin,
  (Object.prototype as Record<string, unknown>).polluted,
];

/** An event stream never ends: what it sends at once (its opening and any replay) stands for its body. */
async function bodyText(res: Response): Promise<string> {
  if (!res.headers.get('content-type')?.startsWith('text/event-stream')) return res.text();
  const reader = res.body!.getReader();
  const { value } = await reader.read();
  await reader.cancel();
  return new TextDecoder().decode(value);
}

describe('hostile input', () => {
  test.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const before = c.expect.kind === 'refused' ? await snapshot(db) : null;
    const tablesBefore = before
      ? null
      : await db.execute("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'");
    const res = c.via === 'node' ? await server.request(c.path, c.init) : await call(c.path, c.init);
    const text = await bodyText(res);
    await writes.idle?.();
    outcomes.set(res.status, (outcomes.get(res.status) ?? 0) + 1);
    perRoute.set(c.route, (perRoute.get(c.route) ?? 0) + 1);

    const problem = problemsOf(
      res.status,
      res.headers.get('content-type') ?? '',
      text,
      !((c.plain404 && res.status === 404) || c.textPage),
    );
    expect(problem, `${res.status} ${text.slice(0, 300)}`).toBeNull();
    expect(res.status, text.slice(0, 300)).toBeLessThan(500);
    for (const s of c.mustNotContain ?? []) expect(text).not.toContain(s);
    expect(pollution()).toEqual([undefined, undefined, undefined]);
    if (c.expect.kind === 'refused') {
      expect(c.expect.statuses, `${res.status} ${text.slice(0, 300)}`).toContain(res.status);
      expect(changedTables(before!, await snapshot(db))).toEqual([]);
    } else if (c.expect.kind === 'accepted') {
      expect(res.status, text.slice(0, 300)).toBeGreaterThanOrEqual(200);
      expect(res.status, text.slice(0, 300)).toBeLessThan(300);
    } else {
      // Whatever was accepted was stored as data: every table is still there.
      const after = await db.execute("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'");
      expect(after.rows[0]!.n).toBe(tablesBefore!.rows[0]!.n);
    }
  });

  test('SQL-injection strings are stored literally', async () => {
    const made = await make('/v1/admin/contacts', { name: SQLI[0], company: SQLI[4], tags: [SQLI[1]!.slice(0, 50)] });
    expect(made).not.toBeNull();
    const { rows } = await db.execute({
      sql: 'SELECT name, company FROM contacts WHERE id = ?',
      args: [String(made!.id)],
    });
    expect(rows[0]).toMatchObject({ name: SQLI[0], company: SQLI[4] });
    const { rows: n } = await db.execute('SELECT count(*) AS n FROM contacts');
    expect(Number(n[0]!.n)).toBeGreaterThan(1);
  });

  test('every route of the registry got hostile cases', () => {
    const missing = routes.map(key).filter((k) => !perRoute.has(k));
    expect(missing).toEqual([]);
    expect(cases.length).toBeGreaterThanOrEqual(60);
  });
});

afterAll(() => {
  const byStatus = Object.fromEntries([...outcomes.entries()].sort(([a], [b]) => a - b));
  console.log(
    `hostile input: ${cases.length} cases over ${routes.length} routes (+ static files); answers by status:`,
    byStatus,
  );
});
