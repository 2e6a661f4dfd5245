import type { Client, InStatement, ResultSet } from '@libsql/client';

/**
 * Every write of the app goes through a WriteQueue. `run` resolves only after
 * the statements committed, with one result per statement.
 */
export interface WriteQueue {
  run(statements: InStatement[]): Promise<ResultSet[]>;
}

interface Job<R> {
  statements: InStatement[];
  resolve: (results: R[]) => void;
  reject: (error: unknown) => void;
}

/**
 * The Node write queue: SQLite has one writer and the embedded driver is
 * synchronous, so writes are serialized, and whatever arrives while a batch is
 * being written is grouped into the next single `batch(…, "write")`.
 * When a grouped batch fails, its jobs are retried one by one so that one bad
 * request fails alone. The Node server hands it its prepared writer (db/prepared-writer.ts).
 *
 * @example
 * const queue = createBatchingWriteQueue(client);
 * const [result] = await queue.run([{ sql: 'INSERT …', args: [] }]);
 */
export function createBatchingWriteQueue<R = ResultSet>(
  client: { batch(statements: InStatement[], mode: 'write'): Promise<R[]> },
  maxStatements = 2000,
): { run(statements: InStatement[]): Promise<R[]>; idle(): Promise<void> } {
  const later: (f: () => void) => void = globalThis.setImmediate ?? ((f) => setTimeout(f, 0));
  let pending: Job<R>[] = [];
  let running: Promise<void> | null = null;

  async function drain(): Promise<void> {
    // Let the requests of this turn of the event loop join the batch.
    await new Promise<void>((resolve) => later(resolve));
    while (pending.length > 0) {
      const jobs: Job<R>[] = [];
      let count = 0;
      while (pending.length > 0 && (jobs.length === 0 || count + pending[0]!.statements.length <= maxStatements)) {
        const job = pending.shift()!;
        jobs.push(job);
        count += job.statements.length;
      }
      await write(jobs);
    }
    running = null;
  }

  async function write(jobs: Job<R>[]): Promise<void> {
    try {
      const results = await client.batch(
        jobs.flatMap((j) => j.statements),
        'write',
      );
      let at = 0;
      for (const job of jobs) {
        job.resolve(results.slice(at, at + job.statements.length));
        at += job.statements.length;
      }
    } catch (error) {
      if (jobs.length === 1) return jobs[0]!.reject(error);
      for (const job of jobs) await write([job]);
    }
  }

  return {
    run(statements) {
      if (statements.length === 0) return Promise.resolve([]);
      return new Promise<R[]>((resolve, reject) => {
        pending.push({ statements, resolve, reject });
        running ??= drain();
      });
    },
    async idle() {
      while (running) await running;
    },
  };
}

/**
 * A queue without grouping: each call is one batch round trip. Used where
 * nothing may be shared between requests (Workers) and in tests.
 */
export function createDirectWriteQueue(client: Client): WriteQueue {
  return { run: (statements) => client.batch(statements, 'write') };
}
