import { ROLE_NAMES } from '../accounts/roles.ts';
import { publicTextOf, publicWordsOf, type PublicTextReviews } from '../privacy/public-text.ts';
import {
  CASE_STATUS_NAMES,
  FACILITY_KIND_NAMES,
  FOLLOW_UP_RESULT_NAMES,
  PROVINCE_NAMES,
  type CaseStatus,
  type FacilityKind,
  type FollowUpResult,
  type Province,
  type ResponseActionStatus,
} from '../vocabulary.ts';
import { describeCaseEvent } from './case-events.ts';
import { DEADLINE_NAMES, type DeadlineKind } from './deadlines.ts';
import { followUpStanding, followUpSummary } from './follow-up.ts';
import { CASE_MOVE_NAMES } from './workflow.ts';

/**
 * What the public may know of a systemic case, made from the case and its events in one place: the public case
 * page, the public list, Open311, the open data and the feeds all read this and nothing else. It never names a
 * person (actors appear as their role and department), never shows a citizen's words (local issues stay staff-only:
 * only where and how many), shows facility names only where the analyst allowed it for the case, and sends every
 * free text through the personal-data gate (src/domain/privacy/public-text.ts).
 */

/** A case the public may see: marked public by its analyst, and escalated (a draft is nobody's case yet). */
export function isPublicCase(systemicCase: { visibility: string; escalatedAt: Date | null }): boolean {
  return systemicCase.visibility === 'public' && systemicCase.escalatedAt !== null;
}

export interface DepartmentRef {
  id: string;
  code: string;
  name: string;
}

export interface PublicCaseSource {
  reference: string;
  title: string;
  problemStatement: string;
  rootCauseSynthesis: string;
  status: CaseStatus;
  visibility: string;
  publicFacilityNames: boolean;
  escalatedAt: Date | null;
  /** The last event the public timeline shows (kept by the database); null before the first. */
  publicChangedAt: Date | null;
  primaryTag: { slug: string; name: string } | null;
  owningDepartmentId: string;
  supportingDepartmentIds: readonly string[];
  facilities: readonly {
    id: string;
    name: string;
    kind: FacilityKind;
    province: Province;
    district: string;
    /** Respondents citing the case's issues there. */
    citing: number;
  }[];
  events: readonly {
    id: string;
    kind: string;
    createdAt: Date;
    actorRole: string | null;
    actorDepartmentId: string | null;
    fromStatus: CaseStatus | null;
    toStatus: CaseStatus | null;
    reason: string | null;
    evidenceUrl: string | null;
    isPublic: boolean;
    transferFromId: string | null;
    transferToId: string | null;
  }[];
  deadlines: readonly {
    kind: string;
    departmentId: string;
    startedOn: Date;
    dueOn: Date;
    originalDueOn: Date;
    extensions: number;
    pausedOn: Date | null;
    endedOn: Date | null;
    outcome: string | null;
  }[];
  responseActions: readonly {
    id: string;
    action: string;
    responsible: string;
    dueOn: Date;
    status: ResponseActionStatus;
    evidence: string | null;
    evidenceUrl: string | null;
  }[];
  followUpResults: readonly FollowUpResult[];
  /** The latest finding per facility, for the open data (the summary counts come from followUpResults). */
  followUpFindings: readonly {
    facilityId: string;
    result: FollowUpResult;
    foundOn: Date;
    citizensAsked: number | null;
    citizensCiting: number | null;
  }[];
}

/** Every workflow move after the escalation is a decision about the case, shown with its reason. */
const isDecision = (kind: string) => kind !== 'escalate' && (CASE_MOVE_NAMES as readonly string[]).includes(kind);

/** Events the public timeline leaves out: the draft before escalation, edits, internal comments. */
const isPublicEvent = (event: { kind: string; isPublic: boolean }) =>
  event.kind === 'commented' ? event.isPublic : event.kind !== 'created' && event.kind !== 'edited';

export type PublicDeadlineOutcome =
  'met' | 'met_after_extension' | 'missed' | 'cancelled' | 'running' | 'overdue' | 'paused';

