/**
 * The groups a contact's timeline filters by (`kinds=`): a module of its own, without zod, so the
 * admin's contact page can list them without pulling the schemas into its chunk.
 */
export const timelineGroups = ['activities', 'forms', 'tickets', 'purchases', 'pageviews'] as const;
export type TimelineGroup = (typeof timelineGroups)[number];
