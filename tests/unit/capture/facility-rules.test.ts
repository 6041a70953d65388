import { describe, expect, it } from 'vitest';
import {
  departmentChangeProblems,
  departmentProblems,
  facilityProblems,
  type DepartmentShape,
  type FacilityShape,
} from '../../../src/domain/capture/facility-rules.ts';

const aClinic = (overrides: Partial<FacilityShape> = {}): FacilityShape => ({
  kind: 'clinic',
  sector: 'health',
  province: 'mpumalanga',
  latitude: -25.33,
  longitude: 31.06,
  ...overrides,
});
const mpumalangaHealth: DepartmentShape = {
  name: 'Mpumalanga Department of Health',
  sphere: 'provincial',
  province: 'mpumalanga',
  sector: 'health',
};
const saps: DepartmentShape = {
  name: 'South African Police Service',
  sphere: 'national',
  province: null,
  sector: 'policing',
};

describe('departmentProblems', () => {
  it('refuses a province on a national department', () => {
    expect(departmentProblems({ sphere: 'national', province: 'gauteng' })).toEqual({
      province: 'Leave the province empty: a national department has none',
    });
  });

  it('refuses a provincial or local department without a province', () => {
    expect(departmentProblems({ sphere: 'provincial', province: null })).toHaveProperty('province');
    expect(departmentProblems({ sphere: 'local', province: null }).province).toMatch(
      /^Choose the province of this local department/,
    );
  });

  it('accepts a national department without a province and a provincial one with one', () => {
    expect(departmentProblems({ sphere: 'national', province: null })).toEqual({});
    expect(departmentProblems({ sphere: 'provincial', province: 'limpopo' })).toEqual({});
  });
});

describe('facilityProblems', () => {
  it('accepts a clinic run by its own province’s health department', () => {
    expect(facilityProblems(aClinic(), mpumalangaHealth)).toEqual({});
  });

  it('accepts a police station anywhere under the national police service', () => {
    const station = aClinic({ kind: 'police_station', sector: 'policing', province: 'western_cape' });
    expect(facilityProblems({ ...station, latitude: -33.9, longitude: 18.4 }, saps)).toEqual({});
  });

  it('refuses a sector that does not fit the kind of facility', () => {
    expect(facilityProblems(aClinic({ sector: 'policing' }), saps)).toEqual({
      sector: 'Choose Health: a clinic is in that sector',
    });
  });

  it('lets a facility of kind other be in any sector', () => {
    const centre = aClinic({ kind: 'other', sector: 'policing' });
    expect(facilityProblems(centre, saps)).toEqual({});
  });

  it('refuses a department of another sector', () => {
    expect(facilityProblems(aClinic({ kind: 'other' }), saps)).toEqual({
      departmentId: 'Choose a department that works in Health: South African Police Service works in Policing',
    });
  });

  it('refuses a provincial department of another province', () => {
    expect(
      facilityProblems(aClinic({ province: 'limpopo', latitude: null, longitude: null }), mpumalangaHealth),
    ).toEqual({
      departmentId: 'Choose a department of Limpopo: Mpumalanga Department of Health is a department of Mpumalanga',
    });
  });

  it('wants both coordinates or neither', () => {
    expect(facilityProblems(aClinic({ longitude: null }), mpumalangaHealth)).toEqual({
      longitude: 'give the longitude too, or neither',
    });
    expect(facilityProblems(aClinic({ latitude: null, longitude: null }), mpumalangaHealth)).toEqual({});
  });

  it('refuses coordinates outside South Africa, such as a latitude without its minus sign', () => {
    expect(facilityProblems(aClinic({ latitude: 25.33 }), mpumalangaHealth)).toHaveProperty('latitude');
    expect(facilityProblems(aClinic({ latitude: 31.06, longitude: -25.33 }), mpumalangaHealth)).toMatchObject({
      latitude: expect.stringMatching(/between -35 and -22/),
      longitude: expect.stringMatching(/between 16 and 33/),
    });
  });
});

describe('departmentChangeProblems', () => {
  it('refuses a new sector while the department runs facilities of the old one', () => {
    const problems = departmentChangeProblems({ ...mpumalangaHealth, sector: 'social_development' }, [
      aClinic(),
      aClinic(),
    ]);
    expect(problems).toEqual({
      sector: '2 facilities run by this department are in another sector; give them another department first',
    });
  });

  it('refuses a new province while the department runs facilities in the old one', () => {
    const problems = departmentChangeProblems({ ...mpumalangaHealth, province: 'limpopo' }, [aClinic()]);
    expect(problems.province).toMatch(/^1 facility run by this department is in another province/);
  });

  it('accepts a new name or a move to the national sphere, which covers every province', () => {
    expect(departmentChangeProblems({ ...mpumalangaHealth, name: 'Health, Mpumalanga' }, [aClinic()])).toEqual({});
    expect(departmentChangeProblems({ ...mpumalangaHealth, sphere: 'national', province: null }, [aClinic()])).toEqual(
      {},
    );
  });

  it('still checks the sphere and province rule', () => {
    expect(departmentChangeProblems({ ...mpumalangaHealth, province: null }, [])).toEqual({
      province: 'Choose the province of this provincial department',
    });
  });
});
