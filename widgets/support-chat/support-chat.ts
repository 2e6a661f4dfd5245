import { html, nothing } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import type { KbArticlePublic, KbSearchAnswer, KbSearchResult } from '../../server/schemas/kb.ts';
import type { PublicThread, TicketCreated } from '../../server/schemas/tickets.ts';
import { apiRequest, ApiRequestError } from '../internal/api.ts';
import { fetchConfig } from '../internal/config.ts';
import { LeadlineErrorEvent } from '../internal/events.ts';
import { LeadlineElement } from '../internal/leadline-element.ts';
import { isSetupProblem } from '../internal/site-problem.ts';
import { LeadlineChatToggleEvent, LeadlineTicketEvent } from './events.ts';
import styles from './support-chat.styles.ts';
import { loadTickets, saveTickets, ticketFromLink, ticketLink, type StoredTicket } from './ticket-store.ts';
import { renderArticle } from './views/article.ts';
import { renderHome } from './views/home.ts';
import { ThreadPoller } from './poller.ts';
import { ThreadStream } from './thread-stream.ts';
import { renderFind } from './views/find.ts';
import { renderNewTicket, type TicketDraft } from './views/new-ticket.ts';
import { renderThread } from './views/thread.ts';

export type View =
  | { name: 'home' }
  | { name: 'article'; id: number }
  | { name: 'new' }
  | { name: 'find' }
  | { name: 'thread'; trackingNumber: string; created?: boolean };

/**
 * Asynchronous support on any page: search the knowledge base, read articles,
 * open a ticket (question, complaint, order problem, feedback) and follow it
 * by its tracking number; staff replies appear without reload (the ticket's
 * event stream while a thread is open, polling with backoff when it is down,
 * slowly while closed for the unread badge); solved
 * tickets can be rated 1–5. Escape closes the panel and focus returns to the launcher.
 *
 * @tag leadline-chat
 * @fires {LeadlineChatToggleEvent} leadline-chat-toggle - The panel opened or closed (`detail: { open }`).
 * @fires {LeadlineTicketEvent} leadline-ticket - The visitor opened a ticket (`detail: { trackingNumber, category }`).
 * @fires {LeadlineErrorEvent} leadline-error - A request failed (`detail: { form: 'chat', code, message }`).
 * @csspart launcher - The floating button.
 * @csspart badge - The unread count on the launcher.
 * @csspart panel - The panel.
 * @csspart header - The panel's title bar.
 * @csspart search - The search box.
 * @csspart result - A search result.
 * @csspart highlight - Matched text in a result.
 * @csspart article - An article's body.
 * @csspart message - A message in a ticket thread.
 * @csspart button - Buttons in the panel.
 * @cssprop --leadline-accent - Launcher, buttons, focus.
 * @cssprop --leadline-accent-text - Text on the accent colour.
 * @cssprop --leadline-radius - Corner radius.
 * @cssprop --leadline-font - Font shorthand.
 * @cssprop --leadline-chat-width - Panel width.
 * @cssprop --leadline-chat-offset - Distance from the viewport's edges.
 * @cssprop --leadline-z - Stacking order of launcher and panel.
 */
export class LeadlineChat extends LeadlineElement {
  static override styles = styles;

  /** Whether the panel is open. */
  @property({ type: Boolean, reflect: true }) open = false;

  @state() view: View = { name: 'home' };
  @state() query = '';
  @state() results: KbSearchResult[] = [];
  @state() searching = false;
  @state() searched = '';
  @state() article: KbArticlePublic | null = null;
  @state() voted = false;
  @state() tickets: StoredTicket[] = [];
  @state() thread: PublicThread | null = null;
  @state() draft: TicketDraft = { subject: '', body: '', category: 'question', email: '', name: '' };
  @state() draftErrors: Partial<Record<keyof TicketDraft, string>> = {};
  @state() busy = false;
  @state() failure = '';
  @state() reply = '';
  @state() rating = 0;
  @state() ratingComment = '';
  @state() rated = false;
  @state() unread = 0;
  /** Presence from the thread's stream: who is writing a reply now ('' = someone), and the usual reply time. */
  @state() staffTyping: string | null = null;
  @state() replyMinutes: number | null = null;
  @state() findSent = false;
  /** The launcher shows only once the site answered: never a button that cannot work. */
  @state() private usable: 'checking' | 'yes' | 'no' = 'checking';
  private checkTimer: ReturnType<typeof setTimeout> | undefined;

  @query('[part="launcher"]') private launcher!: HTMLButtonElement;
  private searchTimer: ReturnType<typeof setTimeout> | undefined;
  readonly poller = new ThreadPoller(this);
  readonly stream = new ThreadStream(this);

