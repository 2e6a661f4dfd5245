/** The budget table of DESIGN.md, in gzip bytes: `goal` is printed by the bench, `limit` enforced by the size test. */
export const budgets: Record<string, { goal: number; limit: number }> = {
  'embed.js': { goal: 2048, limit: 3072 },
  lit: { goal: 6656, limit: 7168 },
  'widgets/leadline-form.js': { goal: 8192, limit: 9011 },
  'widgets/leadline-chat.js': { goal: 12288, limit: 13517 },
  'widgets/leadline-admin.js': { goal: 40960, limit: 45056 },
  'widgets/leadline-capture.js': { goal: 1536, limit: 2048 },
  'widgets/vitals.js': { goal: 3584, limit: 3942 },
  locale: { goal: 2048, limit: 2253 },
};
