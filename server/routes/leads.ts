import { Hono, type Context } from 'hono';
import { describeRoute, resolver } from 'hono-openapi';
import { z } from 'zod';
import type { AppEnv } from '../app-env.ts';
import { findForm } from '../db/forms.ts';
import { leadContactSql, leadStatements, splitLeadFields } from '../contacts/leads.ts';
import type { SiteCache } from '../db/site-cache.ts';
import type { Site } from '../db/sites.ts';
import { ApiError } from '../errors.ts';
import { publicBody, readBounded } from '../middleware/public-body.ts';
import { verifyTurnstile } from '../auth/turnstile.ts';
import { enforceLimit, rateLimitsOf, type RateLimiter } from '../rate-limit.ts';
import { errorBody } from '../schemas/errors.ts';
import { capturedFields, submissionSchema } from '../schemas/forms.ts';
import {
  leadAccepted,
  leadInput,
  MAX_LEAD_BYTES,
  MIN_FILL_MS,
  type LeadAccepted,
  type LeadInput,
} from '../schemas/leads.ts';
import { publicSite } from '../site-access.ts';
import { clientInfo, isBotAgent } from '../tracking/client-info.ts';
import { adminLink } from '../email/links.ts';
import { repNotification } from '../email/outbox.ts';
import { publishLead } from '../live/publish.ts';

/** Leads a minute from one address to one site: enough for people, not for scripts. */

/**
 * Validates and stores one submission. Bots (honeypot filled, sent faster than
 * a person could, bot user agents) get the same success and nothing is stored.
 */
async function acceptLead(c: Context<AppEnv>, site: Site, lead: LeadInput, limiter: RateLimiter): Promise<void> {
  const { db, writes } = c.var.deps;
  const client = clientInfo(c);
  await enforceLimit(
    limiter,
    `lead|${site.id}|${client.ip ?? 'unknown'}`,
    rateLimitsOf(site.settings).leads,
    'too many submissions',
  );
  if (lead.hp || (lead.elapsedMs !== undefined && lead.elapsedMs < MIN_FILL_MS) || isBotAgent(client.userAgent)) return;
  // A resend of a stored submission is answered as before, without a second (single-use) Turnstile check.
  const { rows } = await db.execute({
    sql: 'SELECT 1 FROM lead_submissions WHERE id = ?',
    args: [lead.id.toLowerCase()],
  });
  if (rows.length) return;
  const secret = site.settings.turnstileSecret;
  if (secret) {
    const passed = lead.turnstileToken
      ? await verifyTurnstile(secret, lead.turnstileToken, c.var.deps.turnstileVerifyUrl)
      : false;
    if (passed === false) throw new ApiError(403, 'forbidden', 'the human check did not pass, try again');
    if (passed === null)
      (c.var.deps.log ?? console.error)('Turnstile could not be reached; the lead is kept unverified');
  }

  const definition = await findForm(db, site.id, lead.form);
  const checked = (definition ? submissionSchema(definition) : capturedFields).safeParse(lead.fields);
  if (!checked.success) {
    throw new ApiError(400, 'validation_failed', 'some fields are not valid', {
      cause: new z.ZodError(checked.error.issues.map((i) => ({ ...i, path: ['fields', ...i.path] }))),
    });
  }
  if (definition?.consent === 'required' && !lead.consent) {
    throw new ApiError(400, 'validation_failed', 'consent is required', {
      cause: new z.ZodError([{ code: 'custom', path: ['consent'], message: 'required', input: lead.consent }]),
    });
  }
  const fields = checked.data as LeadInput['fields'];
  const split = splitLeadFields(fields);
  const contactId = crypto.randomUUID();
  const notify = c.var.deps.emailEnabled
    ? [
        repNotification(
          site.id,
          'new_lead',
          'new_lead',
          {
            contact: split.name ?? split.email ?? split.phone ?? null,
            form: lead.form,
            summary: Object.entries(fields)
              .map(([k, v]) => `${k}: ${String(v)}`)
              .join('\n'),
            link: adminLink(site, '/contacts'),
          },
          `lead:${lead.id.toLowerCase()}`,
          null,
          Date.now(),
          leadContactSql(site.id, split, contactId),
        ),
      ]
    : [];
  await writes.run([...leadStatements(site.id, { ...lead, fields }, split, contactId), ...notify]);
  publishLead(c, site.id, lead.id);
}

