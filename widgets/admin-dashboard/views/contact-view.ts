import { css, html, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { ContactDetail, Stage, TimelineGroup, TimelinePage } from '../../../server/schemas/contacts.ts';
import type { Product, Purchase, Task, User } from '../../../server/schemas/sales.ts';
import type { FormSummary, Localized } from '../../../server/schemas/forms.ts';
import { AdminElement } from '../admin-element.ts';
import './activities-panel.ts';
import './merge-panel.ts';
import styles from '../admin-dashboard.styles.ts';

type Item = TimelinePage['items'][number];
/** The timeline's filter groups in the order shown (every one the server knows: the type checks it). */
const timelineGroups = Object.keys({
  activities: 1,
  forms: 1,
  tickets: 1,
  purchases: 1,
  pageviews: 1,
} satisfies Record<TimelineGroup, 1>) as TimelineGroup[];
/** A run of one session's events (newest first), shown as one line that opens to the list. */
type Visit = { session: string; events: Item[] };
const stages: Stage[] = ['lead', 'prospect', 'customer', 'lost'];
const form = (e: SubmitEvent) => {
  e.preventDefault();
  const el = e.target as HTMLFormElement;
  return {
    el,
    near: e.submitter ?? el,
    data: Object.fromEntries(
      [...new FormData(el).entries()].map(([k, v]) => [k, String(v).trim()]).filter(([, v]) => v !== ''),
    ) as Record<string, string>,
  };
};

/** The timeline with each session's consecutive events folded into one visit. */
function visits(items: Item[]): (Item | Visit)[] {
  const out: (Item | Visit)[] = [];
  for (const i of items) {
    const session = i.kind === 'event' ? (i.data.session as string | undefined) : undefined;
    const last = out.at(-1);
    if (!session) out.push(i);
    else if (last && 'session' in last && last.session === session) last.events.push(i);
    else out.push({ session, events: [i] });
  }
  return out;
}

/** One contact: profile, stage, owner, tags, attribution, timeline, activities, tasks, purchases. */
export class AdminContactView extends AdminElement {
  static override styles = [
    styles,
    css`
      dl.facts {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(11rem, 1fr));
        gap: 0.5rem 1rem;
        margin: 0;
      }
      dl.facts dt {
        font-size: 0.85rem;
        color: var(--_muted);
      }
      dl.facts dd {
        margin: 0;
        overflow-wrap: anywhere;
      }
      details.card > summary {
        cursor: pointer;
        font-weight: 600;
      }
      fieldset.chips {
        border: 0;
        padding: 0;
        margin: 0;
      }
      fieldset.chips label {
        border: 1px solid var(--_line);
        border-radius: 999px;
        padding: 0.15rem 0.6rem;
        display: inline-flex;
        gap: 0.3rem;
        align-items: center;
      }
      ol.timeline ol {
        padding-inline-start: 1rem;
        margin: 0.25rem 0 0;
      }
      .url {
        overflow-wrap: anywhere;
      }
    `,
  ];
  @property({ attribute: 'contact-id' }) contactId = '';
  /** The timeline groups shown (sent as `kinds=`, so every page is full of them). */
  @state() private shown = new Set<TimelineGroup>(timelineGroups);
  @state() private contact: ContactDetail | null = null;
  @state() private items: Item[] = [];
  @state() private next: string | null = null;
  @state() private tasks: Task[] = [];
  @state() private purchases: Purchase[] = [];
  @state() private products: Product[] = [];
  @state() private users: User[] = [];
  @state() private erasing = false;
  /** Custom field labels per locale, from the site's lead forms. */
  @state() private fieldLabels = new Map<string, Localized>();
  /** The product chosen in the purchase form; '' = free text. */
  @state() private productChoice = '';

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
    void this.client
      .get<{ forms: FormSummary[] }>('/v1/admin/forms')
      .then(({ forms }) => {
        this.fieldLabels = new Map(forms.flatMap((f) => f.definition.fields.map((x) => [x.name, x.label] as const)));
      })
      .catch(() => {});
  }

  private async load(): Promise<void> {
    await this.run(async () => {
      const id = this.contactId;
      const [contact, timeline, tasks, purchases, users, products] = await Promise.all([
        this.client.get<ContactDetail>(`/v1/admin/contacts/${id}`),
        this.timeline(),
        this.client.get<{ tasks: Task[] }>(`/v1/admin/contacts/${id}/tasks`),
        this.client.get<{ purchases: Purchase[] }>(`/v1/admin/contacts/${id}/purchases`),
        this.client.get<{ users: User[] }>('/v1/admin/users'),
        this.client.get<{ products: Product[] }>('/v1/admin/products'),
      ]);
      Object.assign(this, {
        contact,
        items: timeline.items,
        next: timeline.nextCursor,
        tasks: tasks.tasks,
        purchases: purchases.purchases,
        users: users.users,
        products: products.products,
      });
      this.productChoice = products.products.find((p) => p.active)?.id ?? '';
    });
  }

  /** The timeline's page after `cursor`, of the shown groups only (none shown: an empty page, no request). */
  private timeline(cursor?: string): Promise<TimelinePage> {
    const kinds = timelineGroups.filter((g) => this.shown.has(g));
    if (!kinds.length) return Promise.resolve({ items: [], nextCursor: null });
    return this.client.get<TimelinePage>(
      `/v1/admin/contacts/${this.contactId}/timeline?limit=50&kinds=${kinds.join(',')}${cursor ? `&cursor=${cursor}` : ''}`,
    );
  }

  private async toggleGroup(group: TimelineGroup, on: boolean): Promise<void> {
    const shown = new Set(this.shown);
    if (on) shown.add(group);
    else shown.delete(group);
    this.shown = shown;
    const page = await this.run(() => this.timeline());
    if (page && this.shown === shown) ((this.items = page.items), (this.next = page.nextCursor));
  }

  private async moreTimeline(): Promise<void> {
    const page = await this.run(() => this.timeline(this.next ?? undefined));
    if (page) ((this.items = [...this.items, ...page.items]), (this.next = page.nextCursor));
  }

  private async save(body: Record<string, unknown>, near: Element | null): Promise<void> {
    const updated = await this.run(() =>
      this.client.patch<ContactDetail>(`/v1/admin/contacts/${this.contactId}`, body),
    );
    if (updated) ((this.contact = updated), this.toast(this.a('common.saved'), near), void this.refreshTimeline());
  }

  private async refreshTimeline(): Promise<void> {
    const [timeline, tasks, purchases] = await Promise.all([
      this.timeline(),
      this.client.get<{ tasks: Task[] }>(`/v1/admin/contacts/${this.contactId}/tasks`),
      this.client.get<{ purchases: Purchase[] }>(`/v1/admin/contacts/${this.contactId}/purchases`),
    ]);
    this.items = timeline.items;
    this.next = timeline.nextCursor;
    this.tasks = tasks.tasks;
    this.purchases = purchases.purchases;
    this.contact = await this.client.get<ContactDetail>(`/v1/admin/contacts/${this.contactId}`);
  }

  private async saveProfile(e: SubmitEvent): Promise<void> {
    const { data, near } = form(e);
    const fields: Record<string, string> = {};
    for (const [k, v] of Object.entries(data)) if (k.startsWith('field:')) fields[k.slice(6)] = v;
    await this.save(
      {
        name: data.name ?? null,
        email: data.email ?? null,
        phone: data.phone ?? null,
        company: data.company ?? null,
        tags: (data.tags ?? '')
          .split(',')
          .map((t) => t.trim())
          .filter(Boolean),
        fields,
      },
      near,
    );
  }

  private async addTask(e: SubmitEvent): Promise<void> {
    const { el, data } = form(e);
    const body = { title: data.title, ...(data.due && { dueAt: `${data.due}T09:00:00Z` }) };
    const done = await this.run(() => this.client.post(`/v1/admin/contacts/${this.contactId}/tasks`, body));
    if (done !== undefined) (el.reset(), await this.refreshTimeline());
  }

  private async completeTask(t: Task, done: boolean): Promise<void> {
    await this.run(() => this.client.patch(`/v1/admin/tasks/${t.id}`, { done }));
    await this.refreshTimeline();
  }

  private async addPurchase(e: SubmitEvent): Promise<void> {
    const { el, near, data } = form(e);
    const digits = (cur: string) =>
      new Intl.NumberFormat('en', { style: 'currency', currency: cur }).resolvedOptions().maximumFractionDigits ?? 2;
    const body: Record<string, unknown> = { quantity: Number(data.quantity ?? 1) };
    const freeText = !this.productChoice;
    if (!freeText) body.productId = this.productChoice;
    else body.productName = data.productName;
    const currency = (
      data.currency ||
      this.products.find((p) => p.id === data.productId)?.currency ||
      this.me.site.currency
    ).toUpperCase();
    if (data.price)
      ((body.unitPrice = Math.round(Number(data.price) * 10 ** digits(currency))), (body.currency = currency));
    else if (freeText) body.currency = currency;
    if (data.rep) body.salesRepId = Number(data.rep);
    if (data.instructions) body.instructions = data.instructions;
    if (data.contractEnd) body.contractEndAt = data.contractEnd;
    const done = await this.run(() => this.client.post(`/v1/admin/contacts/${this.contactId}/purchases`, body));
    if (done !== undefined) (el.reset(), this.toast(this.a('purchase.added'), near), await this.refreshTimeline());
  }

  private async erase(e: SubmitEvent): Promise<void> {
    const { data } = form(e);
    const c = this.contact!;
    if (!(await this.confirmed(this.a('edit.erase', { name: c.name ?? c.email ?? c.id }), this.a('gdpr.eraseNow'))))
      return;
    const done = await this.run(() =>
      this.client.post(`/v1/admin/contacts/${this.contactId}/erase`, { confirm: data.confirm ?? '' }),
    );
    if (done !== undefined) location.hash = '#/contacts';
  }

  private renderPrivacy(c: ContactDetail): TemplateResult {
    return html`<details class="card">
      <summary id="privacy-title">${this.a('gdpr.title')}</summary>
      <section aria-labelledby="privacy-title" class="stack">
      <div class="row">
        <button @click=${() => this.run(() => this.client.download(`/v1/admin/contacts/${c.id}/export`, `contact-${c.id}.json`))}>${this.a('gdpr.export')}</button>
        ${this.deleteButton(`/v1/admin/contacts/${c.id}`, c.name ?? c.email ?? c.id, () => (location.hash = '#/contacts'))}
        <button @click=${() => (this.erasing = !this.erasing)} aria-expanded=${this.erasing}>${this.a('gdpr.erase')}</button>
      </div>
      ${
        this.erasing
          ? html`<form class="row" @submit=${this.erase}>
            <label class="field grow"><span>${this.a('gdpr.confirm', { what: c.email ?? c.id })}</span><input name="confirm" required dir="ltr" autocomplete="off" /></label>
            <button class="primary">${this.a('gdpr.eraseNow')}</button>
          </form>`
          : nothing
      }
      </section>
    </details>`;
  }

  /**
   * A custom field's label in the active locale; a label written only in another language is shown with a
   * visible "untranslated" marker; a field no form defines shows its key.
   */
  private fieldLabel(name: string): TemplateResult {
    const label = this.fieldLabels.get(name);
    const own = label?.[this.activeLocale];
    if (own) return this.bdi(own);
    const other = label?.en ?? Object.values(label ?? {}).find(Boolean);
    if (!other) return this.bdi(name);
    return html`<span class="fallback">${this.ah('field.fallback', { label: this.bdi(other) })}</span>`;
  }

  private describe(i: Item): TemplateResult {
    const d = i.data as Record<string, string | number | undefined>;
    switch (i.kind) {
      case 'event':
        return html`${this.ah('timeline.event', {
          type: this.codeLabel('event', d.type),
          name: (d.name ?? d.title) ? this.bdi(d.name ?? d.title) : '',
        })}
          <bdi class="muted url" dir="ltr">${d.url ?? ''}</bdi>`;
      case 'form_submit':
        return html`${this.ah('timeline.form_submit', { name: this.bdi(d.name) })}${d.fields ? html`<div class="muted">${Object.entries(d.fields as unknown as Record<string, unknown>).map(([k, v]) => html`<div>${this.fieldLabel(k)}: ${this.bdi(v)}</div>`)}</div>` : nothing}`;
      case 'activity':
        return html`<strong>${this.a(`activity.${d.kind as 'call'}`)}</strong>${d.subject ? html` — ${this.bdi(d.subject)}` : nothing}${d.outcome ? html` · ${this.bdi(d.outcome)}` : nothing}${d.body ? html`<div dir="auto">${d.body}</div>` : nothing}`;
      case 'stage_change':
        return html`${this.a('timeline.stage_change', { from: d.from ? this.a(`stage.${d.from as Stage}`) : '—', to: this.a(`stage.${d.to as Stage}`) })} <span class="muted">(${this.codeLabel('reason', d.reason)})</span>`;
      case 'ticket':
        return this.ah('timeline.ticket', {
          number: this.trackingNumber(String(d.trackingNumber)),
          subject: this.bdi(d.subject),
        });
      case 'purchase':
        return html`${this.ah('timeline.purchase', { quantity: this.number(Number(d.quantity)), product: this.bdi(d.productName) })} · ${this.money(Number(d.unitPrice) * Number(d.quantity), String(d.currency))}`;
      case 'survey_answer': {
        const chosen = [...((i.data.choices as string[] | undefined) ?? []), ...(d.other ? [String(d.other)] : [])];
        return html`${this.ah('timeline.survey_answer', { survey: this.bdi(d.survey) })}${d.score != null ? html` · <strong>${this.number(Number(d.score))}</strong>` : nothing}${chosen.length ? html` · ${this.bdi(chosen.join(', '))}` : nothing}${d.comment ? html`: ${this.bdi(d.comment)}` : nothing}`;
      }
      default:
        return html`${this.a('timeline.feedback')}${d.comment ? html`: ${this.bdi(d.comment)}` : nothing}`;
    }
  }

  private renderItem(i: Item): TemplateResult {
    return html`<li class=${i.kind}><time class="muted" datetime=${new Date(i.at).toISOString()}>${this.date(i.at, true)}</time><div>${this.describe(i)}</div></li>`;
  }

  /** "Visited 7 pages · 12 min · from google/cpc", opening to the pages. */
  private renderVisit(v: Visit): TemplateResult {
    const first = v.events.at(-1)!;
    const pages = v.events.filter((e) => e.data.type === 'pageview').length;
    const minutes = Math.round((v.events[0]!.at - first.at) / 60_000);
    const { source, medium } = first.data as { source?: string; medium?: string };
    const parts: (string | TemplateResult)[] = [this.plural('timeline.session.pages', pages)];
    if (minutes > 0)
      parts.push(
        new Intl.NumberFormat(this.activeLocale, { style: 'unit', unit: 'minute', unitDisplay: 'short' }).format(
          minutes,
        ),
      );
    if (source)
      parts.push(
        this.ah('timeline.session.from', { source: html`<bdi dir="ltr">${source}${medium ? `/${medium}` : ''}</bdi>` }),
      );
    return html`<li class="session"><time class="muted" datetime=${new Date(first.at).toISOString()}>${this.date(first.at, true)}</time>
      <details><summary>${parts.map((p, i) => html`${i ? ' · ' : ''}${p}`)}</summary>
        <ol>${[...v.events].reverse().map((e) => html`<li><time class="muted" datetime=${new Date(e.at).toISOString()}>${this.time(e.at)}</time> ${this.describe(e)}</li>`)}</ol>
      </details></li>`;
  }

  private time(ms: number): string {
    return new Intl.DateTimeFormat(this.activeLocale, {
      timeStyle: 'short',
      timeZone: this.me?.site.timeZone ?? 'UTC',
    }).format(ms);
  }

  /** The facts a rep reads first: who, how to reach them, where they are, what they are worth, when last seen. */
  private renderSummary(c: ContactDetail): TemplateResult {
    const ltr = (v: string | null) => (v ? html`<bdi dir="ltr">${v}</bdi>` : '—');
    const owner = this.users.find((u) => u.id === c.ownerId);
    const touch = c.firstTouch;
    const source = touch
      ? `${touch.source}${touch.medium ? `/${touch.medium}` : ''}`
      : c.source
        ? `${c.source}${c.medium ? `/${c.medium}` : ''}`
        : null;
    const totals = new Map<string, number>();
    for (const p of this.purchases) totals.set(p.currency, (totals.get(p.currency) ?? 0) + p.unitPrice * p.quantity);
    const value = [...totals].map(([cur, minor]) => this.money(minor, cur)).join(' + ');
    const lastSeen = c.lastTouch?.startedAt ?? c.firstTouch?.startedAt ?? null;
    return html`<header class="card summary" aria-labelledby="contact-name">
      <h2 id="contact-name">${this.bdi(c.name ?? c.email ?? c.phone)}${c.company ? html` <span class="muted">· ${this.bdi(c.company)}</span>` : nothing}</h2>
      <dl class="facts">
        <div><dt>${this.a('contact.email')}</dt><dd>${c.email ? html`<a href="mailto:${c.email}">${ltr(c.email)}</a>` : '—'}</dd></div>
        <div><dt>${this.a('contact.phone')}</dt><dd>${c.phone ? html`<a href="tel:${c.phone}">${ltr(c.phone)}</a>` : '—'}</dd></div>
        <div><dt>${this.a('contacts.stage')}</dt><dd class="stage">${this.a(`stage.${c.stage}`)}</dd></div>
        <div><dt>${this.a('contacts.owner')}</dt><dd>${owner ? this.bdi(owner.name) : this.a('common.none')}</dd></div>
        <div><dt>${this.a('contact.source')}</dt><dd>${ltr(source)}</dd></div>
        <div><dt>${this.a('contact.value')}</dt><dd class="value">${value || '—'}</dd></div>
        <div><dt>${this.a('contact.lastSeen')}</dt><dd class="last-seen">${this.date(lastSeen, true)}</dd></div>
      </dl>
    </header>`;
  }

  private renderProfile(c: ContactDetail): TemplateResult {
    const ro = !this.canEdit;
    const input = (name: 'name' | 'email' | 'phone' | 'company', type = 'text') =>
      html`<label class="field"><span>${this.a(`contact.${name}`)}</span><input name=${name} type=${type} .value=${c[name] ?? ''} ?readonly=${ro} dir=${type === 'text' ? 'auto' : 'ltr'} /></label>`;
    return html`<details class="card"><summary id="profile-title">${this.a('contact.edit')}</summary>
      <form class="stack" @submit=${this.saveProfile} aria-labelledby="profile-title">
      <div class="row">${input('name')} ${input('email', 'email')} ${input('phone', 'tel')} ${input('company')}</div>
      <label class="field"><span>${this.a('contact.tags')}</span><input name="tags" .value=${c.tags.join(', ')} ?readonly=${ro} /></label>
      ${
        Object.keys(c.fields).length
          ? html`<fieldset class="row"><legend>${this.a('contact.fields')}</legend>
            ${Object.entries(c.fields).map(([k, v]) => html`<label class="field"><span>${this.fieldLabel(k)}</span><input name="field:${k}" dir="auto" .value=${String(v ?? '')} ?readonly=${ro} /></label>`)}
          </fieldset>`
          : nothing
      }
      ${this.canEdit ? html`<div><button class="primary">${this.a('common.save')}</button></div>` : nothing}
    </form></details>`;
  }

  override render() {
    if (!this.adminMessages) return nothing;
    const c = this.contact;
    if (!c)
      return html`<p role=${this.error ? 'alert' : 'status'} class=${this.error ? 'error' : ''}>${this.error || this.a('common.loading')}</p>`;
    const touch = (t: ContactDetail['firstTouch']) =>
      t
        ? html`${t.source}${t.medium ? ` / ${t.medium}` : ''}${t.campaign ? ` · ${t.campaign}` : ''} <span class="muted">${this.date(t.startedAt)}</span>`
        : '—';
    return html`
      <p><a href="#/contacts">← ${this.a('contact.back')}</a></p>
      ${this.renderSummary(c)}
      <div class="cols-20">
        <div class="stack">
          <section class="card" aria-label=${this.a('contacts.stage')}>
            <div class="row">
              <label class="field"><span>${this.a('contacts.stage')}</span>
                <select ?disabled=${!this.canEdit} @change=${(e: Event) => this.save({ stage: (e.target as HTMLSelectElement).value }, e.target as Element)}>
                  ${stages.map((s) => html`<option value=${s} ?selected=${c.stage === s}>${this.a(`stage.${s}`)}</option>`)}
                </select></label>
              <label class="field"><span>${this.a('contacts.owner')}</span>
                <select ?disabled=${!this.canEdit} @change=${(e: Event) => this.save({ ownerId: (e.target as HTMLSelectElement).value ? Number((e.target as HTMLSelectElement).value) : null }, e.target as Element)}>
                  <option value="">${this.a('common.none')}</option>
                  ${this.users.filter((u) => u.role === 'owner' || u.role === 'rep').map((u) => html`<option value=${u.id} ?selected=${c.ownerId === u.id}>${u.name}</option>`)}
                </select></label>
            </div>
            <dl>
              <dt>${this.a('contact.firstTouch')}</dt><dd>${touch(c.firstTouch)}</dd>
              <dt>${this.a('contact.lastTouch')}</dt><dd>${touch(c.lastTouch)}</dd>
            </dl>
          </section>
          <section class="card" aria-labelledby="tasks-title">
            <h3 id="tasks-title">${this.a('tasks.title')}</h3>
            ${
              this.tasks.length
                ? html`<ul>${this.tasks.map(
                    (t) => html`<li>
                  <label><input type="checkbox" .checked=${!!t.doneAt} ?disabled=${!this.canEdit} @change=${(e: Event) => this.completeTask(t, (e.target as HTMLInputElement).checked)} />
                  ${this.bdi(t.title)}</label> <span class=${t.overdue ? 'overdue' : 'muted'}>${t.overdue ? `${this.a('tasks.overdue')} · ` : ''}${this.date(t.dueAt)}</span></li>`,
                  )}</ul>`
                : html`<p class="muted">${this.a('contact.noTasks')}</p>`
            }
            ${
              this.canEdit
                ? html`<form class="row" @submit=${this.addTask}>
                  <label class="field grow"><span>${this.a('tasks.new')}</span><input name="title" required maxlength="300" /></label>
                  <label class="field"><span>${this.a('tasks.due')}</span><input name="due" type="date" /></label>
                  <button class="primary">${this.a('common.add')}</button>
                </form>`
                : nothing
            }
          </section>
          <section class="card" aria-labelledby="purchases-title">
            <h3 id="purchases-title">${this.a('purchase.title')}</h3>
            ${
              this.purchases.length
                ? html`<table><tbody>${this.purchases.map(
                    (
                      p,
                    ) => html`<tr><td dir="auto">${p.productName}</td><td>${p.quantity} × ${this.money(p.unitPrice, p.currency)}</td><td>${this.date(p.purchasedAt)}</td>
                  <td>${p.contractEndAt ? html`${this.a('purchase.contractEnd')}: ${this.date(p.contractEndAt)}` : nothing}${p.instructions ? html`<div class="muted" dir="auto">${p.instructions}</div>` : nothing}</td></tr>`,
                  )}</tbody></table>`
                : html`<p class="muted">${this.a('contact.noPurchases')}</p>`
            }
            ${this.canEdit ? this.renderPurchaseForm() : nothing}
          </section>
          <leadline-admin-merge .client=${this.client} .me=${this.me} locale=${this.activeLocale} contact-id=${c.id}
            @leadline-merged=${(e: Event) => (this.toast(this.a('edit.merged'), e.target as HTMLElement), this.refreshTimeline())}></leadline-admin-merge>
          ${this.renderProfile(c)}
          ${this.userRole === 'owner' ? this.renderPrivacy(c) : nothing}
        </div>
        <div class="stack">
          <leadline-admin-activities .client=${this.client} .me=${this.me} locale=${this.activeLocale} contact-id=${c.id}
            @leadline-activities-change=${() => this.refreshTimeline()}></leadline-admin-activities>
          <section class="card" aria-labelledby="timeline-title">
            <h3 id="timeline-title">${this.a('contact.timeline')}</h3>
            <fieldset class="chips row"><legend class="muted">${this.a('timeline.filter')}</legend>
              ${timelineGroups.map(
                (g) => html`<label><input type="checkbox" name="kinds" value=${g} .checked=${this.shown.has(g)}
                @change=${(e: Event) => this.toggleGroup(g, (e.target as HTMLInputElement).checked)} /> ${this.a(`timeline.kind.${g}`)}</label>`,
              )}
            </fieldset>
            <ol class="timeline">
              ${visits(this.items).map((v) => ('session' in v ? this.renderVisit(v) : this.renderItem(v)))}
            </ol>
            ${this.items.length ? nothing : html`<p class="muted">${this.a(this.shown.size === timelineGroups.length ? 'contact.noTimeline' : 'timeline.noneShown')}</p>`}
            ${this.next ? html`<button @click=${this.moreTimeline}>${this.a('common.more')}</button>` : nothing}
          </section>
        </div>
      </div>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
    `;
  }

  private renderPurchaseForm(): TemplateResult {
    return html`<details><summary id="purchase-add-title">${this.a('purchase.add')}</summary>
    <form class="card" @submit=${this.addPurchase} aria-labelledby="purchase-add-title">
      <div class="row">
        <label class="field"><span>${this.a('purchase.product')}</span>
          <select name="productId" .value=${this.productChoice} @change=${(e: Event) => (this.productChoice = (e.target as HTMLSelectElement).value)}>
            ${this.products.filter((p) => p.active).map((p) => html`<option value=${p.id} ?selected=${p.id === this.productChoice}>${p.name} · ${this.money(p.price, p.currency)}</option>`)}
            <option value="" ?selected=${!this.productChoice}>${this.a('purchase.freeText')}</option>
          </select></label>
        ${!this.productChoice ? html`<label class="field"><span>${this.a('purchase.productName')}</span><input name="productName" required maxlength="200" /></label>` : nothing}
        <label class="field"><span>${this.a('purchase.price')}</span><input name="price" inputmode="decimal" size="8" ?required=${!this.productChoice} pattern="[0-9]+([.,][0-9]{1,3})?" /></label>
        <label class="field"><span>${this.a('purchase.currency')}</span><input name="currency" size="4" maxlength="3" placeholder=${this.me.site.currency} /></label>
        <label class="field"><span>${this.a('purchase.quantity')}</span><input class="w5" name="quantity" type="number" min="1" value="1" /></label>
      </div>
      <div class="row">
        <label class="field"><span>${this.a('purchase.rep')}</span><select name="rep"><option value="">—</option>
          ${this.users.filter((u) => u.role === 'owner' || u.role === 'rep').map((u) => html`<option value=${u.id} ?selected=${u.id === this.me.user.id}>${u.name}</option>`)}</select></label>
        <label class="field"><span>${this.a('purchase.contractEnd')}</span><input name="contractEnd" type="date" /></label>
        <label class="field grow"><span>${this.a('purchase.instructions')}</span><input name="instructions" maxlength="2000" /></label>
      </div>
      <div><button class="primary">${this.a('common.add')}</button></div>
    </form></details>`;
  }
}

if (!customElements.get('leadline-admin-contact')) customElements.define('leadline-admin-contact', AdminContactView);
