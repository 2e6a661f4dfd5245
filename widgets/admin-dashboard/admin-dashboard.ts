import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { Me } from '../../server/schemas/sales.ts';
import type { SigninMethods } from '../../server/schemas/signin.ts';
import { apiRequest, ApiRequestError } from '../internal/api.ts';
import { AdminClient } from './admin-client.ts';
import type { AdminKey } from '../locales/admin/admin-en.ts';
import { AdminElement } from './admin-element.ts';
import styles from './admin-dashboard.styles.ts';
import { AdminLive } from './live.ts';
import './bell.ts';
import shellStyles from './admin-shell.styles.ts';
import { ToastEvent, type Toast } from './toast.ts';

/** How long a finished toast stays. */
const TOAST_MS = 6000;
/**
 * Each view's element and code, fetched the first time its section opens, so the admin's first load carries the
 * shell only. A view is rendered once its element is defined: its properties then reach a live element.
 */
const views: Record<string, [tag: string, load: () => Promise<unknown>]> = {
  contacts: ['leadline-admin-contacts', () => import('./views/contacts-view.ts')],
  contact: ['leadline-admin-contact', () => import('./views/contact-view.ts')],
  companies: ['leadline-admin-companies', () => import('./views/companies-view.ts')],
  company: ['leadline-admin-company', () => import('./views/company-view.ts')],
  deals: ['leadline-admin-deals', () => import('./views/deals-view.ts')],
  deal: ['leadline-admin-deal', () => import('./views/deal-view.ts')],
  pipelines: ['leadline-admin-pipelines', () => import('./views/pipelines-view.ts')],
  tasks: ['leadline-admin-tasks', () => import('./views/tasks-view.ts')],
  customers: ['leadline-admin-customers', () => import('./views/customers-view.ts')],
  products: ['leadline-admin-products', () => import('./views/products-view.ts')],
  users: ['leadline-admin-users', () => import('./views/users-view.ts')],
  tickets: ['leadline-admin-tickets', () => import('./views/tickets-view.ts')],
  ticket: ['leadline-admin-tickets', () => import('./views/tickets-view.ts')],
  kb: ['leadline-admin-kb', () => import('./views/kb-view.ts')],
  data: ['leadline-admin-data', () => import('./views/data-view.ts')],
  settings: ['leadline-admin-settings', () => import('./views/settings-view.ts')],
  forms: ['leadline-admin-forms', () => import('./views/forms-view.ts')],
  segments: ['leadline-admin-segments', () => import('./views/segments-view.ts')],
  surveys: ['leadline-admin-surveys', () => import('./views/surveys-view.ts')],
  affiliates: ['leadline-admin-affiliates', () => import('./views/affiliates-view.ts')],
  reports: ['leadline-admin-reports', () => import('./views/reports-view.ts')],
  installation: ['leadline-admin-installation', () => import('./views/installation-view.ts')],
  account: ['leadline-admin-account', () => import('./views/account-view.ts')],
};

const SESSION_KEY = 'leadline-admin-session';
const sections = [
  ...([
    'contacts',
    'companies',
    'deals',
    'tasks',
    'customers',
    'reports',
    'segments',
    'surveys',
    'tickets',
    'kb',
    'products',
    'forms',
  ] as const),
  ...(['affiliates', 'data', 'users', 'settings', 'installation', 'account'] as const),
] as const;
type Section = (typeof sections)[number];
type Route =
  | { view: Section | 'pipelines' }
  | { view: 'contact' | 'company' | 'ticket'; id: string }
  | { view: 'deal'; id: string; params: URLSearchParams };
/** Who sees which section (the server enforces the same). */
const ownerOnly = new Set<Section>(['users', 'settings', 'forms']);
const writersOnly = new Set<Section>(['data', 'installation']);
type Saved = { token: string; expiresAt: number };
const JSON_TYPE = { 'content-type': 'application/json' };

/** What the sign-in card says about a failed sign-in call; `on401` for a refused code or password. */
function refusal(e: unknown, on401: AdminKey): AdminKey {
  if (!(e instanceof ApiRequestError)) return 'common.error';
  if (e.status === 429) return 'auth.tooMany';
  if (e.status === 401) return on401;
  return e.code === 'origin_not_allowed' ? 'auth.noLinkHere' : 'common.error';
}

/** The session kept in this browser (30 days, sliding on the server); storage can throw (sandboxed frames). */
const savedSession = {
  get(): Saved | null {
    try {
      const saved = JSON.parse(localStorage.getItem(SESSION_KEY) ?? 'null') as Saved | null;
      return saved && saved.expiresAt > Date.now() ? saved : null;
    } catch {
      return null;
    }
  },
  set(saved: Saved | null): void {
    try {
      if (saved) localStorage.setItem(SESSION_KEY, JSON.stringify(saved));
      else localStorage.removeItem(SESSION_KEY);
    } catch {
      /* not kept: signed in for this page only */
    }
  },
};

