/**
 * The embed.js script tag and its `data-*` settings (docs/embedding.md). `document.currentScript` is null in
 * `type="module"` scripts: the tag is then the page's `script[data-site]`.
 */
const script = (document.currentScript || document.querySelector('script[data-site]')) as HTMLScriptElement | null;
export const data: DOMStringMap = script?.dataset || {};
export const site = data.site;
/** embed.js's own URL: chunks load from beside it. */
export const base = script?.src || location.href;
