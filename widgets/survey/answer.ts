import type { MessageKey } from '../internal/i18n.ts';

/** A survey as `GET /v1/surveys/:id` and the prompt answer it (the fields the widget reads). */
export interface SurveyDefinition {
  id: string;
  kind: 'nps' | 'csat' | 'choice';
  question: Partial<Record<'en' | 'ar' | 'ur', string>>;
  choices?: { id: string; label: Partial<Record<'en' | 'ar' | 'ur', string>> }[];
  multiple: boolean;
  other: boolean;
  why: boolean;
  capDays: number;
}

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
export const scaleOf = (kind: SurveyDefinition['kind']): number[] =>
  kind == 'nps' ? [...Array(11).keys()] : kind == 'csat' ? [1, 2, 3, 4, 5] : [];

/** Why the draft cannot be sent yet (a message key), or null: a score or a choice is needed; "Other" needs its text. */
export function draftProblem(def: SurveyDefinition, d: Draft): MessageKey | null {
  if (def.kind != 'choice') return d.score === null ? 'survey.pick' : null;
  if (d.otherOn && !d.other.trim()) return 'survey.otherNeeded';
  return d.choice.length || d.otherOn ? null : 'survey.pick';
}

/** The answer fields of `POST /v1/surveys/:id/answers` for a draft (texts trimmed, empty ones left out). */
export function answerFields(
  def: SurveyDefinition,
  d: Draft,
): { score?: number; choice?: string[]; other?: string; comment?: string } {
  const comment = def.why ? d.comment.trim() : '';
  const other = def.other && d.otherOn ? d.other.trim() : '';
  return {
    ...(def.kind != 'choice' ? { score: d.score! } : d.choice.length && { choice: d.choice }),
    ...(other && { other }),
    ...(comment && { comment }),
  };
}
