import { z } from 'zod';

/** How a session began: its source (session attribution) and the browser's context. */
export const sessionSummary = z.object({
  id: z.string(),
  startedAt: z.number(),
  lastAt: z.number(),
  source: z.string(),
  medium: z.string().nullable(),
  campaign: z.string().nullable(),
  term: z.string().nullable(),
  content: z.string().nullable(),
  clickIdType: z.string().nullable(),
  affiliate: z.string().nullable(),
  referrerDomain: z.string().nullable(),
  landingUrl: z.string().nullable(),
  country: z.string().nullable(),
  language: z.string().nullable(),
  device: z.string().nullable(),
});
export type SessionSummary = z.infer<typeof sessionSummary>;

/** A visitor with first-touch and last-touch attribution. */
export const visitorSummary = z.object({
  id: z.string(),
  firstSeen: z.number(),
  lastSeen: z.number(),
  sessions: z.number().int(),
  firstTouch: sessionSummary.nullable(),
  lastTouch: sessionSummary.nullable(),
});
export type VisitorSummary = z.infer<typeof visitorSummary>;
