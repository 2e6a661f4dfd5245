import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { asOwner, call, inView, realSite, shell, view } from '../admin-dashboard/admin-page.ts';
import '../../../widgets/support-chat/support-chat.ts';
import type { LeadlineChat } from '../../../widgets/support-chat/support-chat.ts';

/** Live means within a second of the write being answered. */
const within1s = (check: () => unknown, message: string) => waitUntil(check, message, { timeout: 1000, interval: 20 });
const slowly = (check: () => unknown, message: string) => waitUntil(check, message, { timeout: 8000 });

const publicPost = async (path: string, body: unknown, token?: string) =>
  (
    await fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', ...(token && { 'x-ticket-token': token }) },
      body: JSON.stringify(body),
    })
  ).json();

async function openTicket(siteKey: string, subject: string) {
  return publicPost('/v1/tickets', {
    site: siteKey,
    email: 'sara@example.com',
    name: 'Sara',
    subject,
    body: 'The shade is cracked.',
  }) as Promise<{ trackingNumber: string; token: string }>;
}

/** Stream answers that arrived (headers in, body still open): a test waits for one before it writes. */
const opened: string[] = [];
/** Paths the admin POSTed to (presence signals). */
const posted: string[] = [];
const browserFetch = window.fetch;
window.fetch = async (input, init) => {
  const res = await browserFetch(input, init);
  const url = String(input instanceof Request ? input.url : input);
  if (init?.method === 'POST') posted.push(new URL(url, location.href).pathname);
  if (res.headers.get('content-type')?.startsWith('text/event-stream')) opened.push(new URL(url).pathname);
  return res;
};
const streamOpen = (path: string) => slowly(() => opened.includes(path), `the stream ${path}`);

async function chatOnThread(siteKey: string, tn: string, token: string) {
  history.replaceState(null, '', `${location.pathname}#ll-ticket=${tn}~${token}`);
  const el = await fixture<LeadlineChat>(html`<leadline-chat site=${siteKey} api=${location.origin}></leadline-chat>`);
  const root = el.shadowRoot!;
  await slowly(() => root.querySelector('.message.visitor'), 'the thread');
  return { el, root };
}

