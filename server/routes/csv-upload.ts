import type { Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../app-env.ts';
import { ApiError } from '../errors.ts';
import { readBounded } from '../middleware/public-body.ts';

/** A CSV import's body limit (app.ts lets these paths past the admin JSON limit). */
export const IMPORT_LIMIT = 2 * 1024 * 1024;

/** The query of a CSV import route. */
export const importQuery = z.object({
  dryRun: z.enum(['1', 'true', '0', 'false']).optional(),
  /** JSON: CSV header → field (per import; `ignore` skips a column); default: same-named columns. */
  mapping: z.string().max(4000).optional(),
});

/**
 * The CSV file of an import request (`text/csv`, at most 2 MB however it is sent) with the query's column
 * mapping and dry-run switch: 415, 413 or 400 otherwise.
 */
export async function readCsvUpload(
  c: Context<AppEnv>,
  q: z.infer<typeof importQuery>,
): Promise<{ text: string; mapping: Record<string, string>; dryRun: boolean }> {
  if (!/^text\/(csv|plain)\b/i.test(c.req.header('content-type') ?? ''))
    throw new ApiError(415, 'unsupported_media_type', 'send the file as text/csv');
  if (Number(c.req.header('content-length') ?? 0) > IMPORT_LIMIT)
    throw new ApiError(413, 'payload_too_large', 'at most 2 MB per import');
  // Counted as read: a chunked body has no Content-Length to check first.
  const text = new TextDecoder().decode(await readBounded(c.req.raw.body, IMPORT_LIMIT));
  let mapping: Record<string, string> = {};
  try {
    mapping = q.mapping ? z.record(z.string(), z.string()).parse(JSON.parse(q.mapping)) : {};
  } catch {
    throw new ApiError(400, 'validation_failed', 'mapping must be a JSON object of column → field');
  }
  return { text, mapping, dryRun: q.dryRun === '1' || q.dryRun === 'true' };
}
