import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import type { Company, CompanyPage } from '../../../server/schemas/companies.ts';
import type { User } from '../../../server/schemas/sales.ts';
import { AdminElement } from '../admin-element.ts';
import styles from '../admin-dashboard.styles.ts';
import { companyInputs, sizes } from './company-fields.ts';
import './data-view.ts';

/** Companies: search, industry/size/owner filters, sort, cursor pages, new company, CSV export and import. */
export class AdminCompaniesView extends AdminElement {
  static override styles = styles;
  @state() private companies: Company[] = [];
  @state() private next: string | null = null;
  @state() private filters = { q: '', industry: '', size: '', owner: '', sort: 'name' };
  @state() private users: User[] = [];
  @state() private creating = false;
  private timer: ReturnType<typeof setTimeout> | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
    void this.client.team().then((users) => (this.users = users));
  }

  private query(cursor?: string): string {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(this.filters)) if (v) p.set(k, v);
    if (cursor) p.set('cursor', cursor);
    return `/v1/admin/companies?${p}`;
  }

  private async load(more = false): Promise<void> {
    await this.run(async () => {
      const page = await this.client.get<CompanyPage>(this.query(more ? (this.next ?? undefined) : undefined));
      this.companies = more ? [...this.companies, ...page.companies] : page.companies;
      this.next = page.nextCursor;
    });
  }

  private filter(key: keyof typeof this.filters, value: string, debounce = false): void {
    this.filters = { ...this.filters, [key]: value };
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.load(), debounce ? 250 : 0);
  }

  private async create(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    const body = Object.fromEntries([...data.entries()].filter(([, v]) => String(v).trim()));
    const created = await this.run(() => this.client.post<Company>('/v1/admin/companies', body));
    if (created) location.hash = `#/companies/${created.id}`;
  }

  private exportCsv(e: Event): void {
    const file = 'companies.csv';
    void this.withProgress(
      e.currentTarget as Element,
      this.a('export.preparing', { file }),
      () => this.a('export.done', { file }),
      () => this.client.download(`${this.query()}&format=csv`, file).then(() => file),
    );
  }

  private ownerName(id: number | null): string {
    return id == null ? '—' : (this.users.find((u) => u.id === id)?.name ?? String(id));
  }

  private renderList() {
    if (this.loading && !this.companies.length) return html`<p role="status">${this.a('common.loading')}</p>`;
    const { sort: _, ...f } = this.filters;
    if (!this.companies.length)
      return html`<p role="status">${this.a(Object.values(f).some(Boolean) ? 'companies.empty' : 'companies.noneYet')}</p>`;
    return html`<table>
      <thead><tr><th>${this.a('companies.name')}</th><th>${this.a('companies.domain')}</th><th>${this.a('companies.industry')}</th>
        <th>${this.a('companies.size')}</th><th>${this.a('companies.people')}</th><th>${this.a('contacts.owner')}</th></tr></thead>
      <tbody>${this.companies.map(
        (c) => html`<tr>
          <td><a href="#/companies/${c.id}" dir="auto">${c.name}</a></td>
          <td><bdi dir="ltr">${c.domain ?? '—'}</bdi></td>
          <td>${this.bdi(c.industry)}</td>
          <td><bdi dir="ltr">${c.size ?? '—'}</bdi></td>
          <td>${this.number(c.people)}</td>
          <td dir="auto">${this.ownerName(c.ownerId)}</td>
        </tr>`,
      )}</tbody>
    </table>`;
  }

  override render() {
    if (!this.adminMessages) return nothing;
    const f = this.filters;
    const pick = (key: keyof typeof this.filters) => (e: Event) =>
      this.filter(key, (e.target as HTMLSelectElement).value);
    return html`<section class="card" aria-labelledby="companies-title">
      <div class="row spread">
        <h2 id="companies-title">${this.a('nav.companies')}</h2>
        ${
          this.canEdit
            ? html`<span class="row"><button @click=${this.exportCsv}>${this.a('data.export')}</button>
              <button class="primary" @click=${() => (this.creating = !this.creating)} aria-expanded=${this.creating}>${this.a('companies.new')}</button></span>`
            : nothing
        }
      </div>
      ${
        this.creating
          ? html`<form class="row" @submit=${this.create} aria-label=${this.a('companies.new')}>
            ${companyInputs(this)}
            <button class="primary">${this.a('common.save')}</button>
          </form>`
          : nothing
      }
      <div class="row" role="search">
        <label class="field grow-16"><span>${this.a('companies.search')}</span>
          <input type="search" .value=${f.q} @input=${(e: Event) => this.filter('q', (e.target as HTMLInputElement).value, true)} /></label>
        <label class="field"><span>${this.a('companies.industry')}</span>
          <input size="10" .value=${f.industry} @change=${(e: Event) => this.filter('industry', (e.target as HTMLInputElement).value.trim())} /></label>
        <label class="field"><span>${this.a('companies.size')}</span>
          <select @change=${pick('size')}><option value="">${this.a('common.all')}</option>
            ${sizes.map((s) => html`<option value=${s} ?selected=${f.size === s}>${s}</option>`)}</select></label>
        <label class="field"><span>${this.a('contacts.owner')}</span>
          <select @change=${pick('owner')}><option value="">${this.a('common.all')}</option>
            ${this.users.map((u) => html`<option value=${u.id}>${u.name}</option>`)}</select></label>
        <label class="field"><span>${this.a('contacts.sort')}</span>
          <select @change=${pick('sort')}>
            ${(['name', 'updated', 'created'] as const).map((s) => html`<option value=${s} ?selected=${f.sort === s}>${this.a(`contacts.sort.${s}`)}</option>`)}
          </select></label>
      </div>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${this.renderList()}
      ${this.next ? html`<button @click=${() => this.load(true)} ?disabled=${this.loading}>${this.a('common.more')}</button>` : nothing}
    </section>
    ${
      this.canEdit
        ? html`<details class="card"><summary>${this.a('companies.import')}</summary>
          <leadline-admin-data kind="companies" .client=${this.client} .me=${this.me} locale=${this.activeLocale}>
          </leadline-admin-data></details>`
        : nothing
    }`;
  }
}

if (!customElements.get('leadline-admin-companies'))
  customElements.define('leadline-admin-companies', AdminCompaniesView);
