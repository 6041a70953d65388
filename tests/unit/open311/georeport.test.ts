import { describe, expect, it } from 'vitest';
import {
  publicCaseView,
  type DepartmentRef,
  type PublicCaseSource,
  type PublicCaseView,
} from '../../../src/domain/cases/public-case.ts';
import {
  caseStatusesOf,
  open311DiscoveryOf,
  open311ErrorsOf,
  open311RequestOf,
  open311ServiceDefinitionOf,
  open311ServiceOf,
  open311StatusOf,
  parseRequestsQuery,
  parseW3cDate,
  serialiseOpen311,
  w3cDateTimeOf,
  type Open311Request,
} from '../../../src/domain/open311/georeport.ts';
import { NO_REVIEWS, WITHHELD_TEXT } from '../../../src/domain/privacy/public-text.ts';
import { CASE_STATUSES, type CaseStatus } from '../../../src/domain/vocabulary.ts';
import { aPublicCaseEvent } from '../../fixtures/public-case-events.ts';

// Element names, their order and the shapes of lists follow the examples of http://wiki.open311.org/GeoReport_v2
// ("GET Service List", "GET Service Definition", "GET Service Requests", "Errors") and
// http://wiki.open311.org/Service_Discovery; notes follow the "Update History" extension
// (http://wiki.open311.org/GeoReport_v2/Extensions).

const HEALTH: DepartmentRef = { id: 'd-doh', code: 'MP-DOH', name: 'Mpumalanga Department of Health' };
const NDOH: DepartmentRef = { id: 'd-ndoh', code: 'NDOH', name: 'National Department of Health' };
const DEPARTMENTS = new Map([HEALTH, NDOH].map((department) => [department.id, department]));
const morning = (day: string) => new Date(`${day}T08:00:00Z`);
const day = (date: string) => new Date(`${date}T00:00:00Z`);

const move = (kind: string, date: string, more: Partial<PublicCaseSource['events'][number]> = {}) =>
  aPublicCaseEvent(kind, morning(date), { actorDepartmentId: HEALTH.id, ...more });

/** A clinic case the department acknowledged and must now decide on. */
function clinicCase(more: Partial<PublicCaseSource> = {}): PublicCaseSource {
  return {
    reference: 'SC-2016-0009',
    title: 'Clinics run out of chronic medicines',
    problemStatement: 'Clinics report stock-outs between depot deliveries.',
    rootCauseSynthesis: '',
    status: 'acknowledged',
    visibility: 'public',
    publicFacilityNames: false,
    escalatedAt: morning('2016-08-10'),
    publicChangedAt: morning('2016-08-22'),
    primaryTag: { slug: 'medicine-stock', name: 'Medicine stock' },
    owningDepartmentId: HEALTH.id,
    supportingDepartmentIds: [],
    facilities: [
      {
        id: 'f1',
        name: 'Kabokweni Clinic',
        kind: 'clinic',
        province: 'mpumalanga',
        district: 'Ehlanzeni District',
        citing: 9,
      },
      {
        id: 'f2',
        name: 'Pienaar Clinic',
        kind: 'clinic',
        province: 'mpumalanga',
        district: 'Nkangala District',
        citing: 4,
      },
      {
        id: 'f3',
        name: 'Seshego Clinic',
        kind: 'clinic',
        province: 'limpopo',
        district: 'Capricorn District',
        citing: 2,
      },
    ],
    events: [
      move('created', '2016-08-09', { actorRole: 'analyst', actorDepartmentId: null }),
      move('escalate', '2016-08-10', { actorRole: 'analyst', actorDepartmentId: null, toStatus: 'escalated' }),
      move('commented', '2016-08-11', { reason: 'Internal: call the depot manager' }),
      move('acknowledge', '2016-08-22', { fromStatus: 'escalated', toStatus: 'acknowledged' }),
    ],
    deadlines: [
      {
        kind: 'acknowledge',
        departmentId: HEALTH.id,
        startedOn: day('2016-08-10'),
        dueOn: day('2016-08-24'),
        originalDueOn: day('2016-08-24'),
        extensions: 0,
        pausedOn: null,
        endedOn: day('2016-08-22'),
        outcome: 'met',
      },
      {
        kind: 'decide',
        departmentId: HEALTH.id,
        startedOn: day('2016-08-22'),
        dueOn: day('2016-09-19'),
        originalDueOn: day('2016-09-19'),
        extensions: 0,
        pausedOn: null,
        endedOn: null,
        outcome: null,
      },
    ],
    responseActions: [],
    followUpResults: [],
    followUpFindings: [],
    ...more,
  };
}

