import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { AdminTicket, AdminTicketDetail, AdminTicketPage } from '../../../server/schemas/tickets.ts';
import type { User } from '../../../server/schemas/sales.ts';
import { AdminElement } from '../admin-element.ts';
import './canned-replies.ts';
import styles from '../admin-dashboard.styles.ts';
import { onLive, type LiveUpdate } from '../live.ts';

interface Canned {
  id: string;
  locale: string;
  title: string;
  body: string;
}
const statuses = ['open', 'pending', 'solved', 'closed'] as const;
const priorities = ['low', 'normal', 'high', 'urgent'] as const;
const categories = ['question', 'complaint', 'order_problem', 'feedback'] as const;

/** The support inbox: filters and counts, a thread, replies with canned answers, internal notes, status/priority/assignee. */
export class AdminTicketsView extends AdminElement {
  static override styles = styles;
  /** When set, the thread of this ticket. */
  @property({ attribute: 'ticket-id' }) ticketId = '';
  @state() private page: AdminTicketPage | null = null;
  @state() private ticket: AdminTicketDetail | null = null;
  @state() private filters = { status: '', priority: '', category: '', assignee: '', q: '' };
  @state() private users: User[] = [];
  @state() private canned: Canned[] = [];
  @state() private reply = '';
  @state() private internal = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private offLive: (() => void) | undefined;
  /** A colleague writing a reply in this ticket (presence), and when I last said I am. */
  @state() private colleagueTyping = '';
  private typingTimer: ReturnType<typeof setTimeout> | undefined;
  private toldTypingAt = 0;

  override connectedCallback(): void {
    super.connectedCallback();
    this.offLive = onLive(this.client, this.onLive);
    void this.load();
    void this.client.team().then((users) => (this.users = users));
    void this.client
      .get<{ replies: Canned[] }>('/v1/admin/canned-replies')
      .then((r) => (this.canned = r.replies))
      .catch(() => {});
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.offLive?.();
  }

  /** New tickets and messages show as they come: the list, or the open thread when it is the one that changed. */
  private onLive = (e: LiveUpdate) => {
    if (e.type === 'ticket.typing') {
      if (e.data.ticketId !== this.ticketId || e.data.userId === this.me.user.id) return;
      clearTimeout(this.typingTimer);
      this.colleagueTyping = e.data.name;
      this.typingTimer = setTimeout(() => (this.colleagueTyping = ''), 8000);
      return;
    }
    const mine = e.type === 'ticket.message' && e.data.ticketId === this.ticketId;
    if (mine && e.data.from === 'staff') this.colleagueTyping = '';
    if (e.type !== 'sync' && !e.type.startsWith('ticket.')) return;
    if (this.ticketId && e.type !== 'sync' && 'ticketId' in e.data && e.data.ticketId !== this.ticketId) return;
    void this.load(true);
  };

  /** `quiet`: a live refresh, without the loading state or clearing an error. */
  private async load(quiet = false): Promise<void> {
    const get = <T>(path: string) =>
      quiet ? this.client.get<T>(path).catch(() => undefined) : this.run(() => this.client.get<T>(path));
    if (this.ticketId) {
      const t = await get<AdminTicketDetail>(`/v1/admin/tickets/${this.ticketId}`);
      if (t) this.ticket = t;
      return;
    }
    const p = new URLSearchParams(Object.entries(this.filters).filter(([, v]) => v));
    const page = await get<AdminTicketPage>(`/v1/admin/tickets?${p}`);
    if (page) this.page = page;
  }

  /** Typing a public reply tells the visitor (and colleagues), at most every 3 s; notes stay quiet. */
  private typed(value: string): void {
    this.reply = value;
    if (this.internal || !value.trim() || Date.now() - this.toldTypingAt < 3000) return;
    this.toldTypingAt = Date.now();
    void this.client.post(`/v1/admin/tickets/${this.ticketId}/typing`, {}).catch(() => {});
  }

