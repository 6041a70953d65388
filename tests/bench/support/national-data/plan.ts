// What the national data set holds, planned in memory before anything is written: its scales, the departments
// and facilities of each province, their monitoring rounds and the users. Pure and seeded: the same seed and
// day give the same plan.
import { stableId } from '../../../../prisma/seed/seed.ts';
import type { Role } from '../../../../src/domain/accounts/roles.ts';
import type { FacilityKind, MethodStep, Province, Sector } from '../../../../src/domain/vocabulary.ts';
import { PROVINCES } from '../../../../src/domain/vocabulary.ts';
import { addDays, fromCalendarDate } from '../../../../src/lib/calendar-date.ts';
import { GEOGRAPHY, placeNamer, PROVINCE_CODES } from './geography.ts';
import type { IssueSector } from './issue-texts.ts';

export const SCALE_NAMES = ['pilot', 'regional', 'national'] as const;
/** `tiny` is for the test of the generator; the documented scales are SCALE_NAMES. */
export type ScaleName = (typeof SCALE_NAMES)[number] | 'tiny';

export interface Scale {
  provinces: readonly Province[];
  facilities: Record<FacilityKind, number>;
  issues: number;
  cases: number;
  /** Case events in all (openings included). */
  events: number;
  /** Users besides the six demo accounts. */
  users: Record<Role, number>;
}

const NATIONAL: Scale = {
  provinces: PROVINCES,
  facilities: {
    police_station: 1_150,
    clinic: 3_150,
    community_health_centre: 350,
    hospital: 110,
    sassa_office: 190,
    dsd_service_point: 210,
    municipality: 257,
    other: 60,
  },
  issues: 250_000,
  cases: 2_000,
  events: 20_000,
  users: { admin: 8, analyst: 60, facilitator: 240, official: 166, partner: 20 },
};

/** A ninth of everything, in one province. */
const REGIONAL: Scale = {
  provinces: ['mpumalanga'],
  facilities: Object.fromEntries(
    Object.entries(NATIONAL.facilities).map(([kind, count]) => [kind, Math.round(count / 9)]),
  ) as Record<FacilityKind, number>,
  issues: Math.round(NATIONAL.issues / 9),
  cases: Math.round(NATIONAL.cases / 9),
  events: Math.round(NATIONAL.events / 9),
  users: Object.fromEntries(
    Object.entries(NATIONAL.users).map(([role, count]) => [role, Math.max(1, Math.round(count / 9))]),
  ) as Record<Role, number>,
};

const TINY: Scale = {
  provinces: ['eastern_cape', 'gauteng', 'limpopo'],
  facilities: {
    police_station: 4,
    clinic: 6,
    community_health_centre: 2,
    hospital: 1,
    sassa_office: 2,
    dsd_service_point: 2,
    municipality: 3,
    other: 1,
  },
  issues: 400,
  cases: 12,
  events: 130,
  users: { admin: 1, analyst: 2, facilitator: 3, official: 4, partner: 1 },
};

/** The scales that add generated data to the pilot seed; `pilot` adds none. */
export const SCALES: Record<Exclude<ScaleName, 'pilot'>, Scale> = {
  national: NATIONAL,
  regional: REGIONAL,
  tiny: TINY,
};

/** The import source of the generated issues: the refusal of a filled database, and re-runs, look for it. */
export const BENCH_SOURCE = 'bench-data';

const SECTOR_OF: Record<FacilityKind, Sector> = {
  police_station: 'policing',
  clinic: 'health',
  community_health_centre: 'health',
  hospital: 'health',
  sassa_office: 'social_security',
  dsd_service_point: 'social_development',
  municipality: 'local_government',
  other: 'premier',
};

/** Whose problems a facility's issues mostly tell: its sector's, or a municipality's at "other" offices (Thusong centres). */
export const issueSectorOf = (kind: FacilityKind): IssueSector =>
  kind === 'other' ? 'local_government' : (SECTOR_OF[kind] as IssueSector);

/** How many issues a facility of each kind gathers, against a clinic's one. */
export const ISSUE_WEIGHT: Record<FacilityKind, number> = {
  police_station: 1,
  clinic: 1,
  community_health_centre: 1.5,
  hospital: 2,
  sassa_office: 1.5,
  dsd_service_point: 0.8,
  municipality: 3,
  other: 0.5,
};