/** The fields of GET Service Requests' example, in its order, less address_id, zipcode, lat, long and media_url; notes last. */
const REQUEST_FIELDS = [
  'service_request_id',
  'status',
  'status_notes',
  'service_name',
  'service_code',
  'description',
  'agency_responsible',
  'service_notice',
  'requested_datetime',
  'updated_datetime',
  'expected_datetime',
  'address',
  'notes',
];

const viewOf = (source: PublicCaseSource): PublicCaseView =>
  publicCaseView(source, DEPARTMENTS, NO_REVIEWS, '2016-09-01')!;
const SERVICE = { code: 'medicine-stock', name: 'Medicine stock' };
const requestOf = (more: Partial<PublicCaseSource> = {}) => open311RequestOf(viewOf(clinicCase(more)), SERVICE);

describe('GeoReport dates', () => {
  it('writes moments in South African time with the +02:00 offset, to the second', () => {
    expect(w3cDateTimeOf(new Date('2016-08-10T08:00:00.123Z'))).toBe('2016-08-10T10:00:00+02:00');
    expect(w3cDateTimeOf(new Date('2016-08-10T23:30:00Z'))).toBe('2016-08-11T01:30:00+02:00');
  });

  it('reads W3C date-times with their zone, and a date alone as the whole South African day', () => {
    const read = (text: string, edge: 'start' | 'end' = 'start') => {
      const parsed = parseW3cDate(text, edge);
      return parsed.ok ? parsed.date.toISOString() : parsed.problem;
    };
    expect(read('2016-08-01T00:00:00Z')).toBe('2016-08-01T00:00:00.000Z');
    expect(read('2016-08-01T00:00:00+02:00')).toBe('2016-07-31T22:00:00.000Z');
    expect(read('2016-08-01T10:30-05:00')).toBe('2016-08-01T15:30:00.000Z');
    expect(read('2016-08-01T00:00:00.5Z')).toBe('2016-08-01T00:00:00.500Z');
    // An unencoded "+" arrives as a space.
    expect(read('2016-08-01T00:00:00 02:00')).toBe('2016-07-31T22:00:00.000Z');
    expect(read('2016-08-01')).toBe('2016-07-31T22:00:00.000Z');
    expect(read('2016-08-01', 'end')).toBe('2016-08-01T21:59:59.999Z');
  });

  it('says why a date cannot be read', () => {
    const problem = (text: string) => {
      const parsed = parseW3cDate(text, 'start');
      return parsed.ok ? 'read' : parsed.problem;
    };
    expect(problem('2016-08-01T00:00:00')).toMatch(/^needs a time zone, Z or \+02:00/);
    expect(problem('2016-02-30')).toBe('is not a date and time that exists');
    expect(problem('2016-08-01T24:00:00Z')).toBe('is not a date and time that exists');
    expect(problem('yesterday')).toMatch(/^is not a date and time in W3C format/);
    expect(problem('01/08/2016')).toMatch(/^is not a date and time in W3C format/);
  });
});

