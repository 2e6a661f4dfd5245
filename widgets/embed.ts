/**
 * embed.js — the one script tag: tracker + lazy widget loader.
 * A standalone IIFE (no Lit, no zod) that never throws into the host page and
 * never delays a navigation. See docs/embedding.md for the snippet and API.
 * What the first page view does not need comes as chunks from beside embed.js:
 * widgets/impressions.js (pages with tracked elements), widgets/vitals.js (sampled loads), the widgets.
 */
import { uuid7 } from './tracker/ids.ts';
import { forget, ids, save } from './tracker/identity.ts';
import type * as Impressions from './tracker/impressions.ts';
import type * as Vitals from './vitals.ts';
import { money } from './tracker/money.ts';
import { asked, data, load, site } from './tracker/script.ts';
import { mayIdentify, setConsent } from './tracker/storage.ts';
import { beacon, dropQueue, enqueue, persist, resend, type Ev } from './tracker/transport.ts';

type Props = Record<string, string | number | boolean>;
type Api = ((method: string, ...args: unknown[]) => void) & Record<string, unknown> & { q?: Iterable<unknown>[] };

const w = window as unknown as Window & { leadline?: Api };
const d = document;
const currency = data.currency || 'USD';

/** Runs a public entry point; the host page never sees our errors. */
const safe =
  <A extends unknown[]>(f: (...a: A) => unknown) =>
  (...a: A): void => {
    try {
      f(...a);
    } catch {
      // Swallowed by design: a tracker must not break the page.
    }
  };

const here = () => location.href.split('#')[0]!;
let lastUrl = '';

/** Flat, bounded props: strings (≤ 500 chars), finite numbers, booleans; at most 30. */
function clean(p: unknown): Props | undefined {
  let out: Props | undefined;
  let n = 0;
  for (const k in p as Props) {
    const v = (p as Props)[k];
    if (n++ < 30 && (Number.isFinite(v) || /^(st|bo)/.test(typeof v)))
      (out ||= {})[k] = (v as string).slice?.(0, 500) ?? v!;
  }
  return out;
}

function send(type: string, fields: Partial<Ev> = {}, src?: string): void {
  const [visitor, session] = ids(src);
  if (fields.name) fields.name = String(fields.name).slice(0, 200);
  enqueue({ id: uuid7(), type, ts: Date.now(), visitor, session, url: here(), ...fields });
}

function pageview(force?: unknown): void {
  const url = here();
  if (url == lastUrl && !force) return;
  const ref = lastUrl || d.referrer;
  const refHost = ref.split('/')[2];
  lastUrl = url;
  asked('impressions')?.then((m?: typeof Impressions) => m?.reset());
  // The arrival's source signature: campaign params and an outside referrer start a new session.
  const src =
    (location.search.match(/[?&](utm_|\w+clk?id|li_fat_id|ref=|aff=|via=)[^&]*/g) || []).join('') +
    (refHost != location.host ? refHost : '');
  send('pageview', { title: d.title.slice(0, 500), ...(ref && { ref }) }, src);
}

/** Props of a tracked element: price in minor units with its currency, affiliate. */
function elementProps(el: HTMLElement, extra?: Props): Props | undefined {
  const { llPrice, llCurrency = currency, llAffiliate: affiliate } = el.dataset;
  return clean({ ...extra, affiliate, ...money(llPrice, llCurrency, 'price') });
}

const impression = safe((el: HTMLElement) => send('impression', { name: el.dataset.llTrack, props: elementProps(el) }));

function onClick(e: Event): void {
  const el = (e.target as Element).closest?.('[data-ll-track],[data-ll-affiliate],a[href]') as HTMLAnchorElement | null;
  if (!el) return;
  const name = el.dataset.llTrack;
  const { protocol, host } = el.href ? el : location;
  const outbound = /^http/.test(protocol) && host != location.host;
  const contact = /^(mailto|tel):$/.test(protocol);
  if (name || outbound || contact)
    send(outbound ? 'outbound' : 'click', {
      name: name || (contact ? protocol.slice(0, -1) : host),
      props: elementProps(el, { href: el.href }),
    });
}

/** One DOM scan: Leadline tags to load (widgets/TAG.js), marked forms to capture, tracked elements to watch. */
function scan(): void {
  d.querySelectorAll<HTMLElement>('[data-ll-track],:not(:defined),form[data-ll-form]').forEach((el) => {
    const tag = el.matches('form') ? 'leadline-capture' : el.localName;
    if (/^leadline-(form|chat|admin|capture|survey)$/.test(tag)) {
      // The chat is a launcher in a corner: it waits for an idle moment, so it never lengthens the page's own tasks.
      if (tag == 'leadline-chat') (w.requestIdleCallback || setTimeout)(() => load(tag), { timeout: 3000 });
      else load(tag);
    } else if (el.dataset.llTrack != null)
      load('impressions').then((m?: typeof Impressions) => m?.observe(el, impression));
  });
}

function track(name: string, props?: Props): void {
  const { value, currency: cur = currency, ...rest } = props || {};
  if (name)
    send(name == 'conversion' ? name : 'custom', {
      name,
      props: clean(rest),
      ...money(value, String(cur).toUpperCase(), 'value'),
    });
}

function identify(who: string, traits?: Props): void {
  who = String(who);
  if (mayIdentify()) send('identify', { props: clean({ ...traits, [who.includes('@') ? 'email' : 'userId']: who }) });
}

/** consent(true) keeps ids from now on (this page's included); consent(false) and reset() forget them and the queue. */
function consent(on: unknown, pageOnly?: unknown): void {
  setConsent(!!on, pageOnly);
  if (on) (save(), persist());
  else (forget(), dropQueue());
}

const methods: Record<string, (...a: never[]) => void> = {
  track,
  identify,
  page: () => pageview(1),
  consent: (on: unknown) => consent(on),
  reset: () => consent(0, 1),
};
const previous = w.leadline;
const leadline = safe((m: string, ...a: unknown[]) => methods[m]!(...(a as never[]))) as Api;
for (const m in methods) leadline[m] = safe(methods[m]!);
/** [visitor, session] for widgets that attach a lead to its visit; empty when the visitor may not be identified. */
leadline.ids = () => (mayIdentify() ? ids() : []);

safe(() => {
  if (!site || previous?.ids) return;
  w.leadline = leadline;
  resend();
  const add = (tag: string) => d.body.appendChild(d.createElement(tag));
  if (data.chat != null) add('leadline-chat');
  if (data.surveys != null || /[?&]ll_survey=/.test(location.search)) add('leadline-survey').setAttribute('auto', '');
  if (data.noAuto == null) {
    const view = safe(() => pageview());
    view();
    for (const k of ['pushState', 'replaceState'] as const) {
      const orig = history[k];
      history[k] = function (this: History, ...a: Parameters<History['pushState']>) {
        orig.apply(this, a);
        view();
      };
    }
    addEventListener('popstate', view);
  }
  d.addEventListener('click', safe(onClick), true);
  addEventListener('pagehide', safe(beacon));
  d.addEventListener(
    'visibilitychange',
    safe(() => d.hidden && beacon()),
  );
  scan();
  new MutationObserver(safe(scan)).observe(d.documentElement, { childList: true, subtree: true });
  if (Math.random() < +(data.vitals ?? 0.1))
    load('vitals').then((m?: typeof Vitals) => m?.start((v) => send('vital', v)));
  for (const args of previous?.q || []) leadline(...(args as [string]));
})();

export {};
