/**
 * The deals board's pure rules, kept apart from the view so they are tested without a server: columns in stage order,
 * cards in column order, a column's totals after an optimistic move, and where a keyboard move lands.
 */

/** What the board needs of a stage (schemas/deals.ts has the full one). */
export interface BoardStage {
  id: string;
  order: number;
  probability: number;
  kind: 'open' | 'won' | 'lost';
}

/** What the board needs of a deal. */
export interface BoardDeal {
  id: string;
  stageId: string;
  amount: number;
  currency: string;
  /** The deal's own probability; null or absent: its stage's. */
  probabilityOverride?: number | null;
}

/** A column's figures over every deal of the stage that the filters keep (not only the loaded ones). */
export interface BoardTotals {
  count: number;
  /** In minor units of the site currency; deals in other currencies are counted but not added. */
  amount: number;
  weighted: number;
}

/** Stages in board order (their `order`, ties by id so the order is stable). */
export function sortStages<S extends BoardStage>(stages: readonly S[]): S[] {
  return [...stages].sort((a, b) => a.order - b.order || (a.id < b.id ? -1 : 1));
}

/** The deals of each stage in the order given (the server's column order), one entry per stage even when empty. */
export function groupByStage<D extends BoardDeal>(
  stages: readonly BoardStage[],
  deals: readonly D[],
): Map<string, D[]> {
  const columns = new Map(stages.map((s) => [s.id, [] as D[]]));
  for (const d of deals) columns.get(d.stageId)?.push(d);
  return columns;
}

/** A deal's weighted amount in `stage`: its amount × its own probability, else the stage's. */
export function weighted(deal: BoardDeal, stage: BoardStage): number {
  return Math.round((deal.amount * (deal.probabilityOverride ?? stage.probability)) / 100);
}

/**
 * The totals after `deal` moved from its stage to `to`: one fewer in the old column, one more in the new, its amount
 * (when in `currency`) and weighted amount carried across. A move inside one column changes nothing.
 */
export function totalsAfterMove<T extends BoardTotals>(
  totals: Readonly<Record<string, T>>,
  deal: BoardDeal,
  from: BoardStage,
  to: BoardStage,
  currency: string,
): Record<string, T> {
  if (from.id === to.id) return { ...totals };
  const counted = deal.currency === currency;
  const shift = (t: T | undefined, stage: BoardStage, sign: 1 | -1): T => ({
    ...(t as T),
    count: (t?.count ?? 0) + sign,
    amount: (t?.amount ?? 0) + (counted ? sign * deal.amount : 0),
    weighted: (t?.weighted ?? 0) + (counted ? sign * weighted(deal, stage) : 0),
  });
  return { ...totals, [from.id]: shift(totals[from.id], from, -1), [to.id]: shift(totals[to.id], to, 1) };
}

/**
 * The columns with `dealId` taken out of its column and put at `index` of `toStage` (clamped to the column; the
 * index counts the cards without the moved one). The deal's `stageId` follows. The input is left as it was.
 */
export function moveInColumns<D extends BoardDeal>(
  columns: ReadonlyMap<string, readonly D[]>,
  dealId: string,
  toStage: string,
  index: number,
): Map<string, D[]> {
  const out = new Map<string, D[]>([...columns].map(([id, list]) => [id, [...list]]));
  let moved: D | undefined;
  for (const list of out.values()) {
    const at = list.findIndex((d) => d.id === dealId);
    if (at >= 0) [moved] = list.splice(at, 1);
  }
  const target = out.get(toStage);
  if (!moved || !target) return out;
  target.splice(Math.max(0, Math.min(index, target.length)), 0, { ...moved, stageId: toStage });
  return out;
}

/** Where a deal is: its stage and its index in that column; null when not on the board. */
export function placeOf(columns: ReadonlyMap<string, readonly BoardDeal[]>, dealId: string) {
  for (const [stageId, list] of columns) {
    const index = list.findIndex((d) => d.id === dealId);
    if (index >= 0) return { stageId, index };
  }
  return null;
}

/** A move the board makes: to `stageId`, at `index` of its column (counted without the moved card). */
export interface BoardMove {
  stageId: string;
  index: number;
}

/**
 * Where a keyboard shortcut on a focused card moves it, or null when the key is not a move or leads off the board:
 * Alt+ArrowLeft/Right to the neighbouring stage on screen (in a right-to-left locale the next stage is on the left),
 * landing at the top of that column; Alt+ArrowUp/Down one place up or down in its column.
 */
export function keyboardMove(
  key: string,
  rtl: boolean,
  stages: readonly BoardStage[],
  columns: ReadonlyMap<string, readonly BoardDeal[]>,
  dealId: string,
): BoardMove | null {
  const at = placeOf(columns, dealId);
  if (!at) return null;
  const size = columns.get(at.stageId)!.length;
  if (key === 'ArrowUp') return at.index > 0 ? { stageId: at.stageId, index: at.index - 1 } : null;
  if (key === 'ArrowDown') return at.index < size - 1 ? { stageId: at.stageId, index: at.index + 1 } : null;
  if (key !== 'ArrowLeft' && key !== 'ArrowRight') return null;
  const step = (key === 'ArrowRight') !== rtl ? 1 : -1;
  const order = sortStages(stages);
  const next = order[order.findIndex((s) => s.id === at.stageId) + step];
  return next ? { stageId: next.id, index: 0 } : null;
}

/**
 * The index a drop lands at in a column: before the first card whose middle is below the pointer (`y`, viewport
 * pixels), counted without the dragged card; after the last card when none is.
 */
export function dropIndex(cardMiddles: readonly { id: string; middle: number }[], y: number, dragged: string): number {
  const others = cardMiddles.filter((c) => c.id !== dragged);
  const i = others.findIndex((c) => y < c.middle);
  return i < 0 ? others.length : i;
}
