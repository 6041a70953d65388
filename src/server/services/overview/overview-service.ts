import type { Db } from '../../../db/client.ts';
import { refreshingCache } from '../../../lib/refreshing-cache.ts';
import {
  FACILITY_KINDS,
  OPEN_CASE_STATUSES,
  PROVINCES,
  type FacilityKind,
  type Province,
} from '../../../domain/vocabulary.ts';

export interface Overview {
  facilitiesByProvince: { province: Province; count: number }[];
  facilitiesByKind: { kind: FacilityKind; count: number }[];
  facilities: number;
  localIssues: number;
  openLocalIssues: number;
  /** Open systemic cases marked public. */
  openSystemicCases: number;
  citizensInterviewed: number;
  staffInterviewed: number;
  monitorsTrained: number;
}

/**
 * The home page's figures, counted at most every 30 seconds per process: counting every issue takes about
 * 75 ms at 100,000 issues on SQLite, where statements run on the event loop, so per request it would cap
 * the home page at some 13 views a second for the whole server.
 */
export const getOverview: (db: Db) => Promise<Overview> = refreshingCache(countOverview, { maxAgeMs: 30_000 });

/** The figures on the home page, counted now. Every province and kind is listed, with 0 where there is none. */
export async function countOverview(db: Db): Promise<Overview> {
  const facilityWhere = { archived: false };
  const [byProvince, byKind, localIssues, openLocalIssues, openSystemicCases, interviews] = await Promise.all([
    db.facility.groupBy({ by: ['province'], where: facilityWhere, _count: { _all: true } }),
    db.facility.groupBy({ by: ['kind'], where: facilityWhere, _count: { _all: true } }),
    db.localIssue.count({ where: { archived: false } }),
    db.localIssue.count({ where: { archived: false, status: 'open' } }),
    // The home page is public: internal cases are not counted, not even as a number.
    db.systemicCase.count({ where: { status: { in: [...OPEN_CASE_STATUSES] }, visibility: 'public' } }),
    db.monitoringRound.aggregate({
      _sum: { citizensInterviewed: true, staffInterviewed: true, monitorsTrained: true },
    }),
  ]);
  const provinceCounts = new Map(byProvince.map((row) => [row.province, row._count._all]));
  const kindCounts = new Map(byKind.map((row) => [row.kind, row._count._all]));
  return {
    facilitiesByProvince: PROVINCES.map((province) => ({ province, count: provinceCounts.get(province) ?? 0 })),
    facilitiesByKind: FACILITY_KINDS.map((kind) => ({ kind, count: kindCounts.get(kind) ?? 0 })),
    facilities: [...provinceCounts.values()].reduce((sum, count) => sum + count, 0),
    localIssues,
    openLocalIssues,
    openSystemicCases,
    citizensInterviewed: interviews._sum.citizensInterviewed ?? 0,
    staffInterviewed: interviews._sum.staffInterviewed ?? 0,
    monitorsTrained: interviews._sum.monitorsTrained ?? 0,
  };
}
