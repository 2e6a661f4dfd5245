import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import type {
  CustomerReason,
  GoalProgress,
  ReportName,
  ReportResponse,
  RetentionRow,
} from '../../../server/schemas/reports.ts';
import { dirOf } from '../../internal/i18n.ts';
import type { AdminKey } from '../../locales/admin/admin-en.ts';
import { AdminElement } from '../admin-element.ts';
import styles from '../admin-dashboard.styles.ts';
import { barChart, lineChart } from '../reports/charts.ts';
import { columnsOf, Formatter, kindOf, type FlatRow } from '../reports/columns.ts';
import { reportTable, type Sort } from '../reports/report-table.ts';
import reportStyles from '../reports/reports.styles.ts';
import '../reports/spend-panel.ts';

/** Any report's answer (server/schemas/reports.ts); the fields only some reports have, as the generic view reads them. */
type Answer = ReportResponse & {
  totals: FlatRow;
  previous?: FlatRow;
  series?: FlatRow[];
  goals?: GoalProgress[];
  otherCurrencies?: Record<string, number>;
  otherSpend?: Record<string, number>;
  otherCommission?: Record<string, number>;
  loyalty?: FlatRow;
  retention?: RetentionRow[];
  reasons?: CustomerReason[];
  otherWeighted?: Record<string, number>;
  pipelines?: { id: string; name: string }[];
  pipeline?: { id: string; name: string } | null;
  comments?: SurveyComment[];
};
type SurveyComment = ReportResponse<'surveys'>['comments'][number];
type SurveyRow = ReportResponse<'surveys'>['rows'][number];

const names: ReportName[] = [
  'overview',
  'campaigns',
  'affiliates',
  'elements',
  'outbound',
  'prices',
  'demographics',
  'funnel',
  'service',
  'vitals',
  'customers',
  // The Sales tab: pipeline, and the deals report in its two views (see `sales`).
  'pipeline',
  'surveys',
];
/** The views of the Sales tab: the pipeline, won and lost deals by a group, and lost deals by reason. */
type SalesView = 'pipeline' | 'deals' | 'lostReasons';
const salesViews: SalesView[] = ['pipeline', 'deals', 'lostReasons'];
const salesReports = new Set<ReportName>(['pipeline', 'deals']);
/** The metric each report charts first. */
const firstMetric: Record<ReportName, string> = {
  overview: 'visits',
  campaigns: 'conversions',
  affiliates: 'visits',
  elements: 'clicks',
  outbound: 'clicks',
  prices: 'clicks',
  demographics: 'visitors',
  funnel: 'visitors',
  service: 'tickets',
  vitals: 'LCP',
  customers: 'customers',
  pipeline: 'weighted',
  deals: 'won',
  surveys: 'nps',
};
const withSeries = new Set<ReportName>(['overview', 'service', 'surveys']);
/** Reports about tickets, purchases and deals, which session filters do not apply to. */
const unfiltered = new Set<ReportName>(['service', 'customers', 'pipeline', 'deals']);
/** Reports about contacts, which a saved segment narrows. */
const bySegment = new Set<ReportName>(['customers', 'demographics', 'surveys']);
/** The surveys report's dimensions. */
const surveyDimensions = ['segment', 'source', 'campaign', 'product', 'repeat', 'choice'] as const;
/** CSAT comes ×100 as an integer: shown as the mean score. */
const csat = <T extends Record<string, unknown>>(r: T): T =>
  typeof r.csat === 'number' ? { ...r, csat: r.csat / 100 } : r;
const DAY = 86_400_000;
const addDays = (date: string, n: number) => new Date(Date.parse(date) + n * DAY).toISOString().slice(0, 10);

/**
 * Reports: pick a report, a date range (in the site's time zone), an
 * interval and filters; see the totals (with the previous period and goal
 * progress where the report has them), a chart, a sortable table and a CSV
 * download of exactly what the API answered.
 */
