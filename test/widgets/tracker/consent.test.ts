import { expect } from '@open-wc/testing';
import {
  cleanPagesBetweenTests,
  events,
  openPage,
  storageKeys,
  waitForEvents,
  type TrackerWindow,
} from './tracker-page.ts';

const withGpc = (win: TrackerWindow) => Object.defineProperty(win.navigator, 'globalPrivacyControl', { value: true });
const withDnt = (win: TrackerWindow) => Object.defineProperty(win.navigator, 'doNotTrack', { value: '1' });

describe('embed.js: consent and privacy', () => {
  cleanPagesBetweenTests();

  it('stores visitor, session and queue by default', async () => {
    const { site } = await openPage({ plain: true });
    await waitForEvents(site, (e) => e.type === 'pageview');
    expect(storageKeys(window)).to.deep.equal(['ll_q', 'll_s', 'll_v']);
  });

  for (const [name, setup, attrs] of [
    ['Global Privacy Control', withGpc, {}],
    ['Do Not Track', withDnt, {}],
    ['data-consent="required"', undefined, { 'data-consent': 'required' }],
  ] as const) {
    it(`with ${name}: anonymous events, nothing stored until consent(true)`, async () => {
      const first = await openPage({ plain: true, before: setup, attrs });
      first.win.leadline.track('browsing');
      const [a] = await waitForEvents(first.site, (e) => e.name === 'browsing');
      expect(storageKeys(window), 'no storage before consent').to.deep.equal([]);
      // The next page load is another anonymous visitor: nothing ties the two.
      const second = await openPage({ site: first.site, iframe: first.iframe, plain: true, before: setup, attrs });
      const views = await waitForEvents(first.site, (e) => e.type === 'pageview', 2);
      expect(views[1]!.visitor).not.to.equal(a!.visitor);
      expect(storageKeys(window)).to.deep.equal([]);

      second.win.leadline.consent(true);
      second.win.leadline.track('after-consent');
      const [b] = await waitForEvents(first.site, (e) => e.name === 'after-consent');
      expect(b!.visitor, 'the page load so far is stitched').to.equal(views[1]!.visitor);
      expect(storageKeys(window)).to.include.members(['ll_c', 'll_v', 'll_s']);
      expect(localStorage.getItem('ll_v')).to.equal(b!.visitor);

      // consent(false) forgets the ids, the queue and the surveys seen (<leadline-survey>'s caps); only the choice
      // itself stays.
      localStorage.setItem('ll_sv', '{"nps":1}');
      second.win.leadline.consent(false);
      expect(storageKeys(window)).to.deep.equal(['ll_c']);
      expect(localStorage.getItem('ll_c')).to.equal('0');
    });
  }

  it('under GPC, identify is not sent (no stitching without an explicit yes)', async () => {
    const { site, win } = await openPage({ plain: true, before: withGpc });
    win.leadline.identify('ana@example.com');
    win.leadline.track('marker');
    await waitForEvents(site, (e) => e.name === 'marker');
    expect((await events(site)).map((e) => e.type)).to.deep.equal(['pageview', 'custom']);
  });

  // Calls made right after load wait for the tracker's second part (widgets/tracker-more.js): consent still applies
  // in the order of the calls.
  it('under GPC, identify made before consent(true) is still not sent', async () => {
    const { site, win } = await openPage({ plain: true, before: withGpc });
    win.leadline.identify('ana@example.com');
    win.leadline.consent(true);
    win.leadline.track('marker');
    await waitForEvents(site, (e) => e.name === 'marker');
    await new Promise((r) => setTimeout(r, 1200));
    expect((await events(site)).map((e) => e.type)).to.deep.equal(['pageview', 'custom']);
  });

  it('consent(false) drops a track made before it, with the rest of the queue', async () => {
    const { site, win } = await openPage({ plain: true });
    win.leadline.track('dropped');
    // Forgets the queue: the pageview still waiting for its batch and the track before it.
    win.leadline.consent(false);
    win.leadline.track('marker');
    expect(storageKeys(window)).to.deep.equal(['ll_c']);
    await waitForEvents(site, (e) => e.name === 'marker');
    await new Promise((r) => setTimeout(r, 1200));
    expect((await events(site)).map((e) => [e.type, e.name])).to.deep.equal([['custom', 'marker']]);
  });

  it('remembers consent(true) across page loads', async () => {
    const first = await openPage({ plain: true, attrs: { 'data-consent': 'required' } });
    first.win.leadline.consent(true);
    const [a] = await waitForEvents(first.site, (e) => e.type === 'pageview');
    await openPage({ site: first.site, iframe: first.iframe, plain: true, attrs: { 'data-consent': 'required' } });
    const views = await waitForEvents(first.site, (e) => e.type === 'pageview', 2);
    expect(views[1]!.visitor).to.equal(a!.visitor);
  });

  it('reset() forgets ids and queue, and starts a new anonymous visitor', async () => {
    const { site, win } = await openPage({ plain: true });
    const [a] = await waitForEvents(site, (e) => e.type === 'pageview');
    win.leadline.reset();
    expect(storageKeys(window)).to.deep.equal([]);
    win.leadline.track('after-reset');
    const [b] = await waitForEvents(site, (e) => e.name === 'after-reset');
    expect(b!.visitor).not.to.equal(a!.visitor);
    expect(storageKeys(window)).to.deep.equal([]);
  });

  it('keeps working when storage throws (sandboxed iframe)', async () => {
    const { site, win } = await openPage({
      plain: true,
      before: (w) => {
        for (const k of ['localStorage', 'sessionStorage'])
          Object.defineProperty(w, k, {
            get: () => {
              throw new DOMException('denied', 'SecurityError');
            },
          });
      },
    });
    win.leadline.track('still-here');
    await waitForEvents(site, (e) => e.name === 'still-here');
  });
});
