import type { ReportAnswerOf, ReportName } from '../schemas/reports.ts';
import { affiliates } from './affiliates.ts';
import { campaigns } from './campaigns.ts';
import type { ReportContext } from './context.ts';
import { customers } from './customers.ts';
import { deals } from './deals.ts';
import { demographics } from './demographics.ts';
import { elements } from './elements.ts';
import { funnel } from './funnel.ts';
import { outbound } from './outbound.ts';
import { overview } from './overview.ts';
import { pipeline } from './pipeline.ts';
import { prices } from './prices.ts';
import { service } from './service.ts';
import { surveys } from './surveys.ts';
import { vitals } from './vitals.ts';

/** Every report by its URL name (`/v1/admin/reports/NAME`); one query module each, answering its schema's type. */
export const reports: { [N in ReportName]: (c: ReportContext) => Promise<ReportAnswerOf<N>> } = {
  overview,
  elements,
  outbound,
  campaigns,
  prices,
  affiliates,
  service,
  vitals,
  demographics,
  funnel,
  customers,
  pipeline,
  deals,
  surveys,
};