export const PUBLIC_DEADLINE_OUTCOME_NAMES: Record<PublicDeadlineOutcome, string> = {
  met: 'Met',
  met_after_extension: 'Met after an extension',
  missed: 'Missed',
  cancelled: 'No longer needed',
  running: 'Running',
  overdue: 'Overdue: not answered by the due date',
  paused: 'Paused while the department waits for DPME',
};

/** How a deadline ended, or stands on `today` (YYYY-MM-DD, South African) while it runs. */
export function deadlineOutcomeOf(
  deadline: Pick<PublicCaseSource['deadlines'][number], 'dueOn' | 'endedOn' | 'pausedOn' | 'outcome' | 'extensions'>,
  today: string,
): PublicDeadlineOutcome {
  if (deadline.endedOn === null) {
    if (deadline.pausedOn) return 'paused';
    // Due dates are calendar days, stored at midnight UTC.
    return deadline.dueOn.toISOString().slice(0, 10) < today ? 'overdue' : 'running';
  }
  if (deadline.outcome === 'met') return deadline.extensions > 0 ? 'met_after_extension' : 'met';
  return deadline.outcome === 'missed' ? 'missed' : 'cancelled';
}

/** An actor as the public reads them: their office, never their name. */
export function officeOf(
  role: string | null,
  departmentId: string | null,
  departments: ReadonlyMap<string, DepartmentRef>,
): string {
  if (role === null) return 'CBM Tracker';
  const roleName = (ROLE_NAMES as Record<string, string>)[role] ?? 'Staff member';
  const department = departmentId ? departments.get(departmentId) : undefined;
  return department ? `${roleName}, ${department.name}` : roleName;
}

