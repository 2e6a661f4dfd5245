import type { InValue } from '@libsql/client';
import { contactsWhere } from '../contacts/list.ts';
import type { ReportAnswerOf } from '../schemas/reports.ts';
import type { Localized, SurveyChoice, SurveyKind } from '../schemas/surveys.ts';
import { rate, type ReportContext } from './context.ts';
import { buckets } from './range.ts';
import { segmentClause } from './segment.ts';

type Report = ReportAnswerOf<'surveys'>;
type Row = Report['rows'][number];
type Key = Row['key'];

/** One answer as the report reads it. */
interface Answer {
  id: string;
  survey: string;
  kind: SurveyKind;
  score: number | null;
  choices: string[];
  other: boolean;
  comment: string | null;
  at: number;
  source: string;
  campaign: string | null;
  product: string | null;
  purchases: number;
}

/** Comments listed per group. */
export const COMMENTS_PER_GROUP = 5;
/** Segments a `by=segment` report covers (the site's first, by name). */
const MAX_SEGMENTS = 50;

/** `n ÷ d` as an integer, halves away from zero (exact: integers only). */
export function roundedRatio(n: number, d: number): number {
  const sign = Math.sign(n);
  return (sign * Math.floor((2 * Math.abs(n) + d) / (2 * d))) | 0;
}

/** NPS answers 9–10 promote, 7–8 are passive, 0–6 detract. */
export const npsGroup = (score: number) => (score >= 9 ? 'promoter' : score >= 7 ? 'passive' : 'detractor');

/**
 * The metrics of a set of answers: NPS = round(100 × (promoters − detractors) ÷ NPS answers), CSAT = round(100 ×
 * sum ÷ CSAT answers), both rounded half away from zero (−12.5 → −13, 412.5 → 413) and null without such answers.
 */
export function surveyMetrics(answers: Answer[]) {
  const nps = answers.filter((a) => a.kind === 'nps' && a.score !== null);
  const csat = answers.filter((a) => a.kind === 'csat' && a.score !== null);
  const promoters = nps.filter((a) => a.score! >= 9).length;
  const detractors = nps.filter((a) => a.score! <= 6).length;
  const csatSum = csat.reduce((n, a) => n + a.score!, 0);
  return {
    answers: answers.length,
    promoters,
    passives: nps.length - promoters - detractors,
    detractors,
    nps: nps.length ? roundedRatio(100 * (promoters - detractors), nps.length) : null,
    csat: csat.length ? roundedRatio(100 * csatSum, csat.length) : null,
    comments: answers.filter((a) => a.comment).length,
  };
}

const labelOf = (l: Localized) => l.en ?? l.ar ?? l.ur ?? '';

function choiceShares(answers: Answer[], choices: SurveyChoice[]) {
  const shares = choices.map((c) => {
    const n = answers.filter((a) => a.choices.includes(c.id)).length;
    return { choice: c.id, label: labelOf(c.label), answers: n, share: rate(n, answers.length) };
  });
  const other = answers.filter((a) => a.other).length;
  return other
    ? [...shares, { choice: 'other', label: 'other', answers: other, share: rate(other, answers.length) }]
    : shares;
}

/**
 * `surveys` — answers given in the window (optionally one `survey`, a `segment`'s contacts, a `source` or
 * `campaign` of the answer's session): per survey `answers`, NPS (`promoters`, `passives`, `detractors`, `nps`),
 * `csat` and the `choices` shares; with `by`, per survey and `segment` (each saved segment, up to 50), `source` /
 * `campaign` (the answer's session), `product` (the purchase it follows, else the contact's latest before it),
 * `repeat` (`customer`: none, first or repeat by their purchases when answering) or `choice`. `series` per
 * `interval` in `tz`; `comments` grouped by answer.
 */
