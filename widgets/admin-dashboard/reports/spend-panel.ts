import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { SpendEntry, SpendImportResult } from '../../../server/schemas/spend.ts';
import { apiUrl } from '../../internal/api.ts';
import { AdminElement } from '../admin-element.ts';
import styles from '../admin-dashboard.styles.ts';
import reportStyles from './reports.styles.ts';

/** Spend was added, replaced or deleted: the report showing it should load again. */
export class SpendChangeEvent extends Event {
  constructor() {
    super('leadline-spend-change', { bubbles: true, composed: true });
  }
}

/**
 * Ad spend beside the Campaigns report: the entries overlapping the report's
 * days, a form to add one (a day or a period, amount typed in major units of
 * the site's currency) and a CSV import with a dry run first. Owners edit;
 * everyone else sees the list.
 *
 * @fires leadline-spend-change - after spend was stored or deleted
 */
export class AdminSpendPanel extends AdminElement {
  static override styles = [styles, reportStyles];
  /** The report's first and last day (inclusive), in the site's zone. */
  @property() from = '';
  @property() to = '';
  @state() private entries: SpendEntry[] = [];
  @state() private csv = '';
  @state() private imported: SpendImportResult | null = null;

  private get owner(): boolean {
    return this.userRole === 'owner';
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    super.willUpdate(changed);
    if ((changed.has('from') || changed.has('to')) && this.from && this.to) void this.load();
  }

  private async load(): Promise<void> {
    const r = await this.run(() =>
      this.client.get<{ spend: SpendEntry[] }>(
        `/v1/admin/spend?${new URLSearchParams({ from: this.from, to: this.to })}`,
      ),
    );
    if (r) this.entries = r.spend;
  }

  private changed(): void {
    this.dispatchEvent(new SpendChangeEvent());
    void this.load();
  }

  /** Minor units of the site's currency from an amount typed in major units. */
  private minor(typed: string): number {
    const digits =
      new Intl.NumberFormat('en', { style: 'currency', currency: this.me.site.currency }).resolvedOptions()
        .maximumFractionDigits ?? 2;
    return Math.round(Number(typed.replace(',', '.')) * 10 ** digits);
  }

  private async add(e: Event): Promise<void> {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const d = Object.fromEntries(new FormData(form).entries()) as Record<string, string>;
    const body = {
      source: d.source,
      medium: d.medium,
      campaign: d.campaign,
      fromDay: d.fromDay,
      ...(d.toDay && { toDay: d.toDay }),
      amount: this.minor(d.amount ?? '0'),
    };
    if ((await this.run(() => this.client.post('/v1/admin/spend', body))) === undefined) return;
    form.reset();
    this.changed();
  }

  private async removeEntry(id: string): Promise<void> {
    await this.run(() => this.client.del(`/v1/admin/spend/${id}`));
    this.changed();
  }

  private async upload(dryRun: boolean): Promise<void> {
    const answer = await this.run(async () => {
      const res = await fetch(apiUrl(this.client.api, `/v1/admin/spend/import?dryRun=${dryRun ? 1 : 0}`), {
        method: 'POST',
        credentials: 'omit',
        body: this.csv,
        headers: { 'content-type': 'text/csv', authorization: `Bearer ${this.client.token}` },
      });
      const body = await res.json();
      if (!res.ok) throw new Error(body.error?.message ?? res.statusText);
      return body as SpendImportResult;
    });
    if (!answer) return;
    this.imported = answer;
    if (!dryRun) this.changed();
  }

  private async pick(e: Event): Promise<void> {
    const file = (e.target as HTMLInputElement).files?.[0];
    if (!file) return;
    this.csv = await file.text();
    await this.upload(true);
  }

  private renderForm() {
    const text = (name: string, required = false) =>
      html`<label class="field"><span>${this.a(`spend.${name}` as 'spend.source')}</span><input name=${name} dir="ltr" size="10" maxlength="200" ?required=${required} /></label>`;
    return html`<form class="row" @submit=${this.add} aria-label=${this.a('spend.add')}>
      ${text('source', true)} ${text('medium')} ${text('campaign')}
      <label class="field"><span>${this.a('spend.fromDay')}</span><input type="date" name="fromDay" required .value=${this.to} /></label>
      <label class="field"><span>${this.a('spend.toDay')}</span><input type="date" name="toDay" /></label>
      <label class="field"><span>${this.a('spend.amount', { currency: this.me.site.currency })}</span><input name="amount" inputmode="decimal" dir="ltr" size="8" required pattern="[0-9]+([.,][0-9]{1,3})?" /></label>
      <button class="primary">${this.a('spend.add')}</button>
    </form>`;
  }

  private renderImport() {
    const r = this.imported;
    return html`<label class="field"><span>${this.a('spend.import')}</span><input type="file" name="spend-csv" accept=".csv,text/csv" @change=${this.pick} /></label>
      <p class="muted">${this.a('spend.importHelp')}</p>
      ${
        r
          ? html`<p role="status" class="import-status">${this.a(r.dryRun ? 'spend.preview' : 'spend.imported', { stored: r.stored, replaced: r.replaced, rejected: r.rejected.length })}</p>
            ${r.rejected.length ? html`<ul>${r.rejected.map((x) => html`<li>${this.a('spend.rejectedRow', { row: x.row, reason: x.reason })}</li>`)}</ul>` : nothing}
            ${r.dryRun && r.stored ? html`<button class="primary" id="spend-import-run" @click=${() => this.upload(false)}>${this.a('spend.importRun', { stored: r.stored })}</button>` : nothing}`
          : nothing
      }`;
  }

  override render() {
    if (!this.adminMessages) return nothing;
    const day = (d: string) =>
      new Intl.DateTimeFormat(this.activeLocale, { dateStyle: 'medium', timeZone: 'UTC' }).format(Date.parse(d));
    const key = (s: SpendEntry) => [s.source, s.medium, s.campaign].map((v) => v ?? '—').join(' / ');
    return html`<details class="card spend" part="spend" ?open=${this.owner}>
      <summary>${this.a('spend.title')}</summary>
      <p class="muted">${this.a('spend.help')}</p>
      ${this.owner ? html`${this.renderForm()}${this.renderImport()}` : nothing}
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${
        this.entries.length
          ? html`<table class="spend-list"><caption>${this.a('spend.list')}</caption>
            <thead><tr><th>${this.a('spend.key')}</th><th>${this.a('spend.days')}</th><th>${this.a('spend.amountShort')}</th>${this.owner ? html`<th>${this.a('spend.delete')}</th>` : nothing}</tr></thead>
            <tbody>${this.entries.map(
              (s) => html`<tr data-id=${s.id}>
              <td dir="ltr">${key(s)}</td>
              <td>${s.fromDay === s.toDay ? day(s.fromDay) : this.a('spend.period', { from: day(s.fromDay), to: day(s.toDay) })}</td>
              <td>${this.money(s.amount, s.currency)}</td>
              ${this.owner ? html`<td><button class="delete" @click=${() => this.removeEntry(s.id)} aria-label=${this.a('spend.deleteOne', { key: key(s) })}>${this.a('spend.delete')}</button></td>` : nothing}
            </tr>`,
            )}</tbody></table>`
          : html`<p class="muted">${this.a('spend.none')}</p>`
      }
    </details>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'leadline-admin-spend': AdminSpendPanel;
  }
  interface GlobalEventHandlersEventMap {
    'leadline-spend-change': SpendChangeEvent;
  }
}

if (!customElements.get('leadline-admin-spend')) customElements.define('leadline-admin-spend', AdminSpendPanel);
