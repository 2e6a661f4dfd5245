import { expect } from '@open-wc/testing';
import { openPage, until, waitForEvents } from './tracker-page.ts';

const widgetRequests = (win: Window) =>
  win.performance
    .getEntriesByType('resource')
    .map((e) => new URL(e.name).pathname)
    .filter((p) => p.startsWith('/dist/widgets/'));

/** What every page loads besides embed.js: the tracker's second part (docs/decisions.md, issue 25). */
const more = '/dist/widgets/tracker-more.js';

describe('embed.js: lazy widgets', () => {
  afterEach(() => document.querySelectorAll('iframe').forEach((f) => f.remove()));

  it('loads only the tracker’s second part when no Leadline tag is on the page', async () => {
    const { win } = await openPage({ plain: true });
    await new Promise((r) => setTimeout(r, 500));
    expect(widgetRequests(win)).to.deep.equal([more]);
  });

  it('loads widgets/leadline-form.js by URL when the tag appears later, once', async () => {
    const { win, doc } = await openPage({ plain: true });
    doc.body.append(doc.createElement('leadline-form'));
    doc.body.append(doc.createElement('leadline-form'));
    await until(() => win.customElements.get('leadline-form'), 5000, 'leadline-form to be defined');
    expect(widgetRequests(win).filter((p) => !p.includes('/chunks/'))).to.deep.equal([
      more,
      '/dist/widgets/leadline-form.js',
    ]);
    expect(widgetRequests(win).some((p) => /\/chunks\/lit-/.test(p))).to.equal(true);
  });

  it('does not load a chunk for a tag the host page already defined', async () => {
    const { win, doc } = await openPage({
      plain: true,
      before: (w) => w.customElements.define('leadline-form', class extends w.HTMLElement {}),
    });
    doc.body.append(doc.createElement('leadline-form'));
    await new Promise((r) => setTimeout(r, 500));
    expect(widgetRequests(win)).to.deep.equal([more]);
  });

  it('loads the web-vitals chunk for sampled page loads and reports vitals', async () => {
    const { site, win } = await openPage({ plain: true, attrs: { 'data-vitals': '1' } });
    const [ttfb] = await waitForEvents(site, (e) => e.type === 'vital' && e.name === 'TTFB');
    expect(ttfb!.props).to.have.keys(['value', 'rating']);
    expect(ttfb!.props!.value).to.be.a('number');
    expect(widgetRequests(win)).to.include('/dist/widgets/vitals.js');
  });

  it('does not load web vitals outside the sample', async () => {
    const { win } = await openPage({ plain: true, attrs: { 'data-vitals': '0' } });
    await new Promise((r) => setTimeout(r, 500));
    expect(widgetRequests(win)).to.deep.equal([more]);
  });
});