describe('the status of a case as open or closed', () => {
  it('closes verified, closed, closed-not-fixed and withdrawn cases, and keeps every other state open', () => {
    const mapped = Object.fromEntries(CASE_STATUSES.map((status) => [status, open311StatusOf(status)]));
    expect(mapped).toEqual({
      draft: 'open',
      escalated: 'open',
      acknowledged: 'open',
      accepted: 'open',
      // The department said no; DPME escalates it again or closes it, and the problem is not resolved.
      declined: 'open',
      information_requested: 'open',
      response_planned: 'open',
      in_progress: 'open',
      // The department says it is fixed; monitors have not verified it yet.
      resolved: 'open',
      verified: 'closed',
      closed: 'closed',
      closed_not_fixed: 'closed',
      withdrawn: 'closed',
    } satisfies Record<CaseStatus, string>);
  });

  it('filters by the case states each stands for, never drafts', () => {
    expect(caseStatusesOf('closed', CASE_STATUSES)).toEqual(['verified', 'closed', 'closed_not_fixed', 'withdrawn']);
    expect(caseStatusesOf('open', CASE_STATUSES)).not.toContain('draft');
    expect(caseStatusesOf('open', CASE_STATUSES)).toContain('declined');
  });
});

describe('a public case as a service request', () => {
  it('has the fields of the specification, in its order, without coordinates', () => {
    expect(Object.keys(requestOf())).toEqual(REQUEST_FIELDS);
  });

  it('fills each field from the public view', () => {
    expect(requestOf()).toEqual({
      service_request_id: 'SC-2016-0009',
      status: 'open',
      status_notes:
        'Acknowledged. Last decision on 22 August 2016: acknowledged the case (Sector official, Mpumalanga Department of Health).',
      service_name: 'Medicine stock',
      service_code: 'medicine-stock',
      description: 'Clinics run out of chronic medicines\n\nClinics report stock-outs between depot deliveries.',
      agency_responsible: 'Mpumalanga Department of Health',
      service_notice:
        'Mpumalanga Department of Health is to accept, decline or transfer the case by 19 September 2016.',
      requested_datetime: '2016-08-10T10:00:00+02:00',
      updated_datetime: '2016-08-22T10:00:00+02:00',
      expected_datetime: '2016-09-19T23:59:59+02:00',
      address: 'Ehlanzeni District, Nkangala District, Mpumalanga; Capricorn District, Limpopo',
      notes: [
        {
          datetime: '2016-08-10T10:00:00+02:00',
          summary: 'Escalated the case (DPME CBM analyst)',
          description: null,
          type: 'escalate',
        },
        {
          datetime: '2016-08-22T10:00:00+02:00',
          summary: 'Acknowledged the case (Sector official, Mpumalanga Department of Health)',
          description: null,
          type: 'acknowledge',
        },
      ],
    } satisfies Open311Request);
  });

  it('gives the last decision with its reason, and a transfer with where it went', () => {
    const declined = requestOf({
      status: 'declined',
      events: [
        ...clinicCase().events,
        move('decline', '2016-09-12', { reason: 'Tenders for these items are national' }),
      ],
    });
    expect(declined.status).toBe('open');
    expect(declined.status_notes).toBe(
      'Declined. Last decision on 12 September 2016: declined the case (Sector official, Mpumalanga Department of Health): Tenders for these items are national.',
    );
    const transferred = requestOf({
      status: 'escalated',
      events: [
        ...clinicCase().events,
        move('transfer', '2016-09-01', { transferToId: NDOH.id, reason: 'A national tender.' }),
      ],
    });
    expect(transferred.status_notes).toBe(
      'Escalated. Last decision on 01 September 2016: transferred the case to National Department of Health (Sector official, Mpumalanga Department of Health): A national tender.',
    );
    expect(transferred.notes.at(-1)).toEqual({
      datetime: '2016-09-01T10:00:00+02:00',
      summary:
        'Transferred the case to National Department of Health (Sector official, Mpumalanga Department of Health)',
      description: 'A national tender.',
      type: 'transfer',
    });
  });

  it('says of the next deadline whether it was extended or is paused, and else names the next planned action', () => {
    const [acknowledge, decide] = clinicCase().deadlines;
    const extended = requestOf({ deadlines: [acknowledge!, { ...decide!, dueOn: day('2016-10-03'), extensions: 1 }] });
    expect(extended.service_notice).toBe(
      'Mpumalanga Department of Health is to accept, decline or transfer the case by 03 October 2016, extended from 19 September 2016.',
    );
    expect(extended.expected_datetime).toBe('2016-10-03T23:59:59+02:00');

    const late = open311RequestOf(publicCaseView(clinicCase(), DEPARTMENTS, NO_REVIEWS, '2016-09-20')!, SERVICE);
    expect(late.service_notice).toBe(
      'Mpumalanga Department of Health was to accept, decline or transfer the case by 19 September 2016, and has not yet.',
    );
    expect(late.expected_datetime).toBe('2016-09-19T23:59:59+02:00');

    const paused = requestOf({ deadlines: [acknowledge!, { ...decide!, pausedOn: day('2016-09-01') }] });
    expect(paused.service_notice).toBe(
      'The deadline to accept, decline or transfer the case is paused while Mpumalanga Department of Health waits for DPME.',
    );
    expect(paused.expected_datetime).toBeNull();

    const action = (action: string, due: string, status: 'planned' | 'done') => ({
      id: action,
      action,
      responsible: 'Depot manager',
      dueOn: day(due),
      status,
      evidence: null,
      evidenceUrl: null,
    });
    const planned = requestOf({
      status: 'in_progress',
      deadlines: [acknowledge!, { ...decide!, endedOn: day('2016-09-10'), outcome: 'met' }],
      responseActions: [
        action('Deliver weekly to the clinics', '2016-12-01', 'planned'),
        action('Count the stock', '2016-10-01', 'done'),
        action('Order buffer stock', '2016-11-01', 'planned'),
      ],
    });
    expect(planned.service_notice).toBe('Next in the response plan, due 01 November 2016: Order buffer stock.');
    expect(planned.expected_datetime).toBeNull();
    expect(requestOf({ deadlines: [acknowledge!] }).service_notice).toBeNull();
  });

  it('closes a verified case, and carries the service the caller resolved, or none', () => {
    expect(requestOf({ status: 'verified' }).status).toBe('closed');
    const untagged = open311RequestOf(viewOf(clinicCase({ primaryTag: null })), null);
    expect([untagged.service_code, untagged.service_name]).toEqual([null, null]);
  });

  it('withholds flagged text and names no person, as the public view does', () => {
    const flagged = 'Call Sister Precious Nkosi on 082 555 1234.';
    const request = requestOf({
      problemStatement: flagged,
      events: [...clinicCase().events, move('decline', '2016-09-12', { reason: flagged })],
    });
    expect(request.description).toContain(WITHHELD_TEXT);
    expect(JSON.stringify(request)).not.toMatch(/Nkosi|082 555|depot manager/);
  });

  it('keeps a description within the 4,000 characters the specification allows', () => {
    const description = requestOf({ problemStatement: 'Stock runs out. '.repeat(400) }).description;
    expect(description).toHaveLength(4000);
    expect(description.endsWith('…')).toBe(true);
  });
});

