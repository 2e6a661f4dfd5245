import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { Me } from '../../server/schemas/sales.ts';
import { apiRequest } from '../internal/api.ts';
import { AdminClient } from './admin-client.ts';
import { AdminElement } from './admin-element.ts';
import styles from './admin-dashboard.styles.ts';
import shellStyles from './admin-shell.styles.ts';
import { ToastEvent, type Toast } from './toast.ts';
import './views/contacts-view.ts';
import './views/contact-view.ts';
import './views/tasks-view.ts';
import './views/customers-view.ts';
import './views/products-view.ts';
import './views/users-view.ts';
import './views/tickets-view.ts';
import './views/kb-view.ts';
import './views/data-view.ts';
import './views/settings-view.ts';
import './views/forms-view.ts';
import './views/segments-view.ts';
import './views/affiliates-view.ts';
import './views/reports-view.ts';
import './views/installation-view.ts';

/** How long a finished toast stays. */
const TOAST_MS = 6000;
const SESSION_KEY = 'leadline-admin-session';
const sections = ['contacts', 'tasks', 'customers', 'reports', 'segments', 'tickets', 'kb', 'products', 'forms', 'affiliates', 'data', 'users', 'settings', 'installation'] as const;
type Section = (typeof sections)[number];
type Route = { view: Section } | { view: 'contact' | 'ticket'; id: string };
/** Who sees which section (the server enforces the same). */
const ownerOnly = new Set<Section>(['users', 'settings', 'forms']);
const writersOnly = new Set<Section>(['data', 'installation']);

function routeOf(hash: string): Route {
  const [, view = 'contacts', id] = /^#\/([a-z]+)(?:\/([0-9a-f-]{36}))?/.exec(hash) ?? [];
  if (view === 'contacts' && id) return { view: 'contact', id };
  if (view === 'tickets' && id) return { view: 'ticket', id };
  return { view: (sections as readonly string[]).includes(view) ? (view as Section) : 'contacts' };
}

/**
 * Leadline's admin, inside the owner's own page: contacts and their
 * timelines, activities, tasks, purchases, customers, reports, products and users.
 * Credentials are bearer tokens only: set the `token` property from the host
 * page's own script, or open an invite link (`#invite=inv_…`), which is
 * exchanged once for a 12-hour session token kept in sessionStorage. Views
 * have URL-hash routes (`#/contacts/ID`) so they can be bookmarked.
 *
 * @tag leadline-admin
 * @csspart nav - The section links (a menu behind a button under 768 px).
 * @csspart toast - Status messages, shown next to the button that caused them.
 * @cssprop --leadline-accent - Links, buttons and focus.
 * @cssprop --leadline-font - Font shorthand.
 * @cssprop --leadline-radius - Corner radius.
 */
export class LeadlineAdmin extends AdminElement {
  static override styles = [styles, shellStyles];

  /** A bearer token set by the host page's script (never put an owner token in a public page). */
  @property({ attribute: false }) token = '';
  @state() private sessionToken = '';
  @state() private route: Route = routeOf(location.hash);
  @state() private authError = '';
  @state() private menuOpen = false;
  @state() private current: Toast | null = null;
  private toastTimer: ReturnType<typeof setTimeout> | undefined;

  /** The bearer the current client and `me` belong to. */
  private signedInAs = '';

  override connectedCallback(): void {
    super.connectedCallback();
    addEventListener('hashchange', this.onHash);
    this.addEventListener(ToastEvent.type, this.onToast);
    void this.restoreSession();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    removeEventListener('hashchange', this.onHash);
  }

  private onHash = () => {
    this.route = routeOf(location.hash);
    this.menuOpen = false;
    this.current = null;
  };

  private onToast = (e: ToastEvent) => {
    e.stopPropagation();
    this.current = e.toast;
    clearTimeout(this.toastTimer);
    if (!e.toast.busy) this.toastTimer = setTimeout(() => (this.current = null), TOAST_MS);
  };