export class AdminReportsView extends AdminElement {
  static override styles = [styles, reportStyles];
  @state() private report: ReportName = 'overview';
  @state() private preset = '30';
  @state() private from = '';
  @state() private to = '';
  @state() private interval: 'day' | 'week' | 'month' = 'day';
  /** Dates and filters start folded on phones, so the first figure is on the first screen. */
  @state() private controlsOpen = !matchMedia('(max-width: 639.98px)').matches;
  @state() private filters: Record<
    | 'source'
    | 'campaign'
    | 'country'
    | 'device'
    | 'by'
    | 'field'
    | 'steps'
    | 'segment'
    | 'owner'
    | 'pipeline'
    | 'dealsBy',
    string
  > = {
    source: '',
    campaign: '',
    country: '',
    device: '',
    by: 'country',
    field: '',
    steps: 'url:/*|url:/pricing*|event:conversion',
    segment: '',
    owner: '',
    pipeline: '',
    dealsBy: 'source',
  };
  @state() private sales: SalesView = 'pipeline';
  /** The site's users, for the owner filter of the Sales reports (loaded when that tab first opens). */
  @state() private users: { id: number; name: string }[] | null = null;
  /** The site's pipelines, as the pipeline report lists them. */
  @state() private pipelines: { id: string; name: string }[] = [];
  /** The customers report: '' = by first-purchase month, 'source' = by first-touch source. */
  @state() private loyaltyBy: '' | 'source' = '';
  /** The surveys report: one survey ('' = all) and a dimension ('' = per survey). */
  @state() private survey = '';
  @state() private surveyBy = '';
  @state() private surveys: { id: string; name: string }[] = [];
  /** The surveys report's extra parts, loaded when that report is first asked for. */
  @state() private surveyParts?: typeof import('../reports/survey-extras.ts');
  /** The customers report's retention and reasons views, loaded with that report. */
  @state() private loyaltyParts?: typeof import('../reports/retention.ts');
  @state() private segments: { id: string; name: string }[] = [];
  @state() private answer: Answer | null = null;
  @state() private sort: Sort | null = null;
  @state() private forecastSort: Sort | null = null;
  @state() private metric = '';
  /** A second metric drawn beside the first ('' = none). */
  @state() private metric2 = '';
  /** The report's metric columns the viewer hid (kept per report in this browser). */
  @state() private hiddenColumns: string[] = this.savedHidden();
  private asked = 0;

  private get columnsKey(): string {
    return `leadline.reports.hidden.${this.report}`;
  }

  private savedHidden(): string[] {
    try {
      const v: unknown = JSON.parse(localStorage.getItem(this.columnsKey) ?? '[]');
      return Array.isArray(v) ? v.filter((f): f is string => typeof f === 'string') : [];
    } catch {
      return [];
    }
  }

  private toggleColumn(field: string, shown: boolean): void {
    this.hiddenColumns = shown ? this.hiddenColumns.filter((f) => f !== field) : [...this.hiddenColumns, field];
    localStorage.setItem(this.columnsKey, JSON.stringify(this.hiddenColumns));
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.setPreset('30');
    void this.client
      .get<{ segments: { id: string; name: string }[] }>('/v1/admin/segments')
      .then((r) => (this.segments = r.segments))
      .catch(() => {});
    void this.client
      .get<{ surveys: { id: string; name: string }[] }>('/v1/admin/surveys')
      .then((r) => (this.surveys = r.surveys))
      .catch(() => {});
  }

  private get today(): string {
    return new Intl.DateTimeFormat('en-CA', { timeZone: this.me?.site.timeZone ?? 'UTC' }).format(Date.now());
  }

  private setPreset(days: string): void {
    this.preset = days;
    if (days !== 'custom') ((this.to = this.today), (this.from = addDays(this.to, 1 - Number(days))));
    void this.load();
  }

  /** The API query of what the controls show (`to` inclusive on screen, exclusive on the wire). */
  private get query(): string {
    const p = new URLSearchParams({ from: this.from, to: addDays(this.to, 1) });
    if (withSeries.has(this.report)) p.set('interval', this.interval);
    if (!unfiltered.has(this.report))
      for (const k of ['source', 'campaign', 'country', 'device'] as const)
        if (this.filters[k]) p.set(k, this.filters[k]);
    if (this.report === 'demographics')
      this.filters.field ? p.set('field', this.filters.field) : p.set('by', this.filters.by);
    if (this.report === 'funnel') p.set('steps', this.filters.steps);
    if (bySegment.has(this.report) && this.filters.segment) p.set('segment', this.filters.segment);
    if (this.report === 'customers' && this.loyaltyBy) p.set('by', this.loyaltyBy);
    if (salesReports.has(this.report)) {
      for (const k of ['owner', 'pipeline', 'source'] as const) if (this.filters[k]) p.set(k, this.filters[k]);
      if (this.report === 'deals') {
        if (this.filters.campaign) p.set('campaign', this.filters.campaign);
        p.set('by', this.sales === 'lostReasons' ? 'lostReason' : this.filters.dealsBy);
      }
    }
    if (this.report === 'surveys') {
      if (this.survey) p.set('survey', this.survey);
      if (this.surveyBy) p.set('by', this.surveyBy);
    }
    return `/v1/admin/reports/${this.report}?${p}`;
  }

