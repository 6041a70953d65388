/** What a cluster's spread is built from, per member; every field may be unknown (a file without it). */
export interface SpreadMember {
  facility?: string | null;
  province?: string | null;
  sector?: string | null;
  department?: string | null;
  /** Evidence: how many people cited the issue (respondents citing it, or priority votes). */
  peopleAffected?: number | null;
  /** YYYY-MM-DD. */
  raisedOn?: string | null;
  rootCauseLevels?: readonly string[];
}

/** How far a problem reaches: what makes a cluster of local issues systemic. */
export interface Spread {
  issues: number;
  facilities: number;
  provinces: number;
  sectors: number;
  departments: number;
  peopleAffected: number;
  firstSeen: string | null;
  lastSeen: string | null;
  /** Issues raised in the 90 days up to `today`, and in the 90 days before those. */
  raisedLast90Days: number;
  raisedPrevious90Days: number;
  hasNationalRootCause: boolean;
  /** Facilities whose issues give a national-level root cause (absent from spreads stored before it was counted). */
  nationalRootCauseFacilities?: number;
}

const DAY_MS = 86_400_000;
const dayNumber = (isoDate: string) => Date.parse(`${isoDate}T00:00:00Z`) / DAY_MS;

const hasNationalRootCause = (member: SpreadMember) => member.rootCauseLevels?.includes('national') ?? false;

/** `today` is the South African date (YYYY-MM-DD) the growth is measured up to. */
export function spreadOf(members: readonly SpreadMember[], today: string): Spread {
  const distinct = (pick: (member: SpreadMember) => string | null | undefined) =>
    new Set(members.map(pick).filter((value): value is string => Boolean(value))).size;
  const dates = members
    .map((member) => member.raisedOn)
    .filter((date): date is string => Boolean(date))
    .sort();
  return {
    issues: members.length,
    facilities: distinct((member) => member.facility),
    provinces: distinct((member) => member.province),
    sectors: distinct((member) => member.sector),
    departments: distinct((member) => member.department),
    peopleAffected: members.reduce((sum, member) => sum + Math.max(0, member.peopleAffected ?? 0), 0),
    firstSeen: dates[0] ?? null,
    lastSeen: dates.at(-1) ?? null,
    ...growthOf(dates, today),
    hasNationalRootCause: members.some(hasNationalRootCause),
    nationalRootCauseFacilities: new Set(
      members.filter(hasNationalRootCause).map((member, index) => member.facility ?? `unknown facility ${index}`),
    ).size,
  };
}

/**
 * Issues raised in the 90 days up to `today` (YYYY-MM-DD), and in the 90 days before those. A page works
 * it out on the day it is shown: a figure stored when the members last changed ages with every day.
 */
export function growthOf(
  raisedOn: readonly string[],
  today: string,
): Pick<Spread, 'raisedLast90Days' | 'raisedPrevious90Days'> {
  const end = dayNumber(today);
  const within = (from: number, to: number) =>
    raisedOn.filter((date) => dayNumber(date) > end - to && dayNumber(date) <= end - from).length;
  return { raisedLast90Days: within(0, 90), raisedPrevious90Days: within(90, 180) };
}
