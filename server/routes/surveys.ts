import { Hono, type Context } from 'hono';
import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { describeRoute, resolver } from 'hono-openapi';
import { z } from 'zod';
import type { AppEnv } from '../app-env.ts';
import type { SiteCache } from '../db/site-cache.ts';
import type { Site } from '../db/sites.ts';
import { ApiError } from '../errors.ts';
import { publicBody, readBounded, tooLarge } from '../middleware/public-body.ts';
import { validate } from '../middleware/validate.ts';
import { enforceLimit, type RateLimiter } from '../rate-limit.ts';
import type { Locale } from '../schemas/config.ts';
import { errorBody } from '../schemas/errors.ts';
import {
  MAX_SURVEY_ANSWER_BYTES,
  MAX_SURVEY_DISMISS_BYTES,
  promptQuery,
  publicSurvey as publicSurveySchema,
  surveyAnswered,
  surveyAnswerInput,
  surveyDismissInput,
  surveyIdParam,
  surveyPrompt as surveyPromptSchema,
  surveyQuery,
  type PublicSurvey,
  type SurveyPrompt,
} from '../schemas/surveys.ts';
import { publicSite } from '../site-access.ts';
import {
  answerProblems,
  answerStatements,
  contactOfBrowser,
  dismissStatement,
  findLink,
  linkUsed,
} from '../surveys/answers.ts';
import { unsubscribe } from '../surveys/email.ts';
import { surveyPrompt } from '../surveys/prompt.ts';
import { findSurvey, publicSurvey, type Survey } from '../surveys/surveys.ts';
import { clientInfo, isBotAgent } from '../tracking/client-info.ts';

const json = (schema: z.ZodType) => ({ 'application/json': { schema: resolver(schema) } });
const errors = {
  400: { description: 'Invalid input', content: json(errorBody) },
  404: { description: 'Unknown or inactive survey of this site', content: json(errorBody) },
  429: { description: 'Too many answers', content: json(errorBody) },
};

/** The site's active survey of `:id` (another site's id is a 404 like an unknown one). */
async function surveyOf(c: Context<AppEnv>, site: Site, id: string): Promise<Survey> {
  const survey = await findSurvey(c.var.deps.db, site.id, id);
  if (!survey) throw new ApiError(404, 'not_found', 'no such survey');
  return survey;
}

/** Answers and dismissals count against the site's feedback limit, per client address. */
async function limit(c: Context<AppEnv>, site: Site, limiter: RateLimiter): Promise<boolean> {
  const client = clientInfo(c);
  await enforceLimit(limiter, `survey|${site.id}|${client.ip ?? 'unknown'}`, site.settings.rateLimits.feedback);
  return !isBotAgent(client.userAgent);
}

const invalid = (problems: { path: string; message: string }[]) =>
  new ApiError(400, 'validation_failed', problems.map((p) => p.message).join('; '), {
    cause: new z.ZodError(problems.map((p) => ({ code: 'custom', path: [p.path], message: p.message, input: null }))),
  });

/** The one-click unsubscribe body (`List-Unsubscribe=One-Click`) is tiny. */
const MAX_UNSUBSCRIBE_BYTES = 1024;
const unsubscribeQuery = z.object({
  t: promptQuery.shape.token.unwrap(),
  l: z.enum(['en', 'ar', 'ur']).catch('en'),
});
const unsubscribeText: Record<Locale, { ask: string; button: string; done: string; unknown: string }> = {
  en: {
    ask: 'Stop receiving survey emails from this site?',
    button: 'Unsubscribe',
    done: 'You will not receive survey emails from this site any more.',
    unknown: 'This link is not valid any more.',
  },
  ar: {
    ask: 'هل تريد إيقاف رسائل الاستبيانات من هذا الموقع؟',
    button: 'إلغاء الاشتراك',
    done: 'لن تصلك رسائل استبيانات من هذا الموقع بعد الآن.',
    unknown: 'هذا الرابط لم يعد صالحًا.',
  },
  ur: {
    ask: 'کیا آپ اس سائٹ سے سروے کی ای میلز بند کرنا چاہتے ہیں؟',
    button: 'ان سبسکرائب کریں',
    done: 'آپ کو اس سائٹ سے سروے کی ای میلز اب نہیں آئیں گی۔',
    unknown: 'یہ لنک اب درست نہیں۔',
  },
};
/** A minimal page in the email's language; every value escaped by hono/html. */
const page = (locale: Locale, body: HtmlEscapedString | Promise<HtmlEscapedString>) =>
  html`<!doctype html><html lang="${locale}" dir="${locale === 'en' ? 'ltr' : 'rtl'}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">
<title>Leadline</title></head>
<body style="font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem">${body}</body></html>`;