  private async load(): Promise<void> {
    if (!this.from || !this.to || this.from > this.to) return;
    const ask = ++this.asked;
    if (this.report === 'surveys' && !this.surveyParts)
      void import('../reports/survey-extras.ts').then((m) => (this.surveyParts = m));
    if (this.report === 'customers' && !this.loyaltyParts)
      void import('../reports/retention.ts').then((m) => (this.loyaltyParts = m));
    const answer = await this.run(() => this.client.get<Answer>(this.query));
    if (ask !== this.asked) return;
    this.answer = answer && this.report === 'surveys' ? this.readable(answer) : (answer ?? null);
    if (answer?.pipelines) this.pipelines = answer.pipelines;
  }

  /** The surveys report as the table shows it: the survey by name, CSAT as the mean score. */
  private readable(a: Answer): Answer {
    const rows = (a.rows as SurveyRow[]).map((r) =>
      csat({ ...r, key: { ...r.key, survey: r.name }, name: undefined, kind: undefined }),
    );
    return { ...a, rows, totals: csat(a.totals), series: a.series?.map(csat) } as Answer;
  }

  private choose(report: ReportName): void {
    if (salesReports.has(report) && !this.users)
      void this.client
        .get<{ users: { id: number; name: string }[] }>('/v1/admin/users')
        .then((r) => (this.users = r.users))
        .catch(() => (this.users = []));
    this.report = report;
    this.answer = null;
    this.sort = null;
    this.metric = firstMetric[report];
    this.metric2 = '';
    this.hiddenColumns = this.savedHidden();
    void this.load();
  }

  private chooseSales(view: SalesView): void {
    this.sales = view;
    this.choose(view === 'pipeline' ? 'pipeline' : 'deals');
  }

  private apply(e: Event): void {
    e.preventDefault();
    const d = Object.fromEntries(new FormData(e.currentTarget as HTMLFormElement).entries()) as Record<string, string>;
    this.filters = {
      ...this.filters,
      ...Object.fromEntries(
        Object.entries(d)
          .filter(([k]) => k in this.filters)
          .map(([k, v]) => [k, k === 'country' ? v.trim().toUpperCase() : v.trim()]),
      ),
    };
    // A range typed backwards is meant forwards.
    if (d.from && d.to && (d.from !== this.from || d.to !== this.to))
      [this.from, this.to, this.preset] = [d.from < d.to ? d.from : d.to, d.from < d.to ? d.to : d.from, 'custom'];
    if (d.interval) this.interval = d.interval as typeof this.interval;
    if (d.loyaltyBy !== undefined) this.loyaltyBy = d.loyaltyBy === 'source' ? 'source' : '';
    if (d.survey !== undefined) this.survey = d.survey;
    if (d.surveyBy !== undefined) this.surveyBy = d.surveyBy;
    void this.load();
  }

  private download(e: Event): void {
    const name = this.report === 'deals' && this.sales === 'lostReasons' ? 'lost-reasons' : this.report;
    const file = `leadline-${name}-${this.from}-${this.to}.csv`;
    void this.withProgress(
      e.currentTarget as Element,
      this.a('export.preparing', { file }),
      () => this.a('export.done', { file }),
      () => this.client.download(`${this.query}&format=csv`, file).then(() => file),
    );
  }

  /** The chosen window, formatted whole by Intl ("Nov 4 – Dec 3, 2026"; to is inclusive here). */
  private get range(): string {
    if (!this.from || !this.to) return '';
    const day = (iso: string) => new Date(`${iso}T12:00:00Z`);
    const format = new Intl.DateTimeFormat(this.activeLocale, { dateStyle: 'medium', timeZone: 'UTC' });
    return format.formatRange(day(this.from), day(this.to));
  }

  /** The heading of what is shown: the report's name, or the Sales view's. */
  private get heading(): string {
    return this.a(`reports.name.${salesReports.has(this.report) ? this.sales : this.report}`);
  }