function routeOf(hash: string): Route {
  const [, view = 'contacts', id, query = ''] = /^#\/([a-z]+)(?:\/([0-9a-f-]{36}|new))?(?:\?(.*))?/.exec(hash) ?? [];
  if (view === 'deals' && id) return { view: 'deal', id, params: new URLSearchParams(query) };
  if (view === 'pipelines') return { view };
  if (id === 'new') return { view: 'contacts' };
  if (view === 'contacts' && id) return { view: 'contact', id };
  if (view === 'companies' && id) return { view: 'company', id };
  if (view === 'tickets' && id) return { view: 'ticket', id };
  return { view: (sections as readonly string[]).includes(view) ? (view as Section) : 'contacts' };
}

/**
 * Leadline's admin, inside the owner's own page: contacts and their
 * timelines, activities, tasks, purchases, customers, reports, products and users.
 * Credentials are bearer tokens only: set the `token` property from the host
 * page's own script, or sign in — an invite link (`#invite=inv_…`), an emailed
 * sign-in link (`#signin=sl_…`) or an email and password (the site key comes
 * from the `site` attribute or the script tag) — for a 30-day sliding session
 * kept in localStorage until signing out. Views have URL-hash routes
 * (`#/contacts/ID`) so they can be bookmarked.
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
  @state() private methods: SigninMethods | null = null;
  @state() private linkSentTo = '';
  @state() private menuOpen = false;
  @state() private current: Toast | null = null;
  private toastTimer: ReturnType<typeof setTimeout> | undefined;

  /** The bearer the current client and `me` belong to. */
  private signedInAs = '';
  private live = new AdminLive(this);

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
    // A link opened in a tab that already shows the admin changes only the fragment.
    if (/[#&](invite|signin)=/.test(location.hash)) void this.restoreSession();
    else this.route = routeOf(location.hash);
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

  /** An invite or sign-in link in the URL is exchanged for a session; else a session kept in this browser is reused. */
  private async restoreSession(): Promise<void> {
    const [, kind, code] = /[#&](invite|signin)=((?:inv|sl)_[A-Za-z0-9_-]+)/.exec(location.hash) ?? [];
    if (kind && code) {
      history.replaceState(null, '', `${location.pathname}${location.search}#/contacts`);
      this.route = routeOf('#/contacts');
      if (kind === 'invite') await this.startSession({ invite: code }, 'auth.expired');
      else await this.startSession({ link: code }, 'auth.linkGone');
    }
    this.sessionToken ||= savedSession.get()?.token ?? '';
    if (!this.bearer) void this.loadMethods();
  }

  /** Exchanges an invite, a link or a password for a session; `failure` names the message for a 401. */
  private async startSession(body: Record<string, string>, failure: AdminKey): Promise<void> {
    this.authError = '';
    try {
      const saved = await apiRequest<Saved>(this.apiBase, '/v1/admin/session', { body, headers: JSON_TYPE });
      savedSession.set(saved);
      this.sessionToken = saved.token;
    } catch (e) {
      this.authError = refusal(e, failure);
    }
  }

  private async loadMethods(): Promise<void> {
    try {
      this.methods ??= await apiRequest<SigninMethods>(this.apiBase, '/v1/admin/signin/methods');
    } catch {
      this.methods = { link: false, password: true };
    }
  }

  private async onSignin(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const data = new FormData(form);
    const email = String(data.get('email') ?? '');
    const password = String(data.get('password') ?? '');
    const byLink = (e.submitter as HTMLButtonElement | null)?.value === 'link';
    this.linkSentTo = '';
    if (!byLink && !password) return form.querySelector<HTMLInputElement>('[name="password"]')?.focus();
    if (!byLink) return this.startSession({ site: this.siteKey, email, password }, 'auth.wrong');
    this.authError = '';
    try {
      await apiRequest(this.apiBase, '/v1/admin/signin/link', {
        body: { site: this.siteKey, email, page: location.href, locale: this.activeLocale },
        headers: JSON_TYPE,
      });
      this.linkSentTo = email;
    } catch (err) {
      this.authError = refusal(err, 'common.error');
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

  /** Forgets the session here; a sign-out the user asked for (no `reason`) also ends it on the server. */
  private signOut = (reason = ''): void => {
    if (!reason && this.sessionToken) void this.client?.del('/v1/admin/me/sessions/current').catch(() => {});
    savedSession.set(null);
    this.sessionToken = '';
    this.me = undefined as never;
    this.authError = reason;
    this.linkSentTo = '';
    void this.loadMethods();
  };

  private renderView() {
    const [tag, load] = views[this.route.view]!;
    if (!customElements.get(tag)) {
      void load().then(
        () => this.requestUpdate(),
        () => (this.error = this.a('common.error')),
      );
      return html`<p role="status">${this.a('common.loading')}</p>`;
    }
    const common = { client: this.client, me: this.me, locale: this.activeLocale };
    const r = this.route;
    switch (r.view) {
      case 'contact':
        return html`<leadline-admin-contact .client=${common.client} .me=${common.me} locale=${common.locale} contact-id=${r.id}></leadline-admin-contact>`;
      case 'companies':
        return html`<leadline-admin-companies .client=${common.client} .me=${common.me} locale=${common.locale}></leadline-admin-companies>`;
      case 'company':
        return html`<leadline-admin-company .client=${common.client} .me=${common.me} locale=${common.locale} company-id=${r.id}></leadline-admin-company>`;
      case 'deals':
        return html`<leadline-admin-deals .client=${common.client} .me=${common.me} locale=${common.locale}></leadline-admin-deals>`;
      case 'deal':
        return html`<leadline-admin-deal .client=${common.client} .me=${common.me} locale=${common.locale} deal-id=${r.id}
          contact=${r.params.get('contact') ?? ''} pipeline=${r.params.get('pipeline') ?? ''}></leadline-admin-deal>`;
      case 'pipelines':
        return html`<leadline-admin-pipelines .client=${common.client} .me=${common.me} locale=${common.locale}></leadline-admin-pipelines>`;
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
      case 'surveys':
        return html`<leadline-admin-surveys .client=${common.client} .me=${common.me} locale=${common.locale}></leadline-admin-surveys>`;
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
      case 'account':
        return html`<leadline-admin-account .client=${common.client} .me=${common.me} locale=${common.locale}
          .signOut=${this.sessionToken && !this.token ? () => this.signOut() : null}></leadline-admin-account>`;
      default:
        return html`<leadline-admin-contacts .client=${common.client} .me=${common.me} locale=${common.locale}></leadline-admin-contacts>`;
    }
  }

  /** Email + "send me a link" when the server sends email; email + password always (once a user set one). */
  private renderSignin() {
    const m = this.methods;
    const status = this.authError
      ? this.a(this.authError as AdminKey)
      : this.linkSentTo
        ? this.a('auth.linkSent', { email: this.linkSentTo })
        : this.a('auth.help');
    return html`<section class="card signin" aria-labelledby="signin">
      <h2 id="signin">${this.a('auth.title')}</h2>
      <p class=${this.authError ? 'error' : ''} role=${this.authError ? 'alert' : 'status'}>${status}</p>
      ${
        !this.siteKey || !m
          ? nothing
          : html`<form class="signin-form" @submit=${this.onSignin} aria-labelledby="signin">
            <label class="field"
              ><span>${this.a('auth.email')}</span
              ><input name="email" type="email" required autocomplete="username" dir="ltr" maxlength="254"
            /></label>
            ${m.link ? html`<button class="primary" value="link">${this.a('auth.sendLink')}</button>` : nothing}
            <label class="field"
              ><span>${this.a('auth.password')}</span
              ><input name="password" type="password" ?required=${!m.link} autocomplete="current-password" dir="ltr"
                maxlength="256"
            /></label>
            <button class=${m.link ? '' : 'primary'} value="password">${this.a('auth.signIn')}</button>
          </form>`
      }
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
    </section>`;
  }

  override render() {
    if (!this.adminMessages) return nothing;
    if (!this.bearer || !this.me) {
      if (this.bearer && this.loading) return html`<p role="status">${this.a('common.loading')}</p>`;
      return this.renderSignin();
    }
    const parents: Record<string, Section> = {
      contact: 'contacts',
      company: 'companies',
      ticket: 'tickets',
      deal: 'deals',
      pipelines: 'deals',
    };
    const current = parents[this.route.view] ?? (this.route.view as Section);
    const visible = sections.filter(
      (s) =>
        (!ownerOnly.has(s) || this.userRole === 'owner') &&
        (!writersOnly.has(s) || this.canEdit) &&
        (s !== 'account' || this.userRole !== 'integration'),
    );
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
          ${this.live.render()}
          <leadline-admin-bell .client=${this.client} .me=${this.me} locale=${this.activeLocale}></leadline-admin-bell>
          ${this.a('auth.as', { name: this.me.user.name, role: this.a(`role.${this.userRole}`) })}
          ${this.sessionToken && !this.token ? html`<button @click=${() => this.signOut()}>${this.a('auth.signOut')}</button>` : nothing}
        </span>
      </header>
      <main>${this.renderView()}</main>
      <div class="toasts" role="status" aria-live="polite">
        ${
          t
            ? html`<p class="toast" part="toast">
              ${t.message}${t.busy ? html`<progress aria-hidden="true"></progress>` : nothing}</p>`
            : nothing
        }
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
