import type { Deal, DealMove, DealPage, PipelineList, StageTotals } from '../../../server/schemas/deals.ts';
import type { AdminClient } from '../admin-client.ts';

export type { Deal, Pipeline, Stage, StageTotals } from '../../../server/schemas/deals.ts';

/** The board's filters, as the list takes them (empty values are left out). */
export interface DealQuery {
  pipeline: string;
  owner?: string;
  closeMonth?: string;
  source?: string;
  stage?: string;
  /** One contact's deals. */
  contact?: string;
  q?: string;
  limit?: number;
  cursor?: string;
}

/** A deals page with its per-stage totals and cursors keyed by stage id. */
export interface BoardPage {
  deals: Deal[];
  totals: Record<string, StageTotals>;
  cursors: Record<string, string | null>;
}

/** The deals routes the admin views call (`/v1/admin/pipelines`, `/v1/admin/deals`), in one place. */
export const dealsApi = (client: AdminClient) => ({
  pipelines: () => client.get<PipelineList>('/v1/admin/pipelines'),
  async deals(q: DealQuery): Promise<BoardPage> {
    const query = new URLSearchParams(
      Object.entries(q).flatMap(([k, v]) => (v === undefined || v === '' ? [] : [[k, String(v)]])),
    );
    const page = await client.get<DealPage>(`/v1/admin/deals?${query}`);
    return {
      deals: page.deals,
      totals: Object.fromEntries(page.stages.map((s) => [s.stageId, s])),
      cursors: Object.fromEntries(page.stages.map((s) => [s.stageId, s.nextCursor])),
    };
  },
  move: (id: string, body: DealMove) => client.post<Deal>(`/v1/admin/deals/${id}/move`, body),
  purchase: (id: string) => client.post<unknown>(`/v1/admin/deals/${id}/purchases`, {}),
});
