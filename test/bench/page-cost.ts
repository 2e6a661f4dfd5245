/**
 * What the script tag costs the page that carries it, in real Chromium: the
 * demo shop loaded with and without `<script defer src="/embed.js">` (the tag
 * cut out of the HTML on the way in), median of several cold loads each —
 * main-thread script time (CDP `Performance.getMetrics` ScriptDuration), long
 * tasks, layout shift, and when the first event left the page.
 */
import { chromium, type Browser, type Page } from 'playwright-core';
import { median } from './measure.ts';

const LOADS = Number(process.env.BENCH_PAGE_LOADS ?? 7);
const UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36';

interface Load {
  scriptMs: number;
  taskMs: number;
  longTasks: number;
  cls: number;
  firstEventMs: number | null;
}

async function once(browser: Browser, url: string, withTag: boolean): Promise<Load> {
  const context = await browser.newContext({ userAgent: UA });
  const page: Page = await context.newPage();
  if (!withTag)
    await page.route(/\/demo\/(\?.*)?$/, async (route) => {
      const res = await route.fetch();
      await route.fulfill({
        response: res,
        body: (await res.text()).replace(/<script defer src="\/embed\.js"[^>]*><\/script>/, ''),
      });
    });
  await page.addInitScript(() => {
    const w = window as unknown as { __cost: { long: number; cls: number } };
    w.__cost = { long: 0, cls: 0 };
    new PerformanceObserver((l) => (w.__cost.long += l.getEntries().length)).observe({
      type: 'longtask',
      buffered: true,
    });
    new PerformanceObserver((l) => {
      for (const e of l.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean })[])
        if (!e.hadRecentInput) w.__cost.cls += e.value;
    }).observe({ type: 'layout-shift', buffered: true });
  });
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  await page.goto(url, { waitUntil: 'load' });
  // Long enough for the first batch to leave and the lazy widget chunks to run.
  await page.waitForTimeout(2500);
  const { metrics } = await cdp.send('Performance.getMetrics');
  const metric = (name: string) => (metrics.find((m) => m.name === name)?.value ?? 0) * 1000;
  const seen = await page.evaluate(() => ({
    ...(window as unknown as { __cost: { long: number; cls: number } }).__cost,
    first: performance.getEntriesByType('resource').find((e) => e.name.includes('/v1/events'))?.startTime ?? null,
  }));
  await context.close();
  return {
    scriptMs: metric('ScriptDuration'),
    taskMs: metric('TaskDuration'),
    longTasks: seen.long,
    cls: seen.cls,
    firstEventMs: seen.first,
  };
}

/** Prints the cost of the tag on `base`/demo/ (a running Node server). */
export async function pageCost(base: string): Promise<void> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu'],
  });
  try {
    const url = `${base}/demo/`;
    await once(browser, url, true); // warm the server's caches
    const runs = { without: [] as Load[], with: [] as Load[] };
    for (let i = 0; i < LOADS; i++) {
      runs.without.push(await once(browser, url, false));
      runs.with.push(await once(browser, url, true));
    }
    const m = (k: keyof Load, side: Load[]) => median(side.map((r) => Number(r[k] ?? NaN)));
    console.log(
      `\nThe script tag on the demo page (real Chromium, median of ${LOADS} cold loads each; tag cut out of the HTML for "without")`,
    );
    console.log('measure'.padEnd(34), 'without'.padStart(9), 'with'.padStart(9), 'added'.padStart(9));
    for (const [label, k, digits] of [
      ['main-thread script time ms', 'scriptMs', 1],
      ['main-thread task time ms', 'taskMs', 1],
      ['long tasks (must be 0 added)', 'longTasks', 0],
      ['CLS (must be 0 added)', 'cls', 3],
    ] as const) {
      const a = m(k, runs.without);
      const b = m(k, runs.with);
      console.log(
        label.padEnd(34),
        a.toFixed(digits).padStart(9),
        b.toFixed(digits).padStart(9),
        (b - a).toFixed(digits).padStart(9),
      );
    }
    const first = runs.with.map((r) => r.firstEventMs).filter((x): x is number => x != null);
    console.log(
      `first event sent: ${first.length ? `${median(first).toFixed(0)} ms after navigation start` : 'not seen'} (${first.length}/${LOADS} loads)`,
    );
  } finally {
    await browser.close();
  }
}
