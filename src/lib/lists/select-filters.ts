import { PROVINCE_NAMES, SECTOR_NAMES } from '../../domain/vocabulary.ts';
import { optionsOf } from '../options.ts';

interface Option {
  value: string;
  label: string;
}

/** A list's select filter, as FilterSelect.astro shows it: pages build these and render them in a loop. */
export interface SelectFilter {
  label: string;
  name: string;
  /** The first option, which clears this filter. */
  anyLabel: string;
  options?: readonly Option[];
  /** Options in labelled groups, after `options`. */
  groups?: readonly { label: string; options: readonly Option[] }[];
  selected: string | undefined;
}

/** A select filter over a fixed vocabulary (each value's name, e.g. FACILITY_KIND_NAMES). */
export function choiceFilter(
  { label, name, anyLabel }: Pick<SelectFilter, 'label' | 'name' | 'anyLabel'>,
  names: Readonly<Record<string, string>>,
  selected: string | undefined,
): SelectFilter {
  return { label, name, anyLabel, options: optionsOf(names), selected };
}

export const provinceFilter = (selected: string | undefined): SelectFilter =>
  choiceFilter({ label: 'Province', name: 'province', anyLabel: 'All provinces' }, PROVINCE_NAMES, selected);

export const sectorFilter = (selected: string | undefined): SelectFilter =>
  choiceFilter({ label: 'Sector', name: 'sector', anyLabel: 'All sectors' }, SECTOR_NAMES, selected);

/** Departments by code, as facilities and overdue commitments filter them. */
export const departmentFilter = (
  departments: readonly { code: string; name: string }[],
  selected: string | undefined,
): SelectFilter => ({
  label: 'Department',
  name: 'department',
  anyLabel: 'All departments',
  options: departments.map((department) => ({ value: department.code, label: department.name })),
  selected,
});

/**
 * Up to this many facilities, a list's facility filter is a select; beyond (at national scale a select of 5,500
 * names weighed half a megabyte per page), a text field for the facility's code (FACILITY_CODE_FILTER).
 */
export const FACILITY_SELECT_LIMIT = 300;

export const FACILITY_CODE_FILTER = {
  label: 'Facility code',
  name: 'facility',
  maxlength: 40,
  hint: 'As the facility list shows it',
} as const;

/**
 * Facilities by id, as local issues and overdue commitments filter them, from the first FACILITY_SELECT_LIMIT + 1
 * by name; null when there are more than the limit, and the list shows FACILITY_CODE_FILTER instead.
 */
export const facilityFilter = (
  facilities: readonly { id: string; name: string }[],
  selected: string | undefined,
): SelectFilter | null =>
  facilities.length > FACILITY_SELECT_LIMIT
    ? null
    : {
        label: 'Facility',
        name: 'facility',
        anyLabel: 'All facilities',
        options: facilities.map((facility) => ({ value: facility.id, label: facility.name })),
        selected,
      };