/**
 * Where a plain HTML form post may send the browser back to: an allowed origin of the site, or,
 * when it has none, the origin the form was posted from (Origin, else Referer). Anything else
 * gets the built-in thank-you page: never an open redirect.
 */
function backTo(
  c: Context<AppEnv>,
  site: Site,
  requested: string | undefined,
  outcome: 'sent' | 'error',
): string | null {
  const target = requested || c.req.header('referer');
  if (!target || !URL.canParse(target)) return null;
  const url = new URL(target);
  if (!/^https?:$/.test(url.protocol)) return null;
  const from = [c.req.header('origin'), c.req.header('referer')].find((v) => v && v !== 'null' && URL.canParse(v));
  const allowed = site.allowedOrigins.length ? site.allowedOrigins : from ? [new URL(from).origin] : [];
  if (!allowed.includes(url.origin)) return null;
  url.searchParams.set('leadline', outcome);
  return url.href;
}

export const leadRoutes = (sites: SiteCache, limiter: RateLimiter) =>
  new Hono<AppEnv>()
    .post(
      '/v1/leads',
      describeRoute({
        tags: ['public'],
        summary: 'Submit a lead form',
        description:
          'Creates or updates the contact (by email), links the browser to it and records the submission. Never returns contact data. Idempotent by `id`. Bots get the same answer and nothing is stored.',
        responses: {
          201: { description: 'Received', content: { 'application/json': { schema: resolver(leadAccepted) } } },
          400: { description: 'Invalid fields', content: { 'application/json': { schema: resolver(errorBody) } } },
          429: {
            description: 'Too many submissions',
            content: { 'application/json': { schema: resolver(errorBody) } },
          },
        },
      }),
      publicBody(leadInput, MAX_LEAD_BYTES),
      async (c) => {
        const lead = c.req.valid('json');
        const { site } = await publicSite(c, sites, lead.site);
        await acceptLead(c, site, lead, limiter);
        return c.json<LeadAccepted>({ ok: true }, 201);
      },
    )
    .post(
      '/v1/leads/html',
      describeRoute({
        tags: ['public'],
        summary: 'Submit a lead form without JavaScript (application/x-www-form-urlencoded)',
        description:
          'The fallback of a plain `<form method="post" action="…/v1/leads/html">` slotted in `<leadline-form>`: fields `site`, `form`, optional `_redirect`, and the form fields. Answers 303 back to the page with `?leadline=sent` (or `error`).',
        responses: { 303: { description: 'Back to the page' } },
      }),
      async (c) => {
        const type = c.req.header('content-type') ?? '';
        if (!/^application\/x-www-form-urlencoded\b/i.test(type))
          throw new ApiError(415, 'unsupported_media_type', 'send the form as application/x-www-form-urlencoded');
        const declared = Number(c.req.header('content-length') ?? 0);
        if (declared > MAX_LEAD_BYTES)
          throw new ApiError(413, 'payload_too_large', `the body must be at most ${MAX_LEAD_BYTES} bytes`);
        // Counted as read: a chunked body has no Content-Length to check first.
        const text = new TextDecoder().decode(await readBounded(c.req.raw.body, MAX_LEAD_BYTES));
        const form = new URLSearchParams(text);
        const {
          site: key,
          form: name,
          _redirect,
          leadline_hp,
          consent,
          'cf-turnstile-response': turnstileToken,
          ...rest
        } = Object.fromEntries(form);
        const parsed = leadInput.safeParse({
          site: key,
          form: name,
          id: crypto.randomUUID(),
          url: c.req.header('referer') && URL.canParse(c.req.header('referer')!) ? c.req.header('referer') : undefined,
          fields: rest,
          consent: consent === 'on' || consent === 'true' || undefined,
          hp: leadline_hp || undefined,
          turnstileToken: turnstileToken || undefined,
        });
        if (!parsed.success)
          throw new ApiError(400, 'validation_failed', 'the form is not valid', { cause: parsed.error });
        const { site } = await publicSite(c, sites, parsed.data.site);
        let outcome: 'sent' | 'error' = 'sent';
        try {
          await acceptLead(c, site, parsed.data, limiter);
        } catch (error) {
          if (!(error instanceof ApiError) || error.status >= 500) throw error;
          outcome = 'error';
        }
        const back = backTo(c, site, _redirect, outcome);
        if (back) return c.redirect(back, 303);
        return c.text(
          outcome === 'sent'
            ? 'Thank you! Your message was sent.'
            : 'Your message could not be sent. Please go back and check the form.',
          outcome === 'sent' ? 201 : 400,
        );
      },
    );
