import type { Ev } from '../../../widgets/tracker/transport.ts';

/**
 * Loads the built dist/embed.js into a fresh same-origin iframe (its own
 * window, storage view and tracker), as a site would, and reads back what the
 * test server's collector received for the page's site key.
 */
export interface Sent {
  status: number;
  mode: string;
  type: string;
  body: { site: string; events: WireEvent[] };
}
export type WireEvent = Ev;
export interface LeadlineApi {
  (method: string, ...args: unknown[]): void;
  track(name: string, props?: Record<string, unknown>): void;
  identify(who: string, traits?: Record<string, unknown>): void;
  page(): void;
  consent(on: boolean): void;
  reset(): void;
  ids(): string[];
}
export type TrackerWindow = Window & typeof globalThis & { leadline: LeadlineApi };

export const fixture = `${location.origin}/test/widgets/fixtures/page.html`;
export const uuid7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

export const newSite = () => `pk_test${Math.random().toString(36).slice(2, 14)}`;

export async function openPage(
  options: {
    site?: string;
    query?: string;
    attrs?: Record<string, string>;
    module?: boolean;
    before?: (win: TrackerWindow) => void;
    iframe?: HTMLIFrameElement;
    /** Remove the fixture's data-ll-track marks, so no impressions join the batches. */
    plain?: boolean;
  } = {},
) {
  const site = options.site ?? newSite();
  const iframe =
    options.iframe ??
    document.body.appendChild(
      Object.assign(document.createElement('iframe'), { style: 'width:800px;height:600px;border:0' }),
    );
  await new Promise((resolve) => {
    iframe.addEventListener('load', resolve, { once: true });
    iframe.src = fixture + (options.query ?? '');
  });
  const win = iframe.contentWindow as TrackerWindow;
  const doc = iframe.contentDocument!;
  if (options.plain) doc.querySelectorAll('[data-ll-track]').forEach((el) => el.removeAttribute('data-ll-track'));
  options.before?.(win);
  const script = doc.createElement('script');
  if (options.module) script.type = 'module';
  script.src = '/dist/embed.js';
  script.dataset.site = site;
  script.dataset.vitals = '0';
  for (const [k, v] of Object.entries(options.attrs ?? {})) script.setAttribute(k, v);
  await new Promise((resolve, reject) => {
    script.addEventListener('load', resolve);
    script.addEventListener('error', reject);
    doc.head.append(script);
  });
  return { site, iframe, win, doc };
}

export async function received(site: string): Promise<Sent[]> {
  return (await fetch(`/test-api/received?site=${site}`)).json();
}

export async function plan(site: string, steps: ({ status: number; retryAfter?: number } | { offline: true })[]) {
  await fetch(`/test-api/plan?site=${site}`, { method: 'POST', body: JSON.stringify(steps) });
}

/** Waits until `check` returns a truthy value, polling every 50 ms; fails after `timeout` ms. */
type Falsy = false | 0 | '' | null | undefined;
export async function until<T>(
  check: () => T | Falsy | Promise<T | Falsy>,
  timeout = 8000,
  what = 'condition',
): Promise<T> {
  const end = Date.now() + timeout;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * The distinct events received, in order of first arrival (the server dedupes
 * resends by id the same way), optionally only from acknowledged (2xx) requests.
 */
export async function events(site: string, acknowledgedOnly = false): Promise<WireEvent[]> {
  const all = (await received(site))
    .filter((r) => !acknowledgedOnly || (r.status >= 200 && r.status < 300))
    .flatMap((r) => r.body.events);
  const seen = new Set<string>();
  return all.filter((e) => !seen.has(e.id) && seen.add(e.id));
}

/** Waits for events matching `pred` and returns them. */
export async function waitForEvents(
  site: string,
  pred: (e: WireEvent) => boolean,
  count = 1,
  timeout = 8000,
): Promise<WireEvent[]> {
  return until(
    async () => {
      const found = (await events(site)).filter(pred);
      return found.length >= count ? found : null;
    },
    timeout,
    `${count} matching event(s)`,
  );
}

export function storageKeys(win: Window): string[] {
  return [...Object.keys(win.localStorage), ...Object.keys(win.sessionStorage)]
    .filter((k) => k.startsWith('ll_'))
    .sort();
}

/** Each test starts with empty storage and ends with its pages removed. */
export function cleanPagesBetweenTests(): void {
  beforeEach(() => {
    localStorage.clear();
    sessionStorage.clear();
  });
  afterEach(() => document.querySelectorAll('iframe').forEach((f) => f.remove()));
}
