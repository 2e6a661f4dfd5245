import { LitElement } from 'lit';
import { property, state } from 'lit/decorators.js';
import { embedContext } from './embed-context.ts';
import { dirOf, format, loadMessages, resolveLocale, type Locale, type MessageKey, type Messages } from './i18n.ts';

/**
 * The server these widgets were loaded from: `https://host[/prefix]` of `…/widgets/NAME.js` (or of a chunk under
 * it); '' when this module was bundled into someone else's code.
 */
const moduleServer = /^(https?:\/\/.+?)\/widgets\//.exec(import.meta.url)?.[1] ?? '';

/**
 * Base of every Leadline widget: site/api/locale resolution, the message
 * catalogue of the locale, and `dir`/`lang` on the host so logical CSS
 * properties lay the widget out right-to-left for Arabic and Urdu.
 */
export abstract class LeadlineElement extends LitElement {
  /** Public site key (pk_…); defaults to the script tag's `data-site`. */
  @property({ reflect: true }) site = '';
  /** API origin; defaults to the script tag's `data-api` or origin, then to where this widget was loaded from. */
  @property() api = '';
  /** `en`, `ar` or `ur`; defaults to the script tag, the page language, then the browser. */
  @property({ reflect: true }) locale = '';

  @state() protected messages: Messages | null = null;

  get activeLocale(): Locale {
    return resolveLocale(this.locale, embedContext().locale, this.closest('[lang]')?.getAttribute('lang'));
  }

  get siteKey(): string {
    return this.site || embedContext().site || '';
  }

  get apiBase(): string {
    return this.api || embedContext().api || moduleServer || location.origin;
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('locale') || !this.messages) {
      const locale = this.activeLocale;
      this.setAttribute('dir', dirOf(locale));
      this.setAttribute('lang', locale);
      void loadMessages(locale).then((m) => {
        if (this.activeLocale === locale) this.messages = m;
      });
    }
  }

  /** A message of the active locale with `{name}` placeholders filled; empty until loaded. */
  t(key: MessageKey, vars?: Record<string, string | number>): string {
    return this.messages ? format(this.messages[key], vars) : '';
  }
}