  /** A report field's name in the active locale; campaigns' revenue is conversion value (what the site saw), elsewhere it is sales. */
  private label(field: string): string {
    const m = this.adminMessages as Record<string, string> | null;
    const name =
      this.report === 'campaigns'
        ? (({ revenue: 'conversionValue', revenuePerVisit: 'valuePerVisit' } as Record<string, string>)[field] ?? field)
        : field;
    return m?.[`reports.col.${name}`] ?? field;
  }

  private get fmt(): Formatter {
    return new Formatter(
      this.activeLocale,
      this.answer?.tz ?? this.me.site.timeZone,
      this.answer?.currency ?? this.me.site.currency,
    );
  }

  /** A row's key as text for a chart label: its key fields joined, prices as money, topics translated. */
  private keyText(r: FlatRow, keys: string[]): string {
    return keys
      .map((k) =>
        k === 'category' ? this.a(`tickets.category.${r[k]}` as AdminKey) : this.fmt.format(r[k], kindOf(k, true), r),
      )
      .join(' / ');
  }

  private renderControls() {
    const select = (name: string, value: string, options: [string, string][], onChange?: (v: string) => void) =>
      html`<select name=${name} id=${`r-${name}`} @change=${onChange ? (e: Event) => onChange((e.target as HTMLSelectElement).value) : nothing}>
        ${options.map(([v, l]) => html`<option value=${v} ?selected=${v === value}>${l}</option>`)}
      </select>`;
    // Choosing from a list applies at once; typed filters apply with the button (or Enter).
    const onChange = (e: Event) => {
      const t = e.target as HTMLSelectElement;
      if (t.tagName === 'SELECT' && t.name !== 'preset') (e.currentTarget as HTMLFormElement).requestSubmit();
    };
    const sales = salesReports.has(this.report);
    const dated = this.report !== 'pipeline';
    return html`<form class="row" @submit=${this.apply} @change=${onChange} aria-label=${this.a('reports.range')}>
      ${
        dated
          ? html`<label class="field"><span>${this.a('reports.range')}</span>${select(
              'preset',
              this.preset,
              [
                ['7', this.a('reports.last7')],
                ['30', this.a('reports.last30')],
                ['90', this.a('reports.last90')],
                ['custom', this.a('reports.custom')],
              ],
              (v) => this.setPreset(v),
            )}</label>
            <label class="field"><span>${this.a('reports.from')}</span><input type="date" name="from" required .value=${this.from} /></label>
            <label class="field"><span>${this.a('reports.to')}</span><input type="date" name="to" required .value=${this.to} /></label>`
          : nothing
      }
      ${
        withSeries.has(this.report)
          ? html`<label class="field"><span>${this.a('reports.interval')}</span>${select(
              'interval',
              this.interval,
              (['day', 'week', 'month'] as const).map((i) => [i, this.a(`reports.${i}`)]),
            )}</label>`
          : nothing
      }
      ${
        unfiltered.has(this.report)
          ? nothing
          : html`<label class="field"><span>${this.label('source')}</span><input name="source" dir="ltr" size="10" .value=${this.filters.source} /></label>
            <label class="field"><span>${this.label('campaign')}</span><input name="campaign" dir="ltr" size="10" .value=${this.filters.campaign} /></label>
            ${
              this.report === 'surveys'
                ? nothing
                : html`<label class="field"><span>${this.label('country')}</span><input name="country" dir="ltr" size="3" maxlength="2" pattern="[A-Za-z]{2}" .value=${this.filters.country} /></label>
            <label class="field"><span>${this.label('device')}</span>${select('device', this.filters.device, [
              ['', this.a('reports.any')],
              ['desktop', 'desktop'],
              ['mobile', 'mobile'],
              ['tablet', 'tablet'],
            ])}</label>`
            }`
      }
      ${
        this.report === 'surveys'
          ? html`<label class="field"><span>${this.a('reports.col.survey')}</span>${select('survey', this.survey, [
              ['', this.a('reports.allSurveys')],
              ...this.surveys.map((s): [string, string] => [s.id, s.name]),
            ])}</label>
            <label class="field"><span>${this.a('reports.by')}</span>${select('surveyBy', this.surveyBy, [
              ['', this.a('reports.perSurvey')],
              ...surveyDimensions.map((d): [string, string] => [
                d,
                d === 'repeat' ? this.a('reports.byRepeat') : this.label(d),
              ]),
            ])}</label>`
          : nothing
      }
      ${
        this.report === 'demographics'
          ? html`<label class="field"><span>${this.a('reports.by')}</span>${select(
              'by',
              this.filters.by,
              (['country', 'language', 'device'] as const).map((b) => [b, this.label(b)]),
            )}</label>
            <label class="field"><span>${this.a('reports.field')}</span><input name="field" dir="ltr" size="10" pattern="[a-zA-Z][a-zA-Z0-9_]{0,49}" .value=${this.filters.field} /></label>`
          : nothing
      }
      ${
        bySegment.has(this.report) && this.segments.length
          ? html`<label class="field"><span>${this.a('nav.segments')}</span>${select('segment', this.filters.segment, [['', this.a('reports.any')], ...this.segments.map((g): [string, string] => [g.id, g.name])])}</label>`
          : nothing
      }
      ${
        this.report === 'customers'
          ? html`<label class="field"><span>${this.a('reports.by')}</span>${select('loyaltyBy', this.loyaltyBy, [
              ['', this.label('cohort')],
              ['source', this.a('reports.firstTouchSource')],
            ])}</label>`
          : nothing
      }
      ${sales ? this.renderSalesFilters(select) : nothing}
      ${this.report === 'funnel' ? html`<label class="field grow-20"><span>${this.a('reports.steps')}</span><input name="steps" dir="ltr" required .value=${this.filters.steps} /></label>` : nothing}
      <button class="primary">${this.a('reports.show')}</button>
    </form>`;
  }

