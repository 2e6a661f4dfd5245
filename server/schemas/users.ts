import { z } from 'zod';

export const role = z.enum(['owner', 'rep', 'viewer', 'integration']);
export type Role = z.infer<typeof role>;
