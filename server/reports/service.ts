import type { ReportAnswerOf } from '../schemas/reports.ts';
import { percentile, windowsCte, type ReportContext } from './context.ts';
import { goalProgress } from './goals.ts';
import { buckets } from './range.ts';

const MINUTE = 60_000;
const CATEGORIES = ['question', 'complaint', 'order_problem', 'feedback'] as const;

interface Ticket {
  status: string;
  firstResponse: number | null;
  resolution: number | null;
  rating: number | null;
}

function metrics(ts: Ticket[]) {
  const fr = ts.flatMap((t) => (t.firstResponse == null ? [] : [t.firstResponse]));
  const res = ts.flatMap((t) => (t.resolution == null ? [] : [t.resolution]));
  const ratings = ts.flatMap((t) => (t.rating == null ? [] : [t.rating]));
  return {
    tickets: ts.length,
    unresolved: ts.filter((t) => t.status === 'open' || t.status === 'pending').length,
    answered: fr.length,
    solved: res.length,
    firstResponseMedian: percentile(fr, 0.5),
    firstResponseP90: percentile(fr, 0.9),
    resolutionMedian: percentile(res, 0.5),
    resolutionP90: percentile(res, 0.9),
    ratings: ratings.length,
    satisfaction: ratings.length ? ratings.reduce((a, b) => a + b, 0) / ratings.length : null,
  };
}

/**
 * `service` — tickets opened in the window, per category (complaints apart):
 * how many, how many still open or pending, first-response and resolution
 * times in minutes (median and p90, nearest rank, over the tickets that have
 * them), and satisfaction (mean 1–5 rating). Totals cover all categories.
 */
export async function service(c: ReportContext): Promise<ReportAnswerOf<'service'>> {
  const { rows } = await c.db.execute({
    sql: `SELECT category, status, first_response_at - created_at AS fr, solved_at - created_at AS res, rating
          FROM tickets WHERE site_id = ? AND created_at >= ? AND created_at < ?`,
    args: [c.site.id, c.from, c.to],
  });
  const tickets = rows.map((r) => ({
    category: String(r.category),
    status: String(r.status),
    firstResponse: r.fr == null ? null : Number(r.fr) / MINUTE,
    resolution: r.res == null ? null : Number(r.res) / MINUTE,
    rating: r.rating == null ? null : Number(r.rating),
  }));
  const answer: ReportAnswerOf<'service'> = {
    rows: CATEGORIES.map((category) => ({
      key: { category },
      ...metrics(tickets.filter((t) => t.category === category)),
    })),
    totals: metrics(tickets),
    goals: await goalProgress(c, ['first_response_minutes']),
  };
  if (c.q.interval) answer.series = await backlog(c, buckets(c.from, c.to, c.q.interval, c.tz));
  return answer;
}

/**
 * Per bucket: tickets `opened` and `solved` in it, and the `backlog` still
 * unsolved at its end (a reopened ticket counts from its latest solve only).
 */
async function backlog(c: ReportContext, windows: [number, number][]) {
  const site = c.site.id;
  const [b, windowArgs] = windowsCte(windows);
  const { rows } = await c.db.execute({
    sql: `WITH ${b}
          SELECT b.i, b.lo,
            (SELECT count(*) FROM tickets WHERE site_id = ? AND created_at >= b.lo AND created_at < b.hi) AS opened,
            (SELECT count(*) FROM tickets WHERE site_id = ? AND solved_at >= b.lo AND solved_at < b.hi) AS solved,
            (SELECT count(*) FROM tickets WHERE site_id = ? AND created_at < b.hi AND (solved_at IS NULL OR solved_at >= b.hi)) AS backlog
          FROM b ORDER BY b.i`,
    args: [...windowArgs, site, site, site],
  });
  return rows.map((r) => ({
    t: new Date(Number(r.lo)).toISOString(),
    opened: Number(r.opened),
    solved: Number(r.solved),
    backlog: Number(r.backlog),
  }));
}
