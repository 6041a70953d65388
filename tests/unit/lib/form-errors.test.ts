import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { formErrorsOf } from '../../../src/lib/forms/form-errors.ts';
import { messageOf } from '../../../src/lib/forms/service-error-message.ts';
import { NewUserSchema } from '../../../src/server/services/accounts/user-service.ts';
import { fieldError, ServiceError } from '../../../src/server/services/shared/service-error.ts';

/** How tRPC hands a page an input its schema refused. */
function refusedInput(schema: z.ZodType, input: unknown): TRPCError {
  const result = schema.safeParse(input);
  if (result.success) throw new Error('expected the input to be refused');
  return new TRPCError({ code: 'BAD_REQUEST', cause: result.error });
}

/** What a person must never read: Zod's wording, a pattern, JSON, a type name or a field's code name. */
const RAW = /Invalid|Too (small|big)|pattern|\/\^|[{}[\]"]|expected (string|number)|received|(^|; )[a-z]+[A-Za-z]*:/;

describe('a refused form post as a page shows it', () => {
  it('invites thandi@ngo named " ": a plain sentence beside each field, in the form’s words', () => {
    const refusal = refusedInput(NewUserSchema, { name: ' ', email: 'thandi@ngo', role: 'analyst' });
    const errors = formErrorsOf(refusal, { name: 'Name', email: 'E-mail address' });
    expect(errors.fields).toEqual({
      email: 'expected an e-mail address such as name@example.org',
      name: 'expected the person’s name',
    });
    expect(errors.summary).toEqual([
      'E-mail address: expected an e-mail address such as name@example.org',
      'Name: expected the person’s name',
    ]);
    for (const line of [...errors.summary, messageOf(refusal)]) expect(line).not.toMatch(RAW);
  });

  it('words Zod’s own messages plainly, without its pattern, types or bounds notation', () => {
    const schema = z.object({
      code: z.string().regex(/^[A-Z]+$/),
      count: z.int().min(0),
      words: z.string().max(5),
      when: z.iso.date(),
      kind: z.enum(['a', 'b']),
      departmentId: z.string(),
      expectedUpdatedAt: z.iso.datetime(),
    });
    const refusal = refusedInput(schema, {
      code: 'abc',
      count: -1,
      words: 'too many words',
      when: '2026-02-30',
      kind: 'c',
      expectedUpdatedAt: 'yesterday',
    });
    const errors = formErrorsOf(refusal);
    expect(errors.fields).toEqual({
      code: 'is not written the way this field expects',
      count: 'cannot be negative',
      words: 'at most 5 characters',
      when: 'expected a date such as 2026-03-14',
      kind: 'choose one of the options offered',
      departmentId: 'fill this in',
      expectedUpdatedAt: 'expected a date and time',
    });
    expect(errors.summary).toContain('Department: fill this in');
    expect(errors.summary).toContain('Expected updated at: expected a date and time');
    for (const line of [...errors.summary, messageOf(refusal)]) expect(line).not.toMatch(RAW);
  });

  it('names a nested field by its row', () => {
    const schema = z.object({
      rootCauses: z.array(z.object({ statement: z.string().min(1, 'say what the cause is') })),
    });
    const errors = formErrorsOf(refusedInput(schema, { rootCauses: [{ statement: 'x' }, { statement: '' }] }), {
      rootCauses: 'Root causes',
    });
    expect(errors.summary).toEqual(['Root causes, row 2, statement: say what the cause is']);
  });

  it('shows a service’s refusal about one field beside that field', () => {
    const refusal = new ServiceError('refused', 'There is already an account for thandi@ngo.org.', { field: 'email' });
    expect(formErrorsOf(refusal, { email: 'E-mail address' })).toEqual({
      summary: ['E-mail address: There is already an account for thandi@ngo.org.'],
      fields: { email: 'There is already an account for thandi@ngo.org.' },
    });
  });

  it('words a service’s field problems without code names on a page with one message', () => {
    const refusal = fieldError({ roundId: 'that round is not at this facility' });
    expect(messageOf(refusal)).toBe('Round: that round is not at this facility');
  });
});
