import { expect } from '@open-wc/testing';
import {
  cleanPagesBetweenTests,
  events,
  newSite,
  openPage,
  plan,
  received,
  until,
  waitForEvents,
} from './tracker-page.ts';

const acknowledgedIds = async (site: string) =>
  (await received(site))
    .filter((r) => r.status >= 200 && r.status < 300)
    .flatMap((r) => r.body.events.map((e) => e.id));

describe('embed.js: delivery', () => {
  cleanPagesBetweenTests();

  it('survives offline, 503 and 429 (honouring Retry-After) and delivers each event exactly once', async () => {
    const site = newSite();
    await plan(site, [{ offline: true }, { status: 503 }, { status: 429, retryAfter: 2 }]);
    const { win } = await openPage({ site, plain: true });
    for (const n of [1, 2, 3]) win.leadline.track(`event-${n}`);
    const ids = await until(
      async () => {
        const acked = await acknowledgedIds(site);
        return acked.length >= 4 && acked;
      },
      20000,
      'the acknowledged batch',
    );
    const log = await received(site);
    expect(log.slice(0, 4).map((r) => r.status)).to.deep.equal([0, 503, 429, 202]);
    // The 429 asked for 2 s: the retry waited at least that long.
    expect(new Set(ids).size, 'no event acknowledged twice').to.equal(ids.length);
    const names = (await events(site, true)).filter((e) => e.type !== 'impression').map((e) => e.name ?? e.type);
    expect(names).to.deep.equal(['pageview', 'event-1', 'event-2', 'event-3']);
    // Every attempt carried the same events (same ids): nothing lost, nothing duplicated.
    const attempts = log.slice(0, 4).map((r) => r.body.events.map((e) => e.id).join());
    expect(new Set(attempts).size).to.equal(1);
  });

  it('waits at least Retry-After seconds before retrying', async () => {
    const site = newSite();
    await plan(site, [{ status: 429, retryAfter: 2 }]);
    await openPage({ site, plain: true });
    await until(() => received(site).then((r) => r.length >= 1), 5000);
    const failedAt = Date.now();
    await until(() => received(site).then((r) => r.length >= 2), 8000);
    expect(Date.now() - failedAt).to.be.at.least(1900);
  });

  it('drops a batch the server refuses with 400 and goes on', async () => {
    const site = newSite();
    await plan(site, [{ status: 400 }]);
    const { win } = await openPage({ site, plain: true });
    await until(() => received(site).then((r) => r.length >= 1), 5000);
    win.leadline.track('later');
    const [later] = await waitForEvents(site, (e) => e.name === 'later');
    const log = await received(site);
    expect(log[0]!.body.events.map((e) => e.type)).to.deep.equal(['pageview']);
    expect(log[1]!.body.events.map((e) => e.name)).to.deep.equal(['later']);
    expect(later!.type).to.equal('custom');
    expect(localStorage.getItem('ll_q')).to.equal('[]');
  });

  it('splits a batch the server finds too large (413)', async () => {
    const site = newSite();
    await plan(site, [{ status: 413 }]);
    const { win } = await openPage({ site, plain: true, attrs: { 'data-no-auto': '' } });
    for (let n = 0; n < 6; n++) win.leadline.track(`e${n}`);
    await until(() => received(site).then((r) => r.filter((x) => x.status === 202).length >= 2), 8000);
    const log = await received(site);
    expect(log.map((r) => [r.status, r.body.events.length]).slice(0, 3)).to.deep.equal([
      [413, 6],
      [202, 3],
      [202, 3],
    ]);
  });

  it('flushes at once at 10 events, and keeps each body under 60 KB', async () => {
    const site = newSite();
    const { win } = await openPage({ site, plain: true, attrs: { 'data-no-auto': '' } });
    const started = Date.now();
    for (let n = 0; n < 10; n++) win.leadline.track(`burst-${n}`);
    await until(() => received(site).then((r) => r.length >= 1), 3000);
    expect(Date.now() - started).to.be.below(900);
    for (let n = 0; n < 12; n++)
      win.leadline.track(
        `big-${n}`,
        Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`k${i}`, 'x'.repeat(500)])),
      );
    await waitForEvents(site, (e) => e.name === 'big-11', 1, 10000);
    for (const r of await received(site)) expect(new Blob([JSON.stringify(r.body)]).size).to.be.below(60_000);
  });

  it('sends the queue by sendBeacon when the page goes away, and resends it on the next page until acknowledged', async () => {
    const site = newSite();
    await plan(site, [{ offline: true }, { offline: true }]);
    const { iframe, win } = await openPage({ site, plain: true, attrs: { 'data-no-auto': '' } });
    win.leadline.track('before-leaving');
    await new Promise((r) => setTimeout(r, 200));
    iframe.src = 'about:blank';
    const beacon = await until(
      async () => (await received(site)).find((r) => r.mode === 'no-cors'),
      5000,
      'the beacon',
    );
    expect(beacon.body.events.map((e) => e.name)).to.deep.equal(['before-leaving']);
    // The beacon's fate is unknown to the page, so the event stays queued and goes again by fetch.
    expect(localStorage.getItem('ll_q')).to.contain('before-leaving');
    await openPage({ site, iframe, plain: true, attrs: { 'data-no-auto': '' } });
    await until(
      async () => (await received(site)).some((r) => r.mode === 'cors' && r.status === 202),
      5000,
      'the resend',
    );
    await until(() => localStorage.getItem('ll_q') === '[]', 3000, 'an empty queue');
  });

  it('loads the retry chunk (widgets/retry.js) only once a send has failed', async () => {
    const site = newSite();
    await plan(site, [{ status: 503 }]);
    const { win } = await openPage({ site, plain: true });
    await until(() => received(site).then((r) => r.some((x) => x.status === 202)), 8000, 'the retried batch');
    const chunks = win.performance
      .getEntriesByType('resource')
      .map((e) => new URL(e.name).pathname)
      .filter((p) => p.startsWith('/dist/widgets/'));
    expect(chunks).to.deep.equal(['/dist/widgets/tracker-more.js', '/dist/widgets/retry.js']);
  });

  it('keeps at most 200 events in the stored queue', async () => {
    const site = newSite();
    await plan(
      site,
      Array.from({ length: 10 }, () => ({ offline: true as const })),
    );
    const { win } = await openPage({ site, plain: true, attrs: { 'data-no-auto': '' } });
    for (let n = 0; n < 250; n++) win.leadline.track(`e${n}`);
    // The calls are queued once widgets/tracker-more.js is in (all in one go).
    const stored = JSON.parse(await until(() => localStorage.getItem('ll_q'), 5000, 'the stored queue')) as {
      name: string;
    }[];
    expect(stored).to.have.length(200);
    expect(stored[0]!.name).to.equal('e50');
  });
});