const KIND_CODES: Record<FacilityKind, string> = {
  police_station: 'SAPS',
  clinic: 'CLINIC',
  community_health_centre: 'CHC',
  hospital: 'HOSP',
  sassa_office: 'SASSA',
  dsd_service_point: 'DSD',
  municipality: 'MUN',
  other: 'THUSONG',
};

const METROS = new Set([
  'Buffalo City',
  'Nelson Mandela Bay',
  'Mangaung',
  'City of Johannesburg',
  'City of Tshwane',
  'Ekurhuleni',
  'eThekwini',
  'City of Cape Town',
]);

export interface PlannedDepartment {
  id: string;
  code: string;
  name: string;
  province: Province;
}

export interface PlannedFacility {
  id: string;
  code: string;
  name: string;
  kind: FacilityKind;
  sector: Sector;
  province: Province;
  district: string;
  localMunicipality: string;
  community: string;
  latitude: number;
  longitude: number;
  departmentId: string;
}

export interface PlannedRound {
  id: string;
  facilityId: string;
  programme: 'national_pilot' | 'saps_rollout';
  wave: number;
  startedOn: Date;
  endedOn: Date | null;
  citizensInterviewed: number;
  staffInterviewed: number;
  monitorsTrained: number;
  currentStep: MethodStep;
}

export interface PlannedUser {
  id: string;
  name: string;
  email: string;
  role: Role;
  departmentCode: string | null;
  facilityIds: string[];
}

/** Splits `total` over `weights` in whole numbers that add up to it (largest remainders). */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((weight) => (total * weight) / sum);
  const counts = exact.map(Math.floor);
  const order = exact.map((value, index) => [value - Math.floor(value), index] as const).sort((a, b) => b[0] - a[0]);
  const left = total - counts.reduce((a, b) => a + b, 0);
  for (let n = 0; n < left; n += 1) counts[order[n]![1]]! += 1;
  return counts;
}

const departmentId = (code: string) => stableId('department', code);
const departmentCodeOf = (kind: FacilityKind, province: Province) => {
  const prefix = PROVINCE_CODES[province];
  if (kind === 'police_station') return 'SAPS';
  if (kind === 'sassa_office') return 'SASSA';
  if (kind === 'dsd_service_point') return `${prefix}-DSD`;
  if (kind === 'other') return `${prefix}-OTP`;
  return `${prefix}-DOH`;
};

const FACILITY_NAMES: Record<Exclude<FacilityKind, 'municipality'>, (town: string) => string> = {
  police_station: (town) => `${town} Police Station`,
  clinic: (town) => `${town} Clinic`,
  community_health_centre: (town) => `${town} Community Health Centre`,
  hospital: (town) => `${town} District Hospital`,
  sassa_office: (town) => `SASSA ${town} Local Office`,
  dsd_service_point: (town) => `${town} DSD Service Point`,
  other: (town) => `${town} Thusong Service Centre`,
};

interface Locality {
  district: string;
  municipality: string;
  isMetro: boolean;
  towns: string[];
}

/**
 * Each province's municipalities (its metros, its district municipalities, then local ones spread over the
 * districts) with a department each, and its other facilities spread over its metros and local municipalities
 * (a metro five times as likely), several to a town.
 */
