import { html, nothing, type TemplateResult } from 'lit';
import type { Stage, TimelinePage } from '../../../server/schemas/contacts.ts';
import type { AdminElement } from '../admin-element.ts';

type TimelineItem = TimelinePage['items'][number];

/** One timeline item in words (the contact page's and the company page's timelines). */
export function describeItem(
  el: AdminElement,
  i: TimelineItem,
  fieldLabel: (key: string) => TemplateResult = (key) => el.bdi(key),
): TemplateResult {
  const d = i.data as Record<string, string | number | undefined>;
  switch (i.kind) {
    case 'event':
      return html`${el.ah('timeline.event', {
        type: el.codeLabel('event', d.type),
        name: (d.name ?? d.title) ? el.bdi(d.name ?? d.title) : '',
      })}
        <bdi class="muted url" dir="ltr">${d.url ?? ''}</bdi>`;
    case 'form_submit':
      return html`${el.ah('timeline.form_submit', { name: el.bdi(d.name) })}${d.fields ? html`<div class="muted">${Object.entries(d.fields as unknown as Record<string, unknown>).map(([k, v]) => html`<div>${fieldLabel(k)}: ${el.bdi(v)}</div>`)}</div>` : nothing}`;
    case 'activity':
      return html`<strong>${el.a(`activity.${d.kind as 'call'}`)}</strong>${d.subject ? html` — ${el.bdi(d.subject)}` : nothing}${d.outcome ? html` · ${el.bdi(d.outcome)}` : nothing}${d.body ? html`<div dir="auto">${d.body}</div>` : nothing}`;
    case 'stage_change':
      return html`${el.a('timeline.stage_change', { from: d.from ? el.a(`stage.${d.from as Stage}`) : '—', to: el.a(`stage.${d.to as Stage}`) })} <span class="muted">(${el.codeLabel('reason', d.reason)})</span>`;
    case 'ticket':
      return el.ah('timeline.ticket', {
        number: el.trackingNumber(String(d.trackingNumber)),
        subject: el.bdi(d.subject),
      });
    case 'purchase':
      return html`${el.ah('timeline.purchase', { quantity: el.number(Number(d.quantity)), product: el.bdi(d.productName) })} · ${el.money(Number(d.unitPrice) * Number(d.quantity), String(d.currency))}`;
    case 'survey_answer': {
      const chosen = [...((i.data.choices as string[] | undefined) ?? []), ...(d.other ? [String(d.other)] : [])];
      return html`${el.ah('timeline.survey_answer', { survey: el.bdi(d.survey) })}${d.score != null ? html` · <strong>${el.number(Number(d.score))}</strong>` : nothing}${chosen.length ? html` · ${el.bdi(chosen.join(', '))}` : nothing}${d.comment ? html`: ${el.bdi(d.comment)}` : nothing}`;
    }
    default:
      return html`${el.a('timeline.feedback')}${d.comment ? html`: ${el.bdi(d.comment)}` : nothing}`;
  }
}
