import { html, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { Me } from '../../server/schemas/sales.ts';
import type { Role } from '../../server/schemas/users.ts';
import { ApiRequestError } from '../internal/api.ts';
import { format, type Locale } from '../internal/i18n.ts';
import { LeadlineElement } from '../internal/leadline-element.ts';
import type { AdminKey, AdminMessages, PluralBase } from '../locales/admin/admin-en.ts';
import type { AdminClient } from './admin-client.ts';
import { confirmAction } from './confirm.ts';
import { formatMoney } from './format-money.ts';
import { ToastEvent } from './toast.ts';

const catalogues: Record<Locale, () => Promise<{ default: AdminMessages }>> = {
  en: () => import('../locales/admin/admin-en.ts'),
  ar: () => import('../locales/admin/admin-ar.ts'),
  ur: () => import('../locales/admin/admin-ur.ts'),
};
const loaded = new Map<Locale, Promise<AdminMessages>>();

/**
 * Base of the admin's views: the API client and signed-in user handed down by
 * `<leadline-admin>`, the admin catalogue of the locale, and Intl formatting
 * in the locale and the site's time zone.
 */
export class AdminElement extends LeadlineElement {
  @property({ attribute: false }) client!: AdminClient;
  @property({ attribute: false }) me!: Me;
  @state() protected adminMessages: AdminMessages | null = null;
  @state() protected loading = false;
  @state() protected error = '';

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    super.willUpdate(changed);
    const locale = this.activeLocale;
    let p = loaded.get(locale);
    if (!p) loaded.set(locale, (p = catalogues[locale]().then((m) => m.default)));
    if (!this.adminMessages || changed.has('locale'))
      void p.then((m) => this.activeLocale === locale && (this.adminMessages = m));
  }

  override connectedCallback(): void {
    super.connectedCallback();
    addEventListener('resize', this.markScrollers);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    removeEventListener('resize', this.markScrollers);
  }

  protected override updated(changed: Map<PropertyKey, unknown>): void {
    super.updated(changed);
    this.markScrollers();
  }

  /**
   * A table (or another `.scroller`, like the deals board) that scrolls inside its card takes keyboard focus, so
   * arrow keys can scroll it.
   */
  private markScrollers = () => {
    for (const table of this.renderRoot.querySelectorAll<HTMLElement>('table, .scroller')) {
      if (table.scrollWidth > table.clientWidth + 1) table.tabIndex = 0;
      else table.removeAttribute('tabindex');
    }
  };

  /** An admin string of the active locale. */
  a(key: AdminKey, vars?: Record<string, string | number>): string {
    return this.adminMessages ? format(this.adminMessages[key], vars) : '';
  }

  /**
   * An admin string whose `{name}` placeholders take markup, so user text and codes keep their own direction:
   * pass `<bdi>` (or a `bdi()` result) rather than a bare string, and the sentence never splits around them.
   * @example this.ah('timeline.ticket', { number: this.trackingNumber(t), subject: this.bdi(t.subject) })
   */
  ah(key: AdminKey, vars: Record<string, unknown>): TemplateResult {
    const parts = (this.adminMessages?.[key] ?? '').split(/\{(\w+)\}/);
    return html`${parts.map((p, i) => (i % 2 ? (p in vars ? vars[p] : `{${p}}`) : p))}`;
  }

  /** User text or a code, isolated so its direction neither takes nor gives to the sentence around it. */
  bdi(text: unknown): TemplateResult {
    return html`<bdi>${text == null || text === '' ? '—' : String(text)}</bdi>`;
  }

  /** A tracking number (LL-2YQ3-190Z): left to right, never broken across lines, isolated. */
  trackingNumber(n: string): TemplateResult {
    return html`<bdi class="code" dir="ltr">${n}</bdi>`;
  }

  /**
   * The label of a code (an event type, a stage reason, a ticket category) in the locale; a code the catalogue
   * does not know shows as itself, isolated.
   */
  codeLabel(table: 'event' | 'reason' | 'tickets.category', code: unknown): TemplateResult | string {
    const key = `${table}.${String(code)}` as AdminKey;
    return this.adminMessages && key in this.adminMessages ? this.a(key) : this.bdi(code);
  }

  /**
   * A count in words by the locale's plural rules (Arabic: zero, one, two, few, many, other):
   * `{base}.{category}` of the catalogue, else `{base}.other`; `{n}` is the count formatted by Intl.
   * @example this.plural('contacts.count', 3) // "3 contacts"; in Arabic "٣ جهات اتصال"
   */
  plural(base: PluralBase, n: number, vars?: Record<string, string | number>): string {
    const m = this.adminMessages;
    if (!m) return '';
    const category = new Intl.PluralRules(this.activeLocale).select(n);
    const template = m[`${base}.${category}`] ?? m[`${base}.other`];
    return format(template, { ...vars, n: this.number(n) });
  }

  number(n: number): string {
    return new Intl.NumberFormat(this.activeLocale).format(n);
  }

  /**
   * Shows `message` as a toast next to `near` (the button that did it) in the shell's one live region.
   * `busy` shows an indeterminate progress bar and keeps the toast until the next one replaces it.
   */
  protected toast(message: string, near?: Element | DOMRect | null, busy = false): void {
    const at = near instanceof DOMRect ? near : (near?.isConnected ? near : this).getBoundingClientRect();
    this.dispatchEvent(new ToastEvent({ message, near: at, busy }));
  }

  /** Runs `work` (a download, an upload) with a progress toast next to `near`, then says how it ended. */
  protected async withProgress<T>(
    near: Element | null,
    busy: string,
    done: (result: T) => string,
    work: () => Promise<T>,
  ): Promise<T | undefined> {
    const at = (near ?? this).getBoundingClientRect();
    this.toast(busy, at, true);
    const result = await this.run(work);
    this.toast(result === undefined ? this.error || this.a('common.error') : done(result), at);
    return result;
  }

  get userRole(): Role {
    return this.me?.user.role ?? 'viewer';
  }

  /** Reps and owners change things; viewers only look. */
  get canEdit(): boolean {
    return this.userRole === 'owner' || this.userRole === 'rep';
  }

  money(minor: number, currency: string): string {
    return formatMoney(this.activeLocale, minor, currency);
  }

  date(ms: number | null, withTime = false): string {
    if (ms == null) return '—';
    return new Intl.DateTimeFormat(this.activeLocale, {
      dateStyle: 'medium',
      ...(withTime && { timeStyle: 'short' }),
      timeZone: this.me?.site.timeZone ?? 'UTC',
    }).format(ms);
  }

  /**
   * Asks before a destructive action (confirm.ts): `message` says what happens, `action` names
   * the confirm button (default "Delete"); resolves true only when the user confirms.
   */
  protected confirmed(message: string, action = this.a('edit.delete'), o: { title?: string; details?: string[] } = {}) {
    return confirmAction(this.renderRoot, {
      title: o.title ?? this.a('edit.title'),
      message,
      details: o.details,
      confirmLabel: action,
      cancelLabel: this.a('common.cancel'),
    });
  }

  /** Deletes `path` after confirming "Delete “name”?", then runs `then` (e.g. reload); false when cancelled or refused. */
  protected async deleteConfirmed(path: string, name: string, then: () => unknown): Promise<boolean> {
    if (!(await this.confirmed(this.a('edit.deleteNamed', { name })))) return false;
    if ((await this.run(() => this.client.del(path).then(() => true))) !== true) return false;
    await then();
    return true;
  }

  /** A "Delete" button (named "Delete: name" for screen readers) that confirms, deletes `path`, then runs `then`. */
  protected deleteButton(path: string, name: string, then: () => unknown) {
    return html`<button type="button" class="delete" aria-label="${this.a('edit.delete')}: ${name}"
      @click=${() => this.deleteConfirmed(path, name, then)}>${this.a('edit.delete')}</button>`;
  }

  /** Runs an API call with loading and error state. */
  protected async run<T>(work: () => Promise<T>): Promise<T | undefined> {
    this.loading = true;
    this.error = '';
    try {
      return await work();
    } catch (e) {
      const issues =
        e instanceof ApiRequestError && e.issues?.length
          ? ` (${e.issues.map((i) => `${i.path.slice(-1)[0] ?? ''}: ${i.message}`).join('; ')})`
          : '';
      this.error =
        e instanceof ApiRequestError && e.status === 403
          ? this.a('common.forbidden')
          : e instanceof ApiRequestError && e.status !== 0 && e.status < 500
            ? `${e.message}${issues}`
            : this.a('common.error');
      return undefined;
    } finally {
      this.loading = false;
    }
  }
}
