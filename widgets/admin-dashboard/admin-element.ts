import { html } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { Me } from '../../server/schemas/sales.ts';
import type { Role } from '../../server/schemas/users.ts';
import { ApiRequestError } from '../internal/api.ts';
import { format, type Locale } from '../internal/i18n.ts';
import { LeadlineElement } from '../internal/leadline-element.ts';
import type { AdminKey, AdminMessages } from '../locales/admin/admin-en.ts';
import type { AdminClient } from './admin-client.ts';
import { confirmAction } from './confirm.ts';
import { formatMoney } from './format-money.ts';

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
    if (!this.adminMessages || changed.has('locale')) void p.then((m) => this.activeLocale === locale && (this.adminMessages = m));
  }

  /** An admin string of the active locale. */
  a(key: AdminKey, vars?: Record<string, string | number>): string {
    return this.adminMessages ? format(this.adminMessages[key], vars) : '';
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
    return new Intl.DateTimeFormat(this.activeLocale, { dateStyle: 'medium', ...(withTime && { timeStyle: 'short' }), timeZone: this.me?.site.timeZone ?? 'UTC' }).format(ms);
  }

  /**
   * Asks before a destructive action (confirm.ts): `message` says what happens, `action` names
   * the confirm button (default "Delete"); resolves true only when the user confirms.
   */
  protected confirmed(message: string, action = this.a('edit.delete'), o: { title?: string; details?: string[] } = {}) {
    return confirmAction(this.renderRoot, {
      title: o.title ?? this.a('edit.title'), message, details: o.details, confirmLabel: action, cancelLabel: this.a('common.cancel'),
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
      const issues = e instanceof ApiRequestError && e.issues?.length ? ` (${e.issues.map((i) => `${i.path.slice(-1)[0] ?? ''}: ${i.message}`).join('; ')})` : '';
      this.error = e instanceof ApiRequestError && e.status === 403 ? this.a('common.forbidden') : e instanceof ApiRequestError && e.status !== 0 && e.status < 500 ? `${e.message}${issues}` : this.a('common.error');
      return undefined;
    } finally {
      this.loading = false;
    }
  }
}
