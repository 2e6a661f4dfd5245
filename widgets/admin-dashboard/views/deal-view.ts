import { css, html, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { DealDetail } from '../../../server/schemas/deals.ts';
import type { User } from '../../../server/schemas/sales.ts';
import { AdminElement } from '../admin-element.ts';
import styles from '../admin-dashboard.styles.ts';
import { dealsApi, type Pipeline } from './deals-api.ts';
import { sortStages } from './deals-board.ts';

type Party = { id: string; name: string | null; email?: string | null };
const kinds = ['note', 'call', 'meeting', 'email'] as const;
/** Fraction digits of `currency` (JPY 0, USD 2, KWD 3). */
const digits = (currency: string) => {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
};
const fields = (e: SubmitEvent) => {
  e.preventDefault();
  return Object.fromEntries(
    [...new FormData(e.target as HTMLFormElement)].map(([k, v]) => [k, String(v).trim()]),
  ) as Record<string, string>;
};

/**
 * One deal (`deal-id`), or the "New deal" form (`deal-id="new"`, with `contact` and `pipeline` to start from): its
 * fields, contact and company pickers, stage history, notes and activities, won or lost with the reason, and the
 * purchase made from a won deal.
 */
export class AdminDealView extends AdminElement {
  static override styles = [
    styles,
    css`
      .history {
        margin: 0;
        padding-inline-start: 1.2rem;
      }
    `,
  ];
  @property({ attribute: 'deal-id' }) dealId = '';
  /** For a new deal: the contact it starts with (the contact page's "New deal"). */
  @property() contact = '';
  @property() pipeline = '';
  @state() private deal: DealDetail | null = null;
  @state() private pipelines: Pipeline[] = [];
  @state() private lostReasons: string[] = [];
  @state() private users: User[] = [];
  @state() private pipelineId = '';
  @state() private found: Record<'contact' | 'company', Party[]> = { contact: [], company: [] };
  private searchTimer: ReturnType<typeof setTimeout> | undefined;

  private get server() {
    return dealsApi(this.client);
  }

  private get isNew(): boolean {
    return this.dealId === 'new';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  /** The same element shows the next deal (a link from a deal, "New deal" saved): load it. */
  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    super.willUpdate(changed);
    if (changed.get('dealId') !== undefined && this.isConnected) ((this.deal = null), void this.load());
  }

  private async load(): Promise<void> {
    await this.run(async () => {
      const [list, users, deal, contact] = await Promise.all([
        this.server.pipelines(),
        this.client.team(),
        this.isNew ? null : this.client.get<DealDetail>(`/v1/admin/deals/${this.dealId}`),
        this.isNew && this.contact
          ? this.client.get<Party>(`/v1/admin/contacts/${this.contact}`).catch(() => null)
          : null,
      ]);
      Object.assign(this, { pipelines: list.pipelines, lostReasons: list.lostReasons, users, deal });
      this.pipelineId = deal?.pipelineId ?? (this.pipeline || list.pipelines[0]?.id || '');
      if (contact) this.found = { ...this.found, contact: [contact] };
    });
  }

  /** Finds contacts (or companies) whose name or email matches, for the picker below the search box. */
  private search(what: 'contact' | 'company', q: string): void {
    clearTimeout(this.searchTimer);
    this.searchTimer = setTimeout(async () => {
      const path = what === 'contact' ? 'contacts' : 'companies';
      const r = await this.client
        .get<Record<string, Party[]>>(`/v1/admin/${path}?limit=10&q=${encodeURIComponent(q.trim())}`)
        .catch(() => null);
      if (r) this.found = { ...this.found, [what]: r[path] ?? [] };
    }, 250);
  }

  /**
   * The form's fields as the API takes them: amounts in minor units of the currency; an emptied field clears
   * (null) on a deal, and is left out of a new one.
   */
  private body(d: Record<string, string>) {
    const currency = (d.currency || this.me.site.currency).toUpperCase();
    const amount = Math.round(Number((d.amount || '0').replace(',', '.')) * 10 ** digits(currency));
    const body = {
      title: d.title,
      amount,
      currency,
      closeDate: d.closeDate || null,
      probability: d.probability ? Number(d.probability) : null,
      ownerId: d.ownerId ? Number(d.ownerId) : null,
      contactId: d.contactId || null,
      companyId: d.companyId || null,
      notes: d.notes || null,
      ...(this.isNew && { pipelineId: d.pipelineId, stageId: d.stageId }),
    };
    return this.isNew ? Object.fromEntries(Object.entries(body).filter(([, v]) => v !== null)) : body;
  }

  private async save(e: SubmitEvent): Promise<void> {
    const body = this.body(fields(e));
    const near = e.submitter;
    if (this.isNew) {
      const made = await this.run(() => this.client.post<{ id: string }>('/v1/admin/deals', body));
      if (made) location.hash = `#/deals/${made.id}`;
      return;
    }
    const saved = await this.run(() => this.client.patch<DealDetail>(`/v1/admin/deals/${this.dealId}`, body));
    if (saved) (this.toast(this.a('common.saved'), near), await this.load());
  }

  /** Moves the deal to `stageId` (won, lost with a reason, or back to an open stage). */
  private async moveTo(stageId: string, near: Element | null, lostReason?: string): Promise<void> {
    const moved = await this.run(() =>
      this.server.move(this.dealId, { stageId, ...(lostReason !== undefined && { lostReason }) }),
    );
    if (moved) (this.toast(this.a('common.saved'), near), await this.load());
  }

  private async purchase(near: Element | null): Promise<void> {
    const made = await this.run(() => this.server.purchase(this.dealId));
    if (made) (this.toast(this.a('deal.purchaseMade'), near), await this.load());
  }

  private async logActivity(e: SubmitEvent): Promise<void> {
    const d = fields(e);
    const form = e.target as HTMLFormElement;
    const body = { kind: d.kind, ...(d.subject && { subject: d.subject }), ...(d.body && { body: d.body }) };
    const made = await this.run(() => this.client.post(`/v1/admin/deals/${this.dealId}/activities`, body));
    if (made !== undefined) (form.reset(), await this.load());
  }

  private picker(what: 'contact' | 'company', current: Party | null): TemplateResult {
    const options = [...(current ? [current] : []), ...this.found[what].filter((p) => p.id !== current?.id)];
    const chosen = current?.id ?? (this.isNew && what === 'contact' ? this.contact : '');
    return html`<fieldset class="field">
      <legend>${this.a(what === 'contact' ? 'deal.contact' : 'deal.company')}</legend>
      <input type="search" aria-label=${this.a(what === 'contact' ? 'deal.findContact' : 'deal.findCompany')}
        placeholder=${this.a('deal.find')} ?disabled=${!this.canEdit}
        @input=${(e: Event) => this.search(what, (e.target as HTMLInputElement).value)} />
      <select name="${what}Id" aria-label=${this.a(what === 'contact' ? 'deal.contact' : 'deal.company')} ?disabled=${!this.canEdit}>
        <option value="">${this.a('common.none')}</option>
        ${options.map((p) => html`<option value=${p.id} ?selected=${p.id === chosen}>${p.name ?? p.email ?? p.id}${p.email && p.name ? ` · ${p.email}` : ''}</option>`)}
      </select>
    </fieldset>`;
  }

  private renderForm(d: DealDetail | null): TemplateResult {
    const ro = !this.canEdit;
    const pipeline = this.pipelines.find((p) => p.id === this.pipelineId);
    const currency = d?.currency ?? this.me.site.currency;
    const major = d ? String(d.amount / 10 ** digits(currency)) : '';
    return html`<form class="card" @submit=${this.save} aria-labelledby="deal-title">
      <h2 id="deal-title">${d ? this.bdi(d.title) : this.a('deals.new')}</h2>
      <div class="row">
        <label class="field grow"><span>${this.a('deal.title')}</span>
          <input name="title" required maxlength="200" .value=${d?.title ?? ''} ?readonly=${ro} dir="auto" /></label>
        <label class="field"><span>${this.a('deal.amount')}</span>
          <input name="amount" inputmode="decimal" pattern="[0-9]+([.,][0-9]{1,3})?" size="10" .value=${major} ?readonly=${ro} /></label>
        <label class="field"><span>${this.a('purchase.currency')}</span>
          <input name="currency" maxlength="3" size="4" pattern="[A-Za-z]{3}" .value=${currency} ?readonly=${ro} dir="ltr" /></label>
        <label class="field"><span>${this.a('deal.closeDate')}</span>
          <input name="closeDate" type="date" .value=${d?.closeDate ?? ''} ?readonly=${ro} /></label>
        <label class="field"><span>${this.a('deal.probability')}</span>
          <input class="w6" name="probability" type="number" min="0" max="100" .value=${d?.probabilityOverride?.toString() ?? ''}
            placeholder=${d ? String(d.probability) : ''} ?readonly=${ro} /></label>
        <label class="field"><span>${this.a('contacts.owner')}</span>
          <select name="ownerId" ?disabled=${ro}><option value="">${this.a('common.none')}</option>
            ${this.users.filter((u) => u.role === 'owner' || u.role === 'rep').map((u) => html`<option value=${u.id} ?selected=${(d ? d.ownerId : this.me.user.id) === u.id}>${u.name}</option>`)}
          </select></label>
      </div>
      ${
        d
          ? nothing
          : html`<div class="row">
            <label class="field"><span>${this.a('deals.pipeline')}</span>
              <select name="pipelineId" @change=${(e: Event) => (this.pipelineId = (e.target as HTMLSelectElement).value)}>
                ${this.pipelines.map((p) => html`<option value=${p.id} ?selected=${p.id === this.pipelineId}>${p.name}</option>`)}</select></label>
            <label class="field"><span>${this.a('deals.stage')}</span>
              <select name="stageId">${sortStages(pipeline?.stages ?? [])
                .filter((s) => s.kind === 'open')
                .map((s) => html`<option value=${s.id}>${s.name}</option>`)}</select></label>
          </div>`
      }
      <div class="row">${this.picker('contact', d?.contact ?? null)} ${this.picker('company', d?.company ?? null)}</div>
      <label class="field"><span>${this.a('deal.notes')}</span>
        <textarea name="notes" maxlength="20000" .value=${d?.notes ?? ''} ?readonly=${ro} dir="auto"></textarea></label>
      ${this.canEdit ? html`<div class="row"><button class="primary">${this.a(d ? 'common.save' : 'deals.create')}</button></div>` : nothing}
    </form>`;
  }

  private renderOutcome(d: DealDetail): TemplateResult {
    const stages = sortStages(this.pipelines.find((p) => p.id === d.pipelineId)?.stages ?? []);
    const stage = stages.find((s) => s.id === d.stageId);
    const won = stages.find((s) => s.kind === 'won');
    const lost = stages.find((s) => s.kind === 'lost');
    const open = stages.find((s) => s.kind === 'open');
    return html`<section class="card" aria-labelledby="outcome-title">
      <h3 id="outcome-title">${this.a('deals.stage')}: ${this.bdi(stage?.name)}</h3>
      <p class="status">${this.a(`deal.status.${d.status}`)}${d.lostReason ? html` — ${this.bdi(d.lostReason)}` : nothing}
        · ${this.money(d.amount, d.currency)} · ${this.a('deals.weighted')}: ${this.money(d.weighted, d.currency)}</p>
      ${
        !this.canEdit
          ? nothing
          : d.status === 'open'
            ? html`<div class="row">
              ${won ? html`<button type="button" @click=${(e: Event) => this.moveTo(won.id, e.target as Element)}>${this.a('deal.markWon')}</button>` : nothing}
              ${
                lost
                  ? html`<form class="row" aria-label=${this.a('deals.markLost')} @submit=${(e: SubmitEvent) => this.moveTo(lost.id, e.submitter, fields(e).reason)}>
                    <label class="field"><span>${this.a('deals.lostReason')}</span>
                      ${
                        this.lostReasons.length
                          ? html`<select name="reason">${this.lostReasons.map((r) => html`<option>${r}</option>`)}</select>`
                          : html`<input name="reason" maxlength="100" required />`
                      }</label>
                    <button>${this.a('deals.markLost')}</button></form>`
                  : nothing
              }</div>`
            : html`<div class="row">
              ${open ? html`<button type="button" @click=${(e: Event) => this.moveTo(open.id, e.target as Element)}>${this.a('deal.reopen')}</button>` : nothing}
              ${d.status === 'won' && d.contactId && !d.purchases.length ? html`<button type="button" class="primary" @click=${(e: Event) => this.purchase(e.target as Element)}>${this.a('deal.createPurchase')}</button>` : nothing}
            </div>`
      }
      ${
        d.purchases.length
          ? html`<ul>${d.purchases.map((p) => html`<li>${this.bdi(p.productName)} · ${p.quantity} × ${this.money(p.unitPrice, p.currency)}</li>`)}</ul>`
          : nothing
      }
    </section>`;
  }

  private renderHistory(d: DealDetail): TemplateResult {
    const who = (id: number | null) => this.users.find((u) => u.id === id)?.name;
    return html`<section class="card" aria-labelledby="history-title">
      <h3 id="history-title">${this.a('deal.history')}</h3>
      <ol class="history">${d.stageChanges.map(
        (
          c,
        ) => html`<li>${this.ah('deal.changed', { from: this.bdi(c.fromStage ?? '—'), to: this.bdi(c.toStage ?? '—') })}
          <span class="muted"><time datetime=${new Date(c.at).toISOString()}>${this.date(c.at, true)}</time>${who(c.userId) ? html` · ${this.bdi(who(c.userId))}` : nothing}</span></li>`,
      )}</ol>
    </section>`;
  }

  private renderActivities(d: DealDetail): TemplateResult {
    return html`<section class="card" aria-labelledby="activities-title">
      <h3 id="activities-title">${this.a('deal.activities')}</h3>
      ${
        this.canEdit
          ? html`<form class="row" @submit=${this.logActivity} aria-labelledby="activities-title">
            <label class="field"><span>${this.a('deal.kind')}</span><select name="kind">
              ${kinds.map((k) => html`<option value=${k}>${this.a(`activity.${k}`)}</option>`)}</select></label>
            <label class="field grow"><span>${this.a('deal.subject')}</span><input name="subject" maxlength="200" required /></label>
            <label class="field wfull"><span>${this.a('deal.body')}</span><textarea name="body" maxlength="20000"></textarea></label>
            <button class="primary">${this.a('common.add')}</button></form>`
          : nothing
      }
      ${
        d.activities.length
          ? html`<ol class="timeline">${d.activities.map(
              (
                a,
              ) => html`<li class="activity"><time class="muted" datetime=${new Date(a.occurredAt).toISOString()}>${this.date(a.occurredAt, true)}</time>
                <div><strong>${this.a(`activity.${a.kind}`)}</strong>${a.subject ? html` — ${this.bdi(a.subject)}` : nothing}</div>
                ${a.body ? html`<div class="pre" dir="auto">${a.body}</div>` : nothing}</li>`,
            )}</ol>`
          : html`<p class="muted">${this.a('deal.noActivities')}</p>`
      }
    </section>`;
  }

  override render() {
    if (!this.adminMessages) return nothing;
    const d = this.deal;
    if ((!d && !this.isNew) || (this.isNew && !this.pipelines.length))
      return html`<p role=${this.error ? 'alert' : 'status'} class=${this.error ? 'error' : ''}>${this.error || this.a('common.loading')}</p>`;
    return html`<p><a href="#/deals">← ${this.a('deal.back')}</a>${d?.contact ? html` · <a href="#/contacts/${d.contact.id}">${this.bdi(d.contact.name ?? d.contact.email)}</a>` : nothing}</p>
      ${
        d
          ? html`<div class="cols-20"><div class="stack">${this.renderForm(d)}${this.renderOutcome(d)}</div>
            <div class="stack">${this.renderActivities(d)}${this.renderHistory(d)}
            ${this.userRole === 'owner' ? html`<div>${this.deleteButton(`/v1/admin/deals/${d.id}`, d.title, () => (location.hash = '#/deals'))}</div>` : nothing}</div></div>`
          : this.renderForm(null)
      }
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}`;
  }
}

if (!customElements.get('leadline-admin-deal')) customElements.define('leadline-admin-deal', AdminDealView);
