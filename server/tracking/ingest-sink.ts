import type { WriteQueue } from '../db/write-queue.ts';
import { createKnownSessions, ingestStatements, type IngestItem } from './ingest.ts';

/** Stores a request's events; resolves, after commit, with how many were new. */
export interface IngestSink {
  write(item: IngestItem): Promise<number>;
  /** Forget cached session knowledge (after sessions were deleted). */
  forget(): void;
}

/**
 * On Node (`group: true`) the requests that arrive in the same turn of the
 * event loop are written together: one multi-row statement per table instead
 * of three per request, in one batch, and each request is answered after that
 * batch committed. On Workers (`group: false`) each request is its own batch,
 * since nothing that does I/O may be shared between requests there.
 */
export function createIngestSink(writes: WriteQueue, { group }: { group: boolean }): IngestSink {
  let pending: { item: IngestItem; resolve: (n: number) => void; reject: (e: unknown) => void }[] = [];
  const known = createKnownSessions();

  async function flush(jobs: typeof pending): Promise<void> {
    try {
      const { statements, eventStatements, written } = ingestStatements(
        jobs.map((j) => j.item),
        known,
      );
      const results = await writes.run(statements);
      for (const [key, startedAt] of written) known.remember(key, startedAt);
      let at = 0;
      jobs.forEach((job, i) => {
        let accepted = 0;
        for (const end = at + eventStatements[i]!; at < end; at++) accepted += results[at]!.rowsAffected;
        job.resolve(accepted);
      });
    } catch (error) {
      if (jobs.length === 1) return jobs[0]!.reject(error);
      for (const job of jobs) await flush([job]);
    }
  }

  const later: (f: () => void) => void = globalThis.setImmediate ?? ((f) => setTimeout(f, 0));
  return {
    forget: known.clear,
    write(item) {
      return new Promise((resolve, reject) => {
        if (!group) return void flush([{ item, resolve, reject }]);
        if (pending.push({ item, resolve, reject }) === 1)
          later(() => {
            const jobs = pending;
            pending = [];
            void flush(jobs);
          });
      });
    },
  };
}
