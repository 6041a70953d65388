import type { CommitmentDraft } from '../../server/services/capture/charter-service.ts';
import type { DepartmentFields } from '../../server/services/capture/department-service.ts';
import type { FacilityFields } from '../../server/services/capture/facility-edit-service.ts';
import type { RoundFields } from '../../server/services/capture/round-service.ts';
import { typedDateOf } from '../forms/date-parts.ts';
import { field } from '../http.ts';

/**
 * Posted forms of facilities, departments, rounds and commitments as their procedures take them,
 * and each form's words for its fields, for the error summary. The schemas check the values.
 */

export const FACILITY_FIELD_LABELS: Record<string, string> = {
  code: 'Code',
  name: 'Name',
  kind: 'Kind',
  sector: 'Sector',
  province: 'Province',
  district: 'District',
  localMunicipality: 'Local municipality',
  community: 'Community or town',
  latitude: 'Latitude',
  longitude: 'Longitude',
  departmentId: 'Responsible department',
};

export const DEPARTMENT_FIELD_LABELS: Record<string, string> = {
  code: 'Code',
  name: 'Name',
  sphere: 'Sphere',
  province: 'Province',
  sector: 'Sector',
};

export const ROUND_FIELD_LABELS: Record<string, string> = {
  programme: 'Programme',
  wave: 'Wave',
  startedOn: 'Date the round started',
  endedOn: 'Date the round ended',
  citizensInterviewed: 'Citizens interviewed',
  staffInterviewed: 'Staff interviewed',
  monitorsTrained: 'Monitors trained',
  currentStep: 'Step of the method',
  stepReason: 'Reason for going back',
};

export const COMMITMENT_FIELD_LABELS: Record<string, string> = {
  commitment: 'Commitment',
  responsibleParty: 'Responsible party',
  dueOn: 'Due date',
  status: 'Status',
  localIssueId: 'Local issue it answers',
  isPastDueConfirmed: 'Due date in the past',
  on: 'Date of the update',
  note: 'What happened',
};

/** '' is "not given"; "-25,33" reads as -25.33, and "1 200" as 1200 (South African ways of writing numbers). */
export function numberOf(text: string): number | null {
  if (text === '') return null;
  return Number(text.replace(/\s/g, '').replace(',', '.'));
}

/** A count that may be left empty (then the schema's default of 0 applies). */
const countOf = (text: string): number | undefined => numberOf(text) ?? undefined;

type Enum<T, K extends keyof T> = T[K];

export function readFacilityForm(form: FormData): FacilityFields & { code: string } {
  return {
    code: field(form, 'code'),
    name: field(form, 'name'),
    kind: field(form, 'kind') as Enum<FacilityFields, 'kind'>,
    sector: field(form, 'sector') as Enum<FacilityFields, 'sector'>,
    province: field(form, 'province') as Enum<FacilityFields, 'province'>,
    district: field(form, 'district'),
    localMunicipality: field(form, 'localMunicipality'),
    community: field(form, 'community'),
    latitude: numberOf(field(form, 'latitude')),
    longitude: numberOf(field(form, 'longitude')),
    departmentId: field(form, 'departmentId'),
  };
}

export function readDepartmentForm(form: FormData): DepartmentFields & { code: string } {
  return {
    code: field(form, 'code'),
    name: field(form, 'name'),
    sphere: field(form, 'sphere') as Enum<DepartmentFields, 'sphere'>,
    province: (field(form, 'province') || null) as Enum<DepartmentFields, 'province'>,
    sector: field(form, 'sector') as Enum<DepartmentFields, 'sector'>,
  };
}

export function readRoundForm(form: FormData): RoundFields & { stepReason: string } {
  return {
    programme: field(form, 'programme') as Enum<RoundFields, 'programme'>,
    wave: numberOf(field(form, 'wave')) ?? Number.NaN,
    startedOn: typedDateOf(form, 'startedOn'),
    endedOn: typedDateOf(form, 'endedOn') || null,
    citizensInterviewed: countOf(field(form, 'citizensInterviewed')),
    staffInterviewed: countOf(field(form, 'staffInterviewed')),
    monitorsTrained: countOf(field(form, 'monitorsTrained')),
    currentStep: field(form, 'currentStep') as Enum<RoundFields, 'currentStep'>,
    stepReason: field(form, 'stepReason'),
  };
}

export function readCommitmentForm(form: FormData): Omit<CommitmentDraft, 'facilityId'> {
  return {
    commitment: field(form, 'commitment'),
    responsibleParty: field(form, 'responsibleParty'),
    dueOn: typedDateOf(form, 'dueOn'),
    localIssueId: field(form, 'localIssueId') || null,
    isPastDueConfirmed: field(form, 'isPastDueConfirmed') === 'yes',
  };
}
