import { z } from 'zod';
import type { Db } from '../../../db/client.ts';
import {
  atomFeedXml,
  caseFeedOf,
  FEED_ENTRY_LIMIT,
  feedPathOf,
  provinceOfSlug,
  type CaseFeedScope,
} from '../../../domain/cases/case-feed.ts';
import { textField } from '../../../domain/text/text-schema.ts';
import { ServiceError } from '../shared/service-error.ts';
import { PUBLIC_CASES, publicCaseFilter, PublicCaseListSchema, publicCaseViews } from './public-case-queries.ts';

/** Which feed an address asks for: all public cases, or one department's, province's or tag's. */
export const CaseFeedRequestSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('all') }),
  z.object({ kind: z.literal('department'), code: textField().trim().min(1).max(40) }),
  z.object({ kind: z.literal('province'), slug: textField().trim().min(1).max(40) }),
  z.object({ kind: z.literal('tag'), slug: textField().trim().min(1).max(80) }),
]);
export type CaseFeedRequest = z.input<typeof CaseFeedRequestSchema>;

/** A feed as Atom XML, or where a former tag's feed moved to (a renamed or merged tag keeps its old slug). */
export type CaseFeedAnswer = { xml: string } | { movedTo: string };

const notFound = (what: string) => new ServiceError('not_found', `There is no ${what}, so there is no such feed.`);

/** The scope an address names, as the public list filters by it; a former tag slug names the tag it became. */
async function scopeOf(
  db: Db,
  request: z.infer<typeof CaseFeedRequestSchema>,
): Promise<CaseFeedScope | { movedTo: CaseFeedScope }> {
  switch (request.kind) {
    case 'all':
      return request;
    case 'department': {
      const department = await db.department.findUnique({ where: { code: request.code } });
      if (!department) throw notFound('department with this code');
      return { kind: 'department', code: department.code, name: department.name };
    }
    case 'province': {
      const province = provinceOfSlug(request.slug);
      if (!province) throw notFound('province by this name');
      return { kind: 'province', province };
    }
    case 'tag': {
      const tag = await db.tag.findFirst({ where: { slug: request.slug, mergedIntoId: null } });
      if (tag) return { kind: 'tag', slug: tag.slug, name: tag.name };
      const alias = await db.tagAlias.findUnique({ where: { slug: request.slug }, include: { tag: true } });
      if (!alias) throw notFound('tag by this name');
      return { movedTo: { kind: 'tag', slug: alias.tag.slug, name: alias.tag.name } };
    }
  }
}

/** The public list's filter for a scope: a feed holds the cases the list filtered alike shows. */
function filterOf(scope: CaseFeedScope) {
  return publicCaseFilter(
    PublicCaseListSchema.parse({
      ...(scope.kind === 'department' && { departmentCode: scope.code }),
      ...(scope.kind === 'province' && { province: scope.province }),
      ...(scope.kind === 'tag' && { tag: scope.slug }),
    }),
  );
}

/**
 * A scope's Atom feed: the newest public events of its public cases, each through the public view. The newest
 * FEED_ENTRY_LIMIT events all belong to the FEED_ENTRY_LIMIT cases that changed last (publicChangedAt is the
 * time of a case's newest public event), so only those cases are read.
 */
export async function publicCaseFeed(db: Db, input: CaseFeedRequest, publicUrl: string): Promise<CaseFeedAnswer> {
  const scope = await scopeOf(db, CaseFeedRequestSchema.parse(input));
  if ('movedTo' in scope) return { movedTo: feedPathOf(scope.movedTo) };
  const [views, lastChanged] = await Promise.all([
    publicCaseViews(db, {
      where: filterOf(scope),
      orderBy: [{ publicChangedAt: { sort: 'desc', nulls: 'last' } }, { id: 'desc' }],
      take: FEED_ENTRY_LIMIT,
    }),
    db.systemicCase.aggregate({ where: PUBLIC_CASES, _max: { publicChangedAt: true } }),
  ]);
  // A feed with no entry yet is dated by the last public change anywhere, or the start of the data.
  const lastChange = lastChanged._max.publicChangedAt ?? new Date(0);
  return { xml: atomFeedXml(caseFeedOf(scope, views, publicUrl, lastChange)) };
}
