import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import type { Contact, ContactPage, Stage } from '../../../server/schemas/contacts.ts';
import type { User } from '../../../server/schemas/sales.ts';
import { AdminElement } from '../admin-element.ts';
import styles from '../admin-dashboard.styles.ts';
import { onLive, type LiveUpdate } from '../live.ts';

const stages: Stage[] = ['lead', 'prospect', 'customer', 'lost'];

/** Contacts: search, filters, sort, cursor pages, bulk stage/owner/tag changes, new contact. */
export class AdminContactsView extends AdminElement {
  static override styles = styles;
  @state() private contacts: Contact[] = [];
  @state() private next: string | null = null;
  @state() private filters = {
    q: '',
    stage: '',
    owner: '',
    tag: '',
    source: '',
    campaign: '',
    segment: /[?&]segment=([0-9a-f-]{36})/.exec(location.hash)?.[1] ?? '',
    sort: 'updated',
  };
  @state() private segments: { id: string; name: string }[] = [];
  @state() private users: User[] = [];
  @state() private selected = new Set<string>();
  @state() private bulk = { stage: '', owner: '', tag: '' };
  @state() private creating = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private offLive: (() => void) | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    this.offLive = onLive(this.client, this.onLive);
    void this.load();
    void this.client.team().then((users) => (this.users = users));
    void this.client
      .get<{ segments: { id: string; name: string }[] }>('/v1/admin/segments')
      .then((r) => (this.segments = r.segments))
      .catch(() => {});
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.offLive?.();
  }

  /** New leads and changed contacts show without reload; rows keep their place and the selection stays. */
  private onLive = async (e: LiveUpdate) => {
    if (e.type !== 'lead.created' && e.type !== 'contact.updated' && e.type !== 'sync') return;
    const page = await this.client.get<ContactPage>(this.query()).catch(() => null);
    if (!page) return;
    const fresh = new Map(page.contacts.map((c) => [c.id, c]));
    const known = new Set(this.contacts.map((c) => c.id));
    const added = page.contacts.filter((c) => !known.has(c.id));
    this.contacts = [...added, ...this.contacts.map((c) => fresh.get(c.id) ?? c)];
  };

  private query(cursor?: string): string {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(this.filters)) if (v) p.set(k, v);
    if (cursor) p.set('cursor', cursor);
    return `/v1/admin/contacts?${p}`;
  }

  private async load(more = false): Promise<void> {
    await this.run(async () => {
      const page = await this.client.get<ContactPage>(this.query(more ? (this.next ?? undefined) : undefined));
      this.contacts = more ? [...this.contacts, ...page.contacts] : page.contacts;
      this.next = page.nextCursor;
      if (!more) this.selected = new Set();
    });
  }

  private filter(key: keyof typeof this.filters, value: string, debounce = false): void {
    this.filters = { ...this.filters, [key]: value };
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.load(), debounce ? 250 : 0);
  }

  private toggle(id: string, on: boolean): void {
    const s = new Set(this.selected);
    if (on) s.add(id);
    else s.delete(id);
    this.selected = s;
  }

  private async applyBulk(e: Event): Promise<void> {
    const button = (e.currentTarget as HTMLElement).getBoundingClientRect();
    const body: Record<string, unknown> = { ids: [...this.selected] };
    const what: string[] = [];
    if (this.bulk.stage) {
      body.stage = this.bulk.stage;
      what.push(this.a('contacts.bulk.stage', { stage: this.a(`stage.${this.bulk.stage as Stage}`) }));
    }
    if (this.bulk.owner) {
      body.ownerId = this.bulk.owner === 'none' ? null : Number(this.bulk.owner);
      const owner = this.bulk.owner === 'none' ? this.a('common.none') : this.ownerName(Number(this.bulk.owner));
      what.push(this.a('contacts.bulk.owner', { owner }));
    }
    if (this.bulk.tag.trim()) {
      body.addTag = this.bulk.tag.trim();
      what.push(this.a('contacts.bulk.tag', { tag: this.bulk.tag.trim() }));
    }
    if (!what.length) return;
    const n = this.selected.size;
    const done = await this.run(() => this.client.post('/v1/admin/contacts/bulk', body));
    if (done === undefined) return;
    this.bulk = { stage: '', owner: '', tag: '' };
    await this.load();
    const list = what.join(this.activeLocale === 'en' ? ', ' : '، ');
    this.toast(this.plural('contacts.bulkDone', n, { what: list }), button);
  }

  private exportCsv(e: Event): void {
    const file = 'contacts.csv';
    const path = this.query().replace('/v1/admin/contacts?', '/v1/admin/contacts.csv?');
    void this.withProgress(
      e.currentTarget as Element,
      this.a('export.preparing', { file }),
      () => this.a('export.done', { file }),
      () => this.client.download(path, file).then(() => file),
    );
  }

  /** Filters a reader set (the segment from the URL included): "no match" is about them, not about an empty site. */
  private get filtered(): boolean {
    const { sort: _, ...f } = this.filters;
    return Object.values(f).some(Boolean);
  }

  private async addFirst(): Promise<void> {
    this.creating = true;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLInputElement>('form input[name="name"]')?.focus();
  }

  private renderEmpty() {
    if (this.filtered) return html`<p role="status">${this.a('contacts.empty')}</p>`;
    return html`<div class="empty" role="status">
      <p>${this.a('contacts.noneYet')}</p>
      ${
        this.canEdit
          ? html`<p class="row"><a href="#/installation">${this.a('contacts.noneYet.install')}</a>
            <button @click=${this.addFirst}>${this.a('contacts.noneYet.add')}</button></p>`
          : nothing
      }
    </div>`;
  }

  private async create(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    const body = Object.fromEntries([...data.entries()].filter(([, v]) => String(v).trim()));
    const created = await this.run(() => this.client.post<Contact>('/v1/admin/contacts', body));
    if (created) location.hash = `#/contacts/${created.id}`;
  }

  private ownerName(id: number | null): string {
    return id == null ? '—' : (this.users.find((u) => u.id === id)?.name ?? String(id));
  }

  override render() {
    if (!this.adminMessages) return nothing;
    const f = this.filters;
    return html`<section class="card" aria-labelledby="contacts-title">
      <div class="row spread">
        <h2 id="contacts-title">${this.a('nav.contacts')}</h2>
        <span class="row">
          ${
            this.canEdit
              ? html`<button @click=${this.exportCsv}>${this.a('data.export')}</button>
                <button class="primary" @click=${() => (this.creating = !this.creating)} aria-expanded=${this.creating}>${this.a('contacts.new')}</button>`
              : nothing
          }
        </span>
      </div>
      ${
        this.creating
          ? html`<form class="row" @submit=${this.create} aria-label=${this.a('contacts.new')}>
            <label class="field"><span>${this.a('contact.name')}</span><input name="name" maxlength="200" /></label>
            <label class="field"><span>${this.a('contact.email')}</span><input name="email" type="email" dir="ltr" /></label>
            <label class="field"><span>${this.a('contact.phone')}</span><input name="phone" type="tel" dir="ltr" /></label>
            <label class="field"><span>${this.a('contact.company')}</span><input name="company" /></label>
            <button class="primary">${this.a('common.save')}</button>
          </form>`
          : nothing
      }
      <div class="row" role="search">
        <label class="field grow-16"><span>${this.a('contacts.search')}</span>
          <input type="search" .value=${f.q} @input=${(e: Event) => this.filter('q', (e.target as HTMLInputElement).value, true)} /></label>
        <label class="field"><span>${this.a('contacts.stage')}</span>
          <select @change=${(e: Event) => this.filter('stage', (e.target as HTMLSelectElement).value)}>
            <option value="">${this.a('common.all')}</option>
            ${stages.map((s) => html`<option value=${s} ?selected=${f.stage === s}>${this.a(`stage.${s}`)}</option>`)}
          </select></label>
        <label class="field"><span>${this.a('contacts.owner')}</span>
          <select @change=${(e: Event) => this.filter('owner', (e.target as HTMLSelectElement).value)}>
            <option value="">${this.a('common.all')}</option>
            ${this.users.map((u) => html`<option value=${u.id}>${u.name}</option>`)}
          </select></label>
        <label class="field"><span>${this.a('nav.segments')}</span>
          <select @change=${(e: Event) => this.filter('segment', (e.target as HTMLSelectElement).value)}>
            <option value="">${this.a('common.all')}</option>
            ${this.segments.map((g) => html`<option value=${g.id} ?selected=${f.segment === g.id}>${g.name}</option>`)}
          </select></label>
        <label class="field"><span>${this.a('contacts.tag')}</span><input .value=${f.tag} size="10" @change=${(e: Event) => this.filter('tag', (e.target as HTMLInputElement).value.trim())} /></label>
        <label class="field"><span>${this.a('contacts.source')}</span><input .value=${f.source} size="10" @change=${(e: Event) => this.filter('source', (e.target as HTMLInputElement).value.trim())} /></label>
        <label class="field"><span>${this.a('contacts.campaign')}</span><input .value=${f.campaign} size="10" @change=${(e: Event) => this.filter('campaign', (e.target as HTMLInputElement).value.trim())} /></label>
        <label class="field"><span>${this.a('contacts.sort')}</span>
          <select @change=${(e: Event) => this.filter('sort', (e.target as HTMLSelectElement).value)}>
            ${(['updated', 'created', 'name'] as const).map((s) => html`<option value=${s} ?selected=${f.sort === s}>${this.a(`contacts.sort.${s}`)}</option>`)}
          </select></label>
      </div>
      ${
        this.canEdit && this.selected.size
          ? html`<div class="row" role="group" aria-label=${this.a('contacts.selected', { n: this.selected.size })}>
            <strong>${this.a('contacts.selected', { n: this.selected.size })}</strong>
            <label class="field"><span>${this.a('contacts.bulkStage')}</span>
              <select @change=${(e: Event) => (this.bulk = { ...this.bulk, stage: (e.target as HTMLSelectElement).value })}>
                <option value="">—</option>${stages.map((s) => html`<option value=${s}>${this.a(`stage.${s}`)}</option>`)}
              </select></label>
            <label class="field"><span>${this.a('contacts.bulkOwner')}</span>
              <select @change=${(e: Event) => (this.bulk = { ...this.bulk, owner: (e.target as HTMLSelectElement).value })}>
                <option value="">—</option><option value="none">${this.a('common.none')}</option>
                ${this.users.filter((u) => u.role === 'owner' || u.role === 'rep').map((u) => html`<option value=${u.id}>${u.name}</option>`)}
              </select></label>
            <label class="field"><span>${this.a('contacts.bulkTag')}</span><input size="10" .value=${this.bulk.tag} @input=${(e: Event) => (this.bulk = { ...this.bulk, tag: (e.target as HTMLInputElement).value })} /></label>
            <button class="primary" @click=${this.applyBulk}>${this.a('contacts.apply')}</button>
          </div>`
          : nothing
      }
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${
        this.loading && !this.contacts.length
          ? html`<p role="status">${this.a('common.loading')}</p>`
          : !this.contacts.length
            ? this.renderEmpty()
            : html`<table>
              <thead><tr>
                ${
                  this.canEdit
                    ? html`<th><input type="checkbox" aria-label=${this.a('contacts.selectAll')} .checked=${this.selected.size === this.contacts.length}
                      @change=${(e: Event) => (this.selected = (e.target as HTMLInputElement).checked ? new Set(this.contacts.map((c) => c.id)) : new Set())} /></th>`
                    : nothing
                }
                <th>${this.a('contact.name')}</th><th>${this.a('contact.email')}</th><th>${this.a('contacts.stage')}</th><th>${this.a('contacts.owner')}</th><th>${this.a('contacts.source')}</th>
              </tr></thead>
              <tbody>
                ${this.contacts.map(
                  (c) => html`<tr>
                    ${
                      this.canEdit
                        ? html`<td><input type="checkbox" aria-label=${this.a('contacts.select', { name: c.name ?? c.email ?? c.id })} .checked=${this.selected.has(c.id)}
                          @change=${(e: Event) => this.toggle(c.id, (e.target as HTMLInputElement).checked)} /></td>`
                        : nothing
                    }
                    <td><a href="#/contacts/${c.id}" dir="auto">${c.name ?? c.email ?? c.phone ?? c.id}</a>${c.companyName || c.company ? html`<div class="muted" dir="auto">${c.companyName ?? c.company}</div>` : nothing}</td>
                    <td dir="ltr">${c.email ?? '—'}</td>
                    <td><span class="stage ${c.stage}">${this.a(`stage.${c.stage}`)}</span></td>
                    <td dir="auto">${this.ownerName(c.ownerId)}</td>
                    <td>${this.bdi(c.source)}${c.campaign ? html` · ${this.bdi(c.campaign)}` : nothing}</td>
                  </tr>`,
                )}
              </tbody>
            </table>`
      }
      ${this.next ? html`<button @click=${() => this.load(true)} ?disabled=${this.loading}>${this.a('common.more')}</button>` : nothing}
    </section>`;
  }
}

if (!customElements.get('leadline-admin-contacts')) customElements.define('leadline-admin-contacts', AdminContactsView);