export function planFacilities(scale: Scale, random: () => number) {
  const departments: PlannedDepartment[] = [];
  const facilities: PlannedFacility[] = [];
  const kinds = Object.keys(scale.facilities) as FacilityKind[];
  const perProvince = new Map<Province, Record<FacilityKind, number>>(
    scale.provinces.map((province) => [province, {} as Record<FacilityKind, number>]),
  );
  for (const kind of kinds) {
    const weights = scale.provinces.map((province) =>
      kind === 'municipality' ? GEOGRAPHY[province].municipalities : GEOGRAPHY[province].share,
    );
    apportion(scale.facilities[kind], weights).forEach((count, index) => {
      perProvince.get(scale.provinces[index]!)![kind] = count;
    });
  }
  for (const province of scale.provinces) {
    const geography = GEOGRAPHY[province];
    const counts = perProvince.get(province)!;
    const prefix = PROVINCE_CODES[province];
    const nameOf = placeNamer(province, random);
    const between = ([low, high]: readonly [number, number]) => Number((low + random() * (high - low)).toFixed(4));
    const metros = geography.districts.filter((district) => METROS.has(district));
    const districts = geography.districts.filter((district) => !METROS.has(district));
    const localCount = Math.max(geography.municipalities, counts.municipality) - metros.length - districts.length;
    const localities: Locality[] = [
      ...metros.map((district) => ({
        district,
        municipality: `${district} Metropolitan Municipality`,
        isMetro: true,
        towns: [],
      })),
      ...Array.from({ length: Math.max(1, localCount) }, (_, index) => ({
        district: districts[index % districts.length] ?? metros[0]!,
        municipality: `${nameOf()} Local Municipality`,
        isMetro: false,
        towns: [],
      })),
    ];
    const municipalities = [
      ...localities.filter((locality) => locality.isMetro),
      ...districts.map((district) => ({ district, municipality: `${district} District Municipality`, isMetro: false })),
      ...localities.filter((locality) => !locality.isMetro),
    ];
    const serial = new Map<FacilityKind, number>();
    const codeOf = (kind: FacilityKind) => {
      const next = (serial.get(kind) ?? 0) + 1;
      serial.set(kind, next);
      return `NAT-${prefix}-${KIND_CODES[kind]}-${String(next).padStart(4, '0')}`;
    };
    for (const municipality of municipalities.slice(0, counts.municipality)) {
      const code = codeOf('municipality');
      const department = { id: departmentId(code), code, name: municipality.municipality, province };
      departments.push(department);
      facilities.push({
        id: stableId('facility', code),
        code,
        name: municipality.municipality,
        kind: 'municipality',
        sector: 'local_government',
        province,
        district: `${municipality.district}${METROS.has(municipality.district) ? '' : ' District'}`,
        localMunicipality: municipality.municipality,
        community: municipality.municipality.replace(/ (Local|District|Metropolitan) Municipality$/, ''),
        latitude: between(geography.latitude),
        longitude: between(geography.longitude),
        departmentId: department.id,
      });
    }
    const weighted = localities.flatMap((locality) => Array<Locality>(locality.isMetro ? 5 : 1).fill(locality));
    const namesTaken = new Set<string>();
    for (const kind of kinds) {
      if (kind === 'municipality') continue;
      for (let n = 0; n < counts[kind]; n += 1) {
        const locality = weighted[Math.floor(random() * weighted.length)]!;
        const isNewTown = locality.towns.length === 0 || random() < 0.4;
        if (isNewTown) locality.towns.push(nameOf());
        const town = isNewTown ? locality.towns.at(-1)! : locality.towns[Math.floor(random() * locality.towns.length)]!;
        let name = FACILITY_NAMES[kind](town);
        for (let extension = 2; namesTaken.has(name); extension += 1) {
          name = FACILITY_NAMES[kind](`${town} Extension ${extension}`);
        }
        namesTaken.add(name);
        const code = codeOf(kind);
        facilities.push({
          id: stableId('facility', code),
          code,
          name,
          kind,
          sector: SECTOR_OF[kind],
          province,
          district: `${locality.district}${locality.isMetro ? '' : ' District'}`,
          localMunicipality: locality.municipality,
          community: town,
          latitude: between(geography.latitude),
          longitude: between(geography.longitude),
          departmentId: departmentId(departmentCodeOf(kind, province)),
        });
      }
    }
  }
  return { departments, facilities };
}

const STEPS: readonly MethodStep[] = ['gather_feedback', 'dialogue_and_charter', 'monitor_and_escalate'];

