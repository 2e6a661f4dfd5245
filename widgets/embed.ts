/**
 * embed.js — the one script tag: tracker + lazy widget loader.
 * A standalone IIFE (no Lit, no zod) that never throws into the host page and
 * never delays a navigation. See docs/embedding.md for the snippet and API.
 */
import { mayIdentify, setConsent, startConsent } from './tracker/consent.ts';
import { uuid7 } from './tracker/ids.ts';
import { forget, ids, save } from './tracker/identity.ts';
import { armImpressions, observeImpressions, resetImpressions, startImpressions } from './tracker/impressions.ts';
import { toMinor } from './tracker/money.ts';
import { beacon, dropQueue, enqueue, persist, startTransport, type Ev } from './tracker/transport.ts';

type Props = Record<string, string | number | boolean>;
type Api = ((method: string, ...args: unknown[]) => void) & Record<string, unknown> & { q?: ArrayLike<unknown>[] };

const w = window as unknown as Window & { leadline?: Api };
const d = document;
const script = (d.currentScript || d.querySelector('script[data-site]')) as HTMLScriptElement | null;
const data = script?.dataset || {};
const site = data.site;
const base = script?.src || location.href;
const api = (data.api || new URL(base).origin).replace(/\/$/, '');
const currency = data.currency || 'USD';
const loaded: Record<string, 1> = {};

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
function clean(p: unknown, extra?: Props): Props | undefined {
  let out: Props | undefined;
  let n = 0;
  p = { ...(p as Props), ...extra };
  for (const k in p as Props) {
    const v = (p as Props)[k];
    if (n++ < 30 && (typeof v == 'number' ? isFinite(v) : /^(st|bo)/.test(typeof v)))
      (out ||= {})[k] = typeof v == 'string' ? v.slice(0, 500) : v!;
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
  resetImpressions();
  // The arrival's source signature: campaign params and an outside referrer start a new session.
  const src =
    (location.search.match(/[?&](utm_|\w+clk?id|li_fat_id|ref=|aff=|via=)[^&]*/g) || []).join('') +
    (refHost != location.host ? refHost : '');
  send('pageview', { title: d.title.slice(0, 500), ...(ref && { ref }) }, src);
}

/** Props of a tracked element: price in minor units with its currency, affiliate. */
function elementProps(el: HTMLElement, extra?: Props): Props | undefined {
  const { llPrice, llCurrency = currency, llAffiliate } = el.dataset;
  const price = toMinor(llPrice ?? NaN, llCurrency);
  return clean(price == null ? {} : { price, currency: llCurrency }, {
    ...extra,
    ...(llAffiliate && { affiliate: llAffiliate }),
  });
}

function onClick(e: Event): void {
  const el = (e.target as Element).closest?.('[data-ll-track],[data-ll-affiliate],a[href]') as HTMLAnchorElement | null;
  if (!el) return;
  const name = el.dataset.llTrack;
  const link = el.href ? new URL(el.href) : location;
  const outbound = /^http/.test(link.protocol) && link.host != location.host;
  const contact = /^(mailto|tel):$/.test(link.protocol);
  if (name || outbound || contact)
    send(outbound ? 'outbound' : 'click', {
      name: name || (contact ? link.protocol.slice(0, -1) : link.host),
      props: elementProps(el, el.href ? { href: el.href.slice(0, 500) } : {}),
    });
}

/** One DOM scan: tracked elements to watch, Leadline tags to load (widgets/TAG.js), marked forms to capture. */
function scan(): void {
  d.querySelectorAll('[data-ll-track],:not(:defined),form[data-ll-form]').forEach((el) => {
    const tag = el.matches('form') ? 'leadline-capture' : el.localName;
    if (!/^leadline-(form|chat|admin|capture|survey)$/.test(tag)) return observeImpressions(el);
    if (!loaded[tag]) {
      loaded[tag] = 1;
      const load = () =>
        import(/* @vite-ignore */ new URL('widgets/' + tag + '.js', base).href).catch(() => delete loaded[tag]);
      // The chat is a launcher in a corner: it waits for an idle moment, so it never lengthens the page's own tasks.
      tag == 'leadline-chat' ? (w.requestIdleCallback || setTimeout)(load, { timeout: 3000 }) : load();
    }
  });
}

function track(name: string, props?: Props): void {
  const { value, currency: cur = currency, ...rest } = props || {};
  const minor = toMinor(value ?? NaN, String(cur).toUpperCase());
  if (name)
    send(name == 'conversion' ? 'conversion' : 'custom', {
      name,
      props: clean(rest),
      ...(minor != null && { value: minor, currency: String(cur).toUpperCase() }),
    });
}

function identify(who: string, traits?: Props): void {
  who = String(who);
  if (mayIdentify()) send('identify', { props: clean(traits, { [who.includes('@') ? 'email' : 'userId']: who }) });
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
  startConsent(data.consent == 'required');
  startTransport(api, site);
  startImpressions((el) => send('impression', { name: el.dataset.llTrack, props: elementProps(el) }));
  if (data.chat != null) d.body.append(d.createElement('leadline-chat'));
  if (data.surveys != null || /[?&]ll_survey=/.test(location.search))
    d.body.appendChild(d.createElement('leadline-survey')).setAttribute('auto', '');
  if (data.noAuto == null) {
    pageview();
    for (const k of ['pushState', 'replaceState'] as const) {
      const orig = history[k];
      history[k] = function (this: History, ...a: Parameters<History['pushState']>) {
        orig.apply(this, a);
        safe(pageview)();
      };
    }
    addEventListener(
      'popstate',
      safe(() => pageview()),
    );
  }
  d.addEventListener('click', safe(onClick), true);
  addEventListener('pagehide', safe(beacon));
  d.addEventListener(
    'visibilitychange',
    safe(() => {
      armImpressions();
      if (d.hidden) beacon();
    }),
  );
  scan();
  new MutationObserver(safe(scan)).observe(d.documentElement, { childList: true, subtree: true });
  if (Math.random() < +(data.vitals ?? 0.1))
    import(/* @vite-ignore */ new URL('widgets/vitals.js', base).href).then(
      (m: { start: (r: (n: string, v: number, rating: string) => void) => void }) =>
        m.start((name, value, rating) => send('vital', { name, props: { value, rating } })),
    );
  for (const args of previous?.q || []) leadline(...(Array.from(args) as [string]));
})();

export {};