  /** The Sales reports' filters: pipeline, owner, source (and campaign and grouping for won and lost deals). */
  private renderSalesFilters(select: (name: string, value: string, options: [string, string][]) => unknown) {
    const deals = this.report === 'deals';
    const chosen = this.filters.pipeline || (deals ? '' : (this.answer?.pipeline?.id ?? ''));
    const pipelines = this.pipelines.map((p): [string, string] => [p.id, p.name]);
    return html`${
      pipelines.length
        ? html`<label class="field"><span>${this.a('reports.pipeline')}</span>${select(
            'pipeline',
            chosen,
            deals ? [['', this.a('reports.any')], ...pipelines] : pipelines,
          )}</label>`
        : nothing
    }
      <label class="field"><span>${this.a('reports.owner')}</span>${select('owner', this.filters.owner, [
        ['', this.a('reports.any')],
        ...(this.users ?? []).map((u): [string, string] => [String(u.id), u.name]),
      ])}</label>
      <label class="field"><span>${this.label('source')}</span><input name="source" dir="ltr" size="10" .value=${this.filters.source} /></label>
      ${
        deals
          ? html`<label class="field"><span>${this.label('campaign')}</span><input name="campaign" dir="ltr" size="10" .value=${this.filters.campaign} /></label>`
          : nothing
      }
      ${
        deals && this.sales === 'deals'
          ? html`<label class="field"><span>${this.a('reports.by')}</span>${select(
              'dealsBy',
              this.filters.dealsBy,
              (['source', 'campaign', 'affiliate', 'owner'] as const).map((b) => [b, this.label(b)]),
            )}</label>`
          : nothing
      }`;
  }

