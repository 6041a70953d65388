// Checks the shape of the labelled clustering fixtures (tests/fixtures/clustering/), not the clustering itself:
// every file parses, ids are unique, the counts meet what the README promises, labels are used as documented,
// and the CBM records only use values the domain knows.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { FACILITY_KINDS, PROVINCES, ROOT_CAUSE_CATEGORIES, ROOT_CAUSE_LEVELS } from '../../../src/domain/vocabulary.ts';

const fixtures = new URL('../../fixtures/clustering/', import.meta.url);

type Row = Record<string, unknown> & { id: unknown; label: string };

/** One JSON object per line, every line (the last one too) ending in a newline; throws on anything else. */
function readJsonl(name: string): Row[] {
  const text = readFileSync(new URL(name, fixtures), 'utf8');
  if (!text.endsWith('\n')) throw new Error(`${name} does not end with a newline`);
  return text
    .slice(0, -1)
    .split('\n')
    .map((line, index) => {
      const row: unknown = JSON.parse(line);
      if (typeof row !== 'object' || row === null || Array.isArray(row)) {
        throw new Error(`${name} line ${index + 1} is not a JSON object`);
      }
      return row as Row;
    });
}

function membersByLabel(rows: Row[]): Map<string, Row[]> {
  const groups = new Map<string, Row[]>();
  for (const row of rows) {
    const group = groups.get(row.label) ?? [];
    group.push(row);
    groups.set(row.label, group);
  }
  return groups;
}

const isSolo = (label: string) => label.startsWith('solo-');

interface FileSpec {
  name: string;
  minRecords: number;
  minProblems: number;
  minOneOffs: number;
  minMembers: number;
  maxMembers: number;
  /** Pairs of problems that share vocabulary but are different problems (listed in the README). */
  nearMisses: [string, string][];
}

const specs: FileSpec[] = [
  {
    name: 'cbm-local-issues.jsonl',
    minRecords: 420,
    minProblems: 32,
    minOneOffs: 50,
    minMembers: 5,
    maxMembers: 30,
    nearMisses: [
      ['police-vehicles-at-garage', 'police-vehicle-shortage'],
      ['police-vehicle-shortage', 'patient-transport-ambulance'],
      ['police-vehicle-shortage', 'police-slow-response'],
      ['clinic-queues-late-opening', 'sassa-queues-before-dawn'],
      ['sassa-queues-before-dawn', 'sassa-no-shelter-toilets'],
      ['medicine-stock-out', 'expired-medicine-poor-storage'],
      ['clinic-staff-shortage', 'clinic-staff-attitude'],
      ['no-feedback-criminal-case', 'complaints-no-feedback'],
      ['grant-payment-problems', 'unauthorised-deductions'],
      ['grant-application-backlog', 'grant-lapsed-suspended'],
      ['grant-lapsed-suspended', 'foster-care-orders-lapse'],
      ['social-worker-caseload', 'foster-care-orders-lapse'],
      ['arrest-targets-petty-offences', 'drugs-in-community'],
      ['sassa-no-shelter-toilets', 'clinic-building-leaking'],
      ['clinic-building-leaking', 'clinic-no-water-power'],
      ['police-attitude-gbv-victims', 'gbv-no-shelter-support'],
    ],
  },
  {
    name: 'municipal-complaints.jsonl',
    minRecords: 200,
    minProblems: 18,
    minOneOffs: 60,
    minMembers: 3,
    maxMembers: 20,
    nearMisses: [
      ['water-outage', 'water-billing-error'],
      ['water-outage', 'low-water-pressure'],
      ['water-billing-error', 'property-rates-billing'],
      ['streetlight-out', 'traffic-light-out'],
      ['streetlight-out', 'electricity-outage-area'],
      ['sewage-spill', 'burst-water-pipe'],
      ['sewage-spill', 'blocked-stormwater-drain'],
      ['refuse-not-collected', 'illegal-dumping'],
      ['prepaid-meter-fault', 'electricity-outage-area'],
      ['missing-manhole-cover', 'potholes'],
    ],
  },
  {
    name: 'support-tickets.jsonl',
    minRecords: 120,
    minProblems: 12,
    minOneOffs: 40,
    minMembers: 3,
    maxMembers: 15,
    nearMisses: [
      ['password-reset-email-missing', 'how-to-reset-password'],
      ['password-reset-email-missing', 'email-notifications-spam'],
      ['csv-export-garbled', 'csv-import-too-large'],
      ['session-logout', '2fa-code-invalid'],
      ['sso-saml-error', '2fa-code-invalid'],
      ['double-charge', 'cancel-subscription'],
      ['slow-dashboard', 'csv-import-too-large'],
    ],
  },
  {
    name: 'customer-queries.jsonl',
    minRecords: 300,
    minProblems: 16,
    minOneOffs: 40,
    minMembers: 8,
    maxMembers: 40,
    nearMisses: [
      ['card-lost-or-stolen', 'card-declined-at-till'],
      ['card-declined-at-till', 'card-swallowed-by-atm'],
      ['transfer-failed', 'transfer-pending'],
      ['transfer-failed', 'wrong-account-reversal'],
      ['forgot-app-password', 'app-keeps-crashing'],
      ['airtime-not-received', 'wasp-subscription-charges'],
      ['data-finishing-fast', 'wasp-subscription-charges'],
      ['sim-swap-fraud', 'rica-registration'],
    ],
  },
];

