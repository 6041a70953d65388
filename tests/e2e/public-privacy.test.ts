import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSeedData } from '../../prisma/seed/load-seed-data.ts';
import { seedDatabase } from '../../prisma/seed/seed.ts';
import { applyPendingMigrations } from '../../src/db/migrations.ts';
import { createSqliteProvider } from '../../src/db/sqlite.ts';
import { moveCase } from '../../src/server/services/cases/case-workflow-service.ts';
import { addResponseAction, commentOnCase } from '../../src/server/services/cases/response-plan-service.ts';
import { publicTextKey, reviewPublicText } from '../../src/server/services/privacy/public-text-review-service.ts';
import { startApp, temporarySqliteUrl, type RunningApp } from '../support/app-server.ts';
import { anActorWithAccount } from '../support/auth.ts';

// Personal data planted where people write it (user records, an issue, an internal and a public comment, a
// decision's reason, a response action, a charter commitment), then every public output of the running app is
// read as a visitor without an account: every page reached by links from the start page and the public lists,
// and the outputs no link leads to (the API's public answers). None may hold any of it.

/** What must never be published: names, an ID number, phone numbers in two spellings, e-mail addresses. */
const PLANTED = [
  'Mthembu',
  'Mokoena',
  'Dlamini',
  'Khumalo',
  'Ayanda',
  '8001015009087',
  '082 555 1234',
  '0825551234',
  '072 123 4567',
  'sipho.dlamini@example.org',
  'thabo.mthembu',
  'naledi.mokoena',
];

/** Outputs no public page links to. */
const UNLINKED_OUTPUTS = [
  `/api/trpc/case.publicList?input=${encodeURIComponent('{}')}`,
  `/api/trpc/case.publicView?input=${encodeURIComponent('{"reference":"SC-2016-0002"}')}`,
  `/api/trpc/case.publicView?input=${encodeURIComponent('{"reference":"SC-2016-0003"}')}`,
  `/api/trpc/knowledge.relatedCases?input=${encodeURIComponent('{"tags":["vehicles","health"]}')}`,
  '/open311/v2/discovery.json',
  '/open311/v2/services.xml',
  '/open311/v2/requests.json?start_date=2016-01-01',
  '/open311/v2/requests.xml?start_date=2016-01-01',
  '/open311/v2/requests/SC-2016-0002.json',
  '/open311/v2/requests/SC-2016-0003.xml',
  '/open-data/cbm-public.json',
  '/departments/SAPS/cases.atom',
  '/provinces/mpumalanga/cases.atom',
  '/tags/delegations/cases.atom',
];

/** Addresses a visitor's crawl leaves alone: signing in and out changes nothing public. */
const NOT_CRAWLED = /^\/(login|logout|forgot-password|reset-password)\b/;