  private renderTotals(a: Answer) {
    const fmt = this.fmt;
    const fields = Object.keys(a.totals).filter((k) => a.totals[k] === null || typeof a.totals[k] === 'number');
    const delta = (k: string) => {
      const now = a.totals[k];
      const before = a.previous?.[k];
      if (typeof now !== 'number' || typeof before !== 'number') return nothing;
      const text =
        before === 0
          ? now === 0
            ? '±0'
            : '—'
          : `${now >= before ? '+' : ''}${new Intl.NumberFormat(this.activeLocale, { style: 'percent', maximumFractionDigits: 0 }).format((now - before) / before)}`;
      return html`<span class="delta">${this.a('reports.vsPrevious', { delta: text })}</span>`;
    };
    return html`<dl class="kpis" part="totals">
      ${fields.map((k) => html`<div data-field=${k}><dt>${this.label(k)}</dt><dd>${fmt.format(a.totals[k], kindOf(k, false))}${delta(k)}</dd></div>`)}
    </dl>
    ${
      a.goals?.length
        ? html`<ul>${a.goals.map((g) => {
            const pct = (v: number) => fmt.format(v, 'rate');
            const show = (v: number | null) =>
              v == null
                ? '—'
                : g.metric === 'conversion_rate'
                  ? pct(v)
                  : fmt.format(
                      v,
                      g.metric === 'first_response_minutes' ? 'minutes' : g.metric === 'won_value' ? 'money' : 'count',
                    );
            return html`<li class="row">
            <span>${this.a('reports.goal', { metric: this.a(`goals.${g.metric}`), period: this.a(`goals.${g.period}`), actual: show(g.actual), target: show(g.target) })}</span>
            <progress max="1" .value=${Math.min(1, g.progress ?? 0)} aria-label=${this.a(`goals.${g.metric}`)}></progress>
            ${g.met ? html`<strong class="ok">${this.a('reports.goalMet')}</strong>` : nothing}
          </li>`;
          })}</ul>`
        : nothing
    }
    ${(
      [
        ['reports.notConverted', a.otherCurrencies],
        ['reports.otherSpend', a.otherSpend],
        ['reports.otherCommission', a.otherCommission],
        ['reports.otherWeighted', a.otherWeighted],
      ] as const
    ).map(([key, amounts]) =>
      amounts && Object.keys(amounts).length
        ? html`<p class="muted">${this.a(key, {
            amounts: Object.entries(amounts)
              .map(([c, v]) => fmt.money(v, c))
              .join(', '),
          })}</p>`
        : nothing,
    )}`;
  }

  /** The chart of a report: the series as a line, rows as bars, the funnel's steps in order; `fixed` charts that metric without a picker. */
  private renderChart(a: Answer, keys: string[], metrics: string[], flat: FlatRow[], fixed?: string) {
    const fmt = this.fmt;
    const metric = fixed ?? (metrics.includes(this.metric) ? this.metric : metrics[0]);
    if (!metric) return nothing;
    const line = keys.includes('t') || !keys.length;
    const metric2 = line && metrics.includes(this.metric2) && this.metric2 !== metric ? this.metric2 : '';
    const options = (chosen: string, list: string[]) =>
      list.map((m) => html`<option value=${m} ?selected=${m === chosen}>${this.label(m)}</option>`);
    const pick = (id: string, label: string, set: (v: string) => void, body: unknown) =>
      html`<label class="field"><span>${label}</span><select id=${id} @change=${(e: Event) => set((e.target as HTMLSelectElement).value)}>${body}</select></label>`;
    const picker =
      !fixed && metrics.length > 1
        ? html`${pick('chart-metric', this.a('reports.chart'), (v) => (this.metric = v), options(metric, metrics))}
          ${
            line
              ? pick(
                  'chart-metric2',
                  this.a('reports.chart2'),
                  (v) => (this.metric2 = v),
                  html`<option value="" ?selected=${!metric2}>${this.a('reports.none')}</option>${options(
                    metric2,
                    metrics.filter((m) => m !== metric),
                  )}`,
                )
              : nothing
          }`
        : nothing;
    if (this.report === 'funnel')
      return barChart(
        flat.map((r) => ({
          label: String(r.step),
          value: Number(r.visitors),
          text: fmt.format(r.visitors as number, 'count'),
          note: this.a('reports.stepOf', {
            conversion: fmt.format(r.conversion as number, 'rate'),
            dropOff: fmt.format(r.dropOff as number, 'rate'),
          }),
        })),
        { label: this.a('reports.funnelLabel'), rtl: dirOf(this.activeLocale) === 'rtl', sort: false, limit: 8 },
      );
    const kind = kindOf(metric, false);
    const series = (m: string) => {
      const k = kindOf(m, false);
      return {
        label: this.label(m),
        points: (a.series ?? []).map((s) => ({ t: String(s.t), v: Number(s[m] ?? 0) })),
        value: (v: number, digits?: number) => (digits === undefined ? fmt.format(v, k) : fmt.tick(v, k, digits)),
      };
    };
    const chart = line
      ? lineChart(metric2 ? [series(metric), series(metric2)] : [series(metric)], {
          rtl: dirOf(this.activeLocale) === 'rtl',
          label: this.a('reports.lineLabel', {
            metric: [metric, metric2]
              .filter(Boolean)
              .map((m) => this.label(m))
              .join(' · '),
            interval: this.a(`reports.${withSeries.has(this.report) ? this.interval : 'month'}`),
          }),
          day: (t) => fmt.day(t),
        })
      : barChart(
          flat.map((r) => ({
            label: this.keyText(r, keys),
            value: Number(r[metric] ?? 0),
            text: fmt.format(r[metric], kind, r),
          })),
          {
            label: this.a('reports.barLabel', { metric: this.label(metric) }),
            rtl: dirOf(this.activeLocale) === 'rtl',
          },
        );
    return html`<div class="row">${picker}</div>${chart}`;
  }