describe.each(specs)('the clustering fixture $name', (spec) => {
  const rows = readJsonl(spec.name);
  const groups = membersByLabel(rows);
  const problems = [...groups.keys()].filter((label) => !isSolo(label));
  const oneOffs = [...groups.keys()].filter(isSolo);

  test('has unique ids and a label on every record', () => {
    const ids = rows.map((row) => JSON.stringify(row.id));
    expect(new Set(ids).size).toBe(rows.length);
    for (const row of rows) {
      expect(typeof row.label).toBe('string');
      expect(row.label).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    }
  });

  test('meets the minimum counts', () => {
    expect(rows.length).toBeGreaterThanOrEqual(spec.minRecords);
    expect(problems.length).toBeGreaterThanOrEqual(spec.minProblems);
    expect(oneOffs.length).toBeGreaterThanOrEqual(spec.minOneOffs);
  });

  test('gives every problem enough members and every one-off exactly one', () => {
    for (const label of problems) {
      const size = groups.get(label)?.length ?? 0;
      expect(size, label).toBeGreaterThanOrEqual(spec.minMembers);
      expect(size, label).toBeLessThanOrEqual(spec.maxMembers);
    }
    for (const label of oneOffs) {
      expect(label).toMatch(/^solo-\d+$/);
      expect(groups.get(label), label).toHaveLength(1);
    }
  });

  test('lists near-miss pairs between problems that exist', () => {
    expect(spec.nearMisses.length).toBeGreaterThanOrEqual(spec.name.startsWith('cbm') ? 8 : 3);
    for (const [a, b] of spec.nearMisses) {
      expect(problems, a).toContain(a);
      expect(problems, b).toContain(b);
      expect(a).not.toBe(b);
    }
  });
});

