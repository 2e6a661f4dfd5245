import { expect } from '@open-wc/testing';
import { newSite, until, type TrackerWindow } from '../tracker/tracker-page.ts';

const leads = async (site: string) =>
  (await (await fetch(`/test-api/received?site=leads:${site}`)).json()) as { body: Record<string, any> }[];

async function openCapturePage(site: string) {
  const iframe = document.body.appendChild(
    Object.assign(document.createElement('iframe'), { style: 'width:800px;height:600px;border:0' }),
  );
  await new Promise((r) => {
    iframe.addEventListener('load', r, { once: true });
    iframe.src = '/test/widgets/fixtures/capture.html';
  });
  const doc = iframe.contentDocument!;
  const script = doc.createElement('script');
  script.src = '/dist/embed.js';
  script.dataset.site = site;
  script.dataset.vitals = '0';
  await new Promise((r) => (script.addEventListener('load', r), doc.head.append(script)));
  return { win: iframe.contentWindow as TrackerWindow, doc };
}

describe('<form data-ll-form> capture', () => {
  afterEach(() => document.querySelectorAll('iframe').forEach((f) => f.remove()));

  it('sends a marked form’s fields as a lead, never passwords, card numbers or hidden fields', async () => {
    const site = newSite();
    const { win, doc } = await openCapturePage(site);
    await until(
      () => win.performance.getEntriesByType('resource').some((e) => e.name.endsWith('/widgets/leadline-capture.js')),
      5000,
      'the capture chunk',
    );
    const set = (name: string, value: string) => {
      const el = doc.querySelector<HTMLInputElement>(`[name="${name}"]`)!;
      el.focus();
      el.value = value;
    };
    set('first_name', 'Sara');
    set('last_name', 'Khan');
    set('your-email', 'sara@example.com');
    set('password', 'hunter2');
    set('cc_number', '4242424242424242');
    doc.querySelector<HTMLInputElement>('[name="agree"]')!.checked = true;
    await new Promise((r) => setTimeout(r, 50));
    doc.querySelector<HTMLButtonElement>('#signup button')!.click();
    const [lead] = await until(
      async () => {
        const l = await leads(site);
        return l.length && l;
      },
      5000,
      'the captured lead',
    );
    expect(lead!.body).to.deep.include({ site, form: 'newsletter-signup' });
    expect(lead!.body.fields).to.deep.equal({
      first_name: 'Sara',
      last_name: 'Khan',
      email: 'sara@example.com',
      interest_area: 'desks',
      agree: true,
      name: 'Sara Khan',
    });
    expect(JSON.stringify(lead!.body)).not.to.contain('hunter2');
    expect(JSON.stringify(lead!.body)).not.to.contain('4242');
    expect(JSON.stringify(lead!.body)).not.to.contain('secret-token');
    expect(lead!.body.visitor).to.be.a('string');
  });

  it('leaves unmarked forms alone', async () => {
    const site = newSite();
    const { doc } = await openCapturePage(site);
    doc.querySelector<HTMLFormElement>('#search')!.addEventListener('submit', (e) => e.preventDefault());
    doc.querySelector<HTMLInputElement>('[name="q"]')!.value = 'ana@example.com';
    doc.querySelector<HTMLButtonElement>('#search button')!.click();
    await new Promise((r) => setTimeout(r, 500));
    expect(await leads(site)).to.deep.equal([]);
  });
});
