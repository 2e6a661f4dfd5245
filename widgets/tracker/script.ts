/**
 * The embed.js script tag and its `data-*` settings (docs/embedding.md). `document.currentScript` is null in
 * `type="module"` scripts: the tag is then the page's `script[data-site]`.
 */
const d = document;
const script = (d.currentScript || d.querySelector('script[data-site]')) as HTMLScriptElement | null;
export const data: DOMStringMap = script?.dataset || {};
/** embed.js's own URL: chunks load from beside it. */
export const base = script?.src || location.href;
