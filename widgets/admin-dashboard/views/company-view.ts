import { html, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { Company, CompanyDetail, CompanySuggestions } from '../../../server/schemas/companies.ts';
import type { Contact, ContactPage, TimelinePage } from '../../../server/schemas/contacts.ts';
import type { User } from '../../../server/schemas/sales.ts';
import { AdminElement } from '../admin-element.ts';
import styles from '../admin-dashboard.styles.ts';
import { companyInputs } from './company-fields.ts';
import { describeItem } from './timeline-item.ts';

type Item = TimelinePage['items'][number];
const who = (c: { name: string | null; email: string | null; id: string }) => c.name ?? c.email ?? c.id;

/**
 * One company: its facts and totals, its people (link the ones suggested by email domain or found by search,
 * unlink), deals, purchases and open tickets of its people, their combined timeline, and the editable fields.
 */
export class AdminCompanyView extends AdminElement {
  static override styles = styles;
  @property({ attribute: 'company-id' }) companyId = '';
  @state() private company: CompanyDetail | null = null;
  @state() private suggestions: CompanySuggestions['contacts'] = [];
  @state() private found: Contact[] = [];
  @state() private items: Item[] = [];
  @state() private next: string | null = null;
  @state() private users: User[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
    void this.client.team().then((users) => (this.users = users));
  }

  private get path(): string {
    return `/v1/admin/companies/${this.companyId}`;
  }

  private async load(): Promise<void> {
    await this.run(async () => {
      const [company, suggestions, timeline] = await Promise.all([
        this.client.get<CompanyDetail>(this.path),
        this.client.get<CompanySuggestions>(`${this.path}/suggestions`),
        this.client.get<TimelinePage>(`${this.path}/timeline?limit=50`),
      ]);
      Object.assign(this, {
        company,
        suggestions: suggestions.contacts,
        items: timeline.items,
        next: timeline.nextCursor,
      });
    });
  }

  private async moreTimeline(): Promise<void> {
    const page = await this.run(() =>
      this.client.get<TimelinePage>(`${this.path}/timeline?limit=50&cursor=${this.next}`),
    );
    if (page) ((this.items = [...this.items, ...page.items]), (this.next = page.nextCursor));
  }

  private async link(id: string, near: Element): Promise<void> {
    const done = await this.run(() => this.client.post(`${this.path}/contacts`, { contactIds: [id] }));
    if (done === undefined) return;
    this.found = [];
    await this.load();
    this.toast(this.a('companies.linked'), near);
  }

  private async unlink(c: Contact): Promise<void> {
    const done = await this.run(() => this.client.del(`${this.path}/contacts/${c.id}`).then(() => true));
    if (done) await this.load();
  }

  private find(q: string): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(async () => {
      const page = q.trim()
        ? await this.client.get<ContactPage>(`/v1/admin/contacts?q=${encodeURIComponent(q.trim())}&limit=10`)
        : { contacts: [] };
      this.found = page.contacts.filter((c) => c.companyId !== this.companyId);
    }, 250);
  }

  private async save(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const data = Object.fromEntries([...new FormData(form).entries()].map(([k, v]) => [k, String(v).trim()]));
    const fields = Object.fromEntries(
      Object.entries(data)
        .filter(([k]) => k.startsWith('field:'))
        .map(([k, v]) => [k.slice(6), v || null]),
    );
    const body = {
      name: data.name,
      fields,
      domain: data.domain || null,
      industry: data.industry || null,
      size: data.size || null,
      ownerId: data.ownerId ? Number(data.ownerId) : null,
    };
    const saved = await this.run(() => this.client.patch<Company>(this.path, body));
    if (saved) (this.toast(this.a('common.saved'), e.submitter ?? form), await this.load());
  }

  private person(id: string | null): TemplateResult | string {
    const c = id ? this.company?.contacts.find((p) => p.id === id) : undefined;
    return c ? html`<a href="#/contacts/${c.id}" dir="auto">${who(c)}</a>` : '—';
  }

  private renderPeople(c: CompanyDetail): TemplateResult {
    const linkButton = (id: string, name: string) =>
      html`<button aria-label="${this.a('companies.link')}: ${name}" @click=${(e: Event) => this.link(id, e.currentTarget as Element)}>
        ${this.a('companies.link')}</button>`;
    return html`<section class="card" aria-labelledby="people-title">
      <h3 id="people-title">${this.a('companies.people')} (${this.number(c.totals.people)})</h3>
      ${
        c.contacts.length
          ? html`<ul class="plain-list">${c.contacts.map(
              (p) => html`<li class="row spread"><span><a href="#/contacts/${p.id}" dir="auto">${who(p)}</a>
                ${p.email ? html`<bdi class="muted" dir="ltr">${p.email}</bdi>` : nothing}</span>
                ${this.canEdit ? html`<button aria-label="${this.a('companies.unlink')}: ${who(p)}" @click=${() => this.unlink(p)}>${this.a('companies.unlink')}</button>` : nothing}</li>`,
            )}</ul>`
          : html`<p class="muted">${this.a('companies.noPeople')}</p>`
      }
      ${
        this.canEdit
          ? html`<h4 id="suggested-title">${this.a('companies.suggested')}</h4>
            ${
              this.suggestions.length
                ? html`<ul class="plain-list suggestions" aria-labelledby="suggested-title">${this.suggestions.map(
                    (
                      s,
                    ) => html`<li class="row spread"><span>${this.bdi(s.name)} <bdi class="muted" dir="ltr">${s.email}</bdi></span>
                      ${linkButton(s.id, who({ ...s, email: s.email }))}</li>`,
                  )}</ul>`
                : html`<p class="muted">${this.a('companies.noSuggestions')}</p>`
            }
            <label class="field"><span>${this.a('companies.find')}</span>
              <input type="search" @input=${(e: Event) => this.find((e.target as HTMLInputElement).value)} /></label>
            ${
              this.found.length
                ? html`<ul class="plain-list">${this.found.map(
                    (f) =>
                      html`<li class="row spread"><span dir="auto">${who(f)}</span>${linkButton(f.id, who(f))}</li>`,
                  )}</ul>`
                : nothing
            }`
          : nothing
      }
    </section>`;
  }

  private renderLists(c: CompanyDetail): TemplateResult {
    const empty = (key: 'companies.noDeals' | 'companies.noPurchases' | 'companies.noTickets') =>
      html`<p class="muted">${this.a(key)}</p>`;
    return html`<section class="card" aria-labelledby="deals-title">
        <h3 id="deals-title">${this.a('companies.deals')}</h3>
        ${
          c.deals.length
            ? html`<table><tbody>${c.deals.map(
                (d) => html`<tr><td dir="auto">${d.title}</td><td>${this.money(d.amount, d.currency)}</td>
                  <td><span class="badge">${this.a(`deal.${d.status}`)}</span> ${this.bdi(d.stageName)}</td><td>${this.person(d.contactId)}</td></tr>`,
              )}</tbody></table>`
            : empty('companies.noDeals')
        }
      </section>
      <section class="card" aria-labelledby="company-purchases-title">
        <h3 id="company-purchases-title">${this.a('companies.purchases')}</h3>
        ${
          c.purchases.length
            ? html`<table><tbody>${c.purchases.map(
                (
                  p,
                ) => html`<tr><td dir="auto">${p.productName}</td><td>${this.number(p.quantity)} × ${this.money(p.unitPrice, p.currency)}</td>
                  <td>${this.date(p.purchasedAt)}</td><td>${this.person(p.contactId)}</td></tr>`,
              )}</tbody></table>`
            : empty('companies.noPurchases')
        }
      </section>
      <section class="card" aria-labelledby="company-tickets-title">
        <h3 id="company-tickets-title">${this.a('companies.tickets')}</h3>
        ${
          c.tickets.length
            ? html`<ul class="plain-list">${c.tickets.map(
                (
                  t,
                ) => html`<li><a href="#/tickets/${t.id}">${this.trackingNumber(t.trackingNumber)}</a> ${this.bdi(t.subject)}
                  <span class="muted">· ${this.person(t.contactId)}</span></li>`,
              )}</ul>`
            : empty('companies.noTickets')
        }
      </section>`;
  }

  private renderEditor(c: CompanyDetail): TemplateResult {
    const ro = !this.canEdit;
    return html`<details class="card"><summary id="company-edit-title">${this.a('companies.fields')}</summary>
      <form class="stack" @submit=${this.save} aria-labelledby="company-edit-title">
        <div class="row">${companyInputs(this, c, ro)}
          <label class="field"><span>${this.a('contacts.owner')}</span><select name="ownerId" ?disabled=${ro}>
            <option value="">${this.a('common.none')}</option>
            ${this.users.filter((u) => u.role === 'owner' || u.role === 'rep').map((u) => html`<option value=${u.id} ?selected=${c.ownerId === u.id}>${u.name}</option>`)}
          </select></label></div>
        ${
          Object.keys(c.fields).length
            ? html`<div class="row">${Object.entries(c.fields).map(
                ([k, v]) => html`<label class="field"><span>${this.bdi(k)}</span>
                  <input name="field:${k}" dir="auto" .value=${String(v ?? '')} ?readonly=${ro} /></label>`,
              )}</div>`
            : nothing
        }
        ${
          this.canEdit
            ? html`<div class="row"><button class="primary">${this.a('common.save')}</button>
              ${this.userRole === 'owner' ? this.deleteButton(this.path, c.name, () => (location.hash = '#/companies')) : nothing}</div>`
            : nothing
        }
      </form></details>`;
  }

  override render() {
    if (!this.adminMessages) return nothing;
    const c = this.company;
    if (!c)
      return html`<p role=${this.error ? 'alert' : 'status'} class=${this.error ? 'error' : ''}>${this.error || this.a('common.loading')}</p>`;
    const sums = (list: { currency: string; amount: number }[]) =>
      list.map((s) => this.money(s.amount, s.currency)).join(' + ') || '—';
    return html`<p><a href="#/companies">← ${this.a('companies.back')}</a></p>
      <header class="card" aria-labelledby="company-name">
        <h2 id="company-name">${this.bdi(c.name)}</h2>
        <p class="row muted">
          ${c.domain ? html`<a href="https://${c.domain}" target="_blank" rel="noopener noreferrer"><bdi dir="ltr">${c.domain}</bdi></a>` : nothing}
          ${c.industry ? html`<span>${this.a('companies.industry')}: ${this.bdi(c.industry)}</span>` : nothing}
          ${c.size ? html`<span>${this.a('companies.size')}: <bdi dir="ltr">${c.size}</bdi></span>` : nothing}
          <span>${this.a('companies.purchases')}: ${sums(c.totals.purchases)}</span>
          <span>${this.a('companies.openDeals')}: ${sums(c.totals.openDeals)}</span>
        </p>
      </header>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      <div class="cols-20">
        <div class="stack">${this.renderPeople(c)} ${this.renderLists(c)} ${this.renderEditor(c)}</div>
        <section class="card" aria-labelledby="company-timeline-title">
          <h3 id="company-timeline-title">${this.a('companies.timeline')}</h3>
          ${
            this.items.length
              ? html`<ol class="timeline">${this.items.map(
                  (
                    i,
                  ) => html`<li class=${i.kind}><time class="muted" datetime=${new Date(i.at).toISOString()}>${this.date(i.at, true)}</time>
                    <div>${this.person(i.contactId ?? null)} · ${describeItem(this, i)}</div></li>`,
                )}</ol>`
              : html`<p class="muted">${this.a('companies.noTimeline')}</p>`
          }
          ${this.next ? html`<button @click=${this.moreTimeline}>${this.a('common.more')}</button>` : nothing}
        </section>
      </div>`;
  }
}

if (!customElements.get('leadline-admin-company')) customElements.define('leadline-admin-company', AdminCompanyView);
