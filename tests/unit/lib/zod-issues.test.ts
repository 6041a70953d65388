import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describeZodIssues } from '../../../src/lib/forms/zod-issues.ts';

/** The one-line message API clients and scripts get for refused input (trpc.ts): where, then a plain reason. */
describe('describeZodIssues', () => {
  const RowsSchema = z.object({
    rows: z.array(z.object({ source: z.enum(['citizen_survey', 'staff_survey']), votes: z.int().min(0) })),
    page: z.number(),
  });

  it('keeps the row and column of each problem and never passes on Zod’s own English', () => {
    const result = RowsSchema.safeParse({
      rows: [
        { source: 'citizen_survey', votes: 1 },
        { source: 'gossip', votes: -1 },
      ],
      page: 'two',
    });
    const lines = describeZodIssues(result.error!);
    expect(lines).toEqual([
      'rows[1].source: Choose the source from the options offered',
      'rows[1].votes: Votes must be 0 or more',
      'page: Page must be a number, for example 12',
    ]);
    for (const line of lines) expect(line).not.toMatch(/Invalid|Too (small|big)|expected (number|string)|>=|\//);
  });

  it('keeps the schema’s own words where it has them', () => {
    const result = z.object({ title: z.string().min(1, 'a title is required') }).safeParse({ title: '' });
    expect(describeZodIssues(result.error!)).toEqual(['title: a title is required']);
  });
});
