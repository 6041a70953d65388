import type { Db } from '../../../db/client.ts';
import { openDataTables, type PublicTag } from '../../../domain/cases/open-data.ts';
import { openDataJson, openDataZip, type OpenData, type OpenDataLicence } from '../../../lib/cases/open-data-files.ts';
import { publicCharters } from '../capture/public-charter-queries.ts';
import { publicCaseViews } from './public-case-queries.ts';

/** The live taxonomy as the open data lists it: merged tags are gone (their slugs live on as aliases). */
async function publicTags(db: Db): Promise<{ tags: PublicTag[]; lastChange: Date | null }> {
  const rows = await db.tag.findMany({
    where: { mergedIntoId: null },
    orderBy: { slug: 'asc' },
    select: {
      slug: true,
      name: true,
      description: true,
      updatedAt: true,
      parent: { select: { slug: true } },
      routingDepartment: { select: { code: true } },
      synonyms: { select: { term: true }, orderBy: { term: 'asc' } },
    },
  });
  const tags = rows.map((row) => ({
    slug: row.slug,
    name: row.name,
    description: row.description,
    parentSlug: row.parent?.slug ?? null,
    synonyms: row.synonyms.map((synonym) => synonym.term),
    routingDepartmentCode: row.routingDepartment?.code ?? null,
  }));
  const lastChange = rows.reduce<Date | null>(
    (last, row) => (!last || row.updatedAt > last ? row.updatedAt : last),
    null,
  );
  return { tags, lastChange };
}

/**
 * The open data as it stands: every public case through its public view, and the taxonomy. Built on request
 * from the database alone (and the licence and address the deployment sets), so that it is right after every
 * change; the same data gives the same bytes.
 */
export async function openData(db: Db, licence: OpenDataLicence, publicUrl: string): Promise<OpenData> {
  const [cases, { tags, lastChange }, charters] = await Promise.all([
    publicCaseViews(db),
    publicTags(db),
    publicCharters(db),
  ]);
  const changes = [...cases.map((view) => view.changedAt), ...(lastChange ? [lastChange] : [])];
  const source = publicUrl.replace(/\/+$/, '');
  return {
    tables: openDataTables({ cases, tags, charters, publicUrl: source }),
    licence,
    source: `${source}/open-data`,
    updated: new Date(Math.max(0, ...changes.map((date) => date.getTime()))),
  };
}

export const OPEN_DATA_FORMATS = ['zip', 'json'] as const;
export type OpenDataFormat = (typeof OPEN_DATA_FORMATS)[number];

/** The open data download in one format: the file's bytes, a function of the database for a given deployment. */
export async function openDataFile(
  db: Db,
  format: OpenDataFormat,
  licence: OpenDataLicence,
  publicUrl: string,
): Promise<{ bytes: Uint8Array<ArrayBuffer>; updated: Date }> {
  const data = await openData(db, licence, publicUrl);
  return { bytes: format === 'zip' ? openDataZip(data) : openDataJson(data), updated: data.updated };
}
