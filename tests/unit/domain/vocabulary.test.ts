import { describe, expect, it } from 'vitest';
import * as prismaEnums from '../../../src/db/generated/sqlite/enums.ts';
import * as vocabulary from '../../../src/domain/vocabulary.ts';

const pairs = {
  Province: vocabulary.PROVINCES,
  Sphere: vocabulary.SPHERES,
  Sector: vocabulary.SECTORS,
  FacilityKind: vocabulary.FACILITY_KINDS,
  Programme: vocabulary.PROGRAMMES,
  MethodStep: vocabulary.METHOD_STEPS,
  IssueSource: vocabulary.ISSUE_SOURCES,
  LocalIssueStatus: vocabulary.LOCAL_ISSUE_STATUSES,
  RootCauseLevel: vocabulary.ROOT_CAUSE_LEVELS,
  RootCauseCategory: vocabulary.ROOT_CAUSE_CATEGORIES,
  CommitmentStatus: vocabulary.COMMITMENT_STATUSES,
  ClusterStatus: vocabulary.CLUSTER_STATUSES,
  CaseStatus: vocabulary.CASE_STATUSES,
  CasePriority: vocabulary.CASE_PRIORITIES,
  Visibility: vocabulary.VISIBILITIES,
  ResponseActionStatus: vocabulary.RESPONSE_ACTION_STATUSES,
} as const;

describe('the domain vocabulary', () => {
  it.each(Object.entries(pairs))('lists the same %s values as schema.prisma', (enumName, values) => {
    const fromSchema = Object.values(prismaEnums[enumName as keyof typeof pairs]);
    expect([...values].sort()).toEqual([...fromSchema].sort());
  });

  it('names every province, sector and facility kind for people', () => {
    expect(Object.keys(vocabulary.PROVINCE_NAMES)).toHaveLength(9);
    expect(Object.keys(vocabulary.SECTOR_NAMES).sort()).toEqual([...vocabulary.SECTORS].sort());
    expect(Object.keys(vocabulary.FACILITY_KIND_NAMES).sort()).toEqual([...vocabulary.FACILITY_KINDS].sort());
  });

  it('counts only unfinished case statuses as open', () => {
    expect(vocabulary.OPEN_CASE_STATUSES).not.toContain('closed');
    expect(vocabulary.OPEN_CASE_STATUSES).not.toContain('declined');
    expect(vocabulary.OPEN_CASE_STATUSES.every((status) => vocabulary.CASE_STATUSES.includes(status))).toBe(true);
  });
});
