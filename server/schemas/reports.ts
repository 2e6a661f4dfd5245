import { z } from 'zod';

/**
 * The answers of `GET /v1/admin/reports/NAME` (server/reports/*): one schema per report, the only
 * definition of their shape. Reports return these types; the admin imports them with `import type`.
 * Counts are integers, rates fractions 0–1, money minor units of the site's currency (others apart).
 */

const count = z.number().int().min(0);
const rate = z.number();
/** Money: minor units (the CSV download turns every field of this type into major units, see moneyFields). */
const money = z.number();
/** Amounts per ISO 4217 code, for currencies other than the reporting one. */
const otherAmounts = z.record(z.string(), z.number());

/** What the route adds to every report: the window (ISO instants), its zone and the reporting currency. */
export const reportWindow = z.object({ from: z.string(), to: z.string(), tz: z.string(), currency: z.string() });

/** What a goal can measure; `won_value` is the site-currency amount of deals won, in minor units. */
export const goalMetrics = ['leads', 'conversion_rate', 'first_response_minutes', 'won_value'] as const;
export type GoalMetric = (typeof goalMetrics)[number];

/**
 * Progress of a goal in the current week or month (overview: leads, conversion rate, won value; service: first
 * response).
 */
export const goalProgress = z.object({
  metric: z.enum(goalMetrics),
  period: z.enum(['week', 'month']),
  target: z.number(),
  from: z.string(),
  to: z.string(),
  actual: z.number().nullable(),
  /** actual ÷ target (for first response target ÷ actual); null without an actual. */
  progress: z.number().nullable(),
  met: z.boolean(),
});
export type GoalProgress = z.infer<typeof goalProgress>;

const overviewMetrics = z.object({
  visits: count,
  visitors: count,
  pageviews: count,
  leads: count,
  conversions: count,
  customers: count,
  revenue: money,
  conversionRate: rate,
});
export const overviewReport = z.object({
  rows: z.array(z.never()),
  totals: overviewMetrics,
  /** The same span just before the window. */
  previous: overviewMetrics,
  goals: z.array(goalProgress),
  /** With `interval`: one bucket per day, ISO week or month; `t` its start. */
  series: z.array(overviewMetrics.extend({ t: z.string() })).optional(),
});

const campaignMetrics = {
  visits: count,
  visitors: count,
  leads: count,
  conversions: count,
  /** Conversion values (what the site saw), reporting currency. */
  revenue: money,
  conversionRate: rate,
  customers: count,
  spend: money,
  /** spend ÷ visits, leads, customers; null when there were none. */
  costPerVisit: money.nullable(),
  costPerLead: money.nullable(),
  costPerCustomer: money.nullable(),
  /** Conversion value ÷ spend (0 without spend). */
  roas: z.number(),
};
export const campaignsReport = z.object({
  rows: z.array(
    z.object({
      key: z.object({ source: z.string(), medium: z.string().nullable(), campaign: z.string().nullable() }),
      ...campaignMetrics,
      revenuePerVisit: money,
    }),
  ),
  totals: z.object(campaignMetrics),
  otherCurrencies: otherAmounts,
  otherSpend: otherAmounts,
});

const affiliateMetrics = {
  visits: count,
  leads: count,
  customers: count,
  newCustomers: count,
  revenue: money,
  commission: money,
  net: money,
};
export const affiliatesReport = z.object({
  rows: z.array(z.object({ key: z.object({ affiliate: z.string() }), ...affiliateMetrics, visitors: count })),
  /** `visitors`: distinct over the window's affiliate sessions, not the sum of the rows. */
  totals: z.object({ ...affiliateMetrics, visitors: count }),
  otherCurrencies: otherAmounts,
  otherCommission: otherAmounts,
});

const elementMetrics = { impressions: count, clicks: count, ctr: rate };
export const elementsReport = z.object({
  rows: z.array(z.object({ key: z.object({ element: z.string() }), ...elementMetrics })),
  totals: z.object(elementMetrics),
});

export const outboundReport = z.object({
  rows: z.array(
    z.object({ key: z.union([z.object({ affiliate: z.string() }), z.object({ domain: z.string() })]), clicks: count }),
  ),
  totals: z.object({ clicks: count }),
});

