import { html } from 'lit';
import { apiRequest } from '../../internal/api.ts';
import type { LeadlineChat } from '../support-chat.ts';

/** Asks for the links; whether any request exists is never shown on the page. */
async function findTickets(c: LeadlineChat, email: string): Promise<void> {
  c.busy = true;
  try {
    await apiRequest(c.apiBase, '/v1/tickets/find', { body: { site: c.siteKey, email, locale: c.activeLocale } });
    c.findSent = true;
  } catch (e) {
    c.fail(e);
  } finally {
    c.busy = false;
  }
}

/** "Find my request": an email address; the links go there, never onto this page. */
export function renderFind(c: LeadlineChat) {
  if (c.findSent) return html`<p role="status" class="notice" tabindex="-1" data-autofocus>${c.t('chat.findSent')}</p>`;
  return html`<form novalidate @submit=${(e: Event) => {
    e.preventDefault();
    const input = (e.target as HTMLFormElement).querySelector('input')!;
    if (input.checkValidity() && input.value.trim()) void findTickets(c, input.value.trim());
    else input.setAttribute('aria-invalid', 'true');
  }}>
    <h3 tabindex="-1" data-autofocus>${c.t('chat.find')}</h3>
    <p>${c.t('chat.findHelp')}</p>
    <div class="field"><label for="t-find">${c.t('field.email')}</label><input id="t-find" type="email" required dir="ltr" autocomplete="email" /></div>
    <button part="button" class="primary" type="submit" ?disabled=${c.busy}>${c.t('chat.findSend')}</button>
  </form>`;
}
