import type { z } from 'zod';

/**
 * A list page's filters, read from its address: `fields` maps query parameters to schema fields,
 * empty values count as unset, `page` is a number, and `fixed` sets what the address cannot. A
 * hand-edited address with an unknown value gives the unfiltered list and `isValid: false`, so the
 * page can say so instead of failing.
 */
export function readListQuery<Schema extends z.ZodType>(
  schema: Schema,
  url: URL,
  fields: Record<string, string>,
  fixed: Record<string, unknown> = {},
): { query: z.output<Schema>; isValid: boolean } {
  const raw: Record<string, unknown> = {
    ...fixed,
    page: Number.parseInt(url.searchParams.get('page') ?? '1', 10) || 1,
  };
  for (const [parameter, fieldName] of Object.entries(fields)) {
    const value = url.searchParams.get(parameter)?.trim();
    if (value) raw[fieldName] = value;
  }
  const parsed = schema.safeParse(raw);
  return parsed.success ? { query: parsed.data, isValid: true } : { query: schema.parse(fixed), isValid: false };
}