  private filter(k: keyof typeof this.filters, v: string, debounce = false): void {
    this.filters = { ...this.filters, [k]: v };
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.load(), debounce ? 250 : 0);
  }

  private async send(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    if (!this.reply.trim()) return;
    const t = await this.run(() =>
      this.client.post<AdminTicketDetail>(`/v1/admin/tickets/${this.ticketId}/messages`, {
        body: this.reply,
        internal: this.internal,
      }),
    );
    if (t) ((this.ticket = t), (this.reply = ''), (this.internal = false));
  }

  private async change(body: Record<string, unknown>): Promise<void> {
    const t = await this.run(() => this.client.patch<AdminTicketDetail>(`/v1/admin/tickets/${this.ticketId}`, body));
    if (t) this.ticket = t;
  }

  private insertCanned(id: string): void {
    const c = this.canned.find((x) => x.id === id);
    if (!c) return;
    this.reply = this.reply ? `${this.reply}\n\n${c.body}` : c.body;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLTextAreaElement>('#reply')?.focus());
  }

  private renderList() {
    const f = this.filters;
    const rows: AdminTicket[] = this.page?.tickets ?? [];
    const select = (
      k: 'status' | 'priority' | 'category',
      values: readonly string[],
      label: string,
      text: (v: string) => string,
    ) =>
      html`<label class="field"><span>${label}</span><select @change=${(e: Event) => this.filter(k, (e.target as HTMLSelectElement).value)}>
        <option value="">${this.a('common.all')}</option>${values.map((v) => html`<option value=${v} ?selected=${f[k] === v}>${text(v)}</option>`)}</select></label>`;
    return html`<section class="card" aria-labelledby="tickets-title">
      <div class="row spread">
        <h2 id="tickets-title">${this.a('nav.tickets')}</h2>
        ${this.page ? html`<p class="muted" role="status">${this.a('tickets.counts', { open: this.page.counts.open, waiting: this.page.counts.awaitingReply })}</p>` : nothing}
      </div>
      <div class="row" role="search">
        <label class="field grow-14"><span>${this.a('tickets.search')}</span><input type="search" .value=${f.q} @input=${(e: Event) => this.filter('q', (e.target as HTMLInputElement).value, true)} /></label>
        ${select('status', statuses, this.a('tickets.status'), (v) => this.a(`tickets.status.${v as 'open'}`))}
        ${select('priority', priorities, this.a('tickets.priority'), (v) => this.a(`tickets.priority.${v as 'low'}`))}
        ${select('category', categories, this.a('tickets.category'), (v) => this.a(`tickets.category.${v as 'question'}`))}
        <label class="field"><span>${this.a('tickets.assignee')}</span><select @change=${(e: Event) => this.filter('assignee', (e.target as HTMLSelectElement).value)}>
          <option value="">${this.a('common.all')}</option><option value="me">${this.a('tickets.mine')}</option><option value="none">${this.a('common.none')}</option>
          ${this.users.map((u) => html`<option value=${u.id}>${u.name}</option>`)}</select></label>
      </div>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${
        !this.page
          ? html`<p role="status">${this.a('common.loading')}</p>`
          : !rows.length
            ? html`<p role="status">
              ${this.a(Object.values(this.filters).some(Boolean) ? 'tickets.noMatch' : 'tickets.none')}</p>`
            : html`<table><thead><tr><th>${this.a('tickets.subject')}</th><th>${this.a('tickets.status')}</th><th>${this.a('tickets.priority')}</th><th>${this.a('tickets.category')}</th><th>${this.a('tickets.updated')}</th></tr></thead>
              <tbody>${rows.map(
                (t) => html`<tr>
                <td><a href="#/tickets/${t.id}" dir="auto">${t.subject}</a> <span class="muted">${this.trackingNumber(t.trackingNumber)}</span>${t.awaitingReply ? html` <strong class="overdue">${this.a('tickets.waiting')}</strong>` : nothing}
                  <div class="muted" dir="auto">${t.name ?? t.email ?? ''}</div></td>
                <td>${this.a(`tickets.status.${t.status}`)}</td><td>${this.a(`tickets.priority.${t.priority}`)}</td><td>${this.codeLabel('tickets.category', t.category)}</td><td>${this.date(t.updatedAt, true)}</td></tr>`,
              )}</tbody></table>`
      }
    </section>
    <leadline-admin-canned-replies .client=${this.client} .me=${this.me} locale=${this.activeLocale}
      @leadline-canned-change=${(e: CustomEvent<{ replies: Canned[] }>) => (this.canned = e.detail.replies)}></leadline-admin-canned-replies>`;
  }

  private renderThread(t: AdminTicketDetail) {
    const edit = this.canEdit;
    return html`<p><a href="#/tickets">← ${this.a('nav.tickets')}</a></p>
      <section class="card" aria-labelledby="thread-title">
        <h2 id="thread-title" dir="auto">${t.subject}</h2>
        <p class="muted">${this.trackingNumber(t.trackingNumber)} · ${t.name ? html`${this.bdi(t.name)} ` : nothing}<bdi dir="ltr">${t.email ?? ''}</bdi>${t.contactId ? html` · <a href="#/contacts/${t.contactId}">${this.a('tickets.contact')}</a>` : nothing}</p>
        <div class="row">
          <label class="field"><span>${this.a('tickets.status')}</span><select ?disabled=${!edit} @change=${(e: Event) => this.change({ status: (e.target as HTMLSelectElement).value })}>
            ${statuses.map((v) => html`<option value=${v} ?selected=${t.status === v}>${this.a(`tickets.status.${v}`)}</option>`)}</select></label>
          <label class="field"><span>${this.a('tickets.priority')}</span><select ?disabled=${!edit} @change=${(e: Event) => this.change({ priority: (e.target as HTMLSelectElement).value })}>
            ${priorities.map((v) => html`<option value=${v} ?selected=${t.priority === v}>${this.a(`tickets.priority.${v}`)}</option>`)}</select></label>
          <label class="field"><span>${this.a('tickets.assignee')}</span><select ?disabled=${!edit} @change=${(e: Event) => this.change({ assigneeId: (e.target as HTMLSelectElement).value ? Number((e.target as HTMLSelectElement).value) : null })}>
            <option value="">${this.a('common.none')}</option>
            ${this.users.filter((u) => u.role === 'owner' || u.role === 'rep').map((u) => html`<option value=${u.id} ?selected=${t.assigneeId === u.id}>${u.name}</option>`)}</select></label>
        </div>
        <ol class="timeline">${t.messages.map(
          (m) => html`<li class=${m.internal ? 'activity' : m.author === 'staff' ? 'purchase' : ''}>
          <span class="muted">${m.author === 'visitor' ? ((t.name ?? t.email) ? this.bdi(t.name ?? t.email) : this.a('tickets.visitor')) : this.bdi(m.staffName)}${m.internal ? html` · <strong>${this.a('tickets.note')}</strong>` : nothing} · <time datetime=${new Date(m.createdAt).toISOString()}>${this.date(m.createdAt, true)}</time></span>
          <div class="pre" dir="auto">${m.body}</div></li>`,
        )}</ol>
        ${
          edit
            ? html`<form @submit=${this.send} class="card">
              <div class="row">
                <label class="field"><span>${this.a('tickets.canned')}</span><select id="canned" @change=${(
                  e: Event,
                ) => {
                  this.insertCanned((e.target as HTMLSelectElement).value);
                  (e.target as HTMLSelectElement).value = '';
                }}>
                  <option value="">—</option>${this.canned.map((c) => html`<option value=${c.id}>${c.title} (${c.locale})</option>`)}</select></label>
                <label class="row"><input type="checkbox" .checked=${this.internal} @change=${(e: Event) => (this.internal = (e.target as HTMLInputElement).checked)} /> ${this.a('tickets.internal')}</label>
              </div>
              <label class="field"><span>${this.a(this.internal ? 'tickets.note' : 'tickets.reply')}</span>
                <textarea id="reply" dir="auto" .value=${this.reply}
                  @input=${(e: Event) => this.typed((e.target as HTMLTextAreaElement).value)}></textarea></label>
              <p class="muted" role="status">
                ${this.colleagueTyping ? this.a('tickets.typing', { name: this.colleagueTyping }) : ''}</p>
              <div><button class="primary" ?disabled=${!this.reply.trim() || this.loading}>${this.a(this.internal ? 'tickets.addNote' : 'tickets.send')}</button></div>
            </form>`
            : nothing
        }
        ${t.rating ? html`<p>${this.a('tickets.rating', { n: t.rating })}${t.ratingComment ? html` — ${t.ratingComment}` : nothing}</p>` : nothing}
        ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      </section>`;
  }

  override render() {
    if (!this.adminMessages) return nothing;
    if (this.ticketId)
      return this.ticket
        ? this.renderThread(this.ticket)
        : html`<p role=${this.error ? 'alert' : 'status'}>${this.error || this.a('common.loading')}</p>`;
    return this.renderList();
  }
}

if (!customElements.get('leadline-admin-tickets')) customElements.define('leadline-admin-tickets', AdminTicketsView);
