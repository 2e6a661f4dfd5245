import { expect } from '@open-wc/testing';
import { resetMouse, sendKeys, sendMouse, setViewport } from '@web/test-runner-commands';
import type { Deal, Pipeline } from '../../../server/schemas/deals.ts';
import type { LeadlineAdmin } from '../../../widgets/admin-dashboard/admin-dashboard.ts';
import { asOwner, call, fill, realSite, toast, view, waitUntil, type Site } from './admin-page.ts';

/** A site with the default pipeline and three deals in its first stage (amounts in the site's currency). */
async function board(): Promise<{ site: Site; pipeline: Pipeline; deals: Deal[]; contactId: string }> {
  const site = await realSite();
  const { pipelines } = await call<{ pipelines: Pipeline[] }>(site.adminToken, '/v1/admin/pipelines');
  const pipeline = pipelines[0]!;
  const contact = await call(site.adminToken, '/v1/admin/contacts', 'POST', {
    name: 'Rana Haddad',
    email: 'rana@example.com',
  });
  const deals: Deal[] = [];
  for (const [title, amount] of [
    ['Desks for Acme', 120000],
    ['Lamps for Globex', 45000],
    ['Chairs for Initech', 30000],
  ] as const)
    deals.push(
      await call(site.adminToken, '/v1/admin/deals', 'POST', {
        title,
        amount,
        currency: 'USD',
        contactId: contact.id,
        stageId: pipeline.stages[0]!.id,
        closeDate: '2026-12-20',
      }),
    );
  return { site, pipeline, deals, contactId: contact.id };
}

const column = (el: LeadlineAdmin, stageId: string) =>
  view(el)!.querySelector<HTMLElement>(`section.column[data-stage="${stageId}"]`)!;
const card = (el: LeadlineAdmin, id: string) => view(el)!.querySelector<HTMLElement>(`li.deal[data-id="${id}"]`);
const cardIds = (el: LeadlineAdmin, stageId: string) =>
  [...column(el, stageId).querySelectorAll<HTMLElement>('li.deal')].map((c) => c.dataset.id);
const figures = (el: LeadlineAdmin, stageId: string) => {
  const c = column(el, stageId);
  return {
    count: c.querySelector('.count')!.textContent!.trim(),
    total: c.querySelector('.total')!.textContent!.trim(),
    weighted: c.querySelector('.weighted')!.textContent!.trim(),
  };
};
const serverDeal = (site: Site, id: string) => call<Deal>(site.adminToken, `/v1/admin/deals/${id}`);
const ar = (n: number) => new Intl.NumberFormat('ar').format(n);
const usd = (minor: number) => new Intl.NumberFormat('en', { style: 'currency', currency: 'USD' }).format(minor / 100);

async function openBoard(site: Site, locale = 'en'): Promise<LeadlineAdmin> {
  const el = await asOwner(site, '#/deals');
  el.locale = locale;
  await waitUntil(() => view(el)?.querySelector('li.deal'), 'the cards');
  return el;
}

