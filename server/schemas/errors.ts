import { z } from 'zod';

/** Every error answer of the API has this one shape. */
export const errorBody = z.object({
  error: z.object({
    code: z.enum([
      'validation_failed',
      'unauthorized',
      'forbidden',
      'not_found',
      'conflict',
      'payload_too_large',
      'unsupported_media_type',
      'rate_limited',
      'origin_not_allowed',
      'unavailable',
      'internal',
    ]),
    message: z.string(),
    issues: z.array(z.object({ path: z.array(z.union([z.string(), z.number()])), message: z.string() })).optional(),
  }),
});
export type ErrorBody = z.infer<typeof errorBody>;
export type ErrorCode = ErrorBody['error']['code'];
