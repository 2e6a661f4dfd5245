/**
 * The embed.js script tag and its `data-*` settings (docs/embedding.md). `document.currentScript` is null in
 * `type="module"` scripts: the tag is then the page's `script[data-site]`.
 */
const script = (document.currentScript || document.querySelector('script[data-site]')) as HTMLScriptElement | null;
export const data: DOMStringMap = script?.dataset || {};
export const site = data.site;
/** embed.js's own URL: chunks load from beside it. */
export const base = script?.src || location.href;

/** Chunks asked for, by name: each loads once (again after a failure). */
const loaded: Record<string, Promise<any>> = {};

/** A chunk from beside embed.js (widgets/NAME.js), loaded once; undefined when it cannot load (a later call retries). */
export const load = (name: string) =>
  (loaded[name] ||= import(/* @vite-ignore */ new URL('widgets/' + name + '.js', base).href).catch(() => {
    delete loaded[name];
  }));

/** The chunk `name` if it was asked for (loaded or loading). */
export const asked = (name: string) => loaded[name];