describe('<leadline-admin> deals board', () => {
  afterEach(async () => {
    history.replaceState(null, '', location.pathname);
    await resetMouse();
    await setViewport({ width: 800, height: 600 });
  });

  it('moves a deal by keyboard: focus stays, totals change, the server has it, a screen reader hears it', async () => {
    await setViewport({ width: 1280, height: 900 });
    const { site, pipeline, deals } = await board();
    const [first, second] = pipeline.stages;
    const el = await openBoard(site);
    expect(figures(el, first!.id)).to.deep.equal({
      count: '3',
      total: usd(195000),
      weighted: usd(Math.round((195000 * first!.probability) / 100)),
    });
    expect(figures(el, second!.id).count).to.equal('0');
    const desk = card(el, deals[0]!.id)!;
    expect(view(el)!.getElementById(desk.getAttribute('aria-describedby')!)!.textContent).to.contain('Alt+Right');
    desk.focus();
    await sendKeys({ press: 'Alt+ArrowRight' });
    await waitUntil(() => cardIds(el, second!.id).includes(deals[0]!.id), 'the card in the next column');
    expect(view(el)!.activeElement).to.equal(card(el, deals[0]!.id));
    expect(view(el)!.querySelector('[aria-live]')!.textContent).to.equal(`Moved to ${second!.name}.`);
    expect(figures(el, first!.id)).to.deep.include({ count: '2', total: usd(75000) });
    expect(figures(el, second!.id)).to.deep.equal({
      count: '1',
      total: usd(120000),
      weighted: usd(Math.round((120000 * second!.probability) / 100)),
    });
    await waitUntil(async () => (await serverDeal(site, deals[0]!.id)).stageId === second!.id, 'saved on the server');

    // Down in its column, by keyboard, then back with the Move… menu.
    card(el, deals[1]!.id)!.focus();
    await sendKeys({ press: 'Alt+ArrowDown' });
    await waitUntil(() => cardIds(el, first!.id).join() === [deals[2]!.id, deals[1]!.id].join(), 'reordered');
    expect(view(el)!.activeElement).to.equal(card(el, deals[1]!.id));
    await waitUntil(async () => {
      const page = await call(site.adminToken, `/v1/admin/deals?pipeline=${pipeline.id}&stage=${first!.id}`);
      return page.deals.map((d: Deal) => d.id).join() === [deals[2]!.id, deals[1]!.id].join();
    }, 'the new order saved');
    const menu = card(el, deals[0]!.id)!.querySelector<HTMLButtonElement>('button[aria-expanded]')!;
    menu.click();
    await waitUntil(() => menu.getAttribute('aria-expanded') === 'true', 'the menu opens');
    const back = [...card(el, deals[0]!.id)!.querySelectorAll('button')].find(
      (b) => b.textContent!.trim() === `To ${first!.name}`,
    )!;
    back.click();
    await waitUntil(() => cardIds(el, first!.id)[0] === deals[0]!.id, 'back at the top of the first column');
    expect(view(el)!.activeElement).to.equal(card(el, deals[0]!.id));
    expect(figures(el, first!.id).count).to.equal('3');
    await expect(el).to.be.accessible();
  });

  it('moves a deal by dragging it with the mouse, showing where it will land', async () => {
    await setViewport({ width: 1280, height: 900 });
    const { site, pipeline, deals } = await board();
    const [first, , third] = pipeline.stages;
    const el = await openBoard(site);
    const from = card(el, deals[1]!.id)!.getBoundingClientRect();
    const target = column(el, third!.id).querySelector('ul.cards')!.getBoundingClientRect();
    await sendMouse({ type: 'move', position: [Math.round(from.left + 20), Math.round(from.top + 10)] });
    await sendMouse({ type: 'down' });
    await sendMouse({ type: 'move', position: [Math.round(from.left + 40), Math.round(from.top + 30)] });
    await sendMouse({ type: 'move', position: [Math.round(target.left + 30), Math.round(target.top + 10)] });
    await sendMouse({ type: 'move', position: [Math.round(target.left + 40), Math.round(target.top + 12)] });
    await waitUntil(() => column(el, third!.id).querySelector('li.drop'), 'a drop indicator in the target column');
    await sendMouse({ type: 'up' });
    await waitUntil(() => cardIds(el, third!.id).includes(deals[1]!.id), 'dropped in the third column');
    expect(column(el, third!.id).querySelector('li.drop')).to.equal(null);
    expect(figures(el, first!.id)).to.deep.include({ count: '2', total: usd(150000) });
    expect(figures(el, third!.id)).to.deep.include({ count: '1', total: usd(45000) });
    await waitUntil(async () => (await serverDeal(site, deals[1]!.id)).stageId === third!.id, 'saved on the server');
  });

  it('asks why a deal was lost, keeps it when cancelled, and offers a purchase for a win', async () => {
    await setViewport({ width: 1280, height: 900 });
    const { site, pipeline, deals, contactId } = await board();
    const first = pipeline.stages[0]!;
    const lost = pipeline.stages.find((s) => s.kind === 'lost')!;
    const won = pipeline.stages.find((s) => s.kind === 'won')!;
    const el = await openBoard(site);
    const moveVia = async (dealId: string, stageName: string) => {
      const menu = card(el, dealId)!.querySelector<HTMLButtonElement>('button[aria-expanded]')!;
      menu.click();
      await waitUntil(() => card(el, dealId)!.querySelector('ul.moves'), 'the move menu');
      [...card(el, dealId)!.querySelectorAll('button')]
        .find((b) => b.textContent!.trim() === `To ${stageName}`)!
        .click();
    };
    await moveVia(deals[2]!.id, lost.name);
    await waitUntil(() => view(el)!.querySelector('dialog[open]'), 'the lost-reason dialog');
    let dialog = view(el)!.querySelector<HTMLDialogElement>('dialog[open]')!;
    expect(dialog.querySelector('h2')!.textContent).to.contain('Chairs for Initech');
    await expect(dialog).to.be.accessible();
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => !view(el)!.querySelector('dialog'), 'closed');
    expect(cardIds(el, first.id)).to.include(deals[2]!.id);
    expect((await serverDeal(site, deals[2]!.id)).status).to.equal('open');

    await moveVia(deals[2]!.id, lost.name);
    await waitUntil(() => view(el)!.querySelector('dialog[open] select'), 'the reasons');
    dialog = view(el)!.querySelector<HTMLDialogElement>('dialog[open]')!;
    fill(dialog.querySelector('select')!, 'No budget');
    dialog.querySelector<HTMLButtonElement>('button.primary')!.click();
    await waitUntil(() => cardIds(el, lost.id).includes(deals[2]!.id), 'in the lost column');
    await waitUntil(async () => (await serverDeal(site, deals[2]!.id)).lostReason === 'No budget', 'lost, with why');
    expect((await serverDeal(site, deals[2]!.id)).status).to.equal('lost');

    await moveVia(deals[0]!.id, won.name);
    await waitUntil(() => view(el)!.querySelector('dialog[open] #won-title'), 'the won dialog');
    dialog = view(el)!.querySelector<HTMLDialogElement>('dialog[open]')!;
    expect(dialog.textContent).to.contain('Desks for Acme').and.contain(usd(120000));
    [...dialog.querySelectorAll('button')].find((b) => b.textContent === 'Create purchase')!.click();
    await waitUntil(async () => {
      const { purchases } = await call(site.adminToken, `/v1/admin/contacts/${contactId}/purchases`);
      return purchases.length === 1 && purchases[0].unitPrice * purchases[0].quantity === 120000;
    }, 'a purchase on the contact');
    await waitUntil(() => toast(el) === 'Purchase recorded on the contact.', 'said so');
  });

  it('puts a refused move back, with the totals, and says so', async () => {
    await setViewport({ width: 1280, height: 900 });
    const { site, pipeline, deals } = await board();
    const [first, second] = pipeline.stages;
    const el = await openBoard(site);
    const gone = await fetch(`/v1/admin/deals/${deals[0]!.id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${site.adminToken}` },
    });
    expect(gone.status).to.equal(204);
    card(el, deals[0]!.id)!.focus();
    await sendKeys({ press: 'Alt+ArrowRight' });
    await waitUntil(() => toast(el).startsWith('The move did not save and was undone.'), 'the refusal said');
    expect(cardIds(el, first!.id)).to.include(deals[0]!.id);
    expect(cardIds(el, second!.id)).to.deep.equal([]);
    expect(figures(el, first!.id).count).to.equal('3');
    expect(view(el)!.activeElement).to.equal(card(el, deals[0]!.id));
  });

  it('follows changes made elsewhere (live), and keeps other currencies apart from the totals', async () => {
    await setViewport({ width: 1280, height: 900 });
    const { site, pipeline, deals } = await board();
    const [first, second] = pipeline.stages;
    const el = await openBoard(site);
    const euro = await call(site.adminToken, '/v1/admin/deals', 'POST', {
      title: 'Shelving for Umbrella',
      amount: 90000,
      currency: 'EUR',
      stageId: second!.id,
    });
    await waitUntil(() => card(el, euro.id), 'a deal made elsewhere appears');
    const eur = new Intl.NumberFormat('en', { style: 'currency', currency: 'EUR' }).format(900);
    expect(figures(el, second!.id)).to.deep.include({ count: '1', total: `${usd(0)} + ${eur}` });
    await call(site.adminToken, `/v1/admin/deals/${deals[2]!.id}/move`, 'POST', { stageId: second!.id, position: 0 });
    await waitUntil(() => cardIds(el, second!.id).join() === [deals[2]!.id, euro.id].join(), 'a move made elsewhere');
    expect(figures(el, first!.id)).to.deep.include({ count: '2', total: usd(165000) });
    expect(figures(el, second!.id)).to.deep.include({ count: '2', total: `${usd(30000)} + ${eur}` });
  });

  it('shows a viewer the board read-only: no Move… menu, no dragging, no keyboard moves', async () => {
    await setViewport({ width: 1280, height: 900 });
    const { site, pipeline, deals } = await board();
    const { invite } = await call(site.adminToken, '/v1/admin/users', 'POST', {
      name: 'Vera Viewer',
      email: 'vera@shop.example',
      role: 'viewer',
    });
    const session = await (
      await fetch('/v1/admin/session', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ invite }),
      })
    ).json();
    const el = await openBoard({ siteKey: site.siteKey, adminToken: session.token });
    const desk = card(el, deals[0]!.id)!;
    expect(desk.querySelector('button')).to.equal(null);
    expect(desk.getAttribute('draggable')).to.equal('false');
    expect(desk.hasAttribute('aria-describedby')).to.equal(false);
    expect(view(el)!.textContent).not.to.contain('New deal');
    desk.focus();
    await sendKeys({ press: 'Alt+ArrowRight' });
    await new Promise((r) => setTimeout(r, 300));
    expect(cardIds(el, pipeline.stages[0]!.id)).to.include(deals[0]!.id);
    expect((await serverDeal(site, deals[0]!.id)).stageId).to.equal(pipeline.stages[0]!.id);
    await expect(el).to.be.accessible();
  });

  it('runs right to left in Arabic; at 390 px one column with a stage switcher, no sideways scroll', async () => {
    const { site, pipeline, deals } = await board();
    const [first, second] = pipeline.stages;
    await setViewport({ width: 1280, height: 900 });
    const el = await openBoard(site, 'ar');
    await waitUntil(() => view(el)!.querySelector('h2')!.textContent === 'الصفقات', 'Arabic');
    const x = (id: string) => column(el, id).getBoundingClientRect().left;
    expect(x(first!.id)).to.be.above(x(second!.id));
    // The next stage is on the left: Alt+Left moves forward.
    card(el, deals[0]!.id)!.focus();
    await sendKeys({ press: 'Alt+ArrowLeft' });
    await waitUntil(() => cardIds(el, second!.id).includes(deals[0]!.id), 'moved to the next stage');
    await waitUntil(async () => (await serverDeal(site, deals[0]!.id)).stageId === second!.id, 'saved');

    // On a phone the board shows the stage the last move went to, and the switcher picks another.
    await setViewport({ width: 390, height: 844 });
    await waitUntil(() => getComputedStyle(column(el, first!.id)).display === 'none', 'one column at a time');
    const shown = [...view(el)!.querySelectorAll<HTMLElement>('section.column')].filter((c) => c.offsetHeight > 0);
    expect(shown).to.deep.equal([column(el, second!.id)]);
    const switcher = view(el)!.querySelector<HTMLSelectElement>('.switcher select')!;
    expect(switcher.offsetHeight).to.be.above(0);
    expect([...switcher.options].slice(0, 2).map((o) => o.textContent)).to.deep.equal([
      `${first!.name} (${ar(2)})`,
      `${second!.name} (${ar(1)})`,
    ]);
    fill(switcher, first!.id);
    await waitUntil(() => column(el, first!.id).offsetHeight > 0, 'the chosen stage shows');
    expect(column(el, second!.id).offsetHeight).to.equal(0);
    expect(document.documentElement.scrollWidth).to.be.at.most(innerWidth);
    for (const node of view(el)!.querySelectorAll('section.column.shown, section.column.shown *')) {
      const r = node.getBoundingClientRect();
      if (r.width) expect(r.left >= -1 && r.right <= innerWidth + 1, node.className).to.equal(true);
    }
    await expect(el).to.be.accessible();
  });

  it('starts a deal from a contact page, edits it, and lists it there', async () => {
    await setViewport({ width: 1280, height: 900 });
    const { site, contactId } = await board();
    const el = await asOwner(site, `#/contacts/${contactId}`);
    const deals = () => view(el)?.querySelector('leadline-admin-contact-deals')?.shadowRoot ?? null;
    await waitUntil(() => deals()?.querySelectorAll('li').length === 3, 'the contact’s three deals');
    deals()!.querySelector<HTMLAnchorElement>(`a[href="#/deals/new?contact=${contactId}"]`)!.click();
    await waitUntil(() => view(el)?.querySelector('select[name="contactId"] option:checked'), 'the deal form');
    expect(view(el)!.querySelector('select[name="contactId"] option:checked')!.textContent).to.contain('Rana Haddad');
    const form = view(el)!.querySelector('form')!;
    fill(form.querySelector('input[name="title"]')!, 'Standing desks, second floor');
    fill(form.querySelector('input[name="amount"]')!, '2500.50');
    form.querySelector<HTMLButtonElement>('button.primary')!.click();
    await waitUntil(() => /^#\/deals\/[0-9a-f-]{36}$/.test(location.hash), 'the new deal opens');
    const id = location.hash.slice('#/deals/'.length);
    await waitUntil(() => view(el)?.querySelector('#history-title'), 'its page');
    const made = await serverDeal(site, id);
    expect(made).to.include({ title: 'Standing desks, second floor', amount: 250050, contactId, currency: 'USD' });
    await expect(el).to.be.accessible();
  });
});
