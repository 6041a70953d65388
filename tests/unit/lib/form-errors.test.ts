import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  errorIdOf,
  fieldErrorsOf,
  fieldIdOf,
  formErrorsOf,
  invalidAttributes,
  summaryLinesOf,
} from '../../../src/lib/forms/form-errors.ts';
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
      email: 'Enter an e-mail address in the correct format, like name@example.org',
      name: 'Enter the person’s name',
    });
    expect(errors.summary).toEqual([
      'Enter an e-mail address in the correct format, like name@example.org',
      'Enter the person’s name',
    ]);
    expect(summaryLinesOf(errors)).toEqual([
      { field: 'email', text: 'Enter an e-mail address in the correct format, like name@example.org' },
      { field: 'name', text: 'Enter the person’s name' },
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
      code: 'Enter the code in the correct format',
      count: 'Count must be 0 or more',
      words: 'Words must be 5 characters or fewer',
      when: 'Enter the when as a date, for example 14 3 2026',
      kind: 'Choose the kind from the options offered',
      departmentId: 'Enter the department',
      expectedUpdatedAt: 'Enter the expected updated at as a date and time',
    });
    expect(errors.summary).toContain('Enter the department');
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
    const sentences = formErrorsOf(
      refusedInput(
        z.object({ rootCauses: z.array(z.object({ statement: z.string().min(1, 'Enter what causes the issue') })) }),
        { rootCauses: [{ statement: '' }] },
      ),
      { rootCauses: 'Root causes' },
    );
    expect(sentences.summary).toEqual(['Root causes, row 1: Enter what causes the issue']);
  });

  it('shows a service’s refusal about one field beside that field', () => {
    const refusal = new ServiceError('refused', 'There is already an account for thandi@ngo.org.', { field: 'email' });
    expect(formErrorsOf(refusal, { email: 'E-mail address' })).toEqual({
      summary: ['There is already an account for thandi@ngo.org.'],
      fields: { email: 'There is already an account for thandi@ngo.org.' },
    });
  });

  it('words a service’s field problems without code names on a page with one message', () => {
    const refusal = fieldError({ roundId: 'that round is not at this facility' });
    expect(messageOf(refusal)).toBe('Round: that round is not at this facility');
  });

  it('names a field in the form’s words in a sentence made from the issue, as GOV.UK asks', () => {
    const schema = z.object({ title: z.string().min(1).max(5), province: z.enum(['gauteng']) });
    const errors = formErrorsOf(refusedInput(schema, { title: 'far too long', province: 'x' }), {
      title: 'Title',
      province: 'Province',
    });
    expect(errors.fields).toEqual({
      title: 'Title must be 5 characters or fewer',
      province: 'Choose the province from the options offered',
    });
    expect(summaryLinesOf({ ...errors, summary: [...errors.summary, 'Someone changed it meanwhile.'] })).toEqual([
      { field: 'title', text: 'Title must be 5 characters or fewer' },
      { field: 'province', text: 'Choose the province from the options offered' },
      { field: null, text: 'Someone changed it meanwhile.' },
    ]);
  });
});

describe('the ids of a page with two forms that share a field name', () => {
  it('leads a field’s id and its message’s id with the form’s prefix, and keeps the name alone without one', () => {
    expect(fieldIdOf('note')).toBe('note');
    expect(fieldIdOf('note', 'status')).toBe('status-note');
    expect(errorIdOf('note', 'archive')).toBe('archive-note-error');
    const errors = fieldErrorsOf({ note: 'Note must be 1000 characters or fewer' });
    expect(invalidAttributes(errors, 'note', 'status')).toEqual({
      'aria-invalid': 'true',
      'aria-describedby': 'status-note-error',
    });
  });

  it('turns a page’s own checks into a message per field and the summary’s lines in the same order', () => {
    const errors = fieldErrorsOf({
      newPassword: 'New password must be 12 characters or more',
      repeat: 'Enter the same new password in both boxes',
    });
    expect(summaryLinesOf(errors)).toEqual([
      { field: 'newPassword', text: 'New password must be 12 characters or more' },
      { field: 'repeat', text: 'Enter the same new password in both boxes' },
    ]);
  });
});
