/**
 * Captures submissions of existing site forms marked `<form data-ll-form="name">`
 * as leads, without the widget: on submit, a copy of the fields goes to
 * `POST /v1/leads` (keepalive, so a navigation does not cancel it) and the
 * form carries on as it always did. embed.js loads this chunk only when such a
 * form is on the page. No Lit.
 *
 * Never sent: passwords, hidden and file inputs, and anything that looks like
 * payment or identity data (card numbers, CVV, IBAN, SSN).
 */
import { embedContext } from '../internal/embed-context.ts';

const sensitive = /pass|card|cc-?|cvv|cvc|iban|ssn|social.?security|secret|token|captcha/i;

/** A site's field name as a Leadline field name: email, name, phone, company, message, or a cleaned custom name. */
export function fieldNameOf(el: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement): string | null {
  const raw = el.name || el.id;
  if (!raw) return null;
  if (el.type === 'email' || /e-?mail/i.test(raw)) return 'email';
  if (el.type === 'tel' || /phone|mobile|tel\b/i.test(raw)) return 'phone';
  if (/^(full[_-]?)?name$|^your[_-]?name$/i.test(raw)) return 'name';
  if (/company|organi[sz]ation|business/i.test(raw)) return 'company';
  if (el instanceof HTMLTextAreaElement || /message|comment|enquiry|inquiry/i.test(raw)) return 'message';
  const clean = raw
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^[^a-z]+|_+$/g, '')
    .slice(0, 40);
  return clean || null;
}

/** The fields worth keeping from a form, by Leadline field name. */
export function captureFields(form: HTMLFormElement): Record<string, string | boolean> {
  const out: Record<string, string | boolean> = {};
  for (const el of Array.from(form.elements) as (HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement)[]) {
    if (
      !('value' in el) ||
      el.disabled ||
      ['password', 'hidden', 'file', 'submit', 'button', 'reset', 'image'].includes(el.type)
    )
      continue;
    if (sensitive.test(`${el.name} ${el.id} ${el.getAttribute('autocomplete') ?? ''}`)) continue;
    const name = fieldNameOf(el);
    if (!name || Object.keys(out).length >= 40) continue;
    if (el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio')) {
      if (el.type === 'checkbox' && !el.value.match(/^(on|true|1|yes)$/i)) {
        if (el.checked) out[name] = el.value.slice(0, 1000);
      } else if (el.type === 'checkbox') out[name] = el.checked;
      else if (el.checked) out[name] = el.value.slice(0, 1000);
      continue;
    }
    const v = el.value.trim();
    if (v) out[name] = v.slice(0, name === 'message' ? 5000 : 1000);
  }
  if (typeof out.name !== 'string') {
    const first = form.querySelector<HTMLInputElement>('[name*="first" i]')?.value.trim();
    const last = form.querySelector<HTMLInputElement>('[name*="last" i]')?.value.trim();
    if (first || last) out.name = [first, last].filter(Boolean).join(' ');
  }
  return out;
}

function onSubmit(e: Event): void {
  const form = e.target;
  if (!(form instanceof HTMLFormElement) || !form.dataset.llForm) return;
  const { site, api } = embedContext();
  if (!site || !api) return;
  const fields = captureFields(form);
  if (typeof fields.email !== 'string' && typeof fields.phone !== 'string') return;
  const [visitor, session] = (window.leadline?.ids?.() ?? []) as (string | undefined)[];
  const body = {
    site,
    form: form.dataset.llForm
      .toLowerCase()
      .replace(/[^a-z0-9_-]+/g, '-')
      .slice(0, 40),
    id: crypto.randomUUID(),
    url: location.href.split('#')[0],
    fields,
    // Time on the page: the server treats sends faster than a person could as a bot's.
    elapsedMs: Math.round(performance.now()),
    ...(visitor && { visitor }),
    ...(session && { session }),
  };
  fetch(`${api}/v1/leads`, { method: 'POST', body: JSON.stringify(body), keepalive: true, credentials: 'omit' }).catch(
    () => {},
  );
}

document.addEventListener('submit', onSubmit, true);
