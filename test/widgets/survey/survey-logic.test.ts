import { expect } from '@open-wc/testing';
import type { PublicSurvey } from '../../../server/schemas/surveys.ts';
import { answerFields, draftProblem, emptyDraft, scaleOf } from '../../../widgets/survey/answer.ts';
import { capped, remember, seenSurveys } from '../../../widgets/survey/caps.ts';

const DAY = 864e5;
const nps: PublicSurvey = {
  id: 'nps-1',
  kind: 'nps',
  question: { en: 'How likely…?' },
  multiple: false,
  other: false,
  why: true,
  capDays: 30,
};
const choice: PublicSurvey = {
  ...nps,
  id: 'choice-1',
  kind: 'choice',
  choices: [
    { id: 'price', label: { en: 'Price' } },
    { id: 'speed', label: { en: 'Speed' } },
  ],
  multiple: true,
  other: true,
  why: false,
};

describe('survey caps (pure)', () => {
  const t0 = Date.UTC(2026, 10, 1);

  it('holds a survey back for capDays after it was shown, answered or dismissed, and not a moment longer', () => {
    const seen = { 'nps-1': t0 };
    expect(capped(seen, 'nps-1', 30, t0)).to.equal(true);
    expect(capped(seen, 'nps-1', 30, t0 + 30 * DAY - 1)).to.equal(true);
    expect(capped(seen, 'nps-1', 30, t0 + 30 * DAY)).to.equal(false);
    expect(capped(seen, 'other', 30, t0), 'another survey is not held back').to.equal(false);
    expect(capped(seen, 'nps-1', 0, t0), 'capDays 0: no cap').to.equal(false);
  });
});

describe('survey caps (storage)', () => {
  beforeEach(() => localStorage.clear());
  after(() => localStorage.clear());

  it('remembers in localStorage when the consent rules allow storage', () => {
    remember('a', 1000);
    remember('b', 2000);
    expect(JSON.parse(localStorage.getItem('ll_sv')!)).to.deep.equal({ b: 2000, a: 1000 });
    expect(seenSurveys()).to.deep.equal({ a: 1000, b: 2000 });
  });

  it('keeps only memory for the page after the visitor said no to storage (ll_c = 0)', () => {
    localStorage.setItem('ll_c', '0');
    remember('c', 3000);
    expect(localStorage.getItem('ll_sv')).to.equal(null);
    expect(seenSurveys()).to.include({ c: 3000 });
  });

  it('keeps the 50 most recent surveys', () => {
    for (let i = 0; i < 55; i++) remember(`s${i}`, 10_000 + i);
    const kept = Object.keys(JSON.parse(localStorage.getItem('ll_sv')!));
    expect(kept).to.have.length(50);
    expect(kept).to.include('s54').and.not.include('s4');
  });
});

describe('survey answers (pure)', () => {
  it('has the NPS scale 0–10 and the CSAT scale 1–5', () => {
    expect(scaleOf('nps')).to.deep.equal([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(scaleOf('csat')).to.deep.equal([1, 2, 3, 4, 5]);
  });

  it('needs a score, or a choice, and the text of "Other" when it is ticked', () => {
    expect(draftProblem(nps, emptyDraft())).to.equal('survey.pick');
    expect(draftProblem(nps, { ...emptyDraft(), score: 0 }), 'zero is a score').to.equal(null);
    expect(draftProblem(choice, emptyDraft())).to.equal('survey.pick');
    expect(draftProblem(choice, { ...emptyDraft(), otherOn: true, other: '  ' })).to.equal('survey.otherNeeded');
    expect(draftProblem(choice, { ...emptyDraft(), otherOn: true, other: 'Colour' })).to.equal(null);
  });

  it('sends only what the survey asks, trimmed', () => {
    expect(answerFields(nps, { ...emptyDraft(), score: 9, comment: '  Fast  ' })).to.deep.equal({
      score: 9,
      comment: 'Fast',
    });
    expect(answerFields(nps, { ...emptyDraft(), score: 3, comment: ' ' })).to.deep.equal({ score: 3 });
    const d = { ...emptyDraft(), choice: ['price'], otherOn: true, other: ' Colour ', comment: 'not asked' };
    expect(answerFields(choice, d)).to.deep.equal({ choice: ['price'], other: 'Colour' });
    expect(answerFields(choice, { ...d, choice: [] }), 'only "Other": no empty choice list').to.deep.equal({
      other: 'Colour',
    });
  });
});