describe('live updates', () => {
  beforeEach(() => {
    sessionStorage.clear();
    localStorage.clear();
    opened.length = 0;
    history.replaceState(null, '', location.pathname);
  });

  it("a visitor's new ticket and message appear in the open admin inbox within a second, with the header badge", async () => {
    const site = await realSite();
    const el = await asOwner(site, '#/tickets');
    await slowly(() => inView(el, '[role="status"]')?.textContent?.includes('0 open'), 'the empty inbox');
    await streamOpen('/v1/admin/stream');

    const created = await openTicket(site.siteKey, 'Lamp arrived broken');
    await within1s(() => view(el)!.textContent!.includes('Lamp arrived broken'), 'the new ticket in the list');
    await within1s(() => shell(el).querySelector('header .badge')?.textContent === '1', 'the badge');
    expect(shell(el).querySelector('header .badge')!.getAttribute('aria-label')).to.equal('1 waiting for a reply');

    inView<HTMLAnchorElement>(el, 'tbody a')!.click();
    await slowly(() => inView(el, 'ol.timeline li'), 'the thread');
    await publicPost(
      `/v1/tickets/${created.trackingNumber}/messages`,
      { site: site.siteKey, body: 'Any news about my lamp?' },
      created.token,
    );
    await within1s(
      () => view(el)!.querySelector('ol.timeline')!.textContent!.includes('Any news about my lamp?'),
      'the message in the open thread',
    );

    // Writing a public reply tells the visitor someone is replying (presence), once per 3 s at most.
    const reply = view(el)!.querySelector<HTMLTextAreaElement>('#reply')!;
    for (const text of ['O', 'On', 'On it']) ((reply.value = text), reply.dispatchEvent(new Event('input')));
    await slowly(() => posted.some((p) => p.endsWith('/typing')), 'the typing signal');
    expect(posted.filter((p) => p.endsWith('/typing'))).to.have.length(1);
  });

  it('the bell counts what arrived (and the tab title), lists it, and honours its switches', async () => {
    const site = await realSite();
    document.title = 'Shop admin';
    const el = await asOwner(site, '#/contacts');
    await streamOpen('/v1/admin/stream');
    const bell = () => shell(el).querySelector('leadline-admin-bell')!.shadowRoot!;
    await slowly(() => bell().querySelector('button'), 'the bell');
    const created = await openTicket(site.siteKey, 'Bell test');
    await within1s(() => bell().querySelector('button .badge')?.textContent === '1', 'one unread');
    expect(document.title).to.equal('(1) Shop admin');
    expect(bell().querySelector('button')!.getAttribute('aria-label')).to.equal('1 unread notifications');

    bell().querySelector<HTMLButtonElement>('button')!.click();
    await slowly(() => bell().querySelector('#bell-panel li'), 'the list');
    const link = bell().querySelector<HTMLAnchorElement>('#bell-panel li a')!;
    expect(link.textContent).to.equal(`New request ${created.trackingNumber}`);
    expect(link.getAttribute('href')).to.match(/^#\/tickets\/[0-9a-f-]{36}$/);
    await expect(el).to.be.accessible();
    // Leads switched off: a new lead does not ring.
    const leads = bell().querySelector<HTMLInputElement>('input[name="lead"]')!;
    leads.click();
    expect(leads.checked).to.equal(false);
    bell().querySelector<HTMLButtonElement>('button')!.click();
    await slowly(() => document.title === 'Shop admin', 'read: the title without a count');
    expect(bell().querySelector('button .badge')).to.equal(null);
    await publicPost('/v1/leads', {
      site: site.siteKey,
      form: 'contact',
      id: crypto.randomUUID(),
      fields: { name: 'Quiet Lead', email: 'quiet@example.com' },
      elapsedMs: 9000,
    });
    await publicPost(
      `/v1/tickets/${created.trackingNumber}/messages`,
      { site: site.siteKey, body: 'Hello again' },
      created.token,
    );
    await within1s(
      () => bell().querySelector('button .badge')?.textContent === '1',
      'the message rings, the lead does not',
    );
    // The lead still reached the contacts list.
    await within1s(() => view(el)!.querySelector('tbody')?.textContent?.includes('Quiet Lead'), 'the lead in the list');
    // The switch is the user's, on the server beside the email ones, not this browser's.
    const prefs = await call(site.adminToken, '/v1/admin/me/notifications');
    expect(prefs.inApp).to.deep.equal({
      new_lead: false,
      new_ticket: true,
      ticket_assigned: true,
      customer_reply: true,
      task_due: true,
    });
    expect(prefs.new_lead).to.equal(true);
  });

  it("the bell's switches follow the user: toggled, they hold after the admin is mounted again in a clean browser", async () => {
    const site = await realSite();
    const mountBell = async () => {
      sessionStorage.clear();
      localStorage.clear();
      const el = await asOwner(site, '#/contacts');
      const root = () => shell(el).querySelector('leadline-admin-bell')!.shadowRoot!;
      await slowly(() => root().querySelector('button'), 'the bell');
      root().querySelector<HTMLButtonElement>('button')!.click();
      await slowly(() => root().querySelector('#bell-panel input[name="message"]'), 'the switches');
      return { el, input: (name: string) => root().querySelector<HTMLInputElement>(`input[name="${name}"]`)! };
    };
    let bell = await mountBell();
    await slowly(() => bell.input('message').checked, 'on by default');
    bell.input('message').click();
    bell.input('task').click();
    await slowly(
      async () => (await call(site.adminToken, '/v1/admin/me/notifications')).inApp.task_due === false,
      'saved',
    );
    bell.el.remove();

    bell = await mountBell();
    await slowly(() => !bell.input('message').checked, 'still off after a re-mount');
    expect(bell.input('task').checked).to.equal(false);
    expect(bell.input('ticket').checked).to.equal(true);
    expect(bell.input('desktop').checked).to.equal(false);
    // On again, and it holds.
    bell.input('message').click();
    await slowly(async () => (await call(site.adminToken, '/v1/admin/me/notifications')).inApp.customer_reply, 'saved');
    bell.el.remove();
    bell = await mountBell();
    await slowly(() => bell.input('message').checked, 'on after a re-mount');
    expect(bell.input('task').checked).to.equal(false);
    await expect(bell.el).to.be.accessible();
  });

  it('a new lead appears in the open contacts list within a second', async () => {
    const site = await realSite();
    const el = await asOwner(site, '#/contacts');
    await slowly(() => view(el)?.querySelector('[role="status"]'), 'the contacts');
    await streamOpen('/v1/admin/stream');
    const id = crypto.randomUUID();
    await publicPost('/v1/leads', {
      site: site.siteKey,
      form: 'contact',
      id,
      fields: { name: 'Lee Live', email: 'lee@example.com' },
      elapsedMs: 9000,
    });
    await within1s(() => view(el)!.querySelector('tbody')?.textContent?.includes('Lee Live'), 'the new lead');
  });

  it('a staff reply appears in the open chat within a second; internal notes never do', async () => {
    const site = await realSite();
    const t = await openTicket(site.siteKey, 'Where is my order?');
    const { root } = await chatOnThread(site.siteKey, t.trackingNumber, t.token);
    await streamOpen(`/v1/tickets/${t.trackingNumber}/stream`);
    const { tickets } = await call(site.adminToken, '/v1/admin/tickets');
    await call(site.adminToken, `/v1/admin/tickets/${tickets[0].id}/messages`, 'POST', {
      body: 'Note: check the warehouse',
      internal: true,
    });
    await call(site.adminToken, `/v1/admin/tickets/${tickets[0].id}/messages`, 'POST', { body: 'It ships today.' });
    await within1s(() => root.querySelector('.message.staff p')?.textContent === 'It ships today.', 'the staff reply');
    expect(root.textContent).not.to.contain('warehouse');
    expect(root.querySelectorAll('.message.staff')).to.have.length(1);
  });

  it('shows "… is replying" while staff type, and the usual reply time', async () => {
    const site = await realSite();
    // Three answered requests make a usual reply time.
    for (const subject of ['One', 'Two', 'Three']) {
      await openTicket(site.siteKey, subject);
      const { tickets } = await call(site.adminToken, '/v1/admin/tickets?limit=1');
      await call(site.adminToken, `/v1/admin/tickets/${tickets[0].id}/messages`, 'POST', { body: 'Answered' });
    }
    const t = await openTicket(site.siteKey, 'Typing test');
    const { root } = await chatOnThread(site.siteKey, t.trackingNumber, t.token);
    await streamOpen(`/v1/tickets/${t.trackingNumber}/stream`);
    await slowly(
      () => root.querySelector('.usually')?.textContent === 'Usually replies in about 1 min',
      'the usual reply time',
    );
    const { tickets } = await call(site.adminToken, '/v1/admin/tickets?limit=1');
    const me = await call(site.adminToken, '/v1/admin/me');
    const first = me.user.name.split(' ')[0];
    await fetch(`/v1/admin/tickets/${tickets[0].id}/typing`, {
      method: 'POST',
      headers: { authorization: `Bearer ${site.adminToken}` },
    });
    await within1s(() => root.querySelector('.typing')?.textContent === `${first} is replying…`, 'the typing line');
    await call(site.adminToken, `/v1/admin/tickets/${tickets[0].id}/messages`, 'POST', { body: 'Here it is.' });
    await within1s(() => root.querySelector('.message.staff p')?.textContent === 'Here it is.', 'the reply');
    expect(root.querySelector('.typing')!.textContent).to.equal('');
  });

  it('latency: a message reaches the open admin thread, and a reply the open chat, in under 1 s at the median of 20', async () => {
    const site = await realSite();
    // 20 visitor messages in a few seconds: above the default 20 a minute per address.
    await call(site.adminToken, '/v1/admin/settings', 'PATCH', { rateLimits: { messages: 200 } });
    const t = await openTicket(site.siteKey, 'Latency');
    const { tickets } = await call(site.adminToken, '/v1/admin/tickets?limit=1');
    const el = await asOwner(site, `#/tickets/${tickets[0].id}`);
    await slowly(() => inView(el, 'ol.timeline li'), 'the thread');
    await streamOpen('/v1/admin/stream');
    const { root } = await chatOnThread(site.siteKey, t.trackingNumber, t.token);
    await streamOpen(`/v1/tickets/${t.trackingNumber}/stream`);

    /** Milliseconds from just before the write is sent until `shows()` holds (checked every 5 ms). */
    const timed = async (write: () => Promise<unknown>, shows: () => boolean, what: string) => {
      const start = performance.now();
      await write();
      await waitUntil(shows, what, { timeout: 5000, interval: 5 });
      return performance.now() - start;
    };
    const median = (ms: number[]) => {
      const s = [...ms].sort((a, b) => a - b);
      return (s[9]! + s[10]!) / 2;
    };
    const toAdmin: number[] = [];
    const toChat: number[] = [];
    for (let i = 1; i <= 20; i++) {
      toAdmin.push(
        await timed(
          () =>
            publicPost(
              `/v1/tickets/${t.trackingNumber}/messages`,
              { site: site.siteKey, body: `Visitor ${i}.` },
              t.token,
            ),
          () => !!view(el)?.querySelector('ol.timeline')?.textContent?.includes(`Visitor ${i}.`),
          `visitor message ${i} in the admin`,
        ),
      );
      toChat.push(
        await timed(
          () => call(site.adminToken, `/v1/admin/tickets/${tickets[0].id}/messages`, 'POST', { body: `Staff ${i}.` }),
          () => [...root.querySelectorAll('.message.staff p')].some((p) => p.textContent === `Staff ${i}.`),
          `staff reply ${i} in the chat`,
        ),
      );
    }
    const [admin, chat] = [median(toAdmin), median(toChat)];
    console.log(
      `live latency, median of 20: visitor → admin ${admin.toFixed(0)} ms, staff → chat ${chat.toFixed(0)} ms`,
    );
    expect(toAdmin).to.have.length(20);
    expect(toChat).to.have.length(20);
    expect(admin).to.be.below(1000);
    expect(chat).to.be.below(1000);
  });

  it('the chat falls back to polling when the stream cannot be had', async () => {
    const site = await realSite();
    const t = await openTicket(site.siteKey, 'Refund please');
    const realFetch = window.fetch;
    let refused = 0;
    window.fetch = (input, init) => {
      if (String(input instanceof Request ? input.url : input).includes('/stream'))
        return (refused++, Promise.resolve(new Response('{}', { status: 503 })));
      return realFetch(input, init);
    };
    try {
      const { root } = await chatOnThread(site.siteKey, t.trackingNumber, t.token);
      const { tickets } = await call(site.adminToken, '/v1/admin/tickets');
      await call(site.adminToken, `/v1/admin/tickets/${tickets[0].id}/messages`, 'POST', { body: 'Refunded.' });
      await slowly(() => root.querySelector('.message.staff p')?.textContent === 'Refunded.', 'the reply, by polling');
      expect(refused).to.be.greaterThan(0);
    } finally {
      window.fetch = realFetch;
    }
  });
});
