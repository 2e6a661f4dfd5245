import { z } from 'zod';
import { browserId, clientId, siteKey } from './events.ts';

export const surveyKinds = ['nps', 'csat', 'choice'] as const;
export const surveyKind = z.enum(surveyKinds);
export type SurveyKind = z.infer<typeof surveyKind>;
export const surveyTriggers = ['inline', 'purchase', 'visits', 'ticket_solved'] as const;
export const surveyTrigger = z.enum(surveyTriggers);
export type SurveyTrigger = z.infer<typeof surveyTrigger>;

/** A text per locale (en, ar, ur); at least one. */
export const localized = (max: number) =>
  z
    .object({
      en: z.string().trim().min(1).max(max).optional(),
      ar: z.string().trim().min(1).max(max).optional(),
      ur: z.string().trim().min(1).max(max).optional(),
    })
    .refine((t) => t.en !== undefined || t.ar !== undefined || t.ur !== undefined, 'a text in at least one locale');
export type Localized = z.infer<ReturnType<typeof localized>>;

export const choiceId = z.string().regex(/^[a-z0-9_-]{1,40}$/, 'a choice id: 1–40 of a-z, 0-9, _ and -');
export const surveyChoice = z.object({ id: choiceId, label: localized(200) });
export type SurveyChoice = z.infer<typeof surveyChoice>;

/** Score ranges by kind: NPS 0–10, CSAT 1–5; a choice question has no score. */
export const scoreRange: Record<SurveyKind, [number, number] | null> = { nps: [0, 10], csat: [1, 5], choice: null };

/** What the browser gets: `GET /v1/surveys/:id`, and the survey of `GET /v1/surveys/prompt`. */
export const publicSurvey = z.object({
  id: z.string(),
  kind: surveyKind,
  question: localized(500),
  choices: z.array(surveyChoice).optional(),
  multiple: z.boolean(),
  other: z.boolean(),
  why: z.boolean(),
  capDays: z.number().int(),
});
export type PublicSurvey = z.infer<typeof publicSurvey>;

export const surveyQuery = z.object({ site: siteKey });
export const surveyIdParam = z.object({ id: clientId.transform((id) => id.toLowerCase()) });

export const promptQuery = z.object({
  site: siteKey,
  visitor: browserId,
  /** The post-purchase email's `?ll_survey=` token. */
  token: z
    .string()
    .regex(/^[A-Za-z0-9_-]{16,100}$/)
    .optional(),
});
export const promptContexts = ['purchase', 'ticket', 'visits'] as const;
export const surveyPrompt = z.object({
  survey: publicSurvey.nullable(),
  token: z.string().optional(),
  context: z.enum(promptContexts).optional(),
});
export type SurveyPrompt = z.infer<typeof surveyPrompt>;

/** `POST /v1/surveys/:id/answers` body. Ranges by kind and choice ids are checked against the survey. */
export const surveyAnswerInput = z.object({
  site: siteKey,
  /** The answer's id (UUID): a resend is stored once. */
  id: clientId,
  visitor: browserId.optional(),
  session: browserId.optional(),
  score: z.number().int().min(0).max(10).optional(),
  choice: z.array(choiceId).min(1).max(50).optional(),
  other: z.string().trim().min(1).max(500).optional(),
  comment: z.string().trim().max(2000).optional(),
  token: promptQuery.shape.token,
  locale: z.enum(['en', 'ar', 'ur']).optional(),
});
export type SurveyAnswerInput = z.infer<typeof surveyAnswerInput>;
export const MAX_SURVEY_ANSWER_BYTES = 16 * 1024;

export const surveyDismissInput = z.object({ site: siteKey, visitor: browserId, token: promptQuery.shape.token });
export const MAX_SURVEY_DISMISS_BYTES = 1024;

export const surveyAnswered = z.object({ ok: z.literal(true) });

/** The fields of a survey definition, as stored and shown. */
const surveyShape = {
  name: z.string().trim().min(1).max(200),
  kind: surveyKind,
  question: localized(500),
  choices: z.array(surveyChoice).max(20),
  multiple: z.boolean(),
  other: z.boolean(),
  why: z.boolean(),
  trigger: surveyTrigger,
  /** Trigger `visits`: asked from this session of a known contact on. */
  visitsN: z.number().int().min(1).max(1000).nullable(),
  /** Never asked again (any survey) within this many days of an answer or a dismissal. */
  capDays: z.number().int().min(0).max(3650),
  active: z.boolean(),
};
export type SurveyDefinition = z.output<z.ZodObject<typeof surveyShape>>;

/** Rules between fields, for a whole definition (a created one, or a stored one with a patch applied). */
export function surveyIssues(s: SurveyDefinition): { path: string; message: string }[] {
  const issues: { path: string; message: string }[] = [];
  const issue = (path: string, message: string) => issues.push({ path, message });
  if (s.kind === 'choice' && s.choices.length < 2) issue('choices', 'a choice question needs at least two choices');
  if (s.kind !== 'choice' && s.choices.length) issue('choices', 'only a choice question has choices');
  if (new Set(s.choices.map((c) => c.id)).size !== s.choices.length) issue('choices', 'choice ids must be unique');
  if (s.trigger === 'visits' && !s.visitsN) issue('visitsN', 'the visits trigger needs visitsN');
  return issues;
}

/** `POST /v1/admin/surveys`. */
export const surveyInput = z.object({
  ...surveyShape,
  choices: surveyShape.choices.default([]),
  multiple: surveyShape.multiple.default(false),
  other: surveyShape.other.default(false),
  why: surveyShape.why.default(true),
  trigger: surveyShape.trigger.default('inline'),
  visitsN: surveyShape.visitsN.default(null),
  capDays: surveyShape.capDays.default(90),
  active: surveyShape.active.default(true),
});
/** `PATCH /v1/admin/surveys/:id`: the fields given change; the result is checked as a whole. */
export const surveyUpdate = z.object(surveyShape).partial();

export const adminSurvey = z.object({
  id: z.string(),
  ...surveyShape,
  /** How many answers it has. */
  answers: z.number(),
  createdAt: z.number(),
  updatedAt: z.number(),
});
export type AdminSurvey = z.infer<typeof adminSurvey>;
export const adminSurveyList = z.object({ surveys: z.array(adminSurvey) });

export const surveyAnswer = z.object({
  id: z.string(),
  surveyId: z.string(),
  contactId: z.string().nullable(),
  contactName: z.string().nullable(),
  contactEmail: z.string().nullable(),
  visitor: z.string().nullable(),
  score: z.number().nullable(),
  choices: z.array(z.string()),
  other: z.string().nullable(),
  comment: z.string().nullable(),
  source: z.string(),
  campaign: z.string().nullable(),
  purchaseId: z.string().nullable(),
  ticketId: z.string().nullable(),
  createdAt: z.number(),
});
export type SurveyAnswer = z.infer<typeof surveyAnswer>;
export const surveyAnswersQuery = z.object({
  /** Words of the comment or "other" text (all must appear). */
  q: z.string().trim().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** The previous page's `next`. */
  before: z
    .string()
    .regex(/^\d{1,15}_[0-9a-f-]{36}$/, 'not a cursor from a previous page')
    .optional(),
});
export const surveyAnswerList = z.object({ answers: z.array(surveyAnswer), next: z.string().nullable() });
export type SurveyAnswerList = z.infer<typeof surveyAnswerList>;