  override connectedCallback(): void {
    super.connectedCallback();
    this.tickets = loadTickets(this.siteKey);
    const linked = ticketFromLink();
    if (linked) {
      this.remember({ ...linked, subject: '', seen: 0 });
      this.open = true;
      this.go({ name: 'thread', trackingNumber: linked.trackingNumber });
    }
    document.addEventListener('keydown', this.onKey);
    this.poller.schedule();
    void this.checkSite();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('keydown', this.onKey);
    clearTimeout(this.searchTimer);
    clearTimeout(this.checkTimer);
  }

  /**
   * Asks the server whether this site may use the chat from this page. A setup mistake (unknown key, origin not
   * allowed) hides the launcher for good and tells the owner in the console; a failed request is asked again later.
   */
  private async checkSite(delay = 5000): Promise<void> {
    try {
      if (!this.siteKey) throw new ApiRequestError(400, 'validation_failed', 'no site key');
      this.usable = (await fetchConfig(this.apiBase, this.siteKey, this.activeLocale)).chat.enabled ? 'yes' : 'no';
    } catch (error) {
      if (isSetupProblem(error, this.siteKey, this.apiBase)) this.usable = 'no';
      else this.checkTimer = setTimeout(() => void this.checkSite(Math.min(delay * 2, 300_000)), delay);
    }
  }

