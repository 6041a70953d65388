/**
 * The closed vocabularies of the CBM domain. prisma/schema.prisma declares the same values as enums;
 * tests/unit/domain/vocabulary.test.ts keeps the two in step.
 */

export const PROVINCES = [
  'eastern_cape',
  'free_state',
  'gauteng',
  'kwazulu_natal',
  'limpopo',
  'mpumalanga',
  'north_west',
  'northern_cape',
  'western_cape',
] as const;
export type Province = (typeof PROVINCES)[number];

export const PROVINCE_NAMES: Record<Province, string> = {
  eastern_cape: 'Eastern Cape',
  free_state: 'Free State',
  gauteng: 'Gauteng',
  kwazulu_natal: 'KwaZulu-Natal',
  limpopo: 'Limpopo',
  mpumalanga: 'Mpumalanga',
  north_west: 'North West',
  northern_cape: 'Northern Cape',
  western_cape: 'Western Cape',
};

export const SPHERES = ['national', 'provincial', 'local'] as const;
export type Sphere = (typeof SPHERES)[number];

export const SECTORS = [
  'policing',
  'health',
  'social_security',
  'social_development',
  'local_government',
  'public_finance',
  'public_works',
  'cooperative_governance',
  'premier',
  'monitoring',
] as const;
export type Sector = (typeof SECTORS)[number];

export const SECTOR_NAMES: Record<Sector, string> = {
  policing: 'Policing',
  health: 'Health',
  social_security: 'Social grants (SASSA)',
  social_development: 'Social development',
  local_government: 'Local government',
  public_finance: 'Public finance',
  public_works: 'Public works',
  cooperative_governance: 'Co-operative governance',
  premier: 'Offices of the Premier',
  monitoring: 'Planning, monitoring and evaluation',
};

export const FACILITY_KINDS = [
  'police_station',
  'sassa_office',
  'clinic',
  'community_health_centre',
  'hospital',
  'dsd_service_point',
  'municipality',
  'other',
] as const;
export type FacilityKind = (typeof FACILITY_KINDS)[number];

export const FACILITY_KIND_NAMES: Record<FacilityKind, string> = {
  police_station: 'Police station',
  sassa_office: 'SASSA local office',
  clinic: 'Clinic',
  community_health_centre: 'Community health centre',
  hospital: 'Hospital',
  dsd_service_point: 'DSD service point',
  municipality: 'Municipality',
  other: 'Other',
};

/** The programmes under which monitoring rounds ran, as the programme report tells them. */
export const PROGRAMMES = ['national_pilot', 'saps_rollout', 'kabokweni_ideal_clinic', 'umsobomvu_idp'] as const;
export type Programme = (typeof PROGRAMMES)[number];

export const PROGRAMME_NAMES: Record<Programme, string> = {
  national_pilot: 'National pilot',
  saps_rollout: 'SAPS roll-out',
  kabokweni_ideal_clinic: 'Kabokweni Ideal Clinic',
  umsobomvu_idp: 'Umsobomvu IDP survey',
};

/** The three steps of the CBM method, in order. */
export const METHOD_STEPS = ['gather_feedback', 'dialogue_and_charter', 'monitor_and_escalate'] as const;
export type MethodStep = (typeof METHOD_STEPS)[number];

export const METHOD_STEP_NAMES: Record<MethodStep, string> = {
  gather_feedback: '1. Feedback gathered from citizens and staff',
  dialogue_and_charter: '2. Dialogue, root-cause analysis and charter',
  monitor_and_escalate: '3. Commitments monitored, problems escalated',
};

export const ISSUE_SOURCES = [
  'citizen_survey',
  'staff_survey',
  'community_dialogue',
  'root_cause_analysis',
  'scorecard',
  'other',
] as const;
export type IssueSource = (typeof ISSUE_SOURCES)[number];

export const ISSUE_SOURCE_NAMES: Record<IssueSource, string> = {
  citizen_survey: 'Citizen survey',
  staff_survey: 'Staff survey',
  community_dialogue: 'Community dialogue',
  root_cause_analysis: 'Root-cause analysis',
  scorecard: 'Scorecard',
  other: 'Other',
};

export const LOCAL_ISSUE_STATUSES = ['open', 'addressed_locally', 'escalated', 'resolved', 'closed'] as const;
export type LocalIssueStatus = (typeof LOCAL_ISSUE_STATUSES)[number];

export const LOCAL_ISSUE_STATUS_NAMES: Record<LocalIssueStatus, string> = {
  open: 'Open',
  addressed_locally: 'Addressed locally',
  escalated: 'Escalated',
  resolved: 'Resolved',
  closed: 'Closed',
};

