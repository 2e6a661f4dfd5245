import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../app-env.ts';
import { auditIfChanged, auditStatement } from '../db/audit.ts';
import { ApiError } from '../errors.ts';
import { can } from '../middleware/roles.ts';
import { validate } from '../middleware/validate.ts';
import {
  adminSurvey,
  adminSurveyList,
  surveyAnswerList,
  surveyAnswersQuery,
  surveyIdParam,
  surveyInput,
  surveyIssues,
  surveyUpdate,
  type AdminSurvey,
  type SurveyDefinition,
} from '../schemas/surveys.ts';
import {
  adminSurveyOf,
  deleteSurvey,
  findSurvey,
  insertSurvey,
  listAnswers,
  listSurveys,
  updateSurvey,
  type Survey,
} from '../surveys/surveys.ts';
import { routeDoc } from './route-doc.ts';

const doc = routeDoc('admin: surveys');

/** The signed-in site's survey of `:id` (inactive ones included), else 404. */
async function surveyParam(c: Context<AppEnv>, id: string): Promise<Survey> {
  const survey = await findSurvey(c.var.deps.db, c.var.auth.site.id, id, true);
  if (!survey) throw new ApiError(404, 'not_found', 'no such survey');
  return survey;
}

function checked(s: SurveyDefinition): SurveyDefinition {
  const issues = surveyIssues(s);
  if (issues.length)
    throw new ApiError(400, 'validation_failed', issues.map((i) => i.message).join('; '), {
      cause: new z.ZodError(issues.map((i) => ({ code: 'custom', path: [i.path], message: i.message, input: null }))),
    });
  return s;
}

const answerCount = async (c: Context<AppEnv>, id: string) =>
  Number(
    (await c.var.deps.db.execute({ sql: 'SELECT count(*) AS n FROM survey_answers WHERE survey_id = ?', args: [id] }))
      .rows[0]!.n,
  );

/**
 * Survey definitions (owners and reps write, viewers read; every change audited) and their answers with a
 * comment search.
 */
export const adminSurveyRoutes = () =>
  new Hono<AppEnv>()
    .get(
      '/v1/admin/surveys',
      doc('The site’s surveys with their answer counts', adminSurveyList),
      can.read,
      async (c) => c.json({ surveys: await listSurveys(c.var.deps.db, c.var.auth.site.id) }),
    )
    .post(
      '/v1/admin/surveys',
      doc('Create a survey', adminSurvey, { status: 201 }),
      can.write,
      validate('json', surveyInput),
      async (c) => {
        const s = checked(c.req.valid('json'));
        const { site, userId } = c.var.auth;
        const id = crypto.randomUUID();
        const now = Date.now();
        await c.var.deps.writes.run([
          insertSurvey(site.id, id, s, now),
          auditStatement(site.id, userId, 'survey.create', id, { name: s.name, kind: s.kind, trigger: s.trigger }, now),
        ]);
        return c.json<AdminSurvey>(
          adminSurveyOf({ ...s, id, siteId: site.id, createdAt: now, updatedAt: now }, 0),
          201,
        );
      },
    )
    .get(
      '/v1/admin/surveys/:id',
      doc('A survey', adminSurvey),
      can.read,
      validate('param', surveyIdParam),
      async (c) => {
        const survey = await surveyParam(c, c.req.valid('param').id);
        return c.json<AdminSurvey>(adminSurveyOf(survey, await answerCount(c, survey.id)));
      },
    )
    .patch(
      '/v1/admin/surveys/:id',
      doc('Change a survey (the fields given)', adminSurvey, {
        description: 'The result is checked as a whole; a concurrent change of the same survey answers 409.',
      }),
      can.write,
      validate('param', surveyIdParam),
      validate('json', surveyUpdate),
      async (c) => {
        const survey = await surveyParam(c, c.req.valid('param').id);
        const patch = c.req.valid('json');
        const next = checked({ ...survey, ...patch });
        const { site, userId } = c.var.auth;
        const now = Math.max(Date.now(), survey.updatedAt + 1);
        const [updated] = await c.var.deps.writes.run([
          updateSurvey(survey, next, now),
          auditIfChanged(site.id, userId, 'survey.update', survey.id, { fields: Object.keys(patch) }, now),
        ]);
        if (!updated!.rowsAffected) throw new ApiError(409, 'conflict', 'the survey was changed meanwhile, reload it');
        return c.json<AdminSurvey>(
          adminSurveyOf({ ...survey, ...next, updatedAt: now }, await answerCount(c, survey.id)),
        );
      },
    )
    .delete(
      '/v1/admin/surveys/:id',
      doc('Delete a survey', undefined, {
        status: 204,
        description: 'A survey with answers is kept for the reports and deactivated instead.',
      }),
      can.write,
      validate('param', surveyIdParam),
      async (c) => {
        const survey = await surveyParam(c, c.req.valid('param').id);
        const { site, userId } = c.var.auth;
        await c.var.deps.writes.run([
          ...deleteSurvey(survey),
          auditStatement(site.id, userId, 'survey.delete', survey.id, { name: survey.name }),
        ]);
        return c.body(null, 204);
      },
    )
    .get(
      '/v1/admin/surveys/:id/answers',
      doc('A survey’s answers, newest first', surveyAnswerList, {
        description: '`q`: words that must all appear in the comment or the “other” text. Cursor: `before` = `next`.',
      }),
      can.read,
      validate('param', surveyIdParam),
      validate('query', surveyAnswersQuery),
      async (c) => {
        const survey = await surveyParam(c, c.req.valid('param').id);
        return c.json(await listAnswers(c.var.deps.db, survey, c.req.valid('query')));
      },
    );