/** A link the public may follow: http(s) only, and through the gate like any text. */
function publicLinkOf(url: string | null, reviews: PublicTextReviews): string | null {
  if (!url || !/^https?:\/\//i.test(url)) return null;
  const published = publicTextOf(url, reviews);
  return published.shown && !published.redacted ? published.text : null;
}

function countBy<T>(items: readonly T[], keyOf: (item: T) => string): { key: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(keyOf(item), (counts.get(keyOf(item)) ?? 0) + 1);
  return [...counts]
    .map(([key, count]) => ({ key, count }))
    .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
}

/** Where a case's problem is felt, in words and counts; facility names only where the analyst allowed them. */
function spreadOf(source: Pick<PublicCaseSource, 'facilities' | 'publicFacilityNames'>) {
  const { facilities } = source;
  const provinces = countBy(facilities, (facility) => facility.province).map(({ key, count }) => ({
    province: key as Province,
    name: PROVINCE_NAMES[key as Province],
    facilities: count,
    districts: [...new Set(facilities.filter((f) => f.province === key).map((f) => f.district))].sort(),
  }));
  return {
    facilities: facilities.length,
    peopleCiting: facilities.reduce((sum, facility) => sum + facility.citing, 0),
    provinces,
    kinds: countBy(facilities, (facility) => facility.kind).map(({ key, count }) => ({
      kind: key as FacilityKind,
      name: FACILITY_KIND_NAMES[key as FacilityKind],
      facilities: count,
    })),
    facilityNames: source.publicFacilityNames ? facilities.map((facility) => facility.name).sort() : null,
    /** The facilities with their kind and place, where the analyst allows the case to name them. */
    namedFacilities: source.publicFacilityNames
      ? facilities
          .map(({ name, kind, province, district }) => ({ name, kind, province, district }))
          .sort((a, b) => a.name.localeCompare(b.name))
      : null,
    districts: districtsOf(facilities),
  };
}

/** Facilities and the people citing the problem per district (a place, never a facility). */
function districtsOf(facilities: PublicCaseSource['facilities']) {
  const districts = new Map<
    string,
    { province: Province; district: string; facilities: number; peopleCiting: number }
  >();
  for (const facility of facilities) {
    const key = `${facility.province}|${facility.district}`;
    const before = districts.get(key) ?? {
      province: facility.province,
      district: facility.district,
      facilities: 0,
      peopleCiting: 0,
    };
    districts.set(key, {
      ...before,
      facilities: before.facilities + 1,
      peopleCiting: before.peopleCiting + facility.citing,
    });
  }
  return [...districts.values()]
    .map((entry) => ({ ...entry, provinceName: PROVINCE_NAMES[entry.province] }))
    .sort((a, b) => a.provinceName.localeCompare(b.provinceName) || a.district.localeCompare(b.district));
}

/** The case as the public sees it on `today` (YYYY-MM-DD, South African), or null when it is not a public case. */
export function publicCaseView(
  source: PublicCaseSource,
  departments: ReadonlyMap<string, DepartmentRef>,
  reviews: PublicTextReviews,
  today: string,
) {
  if (!isPublicCase(source)) return null;
  const department = (id: string | null) => (id ? (departments.get(id) ?? null) : null);
  const words = (text: string) => publicWordsOf(text, reviews);
  const timeline = source.events.filter(isPublicEvent).map((event) => ({
    id: event.id,
    kind: event.kind,
    what: describeCaseEvent(event.kind),
    at: event.createdAt,
    by: officeOf(event.actorRole, event.actorDepartmentId, departments),
    from: event.fromStatus,
    to: event.toStatus,
    transferFrom: department(event.transferFromId),
    transferTo: department(event.transferToId),
    reason: event.reason ? words(event.reason) : null,
    evidenceUrl: publicLinkOf(event.evidenceUrl, reviews),
    isDecision: isDecision(event.kind),
    isComment: event.kind === 'commented',
  }));
  return {
    reference: source.reference,
    title: words(source.title),
    problemStatement: words(source.problemStatement),
    rootCauseSynthesis: source.rootCauseSynthesis ? words(source.rootCauseSynthesis) : '',
    status: source.status,
    statusName: CASE_STATUS_NAMES[source.status],
    escalatedAt: source.escalatedAt!,
    changedAt: source.publicChangedAt ?? source.escalatedAt!,
    primaryTag: source.primaryTag,
    owningDepartment: department(source.owningDepartmentId),
    supportingDepartments: source.supportingDepartmentIds.flatMap((id) => department(id) ?? []),
    spread: spreadOf(source),
    decisions: timeline.filter((event) => event.isDecision),
    comments: timeline.filter((event) => event.isComment),
    timeline,
    deadlines: source.deadlines.map((deadline) => ({
      kind: deadline.kind as DeadlineKind,
      name: DEADLINE_NAMES[deadline.kind as DeadlineKind] ?? deadline.kind,
      department: department(deadline.departmentId),
      startedOn: deadline.startedOn,
      dueOn: deadline.dueOn,
      originalDueOn: deadline.originalDueOn,
      extensions: deadline.extensions,
      endedOn: deadline.endedOn,
      outcome: deadlineOutcomeOf(deadline, today),
    })),
    responsePlan: source.responseActions.map((action) => ({
      id: action.id,
      action: words(action.action),
      responsible: words(action.responsible),
      dueOn: action.dueOn,
      status: action.status,
      evidence: action.evidence ? words(action.evidence) : null,
      evidenceUrl: publicLinkOf(action.evidenceUrl, reviews),
    })),
    followUp: publicFollowUpOf(source),
    followUpFindings: publicFollowUpFindingsOf(source),
  };
}

const sumOfKnown = (values: readonly (number | null)[]) =>
  values.some((value) => value !== null) ? values.reduce<number>((sum, value) => sum + (value ?? 0), 0) : null;

/**
 * What monitors found at each facility, where the analyst allows the case to name its facilities; otherwise the
 * findings counted per district and result, so that a facility the case does not name cannot be told apart.
 */
function publicFollowUpFindingsOf(
  source: Pick<PublicCaseSource, 'facilities' | 'followUpFindings' | 'publicFacilityNames'>,
) {
  const facilityById = new Map(source.facilities.map((facility) => [facility.id, facility]));
  const groups = new Map<
    string,
    { facility: PublicCaseSource['facilities'][number]; findings: PublicCaseSource['followUpFindings'][number][] }
  >();
  for (const finding of source.followUpFindings) {
    const facility = facilityById.get(finding.facilityId);
    if (!facility) continue;
    const key = source.publicFacilityNames
      ? facility.id
      : `${facility.province}|${facility.district}|${finding.result}`;
    const group = groups.get(key) ?? { facility, findings: [] };
    group.findings.push(finding);
    groups.set(key, group);
  }
  return [...groups.values()]
    .map(({ facility, findings }) => ({
      province: facility.province,
      provinceName: PROVINCE_NAMES[facility.province],
      district: facility.district,
      facilityName: source.publicFacilityNames ? facility.name : null,
      facilityKind: source.publicFacilityNames ? facility.kind : null,
      result: findings[0]!.result,
      resultName: FOLLOW_UP_RESULT_NAMES[findings[0]!.result],
      facilities: findings.length,
      citizensAsked: sumOfKnown(findings.map((finding) => finding.citizensAsked)),
      citizensCiting: sumOfKnown(findings.map((finding) => finding.citizensCiting)),
      /** The latest of the findings counted. */
      foundOn: new Date(Math.max(...findings.map((finding) => finding.foundOn.getTime()))),
    }))
    .sort(
      (a, b) =>
        a.provinceName.localeCompare(b.provinceName) ||
        a.district.localeCompare(b.district) ||
        (a.facilityName ?? '').localeCompare(b.facilityName ?? '') ||
        a.result.localeCompare(b.result),
    );
}

/** "Improved at 7 of 9 facilities", with the counts behind it. */
function publicFollowUpOf(source: Pick<PublicCaseSource, 'facilities' | 'followUpResults'>) {
  const { facilities, recorded, better } = followUpStanding(source.facilities.length, source.followUpResults);
  return { facilities, recorded, better, summary: followUpSummary({ facilities, recorded, better }) };
}

export type PublicCaseSummarySource = Omit<
  PublicCaseSource,
  'events' | 'deadlines' | 'responseActions' | 'problemStatement' | 'rootCauseSynthesis' | 'followUpFindings'
>;

/** A public case as the lists, the feeds' entries and Open311's requests summarise it; null when not public. */
export function publicCaseSummary(
  source: PublicCaseSummarySource,
  departments: ReadonlyMap<string, DepartmentRef>,
  reviews: PublicTextReviews,
) {
  if (!isPublicCase(source)) return null;
  const spread = spreadOf(source);
  return {
    reference: source.reference,
    title: publicWordsOf(source.title, reviews),
    status: source.status,
    statusName: CASE_STATUS_NAMES[source.status],
    escalatedAt: source.escalatedAt!,
    changedAt: source.publicChangedAt ?? source.escalatedAt!,
    primaryTag: source.primaryTag,
    owningDepartment: departments.get(source.owningDepartmentId) ?? null,
    facilities: spread.facilities,
    provinces: spread.provinces.map((province) => province.name),
    followUp: publicFollowUpOf(source),
  };
}

export type PublicCaseSummary = NonNullable<ReturnType<typeof publicCaseSummary>>;

export type PublicCaseView = NonNullable<ReturnType<typeof publicCaseView>>;

/** Every free text of a case that would be published, for the review queue and the reviews to load. */
export function publicTextsOf(source: {
  title: string;
  problemStatement: string;
  rootCauseSynthesis: string;
  events: readonly { kind: string; isPublic: boolean; reason: string | null; evidenceUrl: string | null }[];
  responseActions: readonly Pick<
    PublicCaseSource['responseActions'][number],
    'action' | 'responsible' | 'evidence' | 'evidenceUrl'
  >[];
}) {
  return [
    { field: 'title', text: source.title },
    { field: 'problem statement', text: source.problemStatement },
    { field: 'root-cause synthesis', text: source.rootCauseSynthesis },
    ...source.events.filter(isPublicEvent).flatMap((event) => [
      { field: `${describeCaseEvent(event.kind).toLowerCase()}: reason`, text: event.reason ?? '' },
      { field: `${describeCaseEvent(event.kind).toLowerCase()}: evidence link`, text: event.evidenceUrl ?? '' },
    ]),
    ...source.responseActions.flatMap((action) => [
      { field: 'response action', text: action.action },
      { field: 'response action: who is responsible', text: action.responsible },
      { field: 'response action: evidence', text: action.evidence ?? '' },
      { field: 'response action: evidence link', text: action.evidenceUrl ?? '' },
    ]),
  ].filter((entry) => entry.text.trim() !== '');
}