  private onKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && this.open) {
      e.preventDefault();
      this.toggle(false);
    }
  };

  /** Opens or closes the panel; closing returns focus to the launcher. */
  async toggle(open = !this.open): Promise<void> {
    this.open = open;
    this.dispatchEvent(new LeadlineChatToggleEvent({ open }));
    await this.updateComplete;
    if (open) {
      if (this.view.name === 'home' && !this.searched) void this.search('');
      this.renderRoot.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    } else this.launcher?.focus();
    this.poller.schedule(true);
  }

  async go(view: View): Promise<void> {
    this.view = view;
    this.failure = '';
    if (view.name === 'article') void this.loadArticle(view.id);
    if (view.name === 'find') this.findSent = false;
    if (view.name === 'thread') {
      this.thread = null;
      this.rated = false;
      this.rating = 0;
      void this.loadThread(view.trackingNumber);
    }
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    this.poller.schedule(true);
  }

  fail(error: unknown): void {
    const e = error instanceof ApiRequestError ? error : new ApiRequestError(0, 'network', String(error));
    this.failure = this.t(e.code === 'network' ? 'offline' : e.code === 'rate_limited' ? 'form.rateLimited' : 'error');
    this.dispatchEvent(new LeadlineErrorEvent({ form: 'chat', code: e.code, message: e.message }));
  }

  onSearchInput(value: string): void {
    this.query = value;
    clearTimeout(this.searchTimer);
    this.searchTimer = setTimeout(() => void this.search(value), 250);
  }

  async search(q: string): Promise<void> {
    this.searching = true;
    try {
      const params = new URLSearchParams({ site: this.siteKey, q, locale: this.activeLocale });
      const { results } = await apiRequest<KbSearchAnswer>(this.apiBase, `/v1/kb/search?${params}`);
      if (q === this.query) ((this.results = results), (this.searched = q || ' '));
    } catch (e) {
      this.fail(e);
    } finally {
      this.searching = false;
    }
  }

  private async loadArticle(id: number): Promise<void> {
    this.article = null;
    this.voted = false;
    try {
      this.article = await apiRequest<KbArticlePublic>(
        this.apiBase,
        `/v1/kb/articles/${id}?site=${encodeURIComponent(this.siteKey)}`,
      );
    } catch (e) {
      this.fail(e);
    }
  }

  async vote(helpful: boolean): Promise<void> {
    if (!this.article) return;
    this.voted = true;
    await apiRequest(this.apiBase, `/v1/kb/articles/${this.article.id}/vote`, {
      body: { site: this.siteKey, helpful },
    }).catch((e) => this.fail(e));
  }

  private remember(t: StoredTicket): void {
    this.tickets = [t, ...this.tickets.filter((x) => x.trackingNumber !== t.trackingNumber)];
    saveTickets(this.siteKey, this.tickets);
  }

  tokenOf(tn: string): string {
    return this.tickets.find((t) => t.trackingNumber === tn)?.token ?? '';
  }

  async createTicket(): Promise<void> {
    const d = this.draft;
    const errors: typeof this.draftErrors = {};
    if (!d.subject.trim()) errors.subject = this.t('required');
    if (!d.body.trim()) errors.body = this.t('required');
    if (d.email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(d.email)) errors.email = this.t('form.invalidEmail');
    this.draftErrors = errors;
    if (Object.keys(errors).length) {
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    this.busy = true;
    this.failure = '';
    const [visitor] = (window.leadline?.ids?.() ?? []) as (string | undefined)[];
    try {
      const created = await apiRequest<TicketCreated>(this.apiBase, '/v1/tickets', {
        body: {
          site: this.siteKey,
          subject: d.subject.trim(),
          body: d.body.trim(),
          category: d.category,
          locale: this.activeLocale,
          url: location.href.split('#')[0],
          ...(d.email && { email: d.email.trim() }),
          ...(d.name && { name: d.name.trim() }),
          ...(visitor && { visitor }),
        },
      });
      this.remember({ ...created, subject: d.subject.trim(), seen: Date.now() });
      this.draft = { ...this.draft, subject: '', body: '' };
      this.dispatchEvent(new LeadlineTicketEvent({ trackingNumber: created.trackingNumber, category: d.category }));
      await this.go({ name: 'thread', trackingNumber: created.trackingNumber, created: true });
    } catch (e) {
      this.fail(e);
    } finally {
      this.busy = false;
    }
  }

  linkFor(tn: string): string {
    return ticketLink({ trackingNumber: tn, token: this.tokenOf(tn) });
  }

  async loadThread(tn: string): Promise<boolean> {
    try {
      const thread = await apiRequest<PublicThread>(
        this.apiBase,
        `/v1/tickets/${tn}?site=${encodeURIComponent(this.siteKey)}`,
        { headers: { 'x-ticket-token': this.tokenOf(tn) } },
      );
      const changed = JSON.stringify(thread) !== JSON.stringify(this.thread);
      this.showThread(tn, thread);
      return changed;
    } catch (e) {
      this.fail(e);
      return false;
    }
  }

  /** Shows `thread` if it is the one open, and remembers the staff replies the visitor has now seen. */
  showThread(tn: string, thread: PublicThread): void {
    if (this.view.name === 'thread' && this.view.trackingNumber === tn) this.thread = thread;
    const stored = this.tickets.find((t) => t.trackingNumber === tn);
    const lastStaff = Math.max(0, ...thread.messages.filter((m) => m.author === 'staff').map((m) => m.createdAt));
    if (stored && (stored.seen < lastStaff || !stored.subject))
      this.remember({ ...stored, subject: thread.subject, seen: this.open ? lastStaff : stored.seen });
  }

  async sendReply(): Promise<void> {
    if (this.view.name !== 'thread' || !this.reply.trim()) return;
    const tn = this.view.trackingNumber;
    this.busy = true;
    try {
      await apiRequest(this.apiBase, `/v1/tickets/${tn}/messages`, {
        body: { site: this.siteKey, body: this.reply.trim() },
        headers: { 'x-ticket-token': this.tokenOf(tn) },
      });
      this.reply = '';
      await this.loadThread(tn);
      this.poller.schedule(true);
    } catch (e) {
      this.fail(e);
    } finally {
      this.busy = false;
    }
  }

  async sendRating(): Promise<void> {
    if (this.view.name !== 'thread' || !this.rating) return;
    const tn = this.view.trackingNumber;
    this.busy = true;
    try {
      await apiRequest(this.apiBase, `/v1/tickets/${tn}/rating`, {
        body: {
          site: this.siteKey,
          rating: this.rating,
          ...(this.ratingComment.trim() && { comment: this.ratingComment.trim() }),
        },
        headers: { 'x-ticket-token': this.tokenOf(tn) },
      });
      this.rated = true;
      await this.loadThread(tn);
    } catch (e) {
      this.fail(e);
    } finally {
      this.busy = false;
    }
  }

  override render() {
    if (!this.messages || this.usable !== 'yes') return nothing;
    const view = this.view;
    return html`
      <button part="launcher" class="launcher" aria-expanded=${this.open} aria-controls="panel" @click=${() => this.toggle()}>
        <span aria-hidden="true">?</span> ${this.t('chat.open')}
        ${this.unread && !this.open ? html`<span part="badge" class="badge" aria-label=${this.t('chat.unread', { n: this.unread })}>${this.unread}</span>` : nothing}
      </button>
      <section id="panel" part="panel" class="panel" role="dialog" aria-modal="false" aria-labelledby="chat-title" ?hidden=${!this.open}>
        <header part="header">
          ${
            view.name === 'home'
              ? html`<h2 id="chat-title">${this.t('chat.title')}</h2>`
              : html`<button part="button" class="back" @click=${() => this.go({ name: 'home' })}><span aria-hidden="true">‹</span> ${this.t('chat.back')}</button>
                <h2 id="chat-title" class="sr">${this.t('chat.title')}</h2>`
          }
          <button part="button" class="close" aria-label=${this.t('chat.close')} @click=${() => this.toggle(false)}>×</button>
        </header>
        <div class="body">
          ${view.name === 'home' ? renderHome(this) : view.name === 'article' ? renderArticle(this) : view.name === 'new' ? renderNewTicket(this) : view.name === 'find' ? renderFind(this) : renderThread(this, view.trackingNumber, !!view.created)}
          <p class="failure" role="alert">${this.failure}</p>
        </div>
      </section>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'leadline-chat': LeadlineChat;
  }
}

if (!customElements.get('leadline-chat')) customElements.define('leadline-chat', LeadlineChat);
