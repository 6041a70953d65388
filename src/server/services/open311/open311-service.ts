import type { Db } from '../../../db/client.ts';
import type { Prisma } from '../../../db/generated/sqlite/client.ts';
import {
  caseStatusesOf,
  open311DiscoveryOf,
  open311RequestOf,
  open311ServiceDefinitionOf,
  open311ServiceOf,
  parseRequestsQuery,
  type Open311Request,
  type RequestsFilter,
} from '../../../domain/open311/georeport.ts';
import { inTreeOrder, liveTagOf } from '../../../domain/taxonomy/tree.ts';
import { CASE_STATUSES } from '../../../domain/vocabulary.ts';
import { publicCaseViews } from '../cases/public-case-queries.ts';
import { loadTaxonomy } from '../taxonomy/taxonomy-service.ts';
import { ServiceError } from '../shared/service-error.ts';

/**
 * Open311 GeoReport v2 over CBM's public data (src/domain/open311/georeport.ts says what maps to what). Cases come
 * only through the public view (publicCaseViews), so an internal case or a draft cannot appear, and each answer
 * takes a fixed number of queries however many cases it holds.
 */

/** Where this API is served below PUBLIC_URL. */
export const OPEN311_PATH = '/open311/v2';

/** A refusal whose message is one description per problem, for the standard's list of errors. */
function invalidArguments(problems: string[]): ServiceError {
  return new ServiceError('invalid_input', problems.join(' '), { problems });
}

export async function open311Discovery(db: Db, publicUrl: string) {
  // The changeset flags a change to the services, which are the tags.
  const { _max } = await db.tag.aggregate({ _max: { updatedAt: true } });
  return open311DiscoveryOf({
    endpointUrl: `${publicUrl.replace(/\/$/, '')}${OPEN311_PATH}`,
    changedAt: _max.updatedAt ?? new Date(0),
    contact: `CBM Tracker publishes the public systemic cases of citizen-based monitoring, run by DPME; each case has a page at ${publicUrl.replace(/\/$/, '')}/cases.`,
  });
}

/** Every live tag of the taxonomy as a service, in tree order (each group before the services in it). */
export async function open311Services(db: Db) {
  const tags = await loadTaxonomy(db);
  const byId = new Map(tags.map((tag) => [tag.id, tag]));
  return inTreeOrder(tags).map(({ tag }) =>
    open311ServiceOf({ ...tag, parentName: tag.parentId ? (byId.get(tag.parentId)?.name ?? null) : null }),
  );
}

export async function open311ServiceDefinition(db: Db, serviceCode: string) {
  const tag = await db.tag.findFirst({ where: { slug: serviceCode, mergedIntoId: null }, select: { slug: true } });
  if (!tag) {
    throw new ServiceError(
      'not_found',
      `There is no service "${serviceCode}"; services.json lists every service_code.`,
    );
  }
  return open311ServiceDefinitionOf(tag.slug);
}

/** Each tag's slug (merged tags' too) with the live tag it leads to, which is the service a case is counted under. */
async function servicesByTagSlug(db: Db) {
  const tags = await db.tag.findMany({ select: { id: true, slug: true, name: true, mergedIntoId: true } });
  const byId = new Map(tags.map((tag) => [tag.id, tag]));
  return new Map(
    tags.map((tag) => {
      const live = liveTagOf(byId, tag);
      return [tag.slug, { code: live.slug, name: live.name, isLive: live.mergedIntoId === null }];
    }),
  );
}

function requestsWhere(filter: RequestsFilter, tagSlugs: readonly string[]): Prisma.SystemicCaseWhereInput {
  if (filter.kind === 'ids') return { reference: { in: filter.references } };
  return {
    AND: [
      { escalatedAt: { gte: filter.from, ...(filter.to ? { lte: filter.to } : {}) } },
      ...(filter.statuses.length > 0
        ? [{ status: { in: filter.statuses.flatMap((status) => caseStatusesOf(status, CASE_STATUSES)) } }]
        : []),
      ...(filter.serviceCodes.length > 0 ? [{ primaryTag: { slug: { in: [...tagSlugs] } } }] : []),
    ],
  };
}

/**
 * GET requests: public cases, newest escalation first, filtered and paged as `params` ask
 * (parseRequestsQuery). `now` anchors the default span of the last 90 days.
 */
export async function open311Requests(db: Db, params: URLSearchParams, now: Date): Promise<Open311Request[]> {
  const parsed = parseRequestsQuery(params, now);
  if (!parsed.ok) throw invalidArguments(parsed.problems);
  const { filter, page, pageSize } = parsed.query;
  const services = await servicesByTagSlug(db);
  let tagSlugs: string[] = [];
  if (filter.kind === 'search' && filter.serviceCodes.length > 0) {
    const known = new Set([...services.values()].filter((service) => service.isLive).map((service) => service.code));
    const unknown = filter.serviceCodes.filter((code) => !known.has(code));
    if (unknown.length > 0) {
      throw invalidArguments(
        unknown.map((code) => `service_code: there is no service "${code}"; services.json lists every service_code.`),
      );
    }
    tagSlugs = [...services].filter(([, service]) => filter.serviceCodes.includes(service.code)).map(([slug]) => slug);
  }
  const views = await publicCaseViews(db, {
    where: requestsWhere(filter, tagSlugs),
    orderBy: [{ escalatedAt: 'desc' }, { reference: 'desc' }],
    skip: (page - 1) * pageSize,
    take: pageSize,
  });
  return views.map((view) =>
    open311RequestOf(view, view.primaryTag ? (services.get(view.primaryTag.slug) ?? null) : null),
  );
}

/** GET a request: the public case with this reference; "not found" for any other, internal cases included. */
export async function open311Request(db: Db, serviceRequestId: string): Promise<Open311Request[]> {
  const reference = serviceRequestId.trim().toUpperCase();
  const [view] = await publicCaseViews(db, { where: { reference }, orderBy: [{ reference: 'asc' }], take: 1 });
  if (!view) throw new ServiceError('not_found', `There is no public service request "${serviceRequestId}".`);
  const services = await servicesByTagSlug(db);
  return [open311RequestOf(view, view.primaryTag ? (services.get(view.primaryTag.slug) ?? null) : null)];
}
