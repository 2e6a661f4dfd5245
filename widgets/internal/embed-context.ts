/** The script tag's settings, as the widgets need them. */
export interface EmbedConfig {
  site: string;
  api: string;
  locale?: string;
}

declare global {
  interface Window {
    /** Set by embed.js: `ids()` gives [visitor, session], or [] when the visitor may not be identified. */
    leadline?: { ids?: () => string[] } & Record<string, unknown>;
  }
}

/** The site key, API origin and locale of the page's Leadline script tag (`script[data-site]`). */
export function embedContext(): Partial<EmbedConfig> {
  const script = document.querySelector<HTMLScriptElement>('script[data-site]');
  if (!script) return {};
  return {
    site: script.dataset.site,
    api: (script.dataset.api ?? (script.src ? new URL(script.src).origin : location.origin)).replace(/\/$/, ''),
    locale: script.dataset.locale,
  };
}