describe('the CBM local issues fixture', () => {
  const rows = readJsonl('cbm-local-issues.jsonl');
  const byId = new Map(rows.map((row) => [row.id, row]));
  const taxonomy = JSON.parse(readFileSync(new URL('../../../content/taxonomy.json', import.meta.url), 'utf8')) as {
    tags: { slug: string }[];
  };
  const slugs = new Set(taxonomy.tags.map((tag) => tag.slug));
  const fields = [
    'id',
    'label',
    'facility',
    'province',
    'facilityType',
    'title',
    'description',
    'tags',
    'rootCauses',
    'raisedOn',
  ];

  test('has the documented fields with valid values', () => {
    for (const row of rows) {
      const keys = Object.keys(row).filter((key) => key !== 'duplicateOf');
      expect(keys.sort(), String(row.id)).toEqual([...fields].sort());
      expect(row.id).toMatch(/^cbm-\d{4}$/);
      expect(row.facility).toMatch(/^[A-Z0-9]+(-[A-Z0-9]+)+$/);
      expect(PROVINCES).toContain(row.province);
      expect(FACILITY_KINDS).toContain(row.facilityType);
      expect(typeof row.title).toBe('string');
      expect((row.title as string).trim()).not.toBe('');
      expect(typeof row.description).toBe('string');
      expect(row.raisedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(new Date(`${row.raisedOn as string}T00:00:00Z`).toISOString().slice(0, 10)).toBe(row.raisedOn);
    }
  });

  test('uses only tag slugs from content/taxonomy.json', () => {
    for (const row of rows) {
      expect(Array.isArray(row.tags)).toBe(true);
      for (const tag of row.tags as unknown[])
        expect(slugs.has(tag as string), `${String(row.id)}: ${String(tag)}`).toBe(true);
    }
  });

  test('uses only root-cause levels and categories from the domain vocabulary', () => {
    for (const row of rows) {
      const causes = row.rootCauses as { level: string; category: string; statement: string }[];
      expect(Array.isArray(causes)).toBe(true);
      expect(causes.length).toBeLessThanOrEqual(3);
      for (const cause of causes) {
        expect(Object.keys(cause).sort()).toEqual(['category', 'level', 'statement']);
        expect(ROOT_CAUSE_LEVELS).toContain(cause.level);
        expect(ROOT_CAUSE_CATEGORIES).toContain(cause.category);
        expect(cause.statement.trim()).not.toBe('');
      }
    }
  });

  test('keeps each facility in one province with one kind', () => {
    const seen = new Map<unknown, string>();
    for (const row of rows) {
      const place = `${String(row.province)}/${String(row.facilityType)}`;
      expect(seen.get(row.facility) ?? place, String(row.facility)).toBe(place);
      seen.set(row.facility, place);
    }
    expect(seen.size).toBeGreaterThanOrEqual(60);
    expect(new Set(rows.map((row) => row.province)).size).toBe(PROVINCES.length);
  });

  test('spreads every problem over several facilities and provinces', () => {
    for (const [label, members] of membersByLabel(rows)) {
      if (isSolo(label)) continue;
      expect(new Set(members.map((row) => row.facility)).size, label).toBeGreaterThanOrEqual(3);
      expect(new Set(members.map((row) => row.province)).size, label).toBeGreaterThanOrEqual(2);
    }
  });

  test('points duplicateOf at an existing record with the same label and facility', () => {
    const duplicates = rows.filter((row) => 'duplicateOf' in row);
    expect(duplicates.length).toBeGreaterThan(0);
    for (const row of duplicates) {
      const original = byId.get(row.duplicateOf);
      expect(original, String(row.id)).toBeDefined();
      expect(original?.id).not.toBe(row.id);
      expect(original).not.toHaveProperty('duplicateOf');
      expect(original?.label).toBe(row.label);
      expect(original?.facility).toBe(row.facility);
    }
  });

  test('mixes tagged, untagged and root-caused records', () => {
    const untagged = rows.filter((row) => (row.tags as unknown[]).length === 0).length;
    const withoutCauses = rows.filter((row) => (row.rootCauses as unknown[]).length === 0).length;
    expect(untagged / rows.length).toBeGreaterThan(0.1);
    expect(untagged / rows.length).toBeLessThan(0.35);
    expect(withoutCauses / rows.length).toBeGreaterThan(0.35);
    expect(withoutCauses / rows.length).toBeLessThan(0.65);
  });
});

describe('the municipal complaints fixture', () => {
  const rows = readJsonl('municipal-complaints.jsonl');

  test('has numeric ids and only title and description as text', () => {
    for (const row of rows) {
      expect(Number.isInteger(row.id), JSON.stringify(row.id)).toBe(true);
      const text = Object.keys(row).filter((key) => key !== 'id' && key !== 'label');
      expect(text.length, String(row.id)).toBeGreaterThan(0);
      for (const key of text) {
        expect(['title', 'description'], String(row.id)).toContain(key);
        expect(typeof row[key]).toBe('string');
        expect((row[key] as string).trim()).not.toBe('');
      }
    }
    expect(rows.some((row) => !('description' in row))).toBe(true);
    expect(rows.some((row) => !('title' in row))).toBe(true);
  });
});

describe('the support tickets fixture', () => {
  const rows = readJsonl('support-tickets.jsonl');

  test('has string ids and a single text field', () => {
    for (const row of rows) {
      expect(row.id).toMatch(/^t-\d{3}$/);
      expect(Object.keys(row).sort()).toEqual(['id', 'label', 'text']);
      expect(typeof row.text).toBe('string');
      expect((row.text as string).trim()).not.toBe('');
    }
  });
});

describe('the customer queries fixture', () => {
  const rows = readJsonl('customer-queries.jsonl');

  test('has numbered ids and one short text each, as a help chat gets them', () => {
    rows.forEach((row, index) => {
      expect(row.id).toBe(index + 1);
      expect(Object.keys(row).sort()).toEqual(['id', 'label', 'text']);
      const words = (row.text as string).trim().split(/\s+/).length;
      expect(words, String(row.id)).toBeGreaterThanOrEqual(3);
      expect(words, String(row.id)).toBeLessThanOrEqual(20);
    });
  });
});
