import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { InStatement } from '@libsql/client';
import { preparedWriter, resultOf, type Raw } from './prepared-writer.ts';
import { createBatchingWriteQueue, type WriteQueue } from './write-queue.ts';

interface Message {
  id: number;
  statements: InStatement[];
}
interface Reply {
  id: number;
  results?: Raw[];
  error?: { name: string; message: string; props: Record<string, unknown> };
}

/**
 * The Node server's write queue for a database file: the prepared writer (db/prepared-writer.ts) and its batching
 * queue run on their own thread, so the request thread parses, validates and answers while SQLite writes (issue
 * 25: a single-event request spent 37 of its 130 µs in SQLite, a 10-event one half its time). Same contract as
 * `createBatchingWriteQueue(client)`: whatever arrives while a batch is written is grouped into the next single
 * transaction, each caller gets its own results after the commit, a failing group is retried one job at a time,
 * and errors keep their SQLite `code`. Reads stay on the client's connection (WAL: they see every commit).
 * Null for anything but a plain `file:` path. If the thread dies, its pending writes fail and the next write starts
 * a new one.
 *
 * @example
 * const writes = writerThread(url) ?? createBatchingWriteQueue(db);
 */
export function writerThread(url: string): (WriteQueue & { idle(): Promise<void>; close(): Promise<void> }) | null {
  if (!preparedWriter.accepts(url)) return null;
  type Caller = { resolve: (r: Raw[]) => void; reject: (e: unknown) => void };
  const waiting = new Map<number, Caller>();
  const drained: (() => void)[] = [];
  let next = 0;
  let worker: Worker | null = null;
  const settle = (id: number, answer: (caller: Caller) => void) => {
    const caller = waiting.get(id);
    if (!caller) return;
    waiting.delete(id);
    answer(caller);
    if (waiting.size > 0) return;
    worker?.unref();
    drained.splice(0).forEach((f) => f());
  };
  const failAll = (error: unknown) => [...waiting.keys()].forEach((id) => settle(id, (caller) => caller.reject(error)));
  const start = (): Worker => {
    // The thread loads this file through tsx, as the server itself is run (`tsx server/node.ts`).
    const self = JSON.stringify(import.meta.url);
    const w = new Worker(`import('tsx/esm/api').then(({ tsImport }) => tsImport(${self}, ${self}))`, {
      eval: true,
      workerData: { leadlineWriter: url },
      // Not the parent's tsx hooks (loaded above); a profiler's flags carry over (test/bench/profile-ingest.ts).
      execArgv: process.execArgv.filter((flag) => flag.startsWith('--cpu-prof')),
    });
    w.on('message', ({ id, results, error }: Reply) =>
      settle(id, (caller) => (error ? caller.reject(errorOf(error)) : caller.resolve(results!))),
    );
    w.on('error', failAll);
    w.on('exit', () => {
      if (worker === w) worker = null;
      failAll(new Error('the database writer thread stopped'));
    });
    return w;
  };

  return {
    run(statements) {
      if (statements.length === 0) return Promise.resolve([]);
      worker ??= start();
      worker.ref();
      const id = next++;
      worker.postMessage({ id, statements } satisfies Message);
      return new Promise<Raw[]>((resolve, reject) => waiting.set(id, { resolve, reject })).then((raws) =>
        raws.map(resultOf),
      );
    },
    idle: () => (waiting.size === 0 ? Promise.resolve() : new Promise<void>((resolve) => drained.push(resolve))),
    async close() {
      const w = worker;
      worker = null;
      await w?.terminate();
    },
  };
}

/** An error as it crossed the thread: its class for the built-in ones, its message and its SQLite codes. */
function errorOf({ name, message, props }: NonNullable<Reply['error']>): Error {
  const Kind = ({ TypeError, RangeError } as Record<string, ErrorConstructor>)[name] ?? Error;
  return Object.assign(new Kind(message), props);
}

/** The writer thread itself: one connection with prepared statements behind a batching queue. */
function serve(url: string): void {
  const writer = preparedWriter(url)!;
  const queue = createBatchingWriteQueue<Raw>({ batch: writer.rawBatch });
  parentPort!.on('message', ({ id, statements }: Message) => {
    queue.run(statements).then(
      (results) => parentPort!.postMessage({ id, results } satisfies Reply),
      (error: unknown) => {
        const e = error instanceof Error ? error : new Error(String(error));
        const props = Object.fromEntries(
          ['code', 'rawCode', 'extendedCode'].filter((k) => k in e).map((k) => [k, (e as never)[k]]),
        );
        parentPort!.postMessage({ id, error: { name: e.name, message: e.message, props } } satisfies Reply);
      },
    );
  });
}

const role = workerData as { leadlineWriter?: string } | null;
if (!isMainThread && role?.leadlineWriter) serve(role.leadlineWriter);
