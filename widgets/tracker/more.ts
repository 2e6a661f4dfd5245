import type * as Impressions from './impressions.ts';
import { money } from './money.ts';
import type { Ev } from './transport.ts';
import type * as Vitals from '../vitals.ts';

type Props = Record<string, string | number | boolean>;
/** A call embed.js kept for this chunk: method, arguments, the page and time it was made. */
export type Call = [string, unknown[], Partial<Ev>];

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

/** Runs `f` for the page; a tracker must not break it. */
const safe = (f: () => void) => {
  try {
    f();
  } catch {
    // Swallowed by design.
  }
};

/**
 * The tracker's second part, a chunk of its own (widgets/tracker-more.js) that embed.js starts loading as soon as it
 * runs, without waiting for it: `track`, `identify` and clicks (embed.js keeps the calls and the clicks' facts until
 * this is in, then replays them), the DOM scan for Leadline tags, marked forms and tracked elements with its
 * MutationObserver, impressions and sampled web vitals. Returns the methods embed.js adds to its API.
 */
export function start(
  send: (type: string, fields?: Partial<Ev>) => void,
  mayIdentify: () => unknown,
  load: (name: string) => Promise<any>,
  data: DOMStringMap,
): Record<string, (...a: never[]) => void> {
  const d = document;
  const w = window;
  const currency = data.currency || 'USD';

  /** Props of a tracked element (its data-* facts): price in minor units with its currency, affiliate; `href`. */
  const elementProps = ({ llPrice, llCurrency = currency, llAffiliate: affiliate }: DOMStringMap, href?: string) =>
    clean({ href, affiliate, ...money(llPrice, llCurrency, 'price') });

  const impression = (el: HTMLElement) =>
    safe(() => send('impression', { name: el.dataset.llTrack, props: elementProps(el.dataset) }));

  /** One DOM scan: Leadline tags to load (widgets/TAG.js), marked forms to capture, tracked elements to watch. */
  const scan = () =>
    d.querySelectorAll<HTMLElement>('[data-ll-track],:not(:defined),form[data-ll-form]').forEach((el) => {
      const tag = el.matches('form') ? 'leadline-capture' : el.localName;
      if (/^leadline-(form|chat|admin|capture|survey)$/.test(tag)) {
        // The chat is a launcher in a corner: it waits for an idle moment, so it never lengthens the page's own tasks.
        if (tag == 'leadline-chat') (w.requestIdleCallback || setTimeout)(() => load(tag), { timeout: 3000 });
        else load(tag);
      } else if (el.dataset.llTrack != null)
        load('impressions').then((m?: typeof Impressions) => m?.observe(el, impression));
    });
  scan();
  new MutationObserver(() => safe(scan)).observe(d.documentElement, { childList: true, subtree: true });
  if (Math.random() < +(data.vitals ?? 0.1))
    load('vitals').then((m?: typeof Vitals) => m?.start((v) => send('vital', v)));

  return {
    track(name: string, props?: Props) {
      const { value, currency: cur = currency, ...rest } = props || {};
      if (name)
        send(name == 'conversion' ? name : 'custom', {
          name,
          props: clean(rest),
          ...money(value, String(cur).toUpperCase(), 'value'),
        });
    },
    identify(who: string, traits?: Props) {
      who = String(who);
      if (mayIdentify())
        send('identify', { props: clean({ ...traits, [who.includes('@') ? 'email' : 'userId']: who }) });
    },
    /** A click on `[data-ll-track]`, `[data-ll-affiliate]` or a link, from the facts embed.js read at the click. */
    c(facts: DOMStringMap) {
      const name = facts.llTrack;
      const href = facts.href;
      const { protocol, host } = href ? new URL(href, location.href) : location;
      const outbound = /^http/.test(protocol) && host != location.host;
      const contact = /^(mailto|tel):$/.test(protocol);
      if (name || outbound || contact)
        send(outbound ? 'outbound' : 'click', {
          name: name || (contact ? protocol.slice(0, -1) : host),
          props: elementProps(facts, href),
        });
    },
  };
}
