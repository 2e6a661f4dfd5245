import { expect } from '@open-wc/testing';
import {
  cleanPagesBetweenTests,
  events,
  fixture,
  newSite,
  openPage,
  plan,
  received,
  storageKeys,
  until,
  uuid7,
  waitForEvents,
  type WireEvent,
} from './tracker-page.ts';

const strip = ({ id, ts, visitor, session, ...rest }: WireEvent) => {
  expect(id).to.match(uuid7);
  expect(ts).to.be.within(Date.now() - 60_000, Date.now() + 1000);
  expect(visitor).to.match(uuid7);
  expect(session).to.match(uuid7);
  return rest;
};

describe('embed.js: what the tracker sends', () => {
  cleanPagesBetweenTests();

  it('sends a pageview with UTM and gclid as a text/plain body', async () => {
    const query = '?utm_source=google&utm_medium=cpc&utm_campaign=winter&gclid=abc123';
    const { site } = await openPage({ query });
    const [first] = await until(() => received(site).then((r) => r.length && r));
    expect(first!.type).to.match(/^text\/plain/);
    expect(Object.keys(first!.body)).to.deep.equal(['site', 'events']);
    expect(first!.body.site).to.equal(site);
    expect(first!.body.events.map(strip)).to.deep.equal([
      { type: 'pageview', url: fixture + query, title: 'Fixture shop page', ref: location.href },
    ]);
  });

  it('counts SPA navigations once per URL, with the previous page as referrer', async () => {
    const { site, win } = await openPage();
    win.history.pushState({}, '', '?step=2');
    win.history.replaceState({ scroll: 1 }, '', '?step=2');
    win.history.pushState({}, '', '?step=3#section');
    win.history.back();
    const views = await waitForEvents(site, (e) => e.type === 'pageview', 4);
    expect(views.map((e) => [e.url, e.ref])).to.deep.equal([
      [fixture, location.href],
      [`${fixture}?step=2`, fixture],
      [`${fixture}?step=3`, `${fixture}?step=2`],
      [`${fixture}?step=2`, `${fixture}?step=3`],
    ]);
    expect(new Set(views.map((e) => e.session)).size).to.equal(1);
  });

  it('records an impression after 1 s in view, once, then the click with its price', async () => {
    const { site, doc } = await openPage();
    const [impression] = await waitForEvents(site, (e) => e.type === 'impression' && e.name === 'pricing-49');
    expect(strip(impression!)).to.deep.equal({
      type: 'impression',
      url: fixture,
      name: 'pricing-49',
      props: { price: 4900, currency: 'USD' },
    });
    (doc.getElementById('usd') as HTMLButtonElement).click();
    const [click] = await waitForEvents(site, (e) => e.type === 'click');
    expect(strip(click!)).to.deep.equal({
      type: 'click',
      url: fixture,
      name: 'pricing-49',
      props: { price: 4900, currency: 'USD' },
    });
    await new Promise((r) => setTimeout(r, 1500));
    const all = await events(site);
    expect(all.filter((e) => e.type === 'impression' && e.name === 'pricing-49')).to.have.length(1);
    expect(
      all.some((e) => e.name === 'ad-below'),
      'the ad below the fold was never in view',
    ).to.equal(false);
  });

  it('counts an element below the fold only once scrolled into view for 1 s', async () => {
    const { site, doc, win } = await openPage();
    await waitForEvents(site, (e) => e.type === 'impression' && e.name === 'pricing-49');
    doc.getElementById('ad')!.scrollIntoView();
    const started = Date.now();
    const [ad] = await waitForEvents(site, (e) => e.name === 'ad-below');
    expect(Date.now() - started).to.be.at.least(1000);
    expect(ad!.type).to.equal('impression');
    win.history.pushState({}, '', '?again');
    await waitForEvents(site, (e) => e.name === 'ad-below', 2);
  });

  it('converts prices to minor units with the currency’s digits (USD, JPY, KWD)', async () => {
    const { site, doc } = await openPage();
    for (const id of ['usd', 'jpy', 'kwd']) (doc.getElementById(id) as HTMLButtonElement).click();
    const clicks = await waitForEvents(site, (e) => e.type === 'click', 3);
    expect(clicks.map((e) => [e.name, e.props])).to.deep.equal([
      ['pricing-49', { price: 4900, currency: 'USD' }],
      ['pricing-jp', { price: 6400, currency: 'JPY' }],
      ['pricing-kw', { price: 12345, currency: 'KWD' }],
    ]);
  });

  it('records outbound partner clicks with the affiliate, and mailto links', async () => {
    const { site, doc } = await openPage();
    (doc.getElementById('partner') as HTMLAnchorElement).click();
    (doc.getElementById('mail') as HTMLAnchorElement).addEventListener('click', (e) => e.preventDefault());
    (doc.getElementById('mail') as HTMLAnchorElement).click();
    const [outbound, mail] = await waitForEvents(site, (e) => e.type === 'outbound' || e.type === 'click', 2);
    expect(strip(outbound!)).to.deep.equal({
      type: 'outbound',
      url: fixture,
      name: 'partner.example',
      props: { href: 'https://partner.example/chairs?x=1', affiliate: 'partner-x' },
    });
    expect([mail!.type, mail!.name, mail!.props]).to.deep.equal([
      'click',
      'mailto',
      { href: 'mailto:sales@shop.example' },
    ]);
  });

  it('keeps calls and clicks made before widgets/tracker-more.js is in across a navigation', async () => {
    // A Content-Security-Policy that allows embed.js only: the chunk cannot load on this page.
    const { site, iframe, win, doc } = await openPage({
      before: (w) =>
        w.document.head.append(
          Object.assign(w.document.createElement('meta'), {
            httpEquiv: 'Content-Security-Policy',
            content: `script-src ${location.origin}/dist/embed.js`,
          }),
        ),
    });
    (doc.getElementById('usd') as HTMLButtonElement).click();
    win.leadline.track('before-leaving', { n: 1 });
    await new Promise((r) => setTimeout(r, 1500));
    expect((await events(site)).map((e) => e.type)).to.deep.equal(['pageview']);
    await openPage({ site, iframe, query: '?next' });
    const [click, custom] = await waitForEvents(site, (e) => e.type === 'click' || e.type === 'custom', 2);
    // Each with the page it was made on.
    expect(strip(click!)).to.deep.equal({
      type: 'click',
      url: fixture,
      name: 'pricing-49',
      props: { price: 4900, currency: 'USD' },
    });
    expect(strip(custom!)).to.deep.equal({ type: 'custom', url: fixture, name: 'before-leaving', props: { n: 1 } });
    expect(sessionStorage.getItem('ll_p')).to.equal(null);
    await new Promise((r) => setTimeout(r, 1200));
    expect((await events(site)).filter((e) => e.type === 'click' || e.type === 'custom')).to.have.length(2);
  });

  it('starts a new session for a new ?ref= arrival and keeps the visitor', async () => {
    const first = await openPage({ query: '?ref=partner-x' });
    const [a] = await waitForEvents(first.site, (e) => e.type === 'pageview');
    expect(a!.url).to.equal(`${fixture}?ref=partner-x`);
    // Same tab, reload of the same arrival: same session.
    const again = await openPage({ site: first.site, query: '?ref=partner-x', iframe: first.iframe });
    // Another partner's link: a new session, same visitor.
    await openPage({ site: again.site, query: '?ref=partner-y', iframe: first.iframe });
    const views = await waitForEvents(first.site, (e) => e.type === 'pageview', 3);
    expect(views[1]!.session).to.equal(views[0]!.session);
    expect(views[2]!.session).not.to.equal(views[0]!.session);
    expect(new Set(views.map((e) => e.visitor)).size).to.equal(1);
  });

  it('starts a new session after 30 minutes without events', async () => {
    // plain: no impressions, so nothing touches the session while the test ages it.
    const first = await openPage({ plain: true });
    const [a] = await waitForEvents(first.site, (e) => e.type === 'pageview');
    const [id] = sessionStorage.getItem('ll_s')!.split(' ');
    sessionStorage.setItem('ll_s', `${id} ${Date.now() - 31 * 60_000} `);
    await openPage({ site: first.site, iframe: first.iframe, plain: true });
    const views = await waitForEvents(first.site, (e) => e.type === 'pageview', 2);
    expect(views[1]!.session).not.to.equal(a!.session);
    expect(views[1]!.visitor).to.equal(a!.visitor);
  });

  it('sends conversions with value in minor units and currency at the top level', async () => {
    const { site, win } = await openPage();
    win.leadline.track('conversion', { value: 49.99, currency: 'usd', plan: 'pro' });
    win.leadline.track('newsletter-signup', { list: 'weekly', bad: { nested: true }, nan: NaN });
    const [conversion, custom] = await waitForEvents(site, (e) => e.type === 'conversion' || e.type === 'custom', 2);
    expect(strip(conversion!)).to.deep.equal({
      type: 'conversion',
      url: fixture,
      name: 'conversion',
      props: { plan: 'pro' },
      value: 4999,
      currency: 'USD',
    });
    expect(strip(custom!)).to.deep.equal({
      type: 'custom',
      url: fixture,
      name: 'newsletter-signup',
      props: { list: 'weekly' },
    });
  });

  it('sends identify from memory only: never in the stored queue', async () => {
    const site = newSite();
    await plan(site, [{ offline: true }]);
    const { win } = await openPage({ site });
    win.leadline.identify('ana@example.com', { plan: 'pro' });
    win.leadline.track('after-identify');
    // Calls wait for widgets/tracker-more.js in sessionStorage (ll_p, never identify); then the queue is persisted as
    // each event is queued.
    expect(sessionStorage.getItem('ll_p')).to.contain('after-identify');
    expect(sessionStorage.getItem('ll_p')).not.to.contain('ana@example.com');
    await until(() => localStorage.getItem('ll_q')?.includes('after-identify'), 5000, 'the stored queue');
    expect(localStorage.getItem('ll_q')).not.to.contain('ana@example.com');
    const acknowledged = await until(
      async () => (await events(site, true)).find((e) => e.type === 'identify'),
      15000,
      'the retried identify',
    );
    expect(strip(acknowledged)).to.deep.equal({
      type: 'identify',
      url: fixture,
      props: { plan: 'pro', email: 'ana@example.com' },
    });
  });

  it('drains the pre-load queue of the snippet, after the pageview', async () => {
    const { site } = await openPage({
      before: (win) => {
        const stub = function (...args: unknown[]) {
          (stub.q = stub.q || []).push(args);
        } as ((...a: unknown[]) => void) & { q?: unknown[][] };
        (win as unknown as { leadline: unknown }).leadline = stub;
        stub('track', 'early-bird', { n: 1 });
        stub('identify', 'user-42');
      },
    });
    const sent = await waitForEvents(site, (e) => e.type !== 'impression', 3);
    expect(sent.map((e) => [e.type, e.name ?? null, e.props ?? null])).to.deep.equal([
      ['pageview', null, null],
      ['custom', 'early-bird', { n: 1 }],
      ['identify', null, { userId: 'user-42' }],
    ]);
  });

  it('works as type="module" (no document.currentScript) and honours data-no-auto', async () => {
    const { site, win } = await openPage({ module: true, attrs: { 'data-no-auto': '' } });
    await until(() => typeof win.leadline?.page === 'function', 3000, 'window.leadline');
    win.leadline.page();
    const [view] = await waitForEvents(site, (e) => e.type === 'pageview');
    expect(view!.url).to.equal(fixture);
    await new Promise((r) => setTimeout(r, 1200));
    expect((await events(site)).filter((e) => e.type === 'pageview')).to.have.length(1);
  });

  it('never throws into the page, whatever it is called with', async () => {
    const { site, win } = await openPage();
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(() => {
      win.leadline.track(undefined as never, circular);
      win.leadline.track('x'.repeat(1000), { value: 'lots', currency: 'NOPE' });
      win.leadline.identify(null as never, 5 as never);
      win.leadline('nope');
      win.leadline.track('z');
    }).not.to.throw();
    const names = (await waitForEvents(site, (e) => e.type === 'custom', 2)).map((e) => e.name?.length);
    expect(names).to.deep.equal([200, 1]);
  });

  it('sends one request per page for two trackers’ worth of script tags', async () => {
    const { site, doc } = await openPage();
    const second = doc.createElement('script');
    second.src = '/dist/embed.js';
    second.dataset.site = site;
    await new Promise((r) => (second.addEventListener('load', r), doc.head.append(second)));
    await new Promise((r) => setTimeout(r, 1500));
    expect((await events(site)).filter((e) => e.type === 'pageview')).to.have.length(1);
    expect(storageKeys(window)).to.include('ll_v');
  });

  it('does not track when the site key is missing', async () => {
    const site = newSite();
    const { win } = await openPage({ site: '' });
    await new Promise((r) => setTimeout(r, 1200));
    expect(win.leadline).to.equal(undefined);
    expect(await received(site)).to.deep.equal([]);
  });
});
