import type { Context } from 'hono';
import type { AppDeps, AppEnv } from './app-env.ts';

/** What work beside an answer needs of a request: the deps, and (on Workers) its execution context. */
export type RequestScope = { var: { deps: AppDeps } } & Pick<Context<AppEnv>, 'executionCtx'>;

/**
 * Work beside the answer, which must neither delay nor fail the request: it
 * starts now, its failure is logged (`deps.log`), and on Workers the runtime
 * is asked to let it finish after the response (`waitUntil`).
 *
 * @example
 * aside(c, 'recording a refused request', () => c.var.deps.writes.run([statement]));
 */
export function aside(c: RequestScope, what: string, work: () => Promise<unknown>): void {
  const log = c.var.deps.log ?? console.error;
  let done: Promise<unknown>;
  try {
    done = work().catch((error: unknown) => log(`${what} failed`, error));
  } catch (error) {
    return log(`${what} failed`, error);
  }
  let ctx: { waitUntil(p: Promise<unknown>): void } | undefined;
  try {
    ctx = c.executionCtx;
  } catch {
    // No execution context (Node, tests): the promise runs to its end by itself.
  }
  ctx?.waitUntil(done);
}
