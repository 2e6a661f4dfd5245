import { expect } from '@open-wc/testing';
import {
  dropIndex,
  groupByStage,
  keyboardMove,
  moveInColumns,
  sortStages,
  totalsAfterMove,
  weighted,
  type BoardDeal,
  type BoardStage,
} from '../../../widgets/admin-dashboard/views/deals-board.ts';

const stages: BoardStage[] = [
  { id: 'won', order: 3, probability: 100, kind: 'won' },
  { id: 'new', order: 0, probability: 10, kind: 'open' },
  { id: 'proposal', order: 1, probability: 50, kind: 'open' },
  { id: 'lost', order: 4, probability: 0, kind: 'lost' },
];
const deal = (id: string, stageId: string, amount = 1000, extra: Partial<BoardDeal> = {}): BoardDeal => ({
  id,
  stageId,
  amount,
  currency: 'USD',
  ...extra,
});
const deals = [deal('a', 'new'), deal('b', 'new', 2000), deal('c', 'proposal', 5000), deal('x', 'gone')];
const columns = groupByStage(stages, deals);
const ids = (m: Map<string, BoardDeal[]>) => Object.fromEntries([...m].map(([k, v]) => [k, v.map((d) => d.id)]));

describe('deals board logic', () => {
  it('orders stages by their order and groups deals into one column per stage, keeping server order', () => {
    expect(sortStages(stages).map((s) => s.id)).to.deep.equal(['new', 'proposal', 'won', 'lost']);
    expect(ids(columns)).to.deep.equal({ won: [], new: ['a', 'b'], proposal: ['c'], lost: [] });
  });

  it('weights by the deal’s own probability, else its stage’s', () => {
    expect(weighted(deal('d', 'new', 1001), stages[2]!)).to.equal(501);
    expect(weighted(deal('d', 'new', 1000, { probabilityOverride: 20 }), stages[2]!)).to.equal(200);
  });

  it('moves a deal’s count, amount and weighted amount between columns; other currencies only count', () => {
    const totals = {
      new: { count: 2, amount: 3000, weighted: 300 },
      proposal: { count: 1, amount: 5000, weighted: 2500 },
    };
    const after = totalsAfterMove(totals, deal('b', 'new', 2000), stages[1]!, stages[2]!, 'USD');
    expect(after).to.deep.equal({
      new: { count: 1, amount: 1000, weighted: 100 },
      proposal: { count: 2, amount: 7000, weighted: 3500 },
    });
    expect(totals.new.count, 'the input is unchanged').to.equal(2);
    const euro = totalsAfterMove(totals, deal('e', 'new', 900, { currency: 'EUR' }), stages[1]!, stages[0]!, 'USD');
    expect(euro.new).to.deep.equal({ count: 1, amount: 3000, weighted: 300 });
    expect(euro.won).to.deep.equal({ count: 1, amount: 0, weighted: 0 });
    expect(totalsAfterMove(totals, deal('a', 'new'), stages[1]!, stages[1]!, 'USD')).to.deep.equal(totals);
  });

  it('moves a card to a place in another column or in its own, clamped, without changing the input', () => {
    expect(ids(moveInColumns(columns, 'a', 'proposal', 1))).to.deep.equal({
      won: [],
      new: ['b'],
      proposal: ['c', 'a'],
      lost: [],
    });
    expect(moveInColumns(columns, 'a', 'proposal', 0).get('proposal')![0]!.stageId).to.equal('proposal');
    expect(ids(moveInColumns(columns, 'a', 'new', 9)).new).to.deep.equal(['b', 'a']);
    expect(ids(moveInColumns(columns, 'b', 'new', -3)).new).to.deep.equal(['b', 'a']);
    expect(ids(columns).new, 'the input is unchanged').to.deep.equal(['a', 'b']);
    expect(ids(moveInColumns(columns, 'nope', 'new', 0))).to.deep.equal(ids(columns));
  });

  it('turns Alt+arrows into moves in visual order, flipped right-to-left', () => {
    expect(keyboardMove('ArrowRight', false, stages, columns, 'b')).to.deep.equal({ stageId: 'proposal', index: 0 });
    expect(keyboardMove('ArrowLeft', true, stages, columns, 'b')).to.deep.equal({ stageId: 'proposal', index: 0 });
    expect(keyboardMove('ArrowRight', true, stages, columns, 'c')).to.deep.equal({ stageId: 'new', index: 0 });
    expect(keyboardMove('ArrowLeft', false, stages, columns, 'a'), 'no stage before the first').to.equal(null);
    expect(keyboardMove('ArrowDown', false, stages, columns, 'a')).to.deep.equal({ stageId: 'new', index: 1 });
    expect(keyboardMove('ArrowDown', false, stages, columns, 'b'), 'already last').to.equal(null);
    expect(keyboardMove('ArrowUp', true, stages, columns, 'b')).to.deep.equal({ stageId: 'new', index: 0 });
    expect(keyboardMove('ArrowUp', false, stages, columns, 'a')).to.equal(null);
    expect(keyboardMove('Enter', false, stages, columns, 'a')).to.equal(null);
    expect(keyboardMove('ArrowRight', false, stages, columns, 'x'), 'not on the board').to.equal(null);
  });

  it('drops before the first card whose middle is below the pointer, not counting the dragged card', () => {
    const cards = [
      { id: 'a', middle: 100 },
      { id: 'b', middle: 200 },
      { id: 'c', middle: 300 },
    ];
    expect(dropIndex(cards, 50, 'z')).to.equal(0);
    expect(dropIndex(cards, 150, 'z')).to.equal(1);
    expect(dropIndex(cards, 350, 'z')).to.equal(3);
    expect(dropIndex(cards, 250, 'a'), 'a lifted: b and c remain').to.equal(1);
    expect(dropIndex([], 10, 'a')).to.equal(0);
  });
});