/**
 * The public side of surveys, for `<leadline-survey>`: a survey's question, the one survey a browser should be
 * asked now (the trigger rules and caps of server/surveys/prompt.ts), answers and dismissals.
 */
export const surveyRoutes = (sites: SiteCache, limiter: RateLimiter) =>
  new Hono<AppEnv>()
    // Before `/:id`: `unsubscribe` and `prompt` are not survey ids.
    // A page with a button, not a change: mail scanners open links; mail clients' one-click POST is RFC 8058's.
    .get(
      '/v1/surveys/unsubscribe',
      describeRoute({
        tags: ['public'],
        summary: 'The unsubscribe page of a survey email (a button that posts)',
        responses: { 200: { description: 'HTML page' } },
      }),
      validate('query', unsubscribeQuery),
      (c) => {
        const { t, l } = c.req.valid('query');
        const words = unsubscribeText[l];
        const action = `?t=${encodeURIComponent(t)}&l=${l}`;
        return c.html(
          page(
            l,
            html`<p>${words.ask}</p><form method="post" action="${action}"><button>${words.button}</button></form>`,
          ),
        );
      },
    )
    .post(
      '/v1/surveys/unsubscribe',
      describeRoute({
        tags: ['public'],
        summary: 'Unsubscribe from survey emails (the email’s link, or its List-Unsubscribe one-click POST)',
        description:
          'The address is never sent a survey email again; its pending ones are cancelled. The body, if any, is a ' +
          'form (`List-Unsubscribe=One-Click`) of at most 1 KB and is not needed.',
        responses: { 200: { description: 'HTML page' }, 404: { description: 'Unknown link (HTML page)' } },
      }),
      validate('query', unsubscribeQuery),
      async (c) => {
        const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
        if (type && type !== 'application/x-www-form-urlencoded' && type !== 'text/plain')
          throw new ApiError(415, 'unsupported_media_type', 'send the form as application/x-www-form-urlencoded');
        if (Number(c.req.header('content-length') ?? 0) > MAX_UNSUBSCRIBE_BYTES) throw tooLarge(MAX_UNSUBSCRIBE_BYTES);
        await readBounded(c.req.raw.body, MAX_UNSUBSCRIBE_BYTES);
        const { t, l } = c.req.valid('query');
        const statements = await unsubscribe(c.var.deps.db, t);
        if (statements) await c.var.deps.writes.run(statements);
        const words = unsubscribeText[l];
        return c.html(page(l, html`<p>${statements ? words.done : words.unknown}</p>`), statements ? 200 : 404);
      },
    )
    .get(
      '/v1/surveys/prompt',
      describeRoute({
        tags: ['public'],
        summary: 'The survey to show this browser now, if any',
        description:
          'At most one triggered survey: a valid unused post-purchase link (`token`, from `?ll_survey=`), else a ' +
          '`ticket_solved` survey after a ticket solved in the last 14 days, else a `visits` survey from the ' +
          'contact’s Nth session. Never during a chat, never within the survey’s `capDays` of an answer or a ' +
          'dismissal of this browser or contact.',
        responses: { 200: { description: 'The survey or null', content: json(surveyPromptSchema) }, ...errors },
      }),
      validate('query', promptQuery),
      async (c) => {
        const q = c.req.valid('query');
        const { site } = await publicSite(c, sites, q.site);
        c.header('Cache-Control', 'no-store');
        return c.json<SurveyPrompt>(await surveyPrompt(c.var.deps.db, site.id, q.visitor, q.token, Date.now()));
      },
    )
    .get(
      '/v1/surveys/:id',
      describeRoute({
        tags: ['public'],
        summary: 'A survey’s question, for an inline `<leadline-survey survey="ID">`',
        responses: { 200: { description: 'The survey', content: json(publicSurveySchema) }, ...errors },
      }),
      validate('param', surveyIdParam),
      validate('query', surveyQuery),
      async (c) => {
        const { site } = await publicSite(c, sites, c.req.valid('query').site);
        const survey = await surveyOf(c, site, c.req.valid('param').id);
        c.header('Cache-Control', 'public, max-age=60');
        return c.json<PublicSurvey>(publicSurvey(survey));
      },
    )
    .post(
      '/v1/surveys/:id/answers',
      describeRoute({
        tags: ['public'],
        summary: 'Answer a survey',
        description:
          'Idempotent by `id`. Scores by kind (NPS 0–10, CSAT 1–5); choice ids must be the survey’s, one unless ' +
          '`multiple`. A post-purchase link (`token`) answers once: another answer through it is a 409. Stored with ' +
          'the browser’s contact (or the browser, joined to the contact when it becomes known) and its session’s ' +
          'attribution; a `survey.answered` webhook follows.',
        responses: {
          201: { description: 'Stored', content: json(surveyAnswered) },
          409: { description: 'The link was used already', content: json(errorBody) },
          ...errors,
        },
      }),
      validate('param', surveyIdParam),
      publicBody(surveyAnswerInput, MAX_SURVEY_ANSWER_BYTES),
      async (c) => {
        const answer = c.req.valid('json');
        const { db, writes } = c.var.deps;
        const { site } = await publicSite(c, sites, answer.site);
        const survey = await surveyOf(c, site, c.req.valid('param').id);
        if (!(await limit(c, site, limiter))) return c.json({ ok: true as const }, 201);
        const { rows } = await db.execute({
          sql: 'SELECT 1 FROM survey_answers WHERE id = ?',
          args: [answer.id.toLowerCase()],
        });
        if (rows.length) return c.json({ ok: true as const }, 201);
        const problems = answerProblems(survey, answer);
        if (problems.length) throw invalid(problems);
        const link = answer.token ? await findLink(db, site.id, answer.token) : null;
        if (answer.token && link?.surveyId !== survey.id)
          throw new ApiError(404, 'not_found', 'this survey link is not known');
        if (link && (await linkUsed(db, link)))
          throw new ApiError(409, 'conflict', 'this survey link was answered already');
        const who = { visitor: answer.visitor ?? null, contactId: await contactOfBrowser(db, site.id, answer.visitor) };
        await writes.run(answerStatements(survey, answer, who, link, Date.now()));
        return c.json({ ok: true as const }, 201);
      },
    )
    .post(
      '/v1/surveys/:id/dismiss',
      describeRoute({
        tags: ['public'],
        summary: 'Dismiss a survey (“not now”)',
        description: 'Stores no answer; counts for the frequency cap of this browser and its contact.',
        responses: { 204: { description: 'Dismissed' }, ...errors },
      }),
      validate('param', surveyIdParam),
      publicBody(surveyDismissInput, MAX_SURVEY_DISMISS_BYTES),
      async (c) => {
        const body = c.req.valid('json');
        const { db, writes } = c.var.deps;
        const { site } = await publicSite(c, sites, body.site);
        const survey = await surveyOf(c, site, c.req.valid('param').id);
        if (!(await limit(c, site, limiter))) return c.body(null, 204);
        const link = body.token ? await findLink(db, site.id, body.token) : null;
        const contactId = await contactOfBrowser(db, site.id, body.visitor);
        const now = Date.now();
        await writes.run([
          dismissStatement(
            survey,
            { visitor: body.visitor, contactId },
            link?.surveyId === survey.id ? link : null,
            now,
          ),
        ]);
        return c.body(null, 204);
      },
    );