export async function surveys(c: ReportContext): Promise<Report> {
  const site = c.site.id;
  const [seg, segArgs] = await segmentClause(c, 'a.contact_id');
  const where = ['a.site_id = ?', 'a.created_at >= ?', 'a.created_at < ?'];
  const args: InValue[] = [site, c.from, c.to];
  if (c.q.survey) (where.push('a.survey_id = ?'), args.push(c.q.survey));
  if (c.q.source) (where.push('a.source = ?'), args.push(c.q.source));
  if (c.q.campaign) (where.push('a.campaign = ?'), args.push(c.q.campaign));
  const filter = `${where.join(' AND ')}${seg}`;
  const filterArgs = [...args, ...segArgs];
  const [{ rows: defs }, { rows }] = await Promise.all([
    c.db.execute({ sql: 'SELECT id, name, kind, choices FROM surveys WHERE site_id = ?', args: [site] }),
    c.db.execute({
      sql: `SELECT a.id, a.survey_id, a.score, a.choices, a.other, a.comment, a.created_at, a.source, a.campaign,
              coalesce((SELECT p.product_name FROM purchases p WHERE p.id = a.purchase_id),
                (SELECT p.product_name FROM purchases p WHERE p.contact_id = a.contact_id AND p.purchased_at <= a.created_at
                 ORDER BY p.purchased_at DESC LIMIT 1)) AS product,
              (SELECT count(*) FROM purchases p WHERE p.contact_id = a.contact_id AND p.purchased_at <= a.created_at)
                AS purchases
            FROM survey_answers a WHERE ${filter} ORDER BY a.created_at DESC, a.id DESC`,
      args: filterArgs,
    }),
  ]);
  const surveysById = new Map(
    defs.map((d) => [
      String(d.id),
      {
        name: String(d.name),
        kind: String(d.kind) as SurveyKind,
        choices: JSON.parse(String(d.choices)) as SurveyChoice[],
      },
    ]),
  );
  const answers: Answer[] = rows.map((r) => ({
    id: String(r.id),
    survey: String(r.survey_id),
    kind: surveysById.get(String(r.survey_id))!.kind,
    score: r.score == null ? null : Number(r.score),
    choices: JSON.parse(String(r.choices)) as string[],
    other: r.other != null,
    comment: r.comment == null ? null : String(r.comment),
    at: Number(r.created_at),
    source: String(r.source),
    campaign: r.campaign == null ? null : String(r.campaign),
    product: r.product == null ? null : String(r.product),
    purchases: Number(r.purchases),
  }));
  const bySurvey = new Map<string, Answer[]>();
  for (const a of answers) (bySurvey.get(a.survey) ?? bySurvey.set(a.survey, []).get(a.survey)!).push(a);
  const ids = [...bySurvey.keys()].sort(
    (a, b) => surveysById.get(a)!.name.localeCompare(surveysById.get(b)!.name) || a.localeCompare(b),
  );

  // The groups of each survey's answers for `by`: [key fields, answers].
  const groups = async (id: string, list: Answer[]): Promise<[Omit<Key, 'survey'>, Answer[]][]> => {
    const split = <V extends string | null>(of: (a: Answer) => V[], name: string) => {
      const m = new Map<V, Answer[]>();
      for (const a of list) for (const v of of(a)) (m.get(v) ?? m.set(v, []).get(v)!).push(a);
      return [...m]
        .sort(([a], [b]) => (a ?? '\uffff').localeCompare(b ?? '\uffff'))
        .map(([v, l]): [Omit<Key, 'survey'>, Answer[]] => [{ [name]: v }, l]);
    };
    switch (c.q.by) {
      case 'source':
        return split((a) => [a.source], 'source');
      case 'campaign':
        return split((a) => [a.campaign], 'campaign');
      case 'product':
        return split((a) => [a.product], 'product');
      case 'repeat':
        return split((a) => [a.purchases === 0 ? 'none' : a.purchases === 1 ? 'first' : 'repeat'], 'customer');
      case 'choice':
        return split((a) => [...a.choices, ...(a.other ? ['other'] : [])], 'choice');
      case 'segment':
        return segmentGroups(c, filter, filterArgs, id, list);
      default:
        return [[{}, list]];
    }
  };
  const out: Row[] = [];
  for (const id of ids) {
    const def = surveysById.get(id)!;
    const list = bySurvey.get(id)!;
    for (const [key, part] of await groups(id, list))
      out.push({
        key: { survey: id, ...key },
        name: def.name,
        kind: def.kind,
        ...surveyMetrics(part),
        share: rate(part.length, list.length),
        choices: choiceShares(part, def.choices),
      });
  }

  const comments: Report['comments'] = [];
  for (const id of ids) {
    const def = surveysById.get(id)!;
    const said = bySurvey.get(id)!.filter((a) => a.comment);
    const named = new Map(def.choices.map((ch) => [ch.id, labelOf(ch.label)]));
    const keyed = new Map<string, Answer[]>();
    for (const a of said) {
      const keys =
        def.kind === 'choice'
          ? [...a.choices, ...(a.other ? ['other'] : [])]
          : def.kind === 'nps'
            ? [npsGroup(a.score!)]
            : [String(a.score)];
      for (const k of keys) (keyed.get(k) ?? keyed.set(k, []).get(k)!).push(a);
    }
    const order = def.kind === 'choice' ? [...named.keys(), 'other'] : ['promoter', 'passive', 'detractor'];
    for (const [group, list] of [...keyed].sort(([a], [b]) => rank(order, a) - rank(order, b) || b.localeCompare(a)))
      comments.push({
        survey: id,
        group,
        label: named.get(group) ?? group,
        answers: list.length,
        latest: list
          .slice(0, COMMENTS_PER_GROUP)
          .map((a) => ({ id: a.id, score: a.score, comment: a.comment!, at: a.at })),
      });
  }

  return {
    rows: out,
    totals: surveyMetrics(answers),
    ...(c.q.interval && {
      series: buckets(c.from, c.to, c.q.interval, c.tz).map(([lo, hi]) => ({
        t: new Date(lo).toISOString(),
        ...surveyMetrics(answers.filter((a) => a.at >= lo && a.at < hi)),
      })),
    }),
    comments,
  };
}

const rank = (order: string[], v: string) => (order.includes(v) ? order.indexOf(v) : order.length);

/** Each saved segment (up to 50, by name) with the answers of its contacts. */
async function segmentGroups(
  c: ReportContext,
  filter: string,
  filterArgs: InValue[],
  survey: string,
  list: Answer[],
): Promise<[Omit<Key, 'survey'>, Answer[]][]> {
  const { rows: segments } = await c.db.execute({
    sql: 'SELECT id, name FROM segments WHERE site_id = ? ORDER BY name, id LIMIT ?',
    args: [c.site.id, MAX_SEGMENTS],
  });
  const out: [Omit<Key, 'survey'>, Answer[]][] = [];
  for (const s of segments) {
    const [where, args] = await contactsWhere(c.db, c.site, { segment: String(s.id) });
    const { rows } = await c.db.execute({
      sql: `SELECT a.id FROM survey_answers a WHERE ${filter} AND a.survey_id = ?
              AND a.contact_id IN (SELECT c.id FROM contacts c WHERE ${where})`,
      args: [...filterArgs, survey, ...args],
    });
    const members = new Set(rows.map((r) => String(r.id)));
    out.push([{ segment: String(s.name) }, list.filter((a) => members.has(a.id))]);
  }
  return out;
}
