import type { z } from 'zod';
import { MAX_PAGE } from './pagination.ts';

/**
 * The page number in a list's address, kept between 1 and MAX_PAGE: a page past the end (an old link, or
 * ?page=999) finds no item, and the page says there is no such page (EmptyList.astro).
 */
export function pageFromAddress(url: URL): number {
  const asked = Number.parseInt(url.searchParams.get('page') ?? '1', 10) || 1;
  return Math.min(MAX_PAGE, Math.max(1, asked));
}

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
    page: pageFromAddress(url),
  };
  for (const [parameter, fieldName] of Object.entries(fields)) {
    const value = url.searchParams.get(parameter)?.trim();
    if (value) raw[fieldName] = value;
  }
  const parsed = schema.safeParse(raw);
  return parsed.success ? { query: parsed.data, isValid: true } : { query: schema.parse(fixed), isValid: false };
}

/**
 * How a list's address maps to its query: `parameters` maps query parameters to schema fields, and
 * `fixedOf` reads what is not a plain value (a tick box). The list page and its CSV download share it, so
 * the download holds what the page shows.
 */
export interface ListAddress {
  parameters: Record<string, string>;
  fixedOf?: (url: URL) => Record<string, unknown>;
}

/** readListQuery for a list's address. */
export function readListAddress<Schema extends z.ZodType>(
  schema: Schema,
  url: URL,
  address: ListAddress,
  fixed: Record<string, unknown> = {},
) {
  return readListQuery(schema, url, address.parameters, { ...address.fixedOf?.(url), ...fixed });
}