  private onMenuKey = (e: KeyboardEvent) => {
    if (e.key !== 'Escape' || !this.menuOpen) return;
    this.menuOpen = false;
    this.renderRoot.querySelector<HTMLButtonElement>('button[aria-controls="admin-nav"]')?.focus();
  };

  /** Places the toast just below where its action happened, inside the viewport (fixed: scrolling cannot lose it). */
  override updated(changed: Map<PropertyKey, unknown>): void {
    super.updated(changed);
    const box = this.renderRoot.querySelector<HTMLElement>('.toast');
    if (!changed.has('current') || !box || !this.current) return;
    const near = this.current.near;
    const { width, height } = box.getBoundingClientRect();
    const rtl = getComputedStyle(this).direction === 'rtl';
    const x = rtl ? near.right - width : near.left;
    const below = near.bottom + 8 + height <= innerHeight;
    box.style.setProperty('--_x', `${Math.round(Math.min(Math.max(8, x), innerWidth - width - 8))}px`);
    box.style.setProperty('--_y', `${Math.round(below ? near.bottom + 8 : Math.max(8, near.top - height - 8))}px`);
  }

  private get bearer(): string {
    return this.token || this.sessionToken;
  }

  override willUpdate(changed: Map<PropertyKey, unknown>): void {
    super.willUpdate(changed);
    // Whenever the bearer changes — `token` set before the element was defined, right after, or any time later;
    // an invite exchanged; a sign-out — the client follows it.
    if (this.bearer !== this.signedInAs) void this.signIn(this.bearer);
  }

