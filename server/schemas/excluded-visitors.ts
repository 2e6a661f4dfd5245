import { z } from 'zod';
import { browserId } from './events.ts';

export const excludedVisitorInput = z.object({
  /** The browser's visitor id, as `window.leadline.ids()[0]` gives it on the site. */
  visitor: browserId,
  label: z.string().max(100).optional(),
});

export const excludedVisitor = excludedVisitorInput.extend({ label: z.string().nullable(), createdAt: z.number() });
export const excludedVisitorList = z.object({ visitors: z.array(excludedVisitor) });
export type ExcludedVisitorList = z.infer<typeof excludedVisitorList>;