describe('the documents in XML and JSON', () => {
  it('writes a service request with its elements in the order of the specification, notes last', () => {
    const xml = serialiseOpen311({ root: 'service_requests', value: [requestOf()] }, 'xml');
    const elements = [...xml.matchAll(/^ {4}<([a-z_]+)>/gm)].map((match) => match[1]);
    expect(elements).toEqual(REQUEST_FIELDS);
    expect(xml).toMatch(/^<\?xml version="1\.0" encoding="utf-8"\?>\n<service_requests>\n {2}<request>\n/);
    expect(xml).toContain(
      [
        '    <notes>',
        '      <note>',
        '        <datetime>2016-08-10T10:00:00+02:00</datetime>',
        '        <summary>Escalated the case (DPME CBM analyst)</summary>',
        '        <description></description>',
        '        <type>escalate</type>',
        '      </note>',
      ].join('\n'),
    );
    expect(xml).not.toMatch(/<lat>|<long>/);
  });

  it('writes no requests as an empty list', () => {
    expect(serialiseOpen311({ root: 'service_requests', value: [] }, 'xml')).toBe(
      '<?xml version="1.0" encoding="utf-8"?>\n<service_requests></service_requests>\n',
    );
    expect(serialiseOpen311({ root: 'service_requests', value: [] }, 'json')).toBe('[]');
  });

  it('writes the services as the Service List example does', () => {
    const service = open311ServiceOf({
      slug: 'maintenance-turnaround',
      name: 'Vehicle maintenance turnaround',
      description: 'How long vehicles stay off the road.',
      synonyms: ['slow repairs', 'garage'],
      parentName: 'Vehicles',
    });
    expect(serialiseOpen311({ root: 'services', value: [service] }, 'xml')).toBe(
      [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<services>',
        '  <service>',
        '    <service_code>maintenance-turnaround</service_code>',
        '    <service_name>Vehicle maintenance turnaround</service_name>',
        '    <description>How long vehicles stay off the road.</description>',
        '    <metadata>false</metadata>',
        '    <type>realtime</type>',
        '    <keywords>garage, slow repairs</keywords>',
        '    <group>Vehicles</group>',
        '  </service>',
        '</services>',
        '',
      ].join('\n'),
    );
    expect(JSON.parse(serialiseOpen311({ root: 'services', value: [service] }, 'json'))).toEqual([
      {
        service_code: 'maintenance-turnaround',
        service_name: 'Vehicle maintenance turnaround',
        description: 'How long vehicles stay off the road.',
        metadata: false,
        type: 'realtime',
        keywords: 'garage, slow repairs',
        group: 'Vehicles',
      },
    ]);
    const top = open311ServiceOf({
      slug: 'resources',
      name: 'Resources',
      description: ' ',
      synonyms: [],
      parentName: null,
    });
    expect(top).toMatchObject({ description: null, keywords: null, group: null });
  });

  it('writes a service definition with no attributes', () => {
    const definition = open311ServiceDefinitionOf('vehicles');
    expect(serialiseOpen311({ root: 'service_definition', value: definition }, 'xml')).toBe(
      [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<service_definition>',
        '  <service_code>vehicles</service_code>',
        '  <attributes></attributes>',
        '</service_definition>',
        '',
      ].join('\n'),
    );
    expect(serialiseOpen311({ root: 'service_definition', value: definition }, 'json')).toBe(
      '{"service_code":"vehicles","attributes":[]}',
    );
  });

  it('writes the discovery document as the Service Discovery example does', () => {
    const discovery = open311DiscoveryOf({
      endpointUrl: 'https://cbm.example.org/open311/v2',
      changedAt: new Date('2026-12-01T06:00:00Z'),
      contact: 'Ask DPME.',
    });
    expect(serialiseOpen311({ root: 'discovery', value: discovery }, 'xml')).toBe(
      [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<discovery>',
        '  <changeset>2026-12-01T08:00:00+02:00</changeset>',
        '  <contact>Ask DPME.</contact>',
        `  <key_service>${discovery.key_service}</key_service>`,
        '  <endpoints>',
        '    <endpoint>',
        '      <specification>http://wiki.open311.org/GeoReport_v2</specification>',
        '      <url>https://cbm.example.org/open311/v2</url>',
        '      <changeset>2026-12-01T08:00:00+02:00</changeset>',
        '      <type>production</type>',
        '      <formats>',
        '        <format>text/xml</format>',
        '        <format>application/json</format>',
        '      </formats>',
        '    </endpoint>',
        '  </endpoints>',
        '</discovery>',
        '',
      ].join('\n'),
    );
    expect(JSON.parse(serialiseOpen311({ root: 'discovery', value: discovery }, 'json'))).toEqual({
      changeset: '2026-12-01T08:00:00+02:00',
      contact: 'Ask DPME.',
      key_service: discovery.key_service,
      endpoints: [
        {
          specification: 'http://wiki.open311.org/GeoReport_v2',
          url: 'https://cbm.example.org/open311/v2',
          changeset: '2026-12-01T08:00:00+02:00',
          type: 'production',
          formats: ['text/xml', 'application/json'],
        },
      ],
    });
  });

  it('writes errors as the list of codes and descriptions the specification shows', () => {
    const errors = open311ErrorsOf(400, ['status: "x" is not a status; use open or closed.']);
    expect(serialiseOpen311(errors, 'xml')).toBe(
      [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<errors>',
        '  <error>',
        '    <code>400</code>',
        '    <description>status: &quot;x&quot; is not a status; use open or closed.</description>',
        '  </error>',
        '</errors>',
        '',
      ].join('\n'),
    );
    expect(JSON.parse(serialiseOpen311(errors, 'json'))).toEqual([
      { code: 400, description: 'status: "x" is not a status; use open or closed.' },
    ]);
  });
});

