import type { Locale } from '../../server/schemas/config.ts';
import type { MessageKey, Messages } from '../locales/en.ts';

export type { Locale, MessageKey, Messages };

const locales: readonly Locale[] = ['en', 'ar', 'ur'];

/** Text direction of a locale: Arabic and Urdu are right-to-left. */
export const dirOf = (locale: Locale): 'ltr' | 'rtl' => (locale === 'en' ? 'ltr' : 'rtl');

/**
 * The first supported locale among: the element's `locale` attribute, the
 * script tag's `data-locale`, the nearest `lang` attribute, the browser's languages.
 */
export function resolveLocale(...candidates: (string | null | undefined)[]): Locale {
  for (const c of [...candidates, ...(globalThis.navigator?.languages ?? [])]) {
    const base = c?.toLowerCase().split('-')[0];
    if (base && (locales as readonly string[]).includes(base)) return base as Locale;
  }
  return 'en';
}

const catalogues: Record<Locale, () => Promise<{ default: Messages }>> = {
  en: () => import('../locales/en.ts'),
  ar: () => import('../locales/ar.ts'),
  ur: () => import('../locales/ur.ts'),
};
const loaded = new Map<Locale, Promise<Messages>>();

/** Loads a locale's catalogue once (each is its own small chunk). */
export function loadMessages(locale: Locale): Promise<Messages> {
  let p = loaded.get(locale);
  if (!p) loaded.set(locale, (p = catalogues[locale]().then((m) => m.default)));
  return p;
}

/** Fills `{name}` placeholders. */
export function format(template: string, vars: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}