/** One to three rounds per facility over the two years before `today`, the last of them possibly under way. */
export function planRounds(facilities: readonly PlannedFacility[], today: string, random: () => number) {
  const windowStart = addDays(fromCalendarDate(today), -730);
  const end = fromCalendarDate(today);
  const within = (low: number, high: number) => low + Math.floor(random() * (high - low + 1));
  return facilities.flatMap((facility) => {
    const waves = within(1, 3);
    return Array.from({ length: waves }, (_, index): PlannedRound => {
      const wave = index + 1;
      const startedOn = addDays(windowStart, index * 240 + within(0, 60));
      const endedOn = addDays(startedOn, within(60, 150));
      const isOver = endedOn < end;
      return {
        id: stableId('bench-round', `${facility.code}/${wave}`),
        facilityId: facility.id,
        programme: facility.kind === 'police_station' ? 'saps_rollout' : 'national_pilot',
        wave,
        startedOn,
        endedOn: isOver ? endedOn : null,
        citizensInterviewed: within(40, 600),
        staffInterviewed: within(5, 40),
        monitorsTrained: within(3, 15),
        currentStep: isOver ? 'monitor_and_escalate' : STEPS[within(0, 2)]!,
      };
    });
  });
}

const FIRST_NAMES = [
  'Thabo',
  'Nomsa',
  'Sipho',
  'Lerato',
  'Themba',
  'Zanele',
  'Mpho',
  'Ayanda',
  'Pieter',
  'Anele',
  'Naledi',
  'Bongani',
  'Karabo',
  'Lindiwe',
  'Tshepo',
  'Refilwe',
  'Johan',
  'Fatima',
  'Kagiso',
  'Nandi',
  'Sibusiso',
  'Palesa',
  'Andile',
  'Busisiwe',
  'Lebogang',
  'Mandla',
  'Precious',
  'Vusi',
  'Zodwa',
  'Riaan',
  'Thandeka',
  'Kabelo',
  'Nokuthula',
  'Tumelo',
  'Yusuf',
  'Marietjie',
];
const SURNAMES = [
  'Dlamini',
  'Nkosi',
  'Ndlovu',
  'Mokoena',
  'Khumalo',
  'Mahlangu',
  'Molefe',
  'van der Merwe',
  'Botha',
  'Naidoo',
  'Mthembu',
  'Sithole',
  'Zulu',
  'Mabaso',
  'Maseko',
  'Mokwena',
  'Pillay',
  'Radebe',
  'Shabalala',
  'Tshabalala',
  'Baloyi',
  'Mathebula',
  'Venter',
  'Coetzee',
  'Ngcobo',
  'Mkhize',
  'Hlongwane',
  'Nel',
  'Moloi',
  'Phiri',
];

/** The departments officials come from first, one each, before the rest are spread at random. */
const MAIN_DEPARTMENTS = ['SAPS', 'NDOH', 'SASSA', 'NDSD', 'NT', 'DCOG', 'NDPW', 'DPSA'];

/** The users besides the demo accounts: officials of many departments, monitors at their facilities, and more. */
export function planUsers(
  scale: Scale,
  departments: readonly PlannedDepartment[],
  facilities: readonly PlannedFacility[],
  random: () => number,
): PlannedUser[] {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const provincial = scale.provinces.flatMap((province) =>
    ['DOH', 'DSD', 'OTP'].map((suffix) => `${PROVINCE_CODES[province]}-${suffix}`),
  );
  const firstOfficials = [...MAIN_DEPARTMENTS, ...provincial];
  const allDepartments = [...firstOfficials, ...departments.map((row) => row.code)];
  const facilitiesIn = new Map<Province, PlannedFacility[]>();
  for (const facility of facilities) {
    facilitiesIn.set(facility.province, [...(facilitiesIn.get(facility.province) ?? []), facility]);
  }
  const users: PlannedUser[] = [];
  for (const [role, count] of Object.entries(scale.users) as [Role, number][]) {
    for (let n = 0; n < count; n += 1) {
      const first = pick(FIRST_NAMES);
      const last = pick(SURNAMES);
      const key = `${role}-${n + 1}`;
      // A monitor works at three to eight facilities of one province.
      const nearby = role === 'facilitator' ? facilitiesIn.get(pick(facilities).province)! : [];
      const facilityIds = [
        ...new Set(Array.from({ length: nearby.length && 3 + Math.floor(random() * 6) }, () => pick(nearby).id)),
      ];
      users.push({
        id: stableId('bench-user', key),
        name: `${first} ${last}`,
        email: `${first}.${last}.${key}@bench.cbm-tracker.invalid`.toLowerCase().replaceAll(' ', ''),
        role,
        departmentCode: role === 'official' ? (firstOfficials[n] ?? pick(allDepartments)) : null,
        facilityIds,
      });
    }
  }
  return users;
}
