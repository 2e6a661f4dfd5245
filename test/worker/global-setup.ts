/**
 * vitest globalSetup of the Workers run (test/worker/vitest.config.ts):
 * a real sqld with namespaces, the namespace proxy, and `wrangler dev`
 * serving the Worker. Tests find them through LEADLINE_TEST_* variables
 * (read by test/worker/worker-app.ts via test/server/test-app.ts).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startNamespaceProxy } from './namespace-proxy.ts';
import { startSqld } from './sqld.ts';
import { startWranglerDev } from './wrangler-dev.ts';

export default async function setup() {
  const root = new URL('../..', import.meta.url).pathname;
  const logs = join(root, 'node_modules/.cache/leadline-worker-test');
  mkdirSync(logs, { recursive: true });
  const sqld = await startSqld();
  const proxy = await startNamespaceProxy(sqld.url);
  const dev = await startWranglerDev({ databaseUrl: proxy.urlFor('default'), logFile: join(logs, 'wrangler-dev.log') });
  console.log(`workers run: ${sqld.version}, wrangler dev on ${dev.url} (log: ${logs}/wrangler-dev.log)`);
  process.env.LEADLINE_TEST_WORKER_URL = dev.url;
  process.env.LEADLINE_TEST_SQLD_ADMIN = sqld.adminUrl;
  process.env.LEADLINE_TEST_DATABASES = proxy.urlFor('NAMESPACE');
  return async () => {
    await dev.stop();
    await proxy.close();
    await sqld.stop();
  };
}