export const ROOT_CAUSE_LEVELS = ['facility', 'district', 'provincial', 'national'] as const;
export type RootCauseLevel = (typeof ROOT_CAUSE_LEVELS)[number];

export const ROOT_CAUSE_LEVEL_NAMES: Record<RootCauseLevel, string> = {
  facility: 'Facility',
  district: 'District',
  provincial: 'Provincial',
  national: 'National',
};

export const ROOT_CAUSE_CATEGORIES = [
  'resources',
  'delegation',
  'targets_and_policy',
  'supply_chain',
  'infrastructure',
  'staffing',
  'relationships',
  'other',
] as const;
export type RootCauseCategory = (typeof ROOT_CAUSE_CATEGORIES)[number];

export const ROOT_CAUSE_CATEGORY_NAMES: Record<RootCauseCategory, string> = {
  resources: 'Resources',
  delegation: 'Delegation of authority',
  targets_and_policy: 'Targets and policy',
  supply_chain: 'Supply chain',
  infrastructure: 'Infrastructure',
  staffing: 'Staffing',
  relationships: 'Relationships',
  other: 'Other',
};

export const COMMITMENT_STATUSES = ['not_started', 'in_progress', 'done', 'missed'] as const;
export type CommitmentStatus = (typeof COMMITMENT_STATUSES)[number];

export const COMMITMENT_STATUS_NAMES: Record<CommitmentStatus, string> = {
  not_started: 'Not started',
  in_progress: 'In progress',
  done: 'Done',
  missed: 'Missed',
};

export const CLUSTER_STATUSES = ['suggested', 'confirmed', 'dismissed', 'escalated', 'merged'] as const;
export type ClusterStatus = (typeof CLUSTER_STATUSES)[number];

export const CLUSTER_STATUS_NAMES: Record<ClusterStatus, string> = {
  suggested: 'Suggested',
  confirmed: 'Confirmed',
  dismissed: 'Dismissed',
  escalated: 'Escalated',
  merged: 'Merged',
};

export const CASE_STATUSES = [
  'draft',
  'escalated',
  'acknowledged',
  'accepted',
  'declined',
  'information_requested',
  'response_planned',
  'in_progress',
  'resolved',
  'verified',
  'closed',
  'closed_not_fixed',
  'withdrawn',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const CASE_STATUS_NAMES: Record<CaseStatus, string> = {
  draft: 'Draft',
  escalated: 'Escalated',
  acknowledged: 'Acknowledged',
  accepted: 'Accepted',
  declined: 'Declined',
  information_requested: 'Waiting for DPME',
  response_planned: 'Response planned',
  in_progress: 'In progress',
  resolved: 'Resolved',
  verified: 'Verified',
  closed: 'Closed',
  closed_not_fixed: 'Closed as not fixed',
  withdrawn: 'Withdrawn',
};

/**
 * Cases under way with a department or waiting for DPME to verify them: not a draft (nobody's case yet), not
 * declined (the department said no; DPME decides what next), and not finished.
 */
export const OPEN_CASE_STATUSES: readonly CaseStatus[] = [
  'escalated',
  'acknowledged',
  'accepted',
  'information_requested',
  'response_planned',
  'in_progress',
  'resolved',
];

export const CASE_PRIORITIES = ['low', 'medium', 'high', 'critical'] as const;
export type CasePriority = (typeof CASE_PRIORITIES)[number];

export const CASE_PRIORITY_NAMES: Record<CasePriority, string> = {
  low: 'Low',
  medium: 'Medium',
  high: 'High',
  critical: 'Critical',
};

export const VISIBILITIES = ['internal', 'public'] as const;
export type Visibility = (typeof VISIBILITIES)[number];

export const RESPONSE_ACTION_STATUSES = ['planned', 'in_progress', 'done', 'dropped'] as const;
export type ResponseActionStatus = (typeof RESPONSE_ACTION_STATUSES)[number];

export const RESPONSE_ACTION_STATUS_NAMES: Record<ResponseActionStatus, string> = {
  planned: 'Planned',
  in_progress: 'In progress',
  done: 'Done',
  dropped: 'Dropped',
};

/** What monitors found when they went back to a facility after the department said a case was resolved. */
export const FOLLOW_UP_RESULTS = ['still_reported', 'improved', 'no_longer_reported'] as const;
export type FollowUpResult = (typeof FOLLOW_UP_RESULTS)[number];

export const FOLLOW_UP_RESULT_NAMES: Record<FollowUpResult, string> = {
  still_reported: 'Still reported',
  improved: 'Improved',
  no_longer_reported: 'No longer reported',
};