export const pricesReport = z.object({
  rows: z.array(
    z.object({ key: z.object({ price: money, currency: z.string().nullable() }), clicks: count, conversions: count }),
  ),
  totals: z.object({ clicks: count }),
});

/** The session dimensions `demographics` groups by (`by=`). */
export const dimensions = ['country', 'language', 'device', 'source'] as const;
/** `by=country|language|device|source`: one key field, null when unknown. */
const dimensionKey = z.partialRecord(z.enum(dimensions), z.string().nullable());
export const demographicsReport = z.union([
  z.object({
    rows: z.array(z.object({ key: dimensionKey, visitors: count, leads: count, customers: count })),
    totals: z.object({ visitors: count, leads: count }),
  }),
  z.object({
    rows: z.array(
      z.object({
        key: z.object({ field: z.string(), value: z.string().nullable() }),
        leads: count,
        contacts: count,
        customers: count,
      }),
    ),
    totals: z.object({ leads: count, customers: count }),
  }),
]);

export const funnelReport = z.object({
  rows: z.array(
    z.object({ key: z.object({ step: z.string(), index: count }), visitors: count, conversion: rate, dropOff: rate }),
  ),
  totals: z.object({ entered: count, completed: count, conversion: rate }),
});

const loyaltyMetrics = {
  customers: count,
  repeatRate: rate,
  lifetimeRevenue: money,
  lifetimeRevenuePerCustomer: money,
  /** Median gap between a customer's consecutive purchases, in days; null without any. */
  medianDaysBetweenPurchases: z.number().nullable(),
};
/** One cohort: `months[k - 1]` is the share who bought in calendar month +k; null while that month has not begun. */
export const retentionRow = z.object({
  source: z.string().nullable().optional(),
  cohort: z.string(),
  customers: count,
  months: z.array(rate.nullable()),
});
export type RetentionRow = z.infer<typeof retentionRow>;
/** A choice's answers and their share of the row's answers (with `multiple`, shares may add up to more than 1). */
export const choiceShare = z.object({ choice: z.string(), label: z.string(), answers: count, share: rate });
export type ChoiceShare = z.infer<typeof choiceShare>;
/**
 * A "why" comment of a cohort's (or source's) customers, from their survey answers: `rating` a CSAT score, `nps` an
 * NPS score, `choices` the labels chosen in a choice survey. (`feedback` and `ticket` were the kinds before surveys.)
 */
export const customerReason = z.object({
  cohort: z.string().optional(),
  source: z.string().nullable().optional(),
  kind: z.enum(['survey', 'feedback', 'ticket']),
  survey: z.string().optional(),
  rating: z.number().nullable(),
  nps: z.number().nullable(),
  choices: z.array(z.string()).optional(),
  comment: z.string(),
  at: z.number(),
});
export type CustomerReason = z.infer<typeof customerReason>;
export const customersReport = z.object({
  /** By the month of the first purchase ever; with `by=source`, by the contacts' first-touch source. */
  rows: z.union([
    z.array(
      z.object({
        key: z.object({ cohort: z.string() }),
        customers: count,
        repeat: count,
        lifetimeRevenue: money,
        repeatRate: rate,
      }),
    ),
    z.array(z.object({ key: z.object({ source: z.string().nullable() }), ...loyaltyMetrics, repeat: count })),
  ]),
  totals: z.object({
    customers: count,
    repeatCustomers: count,
    repeatRate: rate,
    revenue: money,
    revenuePerCustomer: money,
  }),
  otherCurrencies: otherAmounts,
  loyalty: z.object({ ...loyaltyMetrics, repeatCustomers: count }),
  retention: z.array(retentionRow),
  reasons: z.array(customerReason),
  /** Per cohort (or source) and choice survey: how the customers answered it (shares of its answers). */
  reasonShares: z.array(
    choiceShare.extend({ cohort: z.string().optional(), source: z.string().nullable().optional(), survey: z.string() }),
  ),
});

