import type { z } from 'zod';
import { fieldProblemsOf, type FieldProblems } from '../../../lib/forms/field-problems.ts';
import { fieldError } from './service-error.ts';

type FormSchema = z.ZodObject<z.ZodRawShape>;

/** A form's input after its schema: the whole value when it passed, and each field that parsed on its own. */
export interface ParsedForm<T> {
  value: T | undefined;
  fields: Partial<T>;
  problems: FieldProblems;
}

/**
 * The first half of checking a form in one pass: its schema's problems, and the fields that are good on their
 * own, so that the rules needing the database can check those now rather than after the person fixed the rest.
 */
export function parseFieldByField<S extends FormSchema>(schema: S, input: unknown): ParsedForm<z.output<S>> {
  const result = schema.safeParse(input);
  if (result.success) return { value: result.data, fields: result.data, problems: {} };
  const problems = fieldProblemsOf(result.error);
  const raw = typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {};
  const fields: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(schema.shape)) {
    const parsed = (field as z.ZodType).safeParse(raw[name]);
    if (parsed.success && !(name in problems)) fields[name] = parsed.data;
  }
  return { value: undefined, fields: fields as Partial<z.output<S>>, problems };
}

/**
 * The second half: the value, or a refusal naming every problem, the schema's and the `further` ones (from
 * the rules that need the database); where both name one field, the schema's comes first.
 */
export function valueOrAllProblems<T>(
  parsed: ParsedForm<T>,
  further: FieldProblems,
  more?: Parameters<typeof fieldError>[1],
): T {
  const problems = { ...further, ...parsed.problems };
  if (Object.keys(problems).length > 0 || parsed.value === undefined) throw fieldError(problems, more);
  return parsed.value;
}
