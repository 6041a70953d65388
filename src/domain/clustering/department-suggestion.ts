/** What suggesting an owning department needs to know of the departments. */
export interface DepartmentForSuggestion {
  id: string;
  sector: string;
  sphere: 'national' | 'provincial' | 'local';
  province: string | null;
}

/** What a cluster's member says about who owns its problem. */
export interface MemberForSuggestion {
  /** Departments its tags route to (the tags' routing hints). */
  routedDepartmentIds: readonly string[];
  /** The department responsible for its facility. */
  facilityDepartmentId: string | null;
  facilitySector: string | null;
  rootCauseLevels: readonly string[];
}

export interface DepartmentSuggestion {
  departmentId: string;
  /** How many of the cluster's issues point to it, of how many. */
  pointingIssues: number;
  memberCount: number;
  reasons: string[];
}

/** An owner is suggested only when at least this many issues, and at least this share of them, point to it. */
export const OWNER_MIN_ISSUES = 2;
export const OWNER_MIN_SHARE = 1 / 3;

/**
 * The department a cluster's problem most likely belongs to. A tag's routing hint counts most (an analyst
 * set it for this kind of problem), then the departments responsible for the facilities. When a member's
 * root cause lies at national level, the national department of the facilities' main sector is favoured
 * over the provincial ones: a national cause is not theirs to fix. One issue says too little: only a
 * department that at least two issues and a third of the members point to is suggested, with the count.
 * The analyst can always change it.
 */
export function suggestDepartment(
  members: readonly MemberForSuggestion[],
  departments: readonly DepartmentForSuggestion[],
): DepartmentSuggestion | null {
  const score = new Map<string, number>();
  const add = (id: string, points: number) => score.set(id, (score.get(id) ?? 0) + points);
  for (const member of members) {
    for (const id of new Set(member.routedDepartmentIds)) add(id, 3);
    if (member.facilityDepartmentId) add(member.facilityDepartmentId, 1);
  }
  const sectors = new Map<string, number>();
  for (const member of members) {
    if (member.facilitySector) sectors.set(member.facilitySector, (sectors.get(member.facilitySector) ?? 0) + 1);
  }
  const [mainSector] = [...sectors].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([sector]) => sector);
  const nationalCauses = members.filter((member) => member.rootCauseLevels.includes('national')).length;
  const national = departments.find(
    (department) => department.sphere === 'national' && department.sector === mainSector,
  );
  if (nationalCauses > 0 && national) add(national.id, 2 * members.length);
  const pointingTo = (id: string) =>
    members.filter(
      (member) =>
        member.routedDepartmentIds.includes(id) ||
        member.facilityDepartmentId === id ||
        (id === national?.id && member.rootCauseLevels.includes('national')),
    ).length;
  const needed = Math.max(OWNER_MIN_ISSUES, Math.ceil(members.length * OWNER_MIN_SHARE));
  const [best] = [...score]
    .filter(([id]) => pointingTo(id) >= needed)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  if (!best) return null;
  const [departmentId] = best;
  const pointingIssues = pointingTo(departmentId);
  const reasons = [`${pointingIssues} of the ${members.length} issues point to it`];
  const routed = members.filter((member) => member.routedDepartmentIds.includes(departmentId)).length;
  const facilities = members.filter((member) => member.facilityDepartmentId === departmentId).length;
  if (routed > 0) reasons.push(`the tags of ${routed} issue(s) route to it`);
  if (facilities > 0) reasons.push(`it is responsible for the facilities of ${facilities} issue(s)`);
  if (national?.id === departmentId && nationalCauses > 0) {
    reasons.push(`${nationalCauses} issue(s) give a root cause at national level`);
  }
  return { departmentId, pointingIssues, memberCount: members.length, reasons };
}