const serviceMetrics = z.object({
  tickets: count,
  unresolved: count,
  answered: count,
  solved: count,
  /** Minutes, nearest rank; null when no ticket has one. */
  firstResponseMedian: z.number().nullable(),
  firstResponseP90: z.number().nullable(),
  resolutionMedian: z.number().nullable(),
  resolutionP90: z.number().nullable(),
  ratings: count,
  /** Mean rating 1–5; null without ratings. */
  satisfaction: z.number().nullable(),
});
export const serviceReport = z.object({
  rows: z.array(
    serviceMetrics.extend({
      key: z.object({ category: z.enum(['question', 'complaint', 'order_problem', 'feedback']) }),
    }),
  ),
  totals: serviceMetrics,
  goals: z.array(goalProgress),
  /** With `interval`: tickets opened and solved per bucket, and those unsolved at its end. */
  series: z.array(z.object({ t: z.string(), opened: count, solved: count, backlog: count })).optional(),
});

/** p75 (nearest rank) per metric, null without samples; `samples` the largest count among them. */
const vitalsMetrics = z.object({
  samples: count,
  LCP: z.number().nullable(),
  INP: z.number().nullable(),
  CLS: z.number().nullable(),
  TTFB: z.number().nullable(),
});
export const vitalsReport = z.object({
  rows: z.array(vitalsMetrics.extend({ key: z.object({ page: z.string(), device: z.string().nullable() }) })),
  totals: vitalsMetrics,
});

const pipelineMetrics = {
  /** Open deals, every currency. */
  count,
  /** Their amounts (reporting currency; others under `otherCurrencies`). */
  amount: money,
  /** Each deal's amount × its probability (its own, else its stage's) ÷ 100, rounded half up, summed. */
  weighted: money,
};
export const pipelineReport = z.object({
  /** The pipeline reported on (`pipeline=ID`, default the site's first); null when the site has none. */
  pipeline: z.object({ id: z.string(), name: z.string() }).nullable(),
  /** The site's pipelines, in picker order. */
  pipelines: z.array(z.object({ id: z.string(), name: z.string() })),
  /** One row per open stage, in board order. */
  rows: z.array(z.object({ key: z.object({ stage: z.string() }), ...pipelineMetrics })),
  totals: z.object({
    ...pipelineMetrics,
    /** Open deals whose close date is before the current month. */
    overdue: count,
    /** Open deals without a close date. */
    undated: count,
  }),
  /** The forecast: the current month (in `tz`) and the 11 after it, by the deals' close dates; `t` its start. */
  series: z.array(z.object({ t: z.string(), ...pipelineMetrics })),
  otherCurrencies: otherAmounts,
  otherWeighted: otherAmounts,
});

/** How `deals` groups closed deals (`by=`); first-touch fields are copied onto the deal when it is created. */
export const dealGroups = ['source', 'campaign', 'affiliate', 'owner', 'lostReason'] as const;
const dealMetrics = {
  won: count,
  lost: count,
  /** won ÷ (won + lost). */
  winRate: rate,
  /** Reporting currency; other currencies under `otherCurrencies`. */
  wonAmount: money,
  lostAmount: money,
  /** wonAmount ÷ won deals in the reporting currency, rounded; null without any. */
  averageDeal: money.nullable(),
  /** Days from creation to winning, over won deals; null without any. */
  medianCycleDays: z.number().nullable(),
  averageCycleDays: z.number().nullable(),
};
const dealKey = z.union([
  z.object({ source: z.string().nullable() }),
  z.object({ campaign: z.string().nullable() }),
  z.object({ affiliate: z.string().nullable() }),
  z.object({ owner: z.string().nullable() }),
]);
export const dealsReport = z.object({
  rows: z.union([
    z.array(z.object({ key: dealKey, ...dealMetrics })),
    /** `by=lostReason`: the lost deals by their reason (null: none given). */
    z.array(
      z.object({ key: z.object({ lostReason: z.string().nullable() }), lost: count, lostAmount: money, share: rate }),
    ),
  ]),
  totals: z.object(dealMetrics),
  /** Won amounts in other currencies. */
  otherCurrencies: otherAmounts,
  goals: z.array(goalProgress),
});

