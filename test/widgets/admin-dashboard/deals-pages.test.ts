import { expect } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import type { Deal, DealDetail, Pipeline, PipelineList } from '../../../server/schemas/deals.ts';
import type { LeadlineAdmin } from '../../../widgets/admin-dashboard/admin-dashboard.ts';
import { asOwner, call, fill, realSite, toast, view, waitUntil, type Site } from './admin-page.ts';

const pipelinesOf = (site: Site) => call<PipelineList>(site.adminToken, '/v1/admin/pipelines');
const newDeal = (site: Site, body: Record<string, unknown>) =>
  call<Deal>(site.adminToken, '/v1/admin/deals', 'POST', { currency: 'USD', ...body });
const button = (el: LeadlineAdmin, text: string, root: ParentNode = view(el)!) =>
  [...root.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent!.trim() === text);
const titles = (el: LeadlineAdmin) =>
  [...view(el)!.querySelectorAll<HTMLElement>('li.deal a')].map((a) => a.textContent!.trim()).sort();

describe('<leadline-admin> deal pages, filters and pipeline settings', () => {
  beforeEach(() => setViewport({ width: 1280, height: 900 }));
  afterEach(async () => {
    history.replaceState(null, '', location.pathname);
    await setViewport({ width: 800, height: 600 });
  });

  it('filters the board at once by owner, close month and source, with an empty state', async () => {
    const site = await realSite();
    const { pipelines } = await pipelinesOf(site);
    const me = await call(site.adminToken, '/v1/admin/me');
    await newDeal(site, { title: 'December desks', amount: 1000, closeDate: '2026-12-20' });
    await newDeal(site, { title: 'January lamps', amount: 2000, closeDate: '2027-01-15' });
    await newDeal(site, { title: 'Nobody’s chairs', amount: 3000, closeDate: '2027-01-02', ownerId: null });
    const el = await asOwner(site, '#/deals');
    await waitUntil(() => titles(el).length === 3, 'three cards');
    const first = pipelines[0]!.stages[0]!.id;
    const count = () => view(el)!.querySelector(`section.column[data-stage="${first}"] .count`)!.textContent;

    fill(view(el)!.querySelector<HTMLInputElement>('input[name="closeMonth"]')!, '2027-01');
    await waitUntil(() => titles(el).length === 2, 'January only');
    expect(titles(el)).to.deep.equal(['January lamps', 'Nobody’s chairs']);
    expect(count()).to.equal('2');
    fill(view(el)!.querySelector<HTMLSelectElement>('select[name="owner"]')!, String(me.user.id));
    await waitUntil(() => titles(el).length === 1, 'mine in January');
    expect(titles(el)).to.deep.equal(['January lamps']);
    fill(view(el)!.querySelector<HTMLInputElement>('input[name="source"]')!, 'newsletter');
    await waitUntil(() => titles(el).length === 0, 'none from the newsletter');
    expect(view(el)!.querySelector('.empty-board')!.textContent).to.equal('No deals match these filters.');
    expect(count()).to.equal('0');
  });

  it('edits a deal, logs an activity, loses it with a reason, reopens, wins it and makes its purchase', async () => {
    const site = await realSite();
    const contact = await call(site.adminToken, '/v1/admin/contacts', 'POST', { name: 'Omar Farouk' });
    const deal = await newDeal(site, { title: 'Office fit-out', amount: 500000, contactId: contact.id });
    const el = await asOwner(site, `#/deals/${deal.id}`);
    await waitUntil(() => view(el)?.querySelector('#history-title'), 'the deal page');
    const detail = () => call<DealDetail>(site.adminToken, `/v1/admin/deals/${deal.id}`);

    const form = view(el)!.querySelector('form')!;
    fill(form.querySelector('input[name="title"]')!, 'Office fit-out, phase 1');
    fill(form.querySelector('input[name="amount"]')!, '6000');
    fill(form.querySelector('input[name="closeDate"]')!, '2027-02-28');
    fill(form.querySelector('input[name="probability"]')!, '35');
    button(el, 'Save', form)!.click();
    await waitUntil(async () => (await detail()).title === 'Office fit-out, phase 1', 'saved');
    expect(await detail()).to.include({ amount: 600000, closeDate: '2027-02-28', probabilityOverride: 35 });

    const log = view(el)!.querySelector<HTMLFormElement>('form[aria-labelledby="activities-title"]')!;
    fill(log.querySelector('select[name="kind"]')!, 'call');
    fill(log.querySelector('input[name="subject"]')!, 'Walked the second floor');
    button(el, 'Add', log)!.click();
    await waitUntil(() => view(el)!.querySelector('ol.timeline')?.textContent?.includes('Walked the second floor'));

    const lose = view(el)!.querySelector<HTMLFormElement>('form[aria-label="Mark as lost"]')!;
    fill(lose.querySelector('select')!, 'Timing');
    button(el, 'Mark as lost', lose)!.click();
    await waitUntil(async () => (await detail()).status === 'lost', 'lost');
    expect((await detail()).lostReason).to.equal('Timing');
    await waitUntil(() => view(el)!.querySelector('.status')?.textContent?.includes('Timing'), 'shows why');
    button(el, 'Reopen')!.click();
    await waitUntil(async () => (await detail()).status === 'open', 'reopened');
    await waitUntil(() => button(el, 'Mark as won'), 'can be won');
    button(el, 'Mark as won')!.click();
    await waitUntil(() => button(el, 'Create purchase'), 'offers the purchase');
    button(el, 'Create purchase')!.click();
    await waitUntil(async () => (await detail()).purchases.length === 1, 'the purchase');
    await waitUntil(() => toast(el) === 'Purchase recorded on the contact.');
    const history = view(el)!.querySelector('ol.history')!.textContent!;
    expect(history).to.contain('Lost').and.contain('Won');
    await expect(el).to.be.accessible();
  });

  it('edits a pipeline’s stages and the lost reasons; the board follows', async () => {
    const site = await realSite();
    const { pipelines } = await pipelinesOf(site);
    const sales = pipelines[0]!;
    const el = await asOwner(site, '#/pipelines');
    await waitUntil(() => button(el, 'Edit'), 'the pipeline');
    button(el, 'Edit')!.click();
    await waitUntil(() => view(el)!.querySelector('tbody tr'), 'its stages');
    const rows = () => [...view(el)!.querySelectorAll('tbody tr')];
    fill(rows()[0]!.querySelector('input')!, 'Discovery');
    // "Meeting" moves above "Discovery"; focus follows the button.
    rows()[1]!.querySelector<HTMLButtonElement>('button[data-dir="up"]')!.click();
    await waitUntil(() => rows()[0]!.querySelector('input')!.value === 'Meeting', 'moved up');
    button(el, 'Add a stage')!.click();
    await waitUntil(() => rows().length === sales.stages.length + 1, 'a new row');
    fill(rows().at(-1)!.querySelector('input')!, 'Pilot');
    fill(rows().at(-1)!.querySelector<HTMLInputElement>('input[type="number"]')!, '70');
    await expect(el).to.be.accessible();
    button(el, 'Save')!.click();
    await waitUntil(async () => (await pipelinesOf(site)).pipelines[0]!.stages.length === sales.stages.length + 1);
    const saved = (await pipelinesOf(site)).pipelines[0]! as Pipeline;
    const names = [...saved.stages].sort((a, b) => a.order - b.order).map((s) => s.name);
    expect(names.slice(0, 2)).to.deep.equal(['Meeting', 'Discovery']);
    expect(saved.stages.find((s) => s.name === 'Pilot')).to.include({ probability: 70, kind: 'open' });

    // A stage that holds a deal goes once its deals have another stage of its kind to go to.
    const meeting = saved.stages.find((s) => s.name === 'Meeting')!;
    const kept = await newDeal(site, { title: 'Kept', stageId: meeting.id });
    button(el, 'Edit')!.click();
    await waitUntil(() => rows().length, 'the stages');
    rows()[0]!.querySelector<HTMLButtonElement>('button.delete')!.click();
    await waitUntil(() => view(el)!.querySelector('label select:not([aria-label])'), 'where its deals go');
    const where = view(el)!.querySelector<HTMLSelectElement>('label select:not([aria-label])')!;
    expect(where.closest('label')!.textContent).to.contain('Deals in Meeting move to');
    expect(where.selectedOptions[0]!.textContent).to.equal('Discovery');
    fill(where, saved.stages.find((s) => s.name === 'Pilot')!.id);
    button(el, 'Save')!.click();
    await waitUntil(async () => !(await pipelinesOf(site)).pipelines[0]!.stages.some((s) => s.name === 'Meeting'));
    const moved = await call<Deal>(site.adminToken, `/v1/admin/deals/${kept.id}`);
    expect(moved.stageId).to.equal(saved.stages.find((s) => s.name === 'Pilot')!.id);

    location.hash = '#/settings';
    await waitUntil(() => view(el)?.querySelector('textarea[name="lostReasons"]'), 'settings');
    const reasons = view(el)!.querySelector<HTMLTextAreaElement>('textarea[name="lostReasons"]')!;
    expect(reasons.value.split('\n')).to.include('No budget');
    fill(reasons, 'Went quiet\n  Bought elsewhere  \n\n');
    button(el, 'Save', reasons.form!)!.click();
    await waitUntil(async () => (await pipelinesOf(site)).lostReasons.join() === 'Went quiet,Bought elsewhere');
  });
});
