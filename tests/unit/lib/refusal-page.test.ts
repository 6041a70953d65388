import { describe, expect, it } from 'vitest';
import { canonicalCodePath, isPlainPageRefusal } from '../../../src/lib/refusal-page.ts';

describe('isPlainPageRefusal', () => {
  it('takes a page’s plain-text 403 or 404', () => {
    expect(
      isPlainPageRefusal('/facilities/X', new Response('There is no facility with this code.', { status: 404 })),
    ).toBe(true);
    expect(isPlainPageRefusal('/admin/users', new Response('Your role cannot open this page.', { status: 403 }))).toBe(
      true,
    );
    expect(isPlainPageRefusal('/knowledge/partners/x', new Response(null, { status: 404 }))).toBe(true);
  });

  it('leaves pages, other statuses and the API alone', () => {
    const html = new Response('<p>x</p>', { status: 404, headers: { 'content-type': 'text/html' } });
    expect(isPlainPageRefusal('/404', html)).toBe(false);
    expect(isPlainPageRefusal('/issues', new Response('x', { status: 400 }))).toBe(false);
    expect(isPlainPageRefusal('/api/trpc/facility.get', new Response('x', { status: 404 }))).toBe(false);
  });
});

describe('canonicalCodePath', () => {
  it('upper-cases the code of a facility’s address and keeps the rest', () => {
    expect(canonicalCodePath('/facilities/kic-kaboKWENI-clinic')).toBe('/facilities/KIC-KABOKWENI-CLINIC');
    expect(canonicalCodePath('/facilities/kic-kabokweni-clinic/rounds/new')).toBe(
      '/facilities/KIC-KABOKWENI-CLINIC/rounds/new',
    );
  });

  it('sends a case feed’s department, province or tag typed in the other case to its own address', () => {
    expect(canonicalCodePath('/departments/saps/cases.atom')).toBe('/departments/SAPS/cases.atom');
    expect(canonicalCodePath('/provinces/KwaZulu-Natal/cases.atom')).toBe('/provinces/kwazulu-natal/cases.atom');
    expect(canonicalCodePath('/tags/Vehicles/cases.atom')).toBe('/tags/vehicles/cases.atom');
    expect(canonicalCodePath('/tags/vehicles/cases.atom')).toBeNull();
  });

  it('upper-cases a department’s code and lower-cases a tag’s slug, leaving the pages beside them', () => {
    expect(canonicalCodePath('/admin/departments/saps')).toBe('/admin/departments/SAPS');
    expect(canonicalCodePath('/admin/departments/new')).toBeNull();
    expect(canonicalCodePath('/facilities/export.csv')).toBeNull();
    expect(canonicalCodePath('/admin/departments')).toBeNull();
    expect(canonicalCodePath('/taxonomy/Police-Van/merge')).toBe('/taxonomy/police-van/merge');
    expect(canonicalCodePath('/taxonomy/police-van')).toBeNull();
    expect(canonicalCodePath('/knowledge/tag/POLICING')).toBe('/knowledge/tag/policing');
  });

  it('answers null for an address already canonical or without a code', () => {
    expect(canonicalCodePath('/facilities/KIC-KABOKWENI-CLINIC')).toBeNull();
    expect(canonicalCodePath('/facilities')).toBeNull();
    expect(canonicalCodePath('/issues/abc')).toBeNull();
  });
});
