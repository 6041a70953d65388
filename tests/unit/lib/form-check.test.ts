import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseFieldByField, valueOrAllProblems } from '../../../src/server/services/shared/form-check.ts';
import {
  draftRuleProblemsOf,
  LocalIssueDraftSchema,
} from '../../../src/server/services/capture/local-issue-service.ts';
import { ServiceError } from '../../../src/server/services/shared/service-error.ts';

const draft = {
  facilityId: 'facility-1',
  title: 'Queues start before dawn',
  source: 'community_dialogue',
  raisedOn: '2026-03-14',
};

function refusalOf(check: () => unknown): ServiceError {
  try {
    check();
  } catch (caught) {
    if (caught instanceof ServiceError) return caught;
    throw caught;
  }
  throw new Error('expected a refusal');
}

describe('a local issue draft reports every problem of its own at once', () => {
  const problemsOf = (input: unknown, today = '2026-03-20') => {
    const parsed = parseFieldByField(LocalIssueDraftSchema, input);
    return refusalOf(() => valueOrAllProblems(parsed, draftRuleProblemsOf(parsed.fields, today))).details;
  };

  it('a negative vote count, more citing than asked and a date in the future, in one answer', () => {
    expect(
      problemsOf({ ...draft, priorityVotes: -4, respondentsCiting: 30, respondentsAsked: 20, raisedOn: '2026-04-01' }),
    ).toEqual({
      fields: {
        priorityVotes: 'Enter the number of priority votes as 0 or more',
        respondentsCiting: 'The number of people citing it cannot be more than the number asked',
        raisedOn: 'The date the issue was raised must be today or in the past',
      },
    });
  });

  it('a vote count that is not a whole number does not hold back the other fields’ rules', () => {
    // Zod skips an object's refinements after a type problem (2.5 is no int): the rules run on the fields that parsed.
    expect(problemsOf({ ...draft, priorityVotes: 2.5, respondentsCiting: 30, respondentsAsked: 20 })).toEqual({
      fields: {
        priorityVotes: 'Enter the number of priority votes as a whole number, for example 12',
        respondentsCiting: 'The number of people citing it cannot be more than the number asked',
      },
    });
  });

  it('does not compare counts that are not good numbers themselves', () => {
    expect(problemsOf({ ...draft, respondentsCiting: -3, respondentsAsked: 2 })).toEqual({
      fields: { respondentsCiting: 'Enter the number of people citing it as 0 or more' },
    });
  });
});

describe('checking a form in one pass', () => {
  const Schema = z.object({ from: z.int(), name: z.string().min(1, 'give a name'), tag: z.string() });

  it('hands the rules that need the database every field that parsed, and refuses with all problems', () => {
    const parsed = parseFieldByField(Schema, { from: 2.5, name: '', tag: 'flying-saucers' });
    expect(parsed.fields).toEqual({ tag: 'flying-saucers' });
    const refusal = refusalOf(() => valueOrAllProblems(parsed, { tag: 'unknown tag', name: 'not the schema’s words' }));
    expect(refusal.details).toEqual({
      fields: { from: 'From must be a whole number, for example 12', name: 'give a name', tag: 'unknown tag' },
    });
  });

  it('gives the value when nothing is wrong', () => {
    const parsed = parseFieldByField(Schema, { from: 1, name: 'x', tag: 'y' });
    expect(valueOrAllProblems(parsed, {})).toEqual({ from: 1, name: 'x', tag: 'y' });
  });
});