describe('privacy of every public output', () => {
  const database = temporarySqliteUrl();
  let app: RunningApp;

  beforeAll(async () => {
    const provider = createSqliteProvider(database.url);
    await applyPendingMigrations(provider);
    const db = provider.createClient();
    try {
      await seedDatabase(db, loadSeedData());
      const department = (code: string) => db.department.findUniqueOrThrow({ where: { code } });
      const analyst = await anActorWithAccount(db, 'analyst', {
        name: 'Naledi Mokoena',
        email: 'naledi.mokoena@dpme.example',
      });
      const saps = await anActorWithAccount(db, 'official', {
        name: 'Thabo Mthembu',
        email: 'thabo.mthembu@saps.example',
        departmentId: (await department('SAPS')).id,
      });
      const health = await anActorWithAccount(db, 'official', {
        name: 'Ayanda Zulu',
        email: 'ayanda.zulu@health.example',
        departmentId: (await department('NDOH')).id,
      });
      const issue = await db.localIssue.findFirstOrThrow({
        where: { cases: { some: { case: { reference: 'SC-2016-0002' } } } },
      });
      await db.localIssue.update({
        where: { id: issue.id },
        data: {
          description: `${issue.description} Mr Sipho Dlamini, ID 8001015009087, 082 555 1234, sipho.dlamini@example.org`,
          personalDataFlagged: true,
        },
      });
      await commentOnCase(db, saps, {
        reference: 'SC-2016-0002',
        comment: 'Captain Thabo Mthembu: call 082 555 1234.',
      });
      await commentOnCase(db, analyst, {
        reference: 'SC-2016-0002',
        comment: 'Monitors will ask Mr Sipho Dlamini at sipho.dlamini@example.org again.',
        isPublic: true,
      });
      const vehicles = await db.systemicCase.findUniqueOrThrow({ where: { reference: 'SC-2016-0002' } });
      await addResponseAction(db, saps, {
        reference: 'SC-2016-0002',
        version: vehicles.version,
        action: 'Phone Sgt Lindiwe Khumalo on 072 123 4567 for the list of vans.',
        responsible: 'Provincial fleet office',
        dueOn: '2027-03-01',
      });
      const delegations = await db.systemicCase.findUniqueOrThrow({ where: { reference: 'SC-2016-0003' } });
      const acknowledged = await moveCase(db, health, {
        reference: 'SC-2016-0003',
        version: delegations.version,
        move: 'acknowledge',
      });
      const reason = 'Dr Ayanda Zulu (ID 8001015009087) says the delegations are provincial.';
      await moveCase(db, health, { ...acknowledged, move: 'decline', reason });
      // One flagged text published redacted: the public reads it without the data.
      await reviewPublicText(db, analyst, { key: publicTextKey(reason), decision: 'redact' });
      const facility = await db.facility.findFirstOrThrow({ where: { code: 'KIC-KABOKWENI-CLINIC' } });
      await db.charterCommitment.create({
        data: {
          facilityId: facility.id,
          commitment: 'Mrs Zanele Khumalo will open the clinic at 07:00; call 072 123 4567.',
          responsibleParty: 'Mrs Zanele Khumalo',
          dueOn: new Date('2027-02-01T00:00:00Z'),
        },
      });
    } finally {
      await db.$disconnect();
      await provider.close();
    }
    app = await startApp({ DATABASE_URL: database.url });
  });
  afterAll(async () => {
    await app?.stop();
    database.remove();
  });

  it('publishes none of the planted personal data on any page, answer or download', async () => {
    const origin = new URL(app.url).origin;
    const queue = ['/', '/cases', '/facilities', '/knowledge', '/departments', ...UNLINKED_OUTPUTS];
    const seen = new Set(queue);
    const found: string[] = [];
    let read = 0;
    while (queue.length > 0) {
      const address = queue.shift()!;
      const response = await fetch(`${app.url}${address}`, { redirect: 'manual' });
      read += 1;
      // A zip is read file by file.
      const body = address.endsWith('.zip')
        ? Object.values(unzipSync(new Uint8Array(await response.arrayBuffer())))
            .map((file) => strFromU8(file))
            .join('\n')
        : await response.text();
      // A body still compressed would hide anything planted in it.
      if (body.startsWith('\u001f')) found.push(`${address}: compressed twice, unreadable`);
      for (const needle of PLANTED) if (body.includes(needle)) found.push(`${address}: ${needle}`);
      if (!(response.headers.get('content-type') ?? '').includes('html')) continue;
      for (const [, href] of body.matchAll(/href="([^"#]+)/g)) {
        const url = new URL(href!.replaceAll('&amp;', '&'), `${app.url}${address}`);
        const next = `${url.pathname}${url.search}`;
        if (url.origin !== origin || NOT_CRAWLED.test(url.pathname) || seen.has(next)) continue;
        seen.add(next);
        queue.push(next);
      }
    }
    expect(found).toEqual([]);
    // The crawl reached the public cases, a withheld text's notice and the redacted reason.
    expect(read).toBeGreaterThan(100);
    expect(seen).toContain('/cases/SC-2016-0002');
    expect(seen).toContain('/open-data/cbm-public.zip');
    expect(seen).toContain('/cases.atom');
    const delegations = await (await fetch(`${app.url}/cases/SC-2016-0003`)).text();
    expect(delegations).toContain('[ID number removed]');
    const vehicles = await (await fetch(`${app.url}/cases/SC-2016-0002`)).text();
    expect(vehicles).toContain('Not published yet: an analyst is checking this text for personal information.');
  }, 180_000);
});
