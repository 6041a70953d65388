import { beforeAll, expect, it } from 'vitest';
import type { Db } from '../../../../src/db/client.ts';
import type { SignedInActor } from '../../../../src/domain/accounts/actor.ts';
import {
  open311Discovery,
  open311Request,
  open311Requests,
  open311ServiceDefinition,
  open311Services,
} from '../../../../src/server/services/open311/open311-service.ts';
import { anActorWithAccount, TEST_PUBLIC_URL } from '../../../support/auth.ts';
import { seededCaseWorld } from '../../../support/case-fixtures.ts';
import { refusalOf } from '../../../support/refusal.ts';
import { describeEachProvider } from '../../../support/test-database.ts';

/** The moment these tests ask at: the default span is the 90 days before it. */
const NOW = new Date('2026-12-07T10:00:00Z');
const PILOT_YEARS = 'start_date=2016-01-01T00:00:00%2B02:00&end_date=2017-12-31';

/*
 * The seeded pilot: SC-2016-0001 (response planned), SC-2016-0002 (in progress) and SC-2016-0003 (escalated) are
 * public; SC-2016-0004 is internal. The tests add recent cases of their own, public and internal, with tags.
 */
describeEachProvider('Open311 GeoReport v2 over the public cases', (database) => {
  let db: Db;
  let analyst: SignedInActor;
  const recent: Record<'vehicles' | 'repairs' | 'old' | 'internal', string> = {
    vehicles: '',
    repairs: '',
    old: '',
    internal: '',
  };

  const references = (requests: { service_request_id: string }[]) => requests.map((r) => r.service_request_id);
  const requests = (query: string) => open311Requests(db, new URLSearchParams(query), NOW);

  beforeAll(async () => {
    ({ db } = database());
    const world = await seededCaseWorld(db, TEST_PUBLIC_URL);
    analyst = await anActorWithAccount(db, 'analyst');
    const tag = async (slug: string) => (await db.tag.findUniqueOrThrow({ where: { slug } })).id;
    const open = async (date: string, visibility: 'public' | 'internal', primaryTagId: string) =>
      (await world.openTestCase(analyst, date, { visibility, primaryTagId })).reference;
    recent.vehicles = await open('2026-11-20', 'public', await tag('vehicles'));
    recent.repairs = await open('2026-11-25', 'public', await tag('maintenance-turnaround'));
    recent.internal = await open('2026-11-30', 'internal', await tag('vehicles'));
    // 120 days before NOW: outside the default span.
    recent.old = await open('2026-08-09', 'public', await tag('vehicles'));
  });

  it('answers the public cases of the last 90 days by default, newest first, and no internal case', async () => {
    expect(references(await requests(''))).toEqual([recent.repairs, recent.vehicles]);
  });

  it('finds the seeded public cases by their dates, never the internal SC-2016-0004', async () => {
    expect(references(await requests(PILOT_YEARS))).toEqual(['SC-2016-0003', 'SC-2016-0002', 'SC-2016-0001']);
    expect(references(await requests(`service_request_id=SC-2016-0004,SC-2016-0001,SC-2099-0001`))).toEqual([
      'SC-2016-0001',
    ]);
    expect(references(await requests('start_date=2016-01-01'))).not.toContain('SC-2016-0004');
    expect(references(await requests('start_date=2016-01-01'))).not.toContain(recent.internal);
    await expect(refusalOf(open311Request(db, 'SC-2016-0004'))).resolves.toMatchObject({ code: 'not_found' });
  });

  it('filters by status, service code and ends of the span', async () => {
    expect(await requests(`${PILOT_YEARS}&status=closed`)).toEqual([]);
    expect(references(await requests(`${PILOT_YEARS}&status=open,closed`))).toHaveLength(3);
    expect(references(await requests('start_date=2016-01-01&service_code=vehicles'))).toEqual([
      recent.vehicles,
      recent.old,
    ]);
    // The pilot's vehicle case has maintenance turnaround as its primary tag (prisma/seed/data/cases.json).
    expect(references(await requests('start_date=2016-01-01&service_code=vehicles,maintenance-turnaround'))).toEqual([
      recent.repairs,
      recent.vehicles,
      recent.old,
      'SC-2016-0002',
    ]);
    // A date alone is the whole South African day, at either end.
    expect(references(await requests('start_date=2016-10-15&end_date=2016-11-18'))).toEqual([
      'SC-2016-0003',
      'SC-2016-0002',
    ]);
  });

  it('pages with page and page_size', async () => {
    const page = (number: number) => requests(`${PILOT_YEARS}&page_size=2&page=${number}`).then(references);
    expect([await page(1), await page(2), await page(3)]).toEqual([
      ['SC-2016-0003', 'SC-2016-0002'],
      ['SC-2016-0001'],
      [],
    ]);
  });

  it('refuses arguments it cannot use, naming each and why', async () => {
    const refusal = await refusalOf(requests('start_date=2016-31-01&status=pending&service_code=vehicles'));
    expect(refusal).toMatchObject({
      code: 'invalid_input',
      details: {
        problems: [
          'status: "pending" is not a status; use open or closed.',
          'start_date: "2016-31-01" is not a date and time that exists.',
        ],
      },
    });
    await expect(refusalOf(requests('service_code=no-such-tag'))).resolves.toMatchObject({
      code: 'invalid_input',
      details: {
        problems: ['service_code: there is no service "no-such-tag"; services.json lists every service_code.'],
      },
    });
  });

  it('answers one request by its reference, in any case, with every field from the public view', async () => {
    const [request] = await open311Request(db, 'sc-2016-0001');
    expect(request).toMatchObject({
      service_request_id: 'SC-2016-0001',
      status: 'open',
      status_notes: expect.stringMatching(
        /^Response planned\. Last decision on 05 November 2016: confirmed the response plan \(Sector official, Mpumalanga Department of Health\): /,
      ),
      service_name: 'Medicine stock-out',
      service_code: 'stock-out',
      agency_responsible: 'Mpumalanga Department of Health',
      requested_datetime: '2016-08-10T02:00:00+02:00',
      updated_datetime: '2016-11-05T02:00:00+02:00',
      expected_datetime: null,
      address: 'Ehlanzeni District, Mpumalanga',
    });
    expect(request!.notes.map((note) => note.type)).toEqual(['escalate', 'acknowledge', 'accept', 'plan_response']);
    expect(request!.service_notice).toMatch(/^Next in the response plan, due /);
    expect(JSON.stringify(request)).not.toMatch(/"lat"|"long"/);
    const [tagged] = await open311Request(db, recent.vehicles);
    expect(tagged).toMatchObject({ service_code: 'vehicles', service_name: 'Vehicles', status_notes: 'Escalated.' });
    expect(tagged!.expected_datetime).toMatch(/^2026-12-\d\dT23:59:59\+02:00$/);
    await expect(refusalOf(open311Request(db, 'SC-2099-0001'))).resolves.toMatchObject({ code: 'not_found' });
  });

  it('names no person: the analyst who opened and escalated the cases appears as an office', async () => {
    const user = await db.user.findUniqueOrThrow({
      where: { id: analyst.userId },
      select: { name: true, email: true },
    });
    const answers = JSON.stringify(await requests('start_date=2016-01-01'));
    expect(answers).toContain('Escalated the case (DPME CBM analyst)');
    expect(answers).not.toContain(user.email);
    expect(answers).not.toContain(user.name);
  });

  it('counts a case whose tag was merged under the tag it was merged into', async () => {
    const [source, target] = await Promise.all(
      ['maintenance-turnaround', 'vehicles'].map((slug) => db.tag.findUniqueOrThrow({ where: { slug } })),
    );
    await db.tag.update({ where: { id: source!.id }, data: { mergedIntoId: target!.id } });
    try {
      const [request] = await open311Request(db, recent.repairs);
      expect(request).toMatchObject({ service_code: 'vehicles', service_name: 'Vehicles' });
      expect(references(await requests('service_code=vehicles'))).toEqual([recent.repairs, recent.vehicles]);
      expect((await open311Services(db)).map((service) => service.service_code)).not.toContain(
        'maintenance-turnaround',
      );
      await expect(refusalOf(open311ServiceDefinition(db, 'maintenance-turnaround'))).resolves.toMatchObject({
        code: 'not_found',
      });
    } finally {
      await db.tag.update({ where: { id: source!.id }, data: { mergedIntoId: null } });
    }
  });

  it('reads the same few tables however many cases it answers', async () => {
    const operations: string[] = [];
    const counted = db.$extends({
      query: {
        $allOperations: ({ model, operation, args, query }) => {
          operations.push(`${model}.${operation}`);
          return query(args);
        },
      },
    }) as unknown as Db;
    const operationsFor = async (query: string) => {
      operations.length = 0;
      await open311Requests(counted, new URLSearchParams(query), NOW);
      return [...operations].sort();
    };
    const one = await operationsFor('service_request_id=SC-2016-0001');
    expect(await operationsFor('start_date=2016-01-01')).toEqual(one);
    expect(one).toEqual(['Department.findMany', 'SystemicCase.findMany', 'Tag.findMany']);
  });

  it('lists the live tags as services, each group before its services', async () => {
    const services = await open311Services(db);
    const codes = services.map((service) => service.service_code);
    expect(codes.indexOf('resources')).toBeLessThan(codes.indexOf('vehicles'));
    expect(codes.indexOf('vehicles')).toBeLessThan(codes.indexOf('maintenance-turnaround'));
    expect(services.find((service) => service.service_code === 'vehicles')).toEqual({
      service_code: 'vehicles',
      service_name: 'Vehicles',
      description: expect.stringMatching(/^State vehicles/),
      metadata: false,
      type: 'realtime',
      keywords: expect.stringContaining('police van'),
      group: 'Resources',
    });
    expect(await open311ServiceDefinition(db, 'vehicles')).toEqual({ service_code: 'vehicles', attributes: [] });
    await expect(refusalOf(open311ServiceDefinition(db, 'nothing-here'))).resolves.toMatchObject({ code: 'not_found' });
  });

  it('points discovery at this endpoint, with the last change to the services as its changeset', async () => {
    const { _max } = await db.tag.aggregate({ _max: { updatedAt: true } });
    const discovery = await open311Discovery(db, `${TEST_PUBLIC_URL}/`);
    expect(discovery.endpoints).toEqual([
      {
        specification: 'http://wiki.open311.org/GeoReport_v2',
        url: `${TEST_PUBLIC_URL}/open311/v2`,
        changeset: discovery.changeset,
        type: 'production',
        formats: ['text/xml', 'application/json'],
      },
    ]);
    const changedAt = new Date(discovery.changeset);
    expect(changedAt.getTime()).toBe(Math.floor(_max.updatedAt!.getTime() / 1000) * 1000);
  });
});
