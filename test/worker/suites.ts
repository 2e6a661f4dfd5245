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
  'test/server/live.test.ts',
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
  'test/server/surveys.test.ts',
  'test/server/tickets.test.ts',
  'test/server/webhooks.test.ts',
  'test/server/tracking/sessions.test.ts',
];

// Three tests of these suites are about the Node process itself; they are registered only when
// `workerRun()` is false (see `if (!workerRun())` in app, events and tracking/sessions tests).