  /** An invite link in the URL is exchanged for a session; otherwise a session kept in this tab is reused. */
  private async restoreSession(): Promise<void> {
    const invite = /[#&]invite=(inv_[A-Za-z0-9_-]+)/.exec(location.hash)?.[1];
    if (invite) {
      history.replaceState(null, '', `${location.pathname}${location.search}#/contacts`);
      this.route = routeOf('#/contacts');
      try {
        const { token, expiresAt } = await apiRequest<{ token: string; expiresAt: number }>(this.apiBase, '/v1/admin/session', {
          body: { invite },
          headers: { 'content-type': 'application/json' },
        });
        sessionStorage.setItem(SESSION_KEY, JSON.stringify({ token, expiresAt }));
      } catch {
        this.authError = 'auth.expired';
      }
    }
    try {
      const saved = JSON.parse(sessionStorage.getItem(SESSION_KEY) ?? 'null') as { token: string; expiresAt: number } | null;
      this.sessionToken = saved && saved.expiresAt > Date.now() ? saved.token : '';
    } catch {
      this.sessionToken = '';
    }
  }

  private async signIn(bearer: string): Promise<void> {
    this.signedInAs = bearer;
    this.me = undefined as never;
    if (!bearer) return;
    const client = new AdminClient(this.apiBase, bearer, () => this.signOut('auth.expired'));
    this.client = client;
    await this.run(async () => {
      const me = await client.get<Me>('/v1/admin/me');
      if (this.signedInAs === bearer) this.me = me;
    });
  }

  private signOut(reason = ''): void {
    sessionStorage.removeItem(SESSION_KEY);
    this.sessionToken = '';
    this.me = undefined as never;
    this.authError = reason;
  }

  private renderView() {
    const common = { client: this.client, me: this.me, locale: this.activeLocale };
    const r = this.route;
    switch (r.view) {
      case 'contact':
        return html`<leadline-admin-contact .client=${common.client} .me=${common.me} locale=${common.locale} contact-id=${r.id}></leadline-admin-contact>`;
      case 'tasks':
        return html`<leadline-admin-tasks .client=${common.client} .me=${common.me} locale=${common.locale}></leadline-admin-tasks>`;
      case 'customers':
        return html`<leadline-admin-customers .client=${common.client} .me=${common.me} locale=${common.locale}></leadline-admin-customers>`;
      case 'products':
        return html`<leadline-admin-products .client=${common.client} .me=${common.me} locale=${common.locale}></leadline-admin-products>`;
      case 'users':
        return html`<leadline-admin-users .client=${common.client} .me=${common.me} locale=${common.locale}></leadline-admin-users>`;
      case 'tickets':
        return html`<leadline-admin-tickets .client=${common.client} .me=${common.me} locale=${common.locale}></leadline-admin-tickets>`;
      case 'ticket':
        return html`<leadline-admin-tickets .client=${common.client} .me=${common.me} locale=${common.locale} ticket-id=${r.id}></leadline-admin-tickets>`;
      case 'kb':
        return html`<leadline-admin-kb .client=${common.client} .me=${common.me} locale=${common.locale}></leadline-admin-kb>`;
      case 'data':
        return html`<leadline-admin-data .client=${common.client} .me=${common.me} locale=${common.locale}></leadline-admin-data>`;
      case 'segments':
        return html`<leadline-admin-segments .client=${common.client} .me=${common.me} locale=${common.locale}></leadline-admin-segments>`;
      case 'forms':
        return html`<leadline-admin-forms .client=${common.client} .me=${common.me} locale=${common.locale}></leadline-admin-forms>`;
      case 'reports':
        return html`<leadline-admin-reports .client=${common.client} .me=${common.me} locale=${common.locale}></leadline-admin-reports>`;
      case 'affiliates':
        return html`<leadline-admin-affiliates .client=${common.client} .me=${common.me} locale=${common.locale}></leadline-admin-affiliates>`;
      case 'installation':
        return html`<leadline-admin-installation .client=${common.client} .me=${common.me} locale=${common.locale}></leadline-admin-installation>`;
      case 'settings':
        return html`<leadline-admin-settings .client=${common.client} .me=${common.me} locale=${common.locale}></leadline-admin-settings>`;
      default:
        return html`<leadline-admin-contacts .client=${common.client} .me=${common.me} locale=${common.locale}></leadline-admin-contacts>`;
    }
  }

  override render() {
    if (!this.adminMessages) return nothing;
    if (!this.bearer || !this.me) {
      if (this.bearer && this.loading) return html`<p role="status">${this.a('common.loading')}</p>`;
      return html`<section class="card" aria-labelledby="signin">
        <h2 id="signin">${this.a('auth.title')}</h2>
        <p class=${this.authError ? 'error' : ''} role=${this.authError ? 'alert' : 'status'}>${this.a(this.authError === 'auth.expired' ? 'auth.expired' : 'auth.help')}</p>
        ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      </section>`;
    }
    const current = this.route.view === 'contact' ? 'contacts' : this.route.view === 'ticket' ? 'tickets' : this.route.view;
    const visible = sections.filter((s) => (!ownerOnly.has(s) || this.userRole === 'owner') && (!writersOnly.has(s) || this.canEdit));
    const t = this.current;
    return html`
      <header class="shell" @keydown=${this.onMenuKey}>
        <button class="menu" aria-controls="admin-nav" aria-expanded=${this.menuOpen}
          @click=${() => (this.menuOpen = !this.menuOpen)}>
          <span class="burger" aria-hidden="true"></span><span class="sr">${this.a('nav.menu')}: </span>
          ${this.a(`nav.${current}`)}
        </button>
        <nav id="admin-nav" part="nav" aria-label=${this.a('nav.label')} class=${this.menuOpen ? 'open' : ''}>
          ${visible.map((s) => html`<a href="#/${s}" aria-current=${s === current ? 'page' : 'false'}>${this.a(`nav.${s}`)}</a>`)}
        </nav>
        <span class="row muted">
          ${this.a('auth.as', { name: this.me.user.name, role: this.a(`role.${this.userRole}`) })}
          ${this.sessionToken && !this.token ? html`<button @click=${() => this.signOut()}>${this.a('auth.signOut')}</button>` : nothing}
        </span>
      </header>
      <main>${this.renderView()}</main>
      <div class="toasts" role="status" aria-live="polite">
        ${t
          ? html`<p class="toast" part="toast">
              ${t.message}${t.busy ? html`<progress aria-hidden="true"></progress>` : nothing}</p>`
          : nothing}
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'leadline-admin': LeadlineAdmin;
  }
}

if (!customElements.get('leadline-admin')) customElements.define('leadline-admin', LeadlineAdmin);