  /** Which metric columns the table shows: a disclosure of checkboxes (the key columns always show). */
  private renderChooser(metrics: string[]) {
    if (metrics.length < 2) return nothing;
    const shown = metrics.filter((m) => !this.hiddenColumns.includes(m)).length;
    return html`<details class="columns" part="columns">
      <summary>${this.a('reports.columns', { shown: this.fmt.format(shown, 'count'), total: this.fmt.format(metrics.length, 'count') })}</summary>
      <fieldset><legend class="sr">${this.a('reports.columnsLegend')}</legend>
        ${metrics.map((m) => html`<label><input type="checkbox" name="column" value=${m} .checked=${!this.hiddenColumns.includes(m)} @change=${(e: Event) => this.toggleColumn(m, (e.target as HTMLInputElement).checked)} />${this.label(m)}</label>`)}
      </fieldset>
    </details>`;
  }

  private renderReport(a: Answer) {
    // Overview has no rows: its table and chart are the series.
    const source = a.rows.length || !a.series || this.report === 'pipeline' ? a.rows : a.series;
    const { columns, flat } = columnsOf(source);
    const keys = columns.filter((c) => c.key).map((c) => c.field);
    const metrics = columns.filter((c) => !c.key).map((c) => c.field);
    // "No data" only when the totals are empty too: a window can have totals but no rows (e.g. buyers, none of them new).
    const empty = Object.values(a.totals).every((v) => !v);
    const series = this.report === 'service' && a.series?.length ? columnsOf(a.series) : null;
    return html`${this.renderTotals(a)}
      ${
        empty
          ? html`<p role="status" class="muted">${this.a('reports.empty')}</p>`
          : !flat.length
            ? nothing
            : html`${this.renderChart(a, keys, metrics, flat)}
            ${series ? this.renderChart(a, ['t'], [], series.flat, 'backlog') : nothing}
            ${this.renderChooser(metrics)}
            ${reportTable({
              caption: this.heading,
              columns: columns.filter((c) => c.key || !this.hiddenColumns.includes(c.field)),
              rows: flat,
              totals: source === a.series || this.report === 'funnel' ? undefined : a.totals,
              sort: this.sort,
              onSort: (s) => (this.sort = s),
              fmt: this.fmt,
              label: (f) => this.label(f),
              sortLabel: (column) => this.a('reports.sortBy', { column }),
              totalLabel: this.a('reports.total'),
            })}`
      }
      ${a.loyalty ? this.renderLoyalty(a) : nothing}
      ${this.report === 'pipeline' && !empty ? this.renderForecast(a) : nothing}
      ${a.comments ? this.renderSurveyExtras(a) : nothing}`;
  }

  /** The pipeline's forecast: weighted amount by close month as a line, and the months as a table. */
  private renderForecast(a: Answer) {
    const { columns, flat } = columnsOf(a.series ?? []);
    const fmt = this.fmt;
    return html`<h3>${this.a('reports.forecast')}</h3>
      <p class="muted">${this.a('reports.forecastNote', {
        overdue: fmt.format(a.totals.overdue ?? 0, 'count'),
        undated: fmt.format(a.totals.undated ?? 0, 'count'),
      })}</p>
      ${this.renderChart(a, ['t'], [], flat, 'weighted')}
      ${reportTable({
        caption: this.a('reports.forecast'),
        columns,
        rows: flat,
        sort: this.forecastSort,
        onSort: (s) => (this.forecastSort = s),
        fmt,
        label: (f) => this.label(f),
        sortLabel: (column) => this.a('reports.sortBy', { column }),
        totalLabel: this.a('reports.total'),
      })}`;
  }

