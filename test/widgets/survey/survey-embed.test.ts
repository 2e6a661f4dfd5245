import { expect } from '@open-wc/testing';
import { openPage, until } from '../tracker/tracker-page.ts';

const surveyChunk = (win: Window) =>
  win.performance
    .getEntriesByType('resource')
    .map((e) => new URL(e.name).pathname)
    .filter((p) => p === '/dist/widgets/leadline-survey.js');

/** A site of the real app (test/widgets/fixtures/real-api.ts), so the prompt gets a real answer: nothing due. */
const realSite = async (): Promise<string> =>
  ((await (await fetch('/test-api/real-site', { method: 'POST' })).json()) as { siteKey: string }).siteKey;

describe('embed.js and <leadline-survey>', () => {
  afterEach(() => document.querySelectorAll('iframe').forEach((f) => f.remove()));

  it('adds a card-mode <leadline-survey auto> with data-surveys, and loads its chunk once', async () => {
    const { win, doc } = await openPage({ site: await realSite(), plain: true, attrs: { 'data-surveys': '' } });
    await until(() => win.customElements.get('leadline-survey'), 5000, 'leadline-survey to be defined');
    expect([...doc.querySelectorAll('leadline-survey')].map((el) => el.hasAttribute('auto'))).to.deep.equal([true]);
    expect(doc.body.lastElementChild!.localName).to.equal('leadline-survey');
    expect(surveyChunk(win)).to.deep.equal(['/dist/widgets/leadline-survey.js']);
  });

  it('adds it for an emailed survey link (?ll_survey=), which then leaves the address bar', async () => {
    const { win, doc } = await openPage({
      site: await realSite(),
      plain: true,
      query: '?utm_source=email&ll_survey=abcdefghijklmnop1234',
    });
    await until(() => win.customElements.get('leadline-survey'), 5000, 'leadline-survey to be defined');
    expect(doc.querySelectorAll('leadline-survey[auto]')).to.have.length(1);
    await until(() => !win.location.search.includes('ll_survey'), 5000, 'the token to leave the URL');
    expect(win.location.search).to.equal('?utm_source=email');
  });

  it('adds none without data-surveys or a survey link', async () => {
    const { win, doc } = await openPage({ plain: true });
    await new Promise((r) => setTimeout(r, 300));
    expect(doc.querySelectorAll('leadline-survey')).to.have.length(0);
    expect(surveyChunk(win)).to.deep.equal([]);
  });
});
