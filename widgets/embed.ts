/**
 * embed.js — the one script tag: the tracker's core, and the loader of its second part and the widgets.
 * A standalone IIFE (no Lit, no zod) that never throws into the host page and never delays a navigation. See
 * docs/embedding.md for the snippet and API. The core is what the first page view needs: the script tag, consent,
 * ids, the queue and its first send, the pageview and SPA hooks, the chat/survey hooks, `consent`, `reset`, `page`,
 * `ids`. It starts loading widgets/tracker-more.js at once, without waiting for it (tracker/more.ts: `track`,
 * `identify`, clicks, the DOM scan for widget tags and tracked elements, vitals); the calls and clicks before it is in
 * wait in `pending`, which is kept in sessionStorage (`ll_p`) so a navigation does not lose them.
 * From the chunk: widgets/impressions.js (pages with tracked elements), widgets/vitals.js (sampled loads), widgets.
 */
import { uuid7 } from './tracker/ids.ts';
import { forget, ids, save } from './tracker/identity.ts';
import type * as Impressions from './tracker/impressions.ts';
import type * as More from './tracker/more.ts';
import { asked, data, load, site } from './tracker/script.ts';
import { mayIdentify, setConsent, store } from './tracker/storage.ts';
import { beacon, dropQueue, enqueue, persist, resend, type Ev } from './tracker/transport.ts';

type Api = ((method: string, ...args: unknown[]) => void) & Record<string, unknown> & { q?: Iterable<unknown>[] };

const w = window as unknown as Window & { leadline?: Api };
const d = document;

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
/**
 * Calls for widgets/tracker-more.js made before it is in (API calls, and `c` for a click with its element's facts),
 * each with the page and time it was made; 0 once the chunk is in. A navigation does not lose them: they are kept
 * in sessionStorage (`ll_p`, never `identify`) and the next page of the tab replays them.
 */
let pending: More.Call[] | 0 = [];
try {
  pending = JSON.parse(store('ll_p') || '[]');
} catch {
  // Damaged: dropped.
}
const keep = () => pending && store('ll_p', JSON.stringify(pending.filter((c) => c[0] != 'identify')));
/** While a pending call replays: its page and time. */
let at: Partial<Ev> | undefined;

function send(type: string, fields: Partial<Ev> = {}, src?: string): void {
  const [visitor, session] = ids(src);
  if (fields.name) fields.name = String(fields.name).slice(0, 200);
  enqueue({ id: uuid7(), type, ts: Date.now(), visitor, session, url: here(), ...at, ...fields });
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

/** consent(true) keeps ids from now on (this page's included); consent(false) and reset() forget them and the queue. */
function consent(on: unknown, pageOnly?: unknown): void {
  setConsent(!!on, pageOnly);
  if (on) (save(), persist(), keep());
  else (forget(), dropQueue(), store('ll_p', null), (pending &&= []));
}

const methods: Record<string, (...a: never[]) => void> = {
  page: () => pageview(1),
  consent: (on: unknown) => consent(on),
  reset: () => consent(0, 1),
};
/** Runs `m`, or keeps it in `pending` (and asks for the chunk again) while the chunk is not in. */
const call = safe((m: string, ...a: unknown[]) =>
  pending && !methods[m]
    ? // identify is checked when called, as it is once the chunk is in.
      (m != 'identify' || mayIdentify()) && (pending.push([m, a, { url: here(), ts: Date.now() }]), keep(), more())
    : methods[m]!(...(a as never[])),
);
/** Loads widgets/tracker-more.js (again after a failure), then replays the calls made before it was in. */
const more = () =>
  load('tracker-more').then(
    safe((m?: typeof More) => {
      if (!m || !pending) return;
      Object.assign(methods, m.start(send, mayIdentify, load, data));
      const calls = pending;
      pending = 0;
      store('ll_p', null);
      for (const [f, a, c] of calls) ((at = c), call(f, ...a));
      at = undefined;
    }),
  );
const previous = w.leadline;
const leadline = ((m: string, ...a: unknown[]) => m != 'c' && call(m, ...a)) as Api;
for (const m of ['track', 'identify', 'page', 'consent', 'reset']) leadline[m] = (...a: unknown[]) => call(m, ...a);
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
  // A click's facts are read at once (the element may be gone by the time the chunk handles them).
  d.addEventListener(
    'click',
    (e) => {
      const el = (e.target as Element).closest?.('[data-ll-track],[data-ll-affiliate],a[href]') as HTMLAnchorElement;
      if (el) call('c', { ...el.dataset, href: el.href });
    },
    true,
  );
  addEventListener('pagehide', safe(beacon));
  d.addEventListener(
    'visibilitychange',
    safe(() => d.hidden && beacon()),
  );
  for (const args of previous?.q || []) leadline(...(args as [string]));
  more();
})();

export {};