  /** The surveys report's choice shares and grouped comments (their own chunk, loaded with the tab). */
  private renderSurveyExtras(a: Answer) {
    if (!this.surveyParts) return nothing;
    return this.surveyParts.surveyExtras(a.rows as SurveyRow[], a.comments ?? [], this.fmt, {
      choiceShares: this.a('reports.choiceShares'),
      comments: this.a('reports.comments'),
      bars: this.a('reports.barLabel', { metric: this.label('share') }),
      rtl: dirOf(this.activeLocale) === 'rtl',
      surveyName: (id) => this.surveys.find((s) => s.id === id)?.name ?? '',
    });
  }

  /** The customers report's loyalty of its cohorts: key figures, retention table and chart, and what customers said. */
  private renderLoyalty(a: Answer) {
    const fmt = this.fmt;
    const parts = this.loyaltyParts;
    const labels = {
      caption: this.a('reports.retention'),
      chart: this.a('reports.retentionChart'),
      cohort: this.label('cohort'),
      source: this.a('reports.firstTouchSource'),
      customers: this.label('customers'),
      month: (k: number) => this.a('reports.monthPlus', { n: fmt.format(k, 'count') }),
      noSource: this.a('reports.noSource'),
      reasons: this.a('reports.reasons'),
      reasonKind: (kind: string) =>
        this.a(`reports.reason.${kind === 'ticket' || kind === 'survey' ? kind : 'feedback'}`),
    };
    const loyalty = a.loyalty!;
    return html`<h3>${this.a('reports.loyalty')}</h3>
      <dl class="kpis loyalty">${Object.keys(loyalty).map((k) => html`<div data-field=${k}><dt>${this.label(k)}</dt><dd>${fmt.format(loyalty[k], kindOf(k, false))}</dd></div>`)}</dl>
      ${a.retention?.length && parts ? parts.retentionView(a.retention, { fmt, rtl: dirOf(this.activeLocale) === 'rtl', labels }) : nothing}
      ${parts ? parts.reasonsView(a.reasons ?? [], { fmt, labels }) : nothing}`;
  }

  override render() {
    if (!this.adminMessages) return nothing;
    return html`<section class="card" aria-labelledby="reports-title">
      <div class="row spread">
        <h2 id="reports-title">${this.heading}</h2>
        <button @click=${this.download} ?disabled=${!this.answer}>${this.a('reports.csv')}</button>
      </div>
      <div class="tabs" role="group" aria-label=${this.a('reports.report')} part="tabs">
        ${names.map((n) =>
          n === 'pipeline'
            ? html`<button aria-pressed=${salesReports.has(this.report) ? 'true' : 'false'} @click=${() => this.chooseSales(this.sales)}>${this.a('reports.sales')}</button>`
            : html`<button aria-pressed=${n === this.report ? 'true' : 'false'} @click=${() => this.choose(n)}>${this.a(`reports.name.${n}`)}</button>`,
        )}
      </div>
      ${
        salesReports.has(this.report)
          ? html`<div class="tabs" role="group" aria-label=${this.a('reports.salesViews')} part="tabs">
            ${salesViews.map((v) => html`<button aria-pressed=${v === this.sales ? 'true' : 'false'} @click=${() => this.chooseSales(v)}>${this.a(`reports.name.${v}`)}</button>`)}
          </div>`
          : nothing
      }
      <details class="controls" ?open=${this.controlsOpen}
        @toggle=${(e: Event) => (this.controlsOpen = (e.target as HTMLDetailsElement).open)}>
        <summary>${this.a('reports.controls', {
          // The pipeline is a snapshot: its summary names the pipeline, not a date range that does not apply.
          range: this.report === 'pipeline' ? (this.answer?.pipeline?.name ?? '') : this.range,
        })}</summary>
        ${this.renderControls()}
      </details>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${this.loading && !this.answer ? html`<p role="status">${this.a('common.loading')}</p>` : nothing}
      ${this.answer ? html`<div aria-busy=${this.loading ? 'true' : 'false'}>${this.renderReport(this.answer)}</div>` : nothing}
      ${
        this.report === 'campaigns'
          ? html`<leadline-admin-spend .client=${this.client} .me=${this.me} locale=${this.activeLocale} from=${this.from} to=${this.to} @leadline-spend-change=${() => this.load()}></leadline-admin-spend>`
          : nothing
      }
    </section>`;
  }
}

if (!customElements.get('leadline-admin-reports')) customElements.define('leadline-admin-reports', AdminReportsView);
