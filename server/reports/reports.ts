import { affiliates } from './affiliates.ts';
import { campaigns } from './campaigns.ts';
import { customers } from './customers.ts';
import { demographics } from './demographics.ts';
import { elements } from './elements.ts';
import { funnel } from './funnel.ts';
import { outbound } from './outbound.ts';
import { overview } from './overview.ts';
import { prices } from './prices.ts';
import { service } from './service.ts';
import { vitals } from './vitals.ts';

/** Every report by its URL name (`/v1/admin/reports/NAME`); one query module each. */
export const reports = { overview, elements, outbound, campaigns, prices, affiliates, service, vitals, demographics, funnel, customers } as const;
export type ReportName = keyof typeof reports;
