import type { PublicSurvey, SurveyAnswerInput } from '../../server/schemas/surveys.ts';
import type { MessageKey } from '../internal/i18n.ts';

/** What the visitor has picked and typed so far. */
export interface Draft {
  score: number | null;
  choice: string[];
  /** "Other" is ticked (its text is `other`). */
  otherOn: boolean;
  other: string;
  comment: string;
}

export const emptyDraft = (): Draft => ({ score: null, choice: [], otherOn: false, other: '', comment: '' });

/** The scale of a rating survey: NPS 0–10, CSAT 1–5. */
export const scaleOf = (kind: PublicSurvey['kind']): number[] =>
  kind == 'nps' ? [...Array(11).keys()] : kind == 'csat' ? [1, 2, 3, 4, 5] : [];

/** Why the draft cannot be sent yet (a message key), or null: a score or a choice is needed; "Other" needs its text. */
export function draftProblem(def: PublicSurvey, d: Draft): MessageKey | null {
  if (def.kind != 'choice') return d.score === null ? 'survey.pick' : null;
  if (d.otherOn && !d.other.trim()) return 'survey.otherNeeded';
  return d.choice.length || d.otherOn ? null : 'survey.pick';
}

/** The answer fields of `POST /v1/surveys/:id/answers` for a draft (texts trimmed, empty ones left out). */
export function answerFields(
  def: PublicSurvey,
  d: Draft,
): Pick<SurveyAnswerInput, 'score' | 'choice' | 'other' | 'comment'> {
  const comment = def.why ? d.comment.trim() : '';
  const other = def.other && d.otherOn ? d.other.trim() : '';
  return {
    ...(def.kind != 'choice' ? { score: d.score! } : d.choice.length && { choice: d.choice }),
    ...(other && { other }),
    ...(comment && { comment }),
  };
}
