import type { Row } from '@libsql/client';
import type { ChoiceShare, CustomerReason } from '../schemas/reports.ts';
import type { SurveyChoice } from '../schemas/surveys.ts';
import { rate } from './context.ts';
import { zonedDate, zonedMidnight } from './range.ts';

const DAY = 86_400_000;
/** How many months after its first purchase a cohort is followed. */
export const RETENTION_MONTHS = 6;
/** Survey comments listed per cohort (or source). */
export const REASONS_PER_GROUP = 3;

/** A customer's purchases to date, oldest first; `revenue` in the reporting currency only. */
export interface Buyer {
  id: string;
  source: string | null;
  times: number[];
  rows: number;
  revenue: number;
}

/** The median of `xs` (the mean of the middle two for an even count); null when empty. */
export function median(xs: number[]): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/**
 * What a group of customers is worth and how often they come back:
 * repeatCustomers (two or more purchases to date), repeatRate, lifetimeRevenue
 * (all their purchases to date, reporting currency) and per customer, and
 * medianDaysBetweenPurchases — the median of the gaps between each customer's
 * consecutive purchases, in days (purchases at the same instant are one order).
 */
export function loyalty(buyers: Buyer[]) {
  const repeat = buyers.filter((b) => b.rows > 1).length;
  const lifetimeRevenue = buyers.reduce((n, b) => n + b.revenue, 0);
  const gaps = buyers.flatMap((b) =>
    b.times
      .slice(1)
      .map((t, i) => (t - b.times[i]!) / DAY)
      .filter((d) => d > 0),
  );
  return {
    customers: buyers.length,
    repeat,
    repeatRate: rate(repeat, buyers.length),
    lifetimeRevenue,
    lifetimeRevenuePerCustomer: rate(lifetimeRevenue, buyers.length),
    medianDaysBetweenPurchases: median(gaps),
  };
}

const addMonths = (month: string, n: number) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 1 + n, 1)).toISOString().slice(0, 7);
};

/**
 * Cohort retention: customers grouped by the month (in `tz`) of their first
 * purchase; `months[k - 1]` is the share of the cohort who bought again in
 * calendar month +k (k = 1…6); null for a month that has not begun at `now`.
 */
export function retention(
  buyers: Buyer[],
  tz: string,
  now = Date.now(),
): { cohort: string; customers: number; months: (number | null)[] }[] {
  // Each customer's purchase months in `tz`, computed once.
  const cohorts = new Map<string, Set<string>[]>();
  for (const b of buyers) {
    const months = new Set(b.times.map((t) => zonedDate(t, tz).slice(0, 7)));
    const month = zonedDate(b.times[0]!, tz).slice(0, 7);
    const members = cohorts.get(month);
    if (members) members.push(months);
    else cohorts.set(month, [months]);
  }
  return [...cohorts]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([cohort, members]) => ({
      cohort,
      customers: members.length,
      months: Array.from({ length: RETENTION_MONTHS }, (_, i) => {
        const month = addMonths(cohort, i + 1);
        if (zonedMidnight(`${month}-01`, tz) > now) return null;
        return members.filter((months) => months.has(month)).length / members.length;
      }),
    }));
}

type Group = { cohort: string } | { source: string | null };

/**
 * Why customers stay or leave, from their survey answers (newest first, as `rows` come): the latest
 * `REASONS_PER_GROUP` "why" comments per group (cohort or source), and per group and choice survey the share of its
 * answers that chose each choice (or "other"). `groupOf` names a contact's group.
 */
export function surveyReasons(rows: Row[], groupOf: (contactId: string) => Group) {
  const counted = new Map<string, number>();
  const reasons: CustomerReason[] = [];
  const tallies = new Map<
    string,
    { group: Group; survey: string; defined: SurveyChoice[]; n: number; chosen: Map<string, number> }
  >();
  for (const r of rows) {
    const group = groupOf(String(r.contact_id));
    const g = JSON.stringify(group);
    const defined = JSON.parse(String(r.defined)) as SurveyChoice[];
    const chosen = JSON.parse(String(r.choices)) as string[];
    const labels = new Map(defined.map((c) => [c.id, c.label.en ?? c.label.ar ?? c.label.ur ?? c.id]));
    const comment = r.comment == null ? '' : String(r.comment).trim();
    const n = counted.get(g) ?? 0;
    if (comment && n < REASONS_PER_GROUP) {
      counted.set(g, n + 1);
      reasons.push({
        ...group,
        kind: 'survey',
        survey: String(r.name),
        rating: r.kind === 'csat' && r.score != null ? Number(r.score) : null,
        nps: r.kind === 'nps' && r.score != null ? Number(r.score) : null,
        ...(r.kind === 'choice' && {
          choices: [...chosen.map((id) => labels.get(id) ?? id), ...(r.other == null ? [] : [String(r.other)])],
        }),
        comment,
        at: Number(r.at),
      });
    }
    if (r.kind !== 'choice') continue;
    const key = `${g}|${String(r.survey_id)}`;
    const t =
      tallies.get(key) ??
      tallies.set(key, { group, survey: String(r.name), defined, n: 0, chosen: new Map() }).get(key)!;
    t.n++;
    for (const id of [...chosen, ...(r.other == null ? [] : ['other'])]) t.chosen.set(id, (t.chosen.get(id) ?? 0) + 1);
  }
  const reasonShares = [...tallies.values()].flatMap((t) =>
    [
      ...t.defined.map((c) => ({ id: c.id, label: c.label.en ?? c.label.ar ?? c.label.ur ?? c.id })),
      { id: 'other', label: 'other' },
    ]
      .filter((c) => c.id !== 'other' || t.chosen.has('other'))
      .map((c): ChoiceShare & Group & { survey: string } => ({
        ...t.group,
        survey: t.survey,
        choice: c.id,
        label: c.label,
        answers: t.chosen.get(c.id) ?? 0,
        share: rate(t.chosen.get(c.id) ?? 0, t.n),
      })),
  );
  return { reasons, reasonShares };
}
