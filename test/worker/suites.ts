/**
 * The API suites that run a second time against the Worker (workerd +
 * sqld). They reach the app only through `testApp()` and the database
 * through its `db`, so they run unchanged. Why the other server suites stay
 * Node-only is in docs/deploy.md ("What the Workers test run covers").
 */
export const workerSuites = [
  'test/server/abuse.test.ts',
  'test/server/admin-events.test.ts',
  'test/server/app.test.ts',
  'test/server/contacts.test.ts',
  'test/server/email.test.ts',
  'test/server/events.test.ts',
  'test/server/fuzz.test.ts',
  'test/server/kb.test.ts',
  'test/server/leads.test.ts',
  'test/server/operations.test.ts',
  'test/server/report-csv.test.ts',
  'test/server/report-customers.test.ts',
  'test/server/report-demographics.test.ts',
  'test/server/report-funnel.test.ts',
  'test/server/report-overview.test.ts',
  'test/server/report-service.test.ts',
  'test/server/report-vitals.test.ts',
  'test/server/reports.test.ts',
  'test/server/retention.test.ts',
  'test/server/rollups.test.ts',
  'test/server/sales.test.ts',
  'test/server/segments.test.ts',
  'test/server/tickets.test.ts',
  'test/server/webhooks.test.ts',
  'test/server/tracking/sessions.test.ts',
];

/** Tests of those suites that are about the Node process itself, with the reason; skipped in the Workers run. */
export const nodeOnlyTests: Record<string, string> = {
  // Closes the test's own client; the Worker has its own per request. The Workers
  // equivalent (database unreachable, schema behind) is test/worker/schema-gate.test.ts.
  'GET /healthz answers 503 unavailable when the database is gone': 'closes the in-process client',
  // Expects no visitor hash without a trusted proxy because app.request() has no peer address;
  // on Workers the peer (CF-Connecting-IP, set by the edge) is always known, so a hash is made.
  'stores device and language, and country only behind a trusted proxy': 'no peer address in app.request()',
  // A lying Content-Length cannot be sent through fetch(); workerd's HTTP layer owns framing.
  'answers 413 on a declared Content-Length over 256 KB without reading': 'HTTP framing',
};

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A vitest `testNamePattern` matching every test but the Node-only ones. */
export const workerTestNamePattern = new RegExp(`^(?!.*(?:${Object.keys(nodeOnlyTests).map(escape).join('|')}))`);
