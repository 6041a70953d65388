import {
  FACILITY_KIND_NAMES,
  PROVINCE_NAMES,
  SECTOR_NAMES,
  type FacilityKind,
  type Province,
  type Sector,
  type Sphere,
} from '../vocabulary.ts';

/** Problems keyed by the form field they belong to, so that a page can show each beside its field. */
export type FieldProblems = Record<string, string>;

/**
 * The sector each kind of facility works in. A clinic run by the police would send its problems to
 * the wrong department when they are escalated, so the two must agree; `other` (a Thusong service
 * centre, say) may be in any sector.
 */
export const SECTOR_OF_KIND: Record<FacilityKind, Sector | null> = {
  police_station: 'policing',
  sassa_office: 'social_security',
  clinic: 'health',
  community_health_centre: 'health',
  hospital: 'health',
  dsd_service_point: 'social_development',
  municipality: 'local_government',
  other: null,
};

/** A box around South Africa's mainland: catches swapped or unsigned coordinates, which put a facility at sea. */
export const SOUTH_AFRICA_BOUNDS = { latitude: [-35, -22], longitude: [16, 33] } as const;

export interface DepartmentShape {
  name: string;
  sphere: Sphere;
  province: Province | null;
  sector: Sector;
}

/**
 * A provincial or local department belongs to one province; a national one to none. A field left out
 * (it did not parse, and has its own problem) is not judged.
 */
export function departmentProblems(department: Partial<Pick<DepartmentShape, 'sphere' | 'province'>>): FieldProblems {
  if (department.sphere === undefined || department.province === undefined) return {};
  if (department.sphere === 'national') {
    return department.province ? { province: 'Leave the province empty: a national department has none' } : {};
  }
  return department.province ? {} : { province: `Choose the province of this ${department.sphere} department` };
}

export interface FacilityShape {
  kind: FacilityKind;
  sector: Sector;
  province: Province;
  latitude: number | null;
  longitude: number | null;
}

/**
 * What makes a facility inconsistent with its kind, its responsible department and the map: the
 * department must work in the facility's sector and, unless national, in its province. A field left out
 * (it did not parse, and has its own problem) and a department not found are not judged, so that the
 * form's other problems are still reported in the same answer.
 */
export function facilityProblems(facility: Partial<FacilityShape>, department?: DepartmentShape): FieldProblems {
  const problems: FieldProblems = {};
  const { kind, sector, province } = facility;
  const expectedSector = kind && SECTOR_OF_KIND[kind];
  if (expectedSector && sector && sector !== expectedSector) {
    problems.sector = `Choose ${SECTOR_NAMES[expectedSector]}: a ${FACILITY_KIND_NAMES[kind].toLowerCase()} is in that sector`;
  }
  if (department && sector && department.sector !== sector) {
    problems.departmentId = `Choose a department that works in ${SECTOR_NAMES[sector]}: ${department.name} works in ${SECTOR_NAMES[department.sector]}`;
  } else if (department?.province && province && department.province !== province) {
    problems.departmentId = `Choose a department of ${PROVINCE_NAMES[province]}: ${department.name} is a department of ${PROVINCE_NAMES[department.province]}`;
  }
  Object.assign(problems, coordinateProblems(facility));
  return problems;
}

function coordinateProblems({
  latitude,
  longitude,
}: Partial<Pick<FacilityShape, 'latitude' | 'longitude'>>): FieldProblems {
  if (latitude === undefined || longitude === undefined) return {};
  if (latitude === null && longitude === null) return {};
  if (latitude === null) return { latitude: 'give the latitude too, or neither' };
  if (longitude === null) return { longitude: 'give the longitude too, or neither' };
  const problems: FieldProblems = {};
  const [south, north] = SOUTH_AFRICA_BOUNDS.latitude;
  const [west, east] = SOUTH_AFRICA_BOUNDS.longitude;
  if (latitude < south || latitude > north) {
    problems.latitude = `Enter a latitude in South Africa, between ${south} and ${north} (south is negative)`;
  }
  if (longitude < west || longitude > east) {
    problems.longitude = `Enter a longitude in South Africa, between ${west} and ${east}`;
  }
  return problems;
}

/**
 * Why a department's new sector or province would leave facilities it runs inconsistent, or
 * nothing; those facilities need another department first.
 */
export function departmentChangeProblems(
  department: Partial<DepartmentShape>,
  facilities: readonly Pick<FacilityShape, 'sector' | 'province'>[],
): FieldProblems {
  const problems = departmentProblems(department);
  const { sector } = department;
  const otherSector = sector ? facilities.filter((facility) => facility.sector !== sector).length : 0;
  if (otherSector > 0) {
    problems.sector = `${countOf(otherSector)} run by this department ${otherSector === 1 ? 'is' : 'are'} in another sector; give ${otherSector === 1 ? 'it' : 'them'} another department first`;
  }
  const { province } = department;
  const otherProvince = province ? facilities.filter((facility) => facility.province !== province).length : 0;
  if (otherProvince > 0 && !problems.province) {
    problems.province = `${countOf(otherProvince)} run by this department ${otherProvince === 1 ? 'is' : 'are'} in another province; give ${otherProvince === 1 ? 'it' : 'them'} another department first`;
  }
  return problems;
}

const countOf = (count: number) => (count === 1 ? '1 facility' : `${count} facilities`);
