import { Hono } from 'hono';
import { describeRoute, resolver } from 'hono-openapi';
import { z } from 'zod';
import type { AppEnv } from '../app-env.ts';
import { ApiError } from '../errors.ts';
import { can } from '../middleware/roles.ts';
import { validate } from '../middleware/validate.ts';
import { reportCsv } from '../reports/csv.ts';
import { reportQuery, resolveRange, zonedDate } from '../reports/range.ts';
import { reports } from '../reports/reports.ts';
import { moneyFields, reportAnswers, reportGroups, reportNames, reportResponse } from '../schemas/reports.ts';

/**
 * `GET /v1/admin/reports/NAME?from&to&tz&interval&by&field&steps&source&campaign&country&device&segment
 *   &pipeline&owner` →
 * `{ from, to, tz, currency, rows: [{ key, …metrics }], totals, previous?, series?, otherCurrencies? }`.
 * `format=csv` answers the rows (or the series, or the totals) as a CSV download, money in
 * major units with a `currency` column.
 * Boundaries are computed in `tz` (default: the site's); rates are 0–1; money
 * in minor units of the site's currency, other currencies listed apart.
 */
export const adminReportRoutes = () =>
  new Hono<AppEnv>().get(
    '/v1/admin/reports/:name',
    describeRoute({
      tags: ['admin: reports'],
      summary: `A report: ${reportNames.join(', ')}`,
      security: [{ bearer: [] }],
      responses: {
        200: {
          description:
            'The report (server/schemas/reports.ts has one schema per name); with format=csv, a CSV download',
          content: {
            'application/json': { schema: resolver(reportResponse) },
            'text/csv': { schema: { type: 'string' } },
          },
        },
      },
    }),
    can.read,
    validate('param', z.object({ name: z.enum(reportNames) })),
    validate('query', reportQuery.extend({ format: z.enum(['json', 'csv']).optional() })),
    async (c) => {
      const q = c.req.valid('query');
      const site = c.var.auth.site;
      const { from, to, tz } = resolveRange(q, site.timeZone);
      if (to <= from) throw new ApiError(400, 'validation_failed', '`to` must be after `from`');
      if (
        q.interval &&
        (to - from) / { day: 86_400_000, week: 7 * 86_400_000, month: 28 * 86_400_000 }[q.interval] > 400
      )
        throw new ApiError(400, 'validation_failed', 'too many intervals: at most 400');
      const name = c.req.valid('param').name;
      if (q.by && !reportGroups[name]?.includes(q.by))
        throw new ApiError(400, 'validation_failed', `${name} does not take by=${q.by}`);
      const answer = await reports[name]({ db: c.var.deps.db, site, from, to, tz, q });
      if (q.format === 'csv') {
        c.header('Content-Type', 'text/csv; charset=utf-8');
        c.header(
          'Content-Disposition',
          `attachment; filename="leadline-${name}-${zonedDate(from, tz)}-${zonedDate(to - 1, tz)}.csv"`,
        );
        return c.body(reportCsv(answer, moneyFields(reportAnswers[name]), site.currency));
      }
      return c.json({
        from: new Date(from).toISOString(),
        to: new Date(to).toISOString(),
        tz,
        currency: site.currency,
        ...answer,
      });
    },
  );