describe('the arguments of GET requests', () => {
  const NOW = new Date('2026-12-07T10:00:00Z');
  const parse = (query: string) => parseRequestsQuery(new URLSearchParams(query), NOW);
  const problemsOf = (query: string) => {
    const parsed = parse(query);
    return parsed.ok ? [] : parsed.problems;
  };

  it('defaults to the last 90 days, any service and status, and the first 1,000 requests', () => {
    expect(parse('')).toEqual({
      ok: true,
      query: {
        filter: { kind: 'search', serviceCodes: [], statuses: [], from: new Date('2026-09-08T10:00:00Z'), to: null },
        page: 1,
        pageSize: 1000,
      },
    });
    // An argument declared empty is as if not declared.
    expect(parse('status=&service_code=&start_date=&page_size=')).toEqual(parse(''));
  });

  it('reads lists comma-delimited or declared several times', () => {
    const parsed = parse('service_code=vehicles,medicine-stock&service_code=vehicles&status=open,CLOSED');
    expect(parsed.ok && parsed.query.filter).toMatchObject({
      serviceCodes: ['vehicles', 'medicine-stock'],
      statuses: ['open', 'closed'],
    });
  });

  it('spans 90 days back from an end date given alone, and from a start date to now', () => {
    const endOnly = parse('end_date=2016-12-31T00:00:00Z');
    expect(endOnly.ok && endOnly.query.filter).toMatchObject({
      from: new Date('2016-10-02T00:00:00Z'),
      to: new Date('2016-12-31T00:00:00Z'),
    });
    const startOnly = parse('start_date=2016-01-01');
    expect(startOnly.ok && startOnly.query.filter).toMatchObject({ from: new Date('2015-12-31T22:00:00Z'), to: null });
  });

  it('lets service_request_id override every other argument', () => {
    expect(parse('service_request_id=sc-2016-0001, SC-2016-0003&status=nonsense&start_date=never')).toEqual({
      ok: true,
      query: { filter: { kind: 'ids', references: ['SC-2016-0001', 'SC-2016-0003'] }, page: 1, pageSize: 1000 },
    });
  });

  it('names each argument it cannot use, and why', () => {
    expect(problemsOf('status=pending&start_date=2016-13-01&end_date=2016-01-01T00:00:00')).toEqual([
      'status: "pending" is not a status; use open or closed.',
      'start_date: "2016-13-01" is not a date and time that exists.',
      'end_date: "2016-01-01T00:00:00" needs a time zone, Z or +02:00 (e.g. 2016-08-01T00:00:00+02:00).',
    ]);
    expect(problemsOf('start_date=2016-02-01&end_date=2016-01-01')).toEqual([
      'start_date: it is after end_date; give the earlier date first.',
    ]);
    expect(problemsOf('page=0&page_size=1001')).toEqual([
      'page: "0" is not a whole number from 1 to 1000000.',
      'page_size: "1001" is not a whole number from 1 to 1000.',
    ]);
    expect(problemsOf('page_size=ten')).toEqual(['page_size: "ten" is not a whole number from 1 to 1000.']);
    expect(problemsOf('service_request_id=SC-2016-0001,42')).toEqual([
      'service_request_id: "42" is not a case reference such as SC-2016-0001.',
    ]);
  });
});
