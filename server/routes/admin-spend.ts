import type { InStatement, InValue } from '@libsql/client';
import { Hono } from 'hono';
import Papa from 'papaparse';
import { z } from 'zod';
import type { AppEnv } from '../app-env.ts';
import { auditStatement } from '../db/audit.ts';
import { spendStatements, toSpend } from '../db/spend.ts';
import { ApiError } from '../errors.ts';
import { can } from '../middleware/roles.ts';
import { readBounded } from '../middleware/public-body.ts';
import { validate } from '../middleware/validate.ts';
import {
  spendEntry,
  spendImportQuery,
  spendImportResult,
  spendInput,
  spendQuery,
  type SpendImportResult,
} from '../schemas/spend.ts';
import { routeDoc } from './route-doc.ts';

const doc = routeDoc('admin: spend');
const IMPORT_LIMIT = 1024 * 1024;
/** CSV header → field: the API's names, snake_case and the usual export words. */
const aliases: Record<string, keyof z.input<typeof spendInput>> = {
  source: 'source',
  utm_source: 'source',
  medium: 'medium',
  utm_medium: 'medium',
  campaign: 'campaign',
  utm_campaign: 'campaign',
  fromday: 'fromDay',
  from_day: 'fromDay',
  from: 'fromDay',
  day: 'fromDay',
  date: 'fromDay',
  today: 'toDay',
  to_day: 'toDay',
  to: 'toDay',
  amount: 'amount',
  currency: 'currency',
  note: 'note',
};

/** Campaign spend: entered by owners, sent by ad-platform exports (integration tokens), read by everyone who reads reports. */
export const adminSpendRoutes = () =>
  new Hono<AppEnv>()
    .get(
      '/v1/admin/spend',
      doc(
        'Spend entries overlapping [from, to] (days, inclusive), newest first',
        z.object({ spend: z.array(spendEntry) }),
      ),
      can.read,
      validate('query', spendQuery),
      async (c) => {
        const q = c.req.valid('query');
        const where = ['site_id = ?'];
        const args: InValue[] = [c.var.auth.site.id];
        if (q.from) (where.push('to_day >= ?'), args.push(q.from));
        if (q.to) (where.push('from_day <= ?'), args.push(q.to));
        if (q.source) (where.push('source = ?'), args.push(q.source));
        if (q.campaign) (where.push('campaign = ?'), args.push(q.campaign));
        const { rows } = await c.var.deps.db.execute({
          sql: `SELECT * FROM spend WHERE ${where.join(' AND ')} ORDER BY from_day DESC, created_at DESC LIMIT ?`,
          args: [...args, q.limit],
        });
        return c.json({ spend: rows.map(toSpend) });
      },
    )
    .post(
      '/v1/admin/spend',
      doc(
        'Record spend on a campaign key for a day or a period (replaces an entry for the same key, days and currency)',
        spendEntry,
      ),
      can.integrate,
      validate('json', spendInput),
      async (c) => {
        const site = c.var.auth.site;
        const id = crypto.randomUUID();
        const results = await c.var.deps.writes.run([
          ...spendStatements(site.id, c.req.valid('json'), site.currency, id),
          auditStatement(site.id, c.var.auth.userId, 'spend.create', id),
        ]);
        return c.json(toSpend(results[1]!.rows[0]!), 201);
      },
    )
    .delete(
      '/v1/admin/spend/:id',
      doc('Delete a spend entry'),
      can.manage,
      validate('param', z.object({ id: z.uuid() })),
      async (c) => {
        const { id } = c.req.valid('param');
        const siteId = c.var.auth.site.id;
        const { rows } = await c.var.deps.db.execute({
          sql: 'SELECT 1 FROM spend WHERE id = ? AND site_id = ?',
          args: [id, siteId],
        });
        if (!rows.length) throw new ApiError(404, 'not_found', 'no such spend entry');
        await c.var.deps.writes.run([
          { sql: 'DELETE FROM spend WHERE id = ? AND site_id = ?', args: [id, siteId] },
          auditStatement(siteId, c.var.auth.userId, 'spend.delete', id),
        ]);
        return c.body(null, 204);
      },
    )
    .post(
      '/v1/admin/spend/import',
      doc('Import spend from CSV (text/csv)', spendImportResult, {
        description:
          'Columns: source, medium, campaign, from (or day/date), to, amount (minor units), currency, note. With `dryRun=1` nothing is written. Answers how many rows would be / were stored (`replaced`: rows that replace an entry with the same key, days and currency) and which were rejected, with why.',
      }),
      can.integrate,
      validate('query', spendImportQuery),
      async (c) => {
        if (!/^text\/(csv|plain)\b/i.test(c.req.header('content-type') ?? ''))
          throw new ApiError(415, 'unsupported_media_type', 'send the file as text/csv');
        const text = new TextDecoder().decode(await readBounded(c.req.raw.body, IMPORT_LIMIT));
        const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), {
          header: true,
          skipEmptyLines: true,
        });
        if (!parsed.meta.fields?.length) throw new ApiError(400, 'validation_failed', 'the CSV needs a header row');
        if (parsed.data.length > 5000) throw new ApiError(413, 'payload_too_large', 'at most 5,000 rows per import');
        const site = c.var.auth.site;
        const rejected: { row: number; reason: string }[] = [];
        const statements: InStatement[] = [];
        const seen = new Set<string>();
        let stored = 0;
        let replaced = 0;
        for (const [i, raw] of parsed.data.entries()) {
          const row: Record<string, unknown> = {};
          for (const [col, value] of Object.entries(raw)) {
            const field = aliases[col.trim().toLowerCase().replace(/\s+/g, '_')];
            const v = (value ?? '').trim();
            if (field && v) row[field] = field === 'amount' ? (/^\d{1,13}$/.test(v) ? Number(v) : v) : v;
          }
          const check = spendInput.safeParse(row);
          const line = i + 2; // the header is line 1
          if (!check.success) {
            rejected.push({
              row: line,
              reason: check.error.issues.map((x) => `${x.path.join('.') || 'row'}: ${x.message}`).join('; '),
            });
            continue;
          }
          const s = check.data;
          const cur = s.currency ?? site.currency;
          const same = JSON.stringify([
            s.source,
            s.medium ?? null,
            s.campaign ?? null,
            s.fromDay,
            s.toDay ?? s.fromDay,
            cur,
          ]);
          if (seen.has(same)) {
            rejected.push({ row: line, reason: 'row: the same key, days and currency appear earlier in this file' });
            continue;
          }
          seen.add(same);
          const { rows } = await c.var.deps.db.execute({
            sql: 'SELECT 1 FROM spend WHERE site_id = ? AND source = ? AND medium IS ? AND campaign IS ? AND from_day = ? AND to_day = ? AND currency = ?',
            args: [site.id, s.source, s.medium ?? null, s.campaign ?? null, s.fromDay, s.toDay ?? s.fromDay, cur],
          });
          stored++;
          if (rows.length) replaced++;
          statements.push(...spendStatements(site.id, s, site.currency));
        }
        const dryRun = isOn(c.req.valid('query').dryRun);
        if (!dryRun && statements.length)
          await c.var.deps.writes.run([
            ...statements,
            auditStatement(site.id, c.var.auth.userId, 'spend.import', null, {
              stored,
              replaced,
              rejected: rejected.length,
            }),
          ]);
        return c.json<SpendImportResult>({ dryRun, columns: parsed.meta.fields ?? [], stored, replaced, rejected });
      },
    );

const isOn = (flag: string | undefined) => flag === '1' || flag === 'true';