const surveyMetrics = {
  answers: count,
  promoters: count,
  passives: count,
  detractors: count,
  /** %promoters − %detractors of the NPS answers (−100…100), rounded half away from zero; null without any. */
  nps: z.number().int().nullable(),
  /** Mean CSAT score × 100 (100–500), rounded half away from zero; null without CSAT answers. */
  csat: z.number().int().nullable(),
  /** Answers with a "why" comment. */
  comments: count,
};
export const surveysReport = z.object({
  /** One per survey; with `by`, one per survey and value of the dimension (null: none, e.g. no product bought). */
  rows: z.array(
    z.object({
      key: z.object({
        survey: z.string(),
        segment: z.string().optional(),
        source: z.string().optional(),
        campaign: z.string().nullable().optional(),
        product: z.string().nullable().optional(),
        customer: z.enum(['none', 'first', 'repeat']).optional(),
        choice: z.string().optional(),
      }),
      name: z.string(),
      kind: z.enum(['nps', 'csat', 'choice']),
      ...surveyMetrics,
      /** The row's share of its survey's answers. */
      share: rate,
      choices: z.array(choiceShare),
    }),
  ),
  totals: z.object(surveyMetrics),
  /** With `interval`: per bucket (in `tz`). */
  series: z.array(z.object({ t: z.string(), ...surveyMetrics })).optional(),
  /**
   * The "why" comments of each survey grouped by the answer: a choice (or `other`) for choice surveys, `promoter`
   * / `passive` / `detractor` for NPS, the score for CSAT; how many, and the latest five.
   */
  comments: z.array(
    z.object({
      survey: z.string(),
      group: z.string(),
      label: z.string(),
      answers: count,
      latest: z.array(z.object({ id: z.string(), score: z.number().nullable(), comment: z.string(), at: z.number() })),
    }),
  ),
});

/** Every report's answer (without the window the route adds), by its URL name. */
export const reportAnswers = {
  overview: overviewReport,
  elements: elementsReport,
  outbound: outboundReport,
  campaigns: campaignsReport,
  prices: pricesReport,
  affiliates: affiliatesReport,
  service: serviceReport,
  vitals: vitalsReport,
  demographics: demographicsReport,
  funnel: funnelReport,
  customers: customersReport,
  pipeline: pipelineReport,
  deals: dealsReport,
  surveys: surveysReport,
};

/** The `by=` values each report takes; any other is a 400. */
export const reportGroups: Partial<Record<ReportName, readonly string[]>> = {
  demographics: dimensions,
  customers: ['source'],
  deals: dealGroups,
  surveys: ['segment', 'source', 'campaign', 'product', 'repeat', 'choice'],
};
export type ReportName = keyof typeof reportAnswers;
export const reportNames = Object.keys(reportAnswers) as [ReportName, ...ReportName[]];
/** What report NAME's function returns. */
export type ReportAnswerOf<N extends ReportName> = z.infer<(typeof reportAnswers)[N]>;
/** What `GET /v1/admin/reports/NAME` answers in JSON. */
export type ReportResponse<N extends ReportName = ReportName> = z.infer<typeof reportWindow> & ReportAnswerOf<N>;

/** Any report's JSON answer, for the OpenAPI description. */
export const reportResponse = z.union(reportNames.map((n) => reportWindow.and(reportAnswers[n])));

/** The fields of a report's answer (rows, keys, totals, series…) whose values are `money`. */
export function moneyFields(schema: z.ZodType): Set<string> {
  const found = new Set<string>();
  const isMoney = (t: z.ZodType): boolean =>
    t === money || ((t instanceof z.ZodNullable || t instanceof z.ZodOptional) && isMoney(t.unwrap() as z.ZodType));
  const walk = (t: z.ZodType): void => {
    if (t instanceof z.ZodObject) {
      for (const [k, v] of Object.entries(t.shape as Record<string, z.ZodType>)) isMoney(v) ? found.add(k) : walk(v);
    } else if (t instanceof z.ZodArray) walk(t.element as z.ZodType);
    else if (t instanceof z.ZodUnion) for (const o of t.options as z.ZodType[]) walk(o);
    else if (t instanceof z.ZodNullable || t instanceof z.ZodOptional) walk(t.unwrap() as z.ZodType);
  };
  walk(schema);
  return found;
}
