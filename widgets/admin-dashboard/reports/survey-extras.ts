import { html, nothing } from 'lit';
import type { ReportResponse } from '../../../server/schemas/reports.ts';
import { barChart } from './charts.ts';
import type { Formatter } from './columns.ts';

type SurveyRow = ReportResponse<'surveys'>['rows'][number];
type SurveyComment = ReportResponse<'surveys'>['comments'][number];

interface Labels {
  choiceShares: string;
  comments: string;
  /** The bar chart's accessible name. */
  bars: string;
  rtl: boolean;
  surveyName: (id: string) => string;
}

/**
 * The surveys report's choice shares per row and the "why" comments grouped by answer. Its own chunk, loaded when
 * the Surveys tab first opens, so the reports view stays under its budget. @public (used through a dynamic import)
 */
export function surveyExtras(rows: SurveyRow[], comments: SurveyComment[], fmt: Formatter, l: Labels) {
  const withChoices = rows.filter((r) => r.choices.length);
  const key = (r: SurveyRow) =>
    Object.values(r.key)
      .map((v) => v ?? '—')
      .join(' / ');
  return html`${
    withChoices.length
      ? html`<section class="choice-shares" aria-label=${l.choiceShares}><h3>${l.choiceShares}</h3>
        ${withChoices.map(
          (r) =>
            html`<h4 dir="auto">${key(r)}</h4>${barChart(
              r.choices.map((c) => ({
                label: c.label,
                value: c.share,
                text: `${fmt.format(c.share, 'rate')} (${fmt.format(c.answers, 'count')})`,
              })),
              { label: l.bars, rtl: l.rtl },
            )}`,
        )}</section>`
      : nothing
  }
    ${
      comments.length
        ? html`<section class="reasons" aria-label=${l.comments}><h3>${l.comments}</h3>
          ${comments.map(
            (g) => html`<h4 dir="auto">${l.surveyName(g.survey)} · ${g.label} (${fmt.format(g.answers, 'count')})</h4>
            <ul>${g.latest.map((c) => html`<li><span class="muted">${c.score ?? ''} · ${fmt.day(new Date(c.at).toISOString())}</span> <q dir="auto">${c.comment}</q></li>`)}</ul>`,
          )}
        </section>`
        : nothing
    }`;
}
