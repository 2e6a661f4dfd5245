import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import type { GoalMetric } from '../../../server/schemas/reports.ts';
import type { Affiliate } from '../../../server/schemas/segments.ts';
import { AdminElement } from '../admin-element.ts';
import styles from '../admin-dashboard.styles.ts';
import { formatMoney, toMinor } from '../format-money.ts';

const goalMetrics: GoalMetric[] = ['leads', 'conversion_rate', 'first_response_minutes', 'won_value'];

interface Goal {
  id: string;
  metric: GoalMetric;
  period: 'week' | 'month';
  target: number;
}

/** Affiliates (referral names, referring domains, commission rule) and goals. Owners edit. */
export class AdminAffiliatesView extends AdminElement {
  static override styles = styles;
  @state() private affiliates: Affiliate[] | null = null;
  @state() private goals: Goal[] = [];

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    await this.run(async () => {
      const [a, g] = await Promise.all([
        this.client.get<{ affiliates: Affiliate[] }>('/v1/admin/affiliates'),
        this.client.get<{ goals: Goal[] }>('/v1/admin/goals'),
      ]);
      this.affiliates = a.affiliates;
      this.goals = g.goals;
    });
  }

  private async addAffiliate(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const el = e.target as HTMLFormElement;
    const d = Object.fromEntries(new FormData(el).entries()) as Record<string, string>;
    const percent = d.type === 'percent';
    const body = {
      name: d.name,
      label: d.label || undefined,
      domains: (d.domains ?? '').split(/[\s,]+/).filter(Boolean),
      commissionType: d.type,
      commissionValue: Math.round(Number(d.value || 0) * (percent ? 100 : 10 ** 2)),
      ...(percent ? {} : { currency: this.me.site.currency }),
    };
    if ((await this.run(() => this.client.post('/v1/admin/affiliates', body))) !== undefined)
      (el.reset(), await this.load());
  }

  private goalTarget(g: Goal): string {
    if (g.metric === 'conversion_rate') return `${Math.round(g.target * 1000) / 10} %`;
    return g.metric === 'won_value'
      ? formatMoney(this.activeLocale, g.target, this.me.site.currency)
      : String(g.target);
  }

  private async setGoal(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const d = Object.fromEntries(new FormData(e.target as HTMLFormElement).entries()) as Record<string, string>;
    // Rates are typed in percent and money in major units of the reporting currency.
    const target =
      d.metric === 'conversion_rate'
        ? Number(d.target) / 100
        : d.metric === 'won_value'
          ? toMinor(Number(d.target), this.me.site.currency)
          : Number(d.target);
    if (
      (await this.run(() =>
        this.client.request('PUT', '/v1/admin/goals', { metric: d.metric, period: d.period, target }),
      )) !== undefined
    )
      await this.load();
  }

  private commission(a: Affiliate): string {
    return a.commissionType === 'percent'
      ? `${a.commissionValue / 100} %`
      : this.money(a.commissionValue, a.currency ?? this.me.site.currency);
  }

  override render() {
    if (!this.adminMessages) return nothing;
    const owner = this.userRole === 'owner';
    return html`<section class="card" aria-labelledby="affiliates-title">
        <h2 id="affiliates-title">${this.a('nav.affiliates')}</h2>
        ${
          owner
            ? html`<form class="row" @submit=${this.addAffiliate}>
              <label class="field"><span>${this.a('affiliates.name')}</span><input name="name" required pattern="[A-Za-z0-9._-]{1,100}" dir="ltr" size="12" /></label>
              <label class="field"><span>${this.a('affiliates.label')}</span><input name="label" maxlength="200" /></label>
              <label class="field"><span>${this.a('affiliates.domains')}</span><input name="domains" dir="ltr" /></label>
              <label class="field"><span>${this.a('affiliates.commission')}</span><select name="type"><option value="percent">%</option><option value="fixed">${this.a('affiliates.fixed')}</option></select></label>
              <label class="field"><span>${this.a('affiliates.value')}</span><input name="value" inputmode="decimal" size="6" /></label>
              <button class="primary">${this.a('common.add')}</button>
            </form>`
            : nothing
        }
        ${
          !this.affiliates
            ? html`<p role="status">${this.a('common.loading')}</p>`
            : !this.affiliates.length
              ? html`<p role="status">${this.a('affiliates.none')}</p>`
              : html`<table><thead><tr><th>${this.a('affiliates.name')}</th><th>${this.a('affiliates.domains')}</th><th>${this.a('affiliates.commission')}</th>${owner ? html`<th><span class="sr">${this.a('edit.delete')}</span></th>` : nothing}</tr></thead>
                <tbody>${this.affiliates.map(
                  (
                    a,
                  ) => html`<tr><td dir="ltr">?ref=${a.name}${a.label ? html` <span class="muted">${a.label}</span>` : nothing}</td><td dir="ltr">${a.domains.join(', ')}</td><td>${this.commission(a)}</td>
                  ${owner ? html`<td>${this.deleteButton(`/v1/admin/affiliates/${a.id}`, a.name, () => this.load())}</td>` : nothing}</tr>`,
                )}</tbody></table>`
        }
      </section>
      <section class="card" aria-labelledby="goals-title">
        <h2 id="goals-title">${this.a('goals.title')}</h2>
        <ul>${this.goals.map((g) => html`<li>${this.a(`goals.${g.metric}`)} · ${this.a(`goals.${g.period}`)}: <strong>${this.goalTarget(g)}</strong></li>`)}</ul>
        ${
          owner
            ? html`<form class="row" @submit=${this.setGoal}>
              <label class="field"><span>${this.a('goals.metric')}</span><select name="metric">${goalMetrics.map((m) => html`<option value=${m}>${this.a(`goals.${m}`)}</option>`)}</select></label>
              <label class="field"><span>${this.a('goals.period')}</span><select name="period"><option value="month">${this.a('goals.month')}</option><option value="week">${this.a('goals.week')}</option></select></label>
              <label class="field"><span>${this.a('goals.target')}</span><input name="target" required inputmode="decimal" size="8" /></label>
              <button class="primary">${this.a('common.save')}</button>
            </form>`
            : nothing
        }
        ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      </section>`;
  }
}

if (!customElements.get('leadline-admin-affiliates'))
  customElements.define('leadline-admin-affiliates', AdminAffiliatesView);
