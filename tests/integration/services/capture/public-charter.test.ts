import { beforeAll, expect, it } from 'vitest';
import type { Db } from '../../../../src/db/client.ts';
import { PUBLIC_ACTOR, type Actor, type SignedInActor } from '../../../../src/domain/accounts/actor.ts';
import { WITHHELD_TEXT } from '../../../../src/domain/privacy/public-text.ts';
import { addCommitment, addProgressUpdate } from '../../../../src/server/services/capture/charter-service.ts';
import { publicCharter } from '../../../../src/server/services/capture/public-charter-queries.ts';
import { getStartPage } from '../../../../src/server/services/overview/start-page-service.ts';
import { createContext } from '../../../../src/server/trpc/context.ts';
import { createCaller } from '../../../../src/server/trpc/root.ts';
import { aUser } from '../../../fixtures/actors.ts';
import { aCommitment, aDepartment, aFacility, aLocalIssue } from '../../../fixtures/builders.ts';
import { anActorWithAccount, aUserWithPassword } from '../../../support/auth.ts';
import { describeEachProvider } from '../../../support/test-database.ts';

/** The planted personal data: none of it may reach the public, before or after the review. */
const PLANTED = /Dlamini|Nkosi|082 555 1234|0825551234|Zulu/;
const PLANTED_COMMITMENT = 'Mr Sipho Dlamini phones patients on 082 555 1234 when missing medicines arrive.';
const PLANTED_RESPONSIBLE = 'Sr Thandi Nkosi, operational manager';
const PLANTED_NOTE = 'Ms Lindiwe Zulu keeps the call-back list; 40 patients called.';

describeEachProvider('public charters', (database) => {
  let db: Db;
  let analyst: SignedInActor;
  let facilitator: SignedInActor;
  let official: SignedInActor;
  let clinic: { id: string; code: string };
  let plantedId: string;
  const now = new Date('2026-03-14T10:00:00+02:00');
  const callerFor = (actor: Actor) => createCaller(createContext(db, actor));

  beforeAll(async () => {
    ({ db } = database());
    clinic = await aFacility(db, { name: 'Kabokweni Clinic', kind: 'clinic', sector: 'health' });
    analyst = await anActorWithAccount(db, 'analyst');
    official = await anActorWithAccount(db, 'official', { departmentId: (await aDepartment(db)).id });
    const user = await aUserWithPassword(db, 'facilitator', { facilityIds: [clinic.id] });
    facilitator = aUser('facilitator', { userId: user.id, name: user.name, facilityIds: [clinic.id] });

    const issue = await aLocalIssue(db, clinic, { title: 'Clinic out of medicines, says Mrs Grace Mahlangu' });
    await aCommitment(db, clinic, {
      commitment: 'Weekly stock count of the tracer medicines',
      responsibleParty: 'Clinic operational manager',
      dueOn: new Date('2026-01-31T00:00:00Z'),
      localIssueId: issue.id,
    });
    ({ id: plantedId } = await addCommitment(
      db,
      facilitator,
      {
        facilityId: clinic.id,
        commitment: PLANTED_COMMITMENT,
        responsibleParty: PLANTED_RESPONSIBLE,
        dueOn: '2026-06-30',
      },
      now,
    ));
    await addProgressUpdate(
      db,
      facilitator,
      { commitmentId: plantedId, version: 0, on: '2026-03-10', note: PLANTED_NOTE, status: 'in_progress' },
      now,
    );
  });

  it('shows the public the charter with every flagged text withheld, and no name of anyone', async () => {
    const charter = await callerFor(PUBLIC_ACTOR).charter.public({ facilityId: clinic.id });
    expect(charter).toMatchObject([
      {
        number: 1,
        commitment: 'Weekly stock count of the tracer medicines',
        responsible: 'Clinic operational manager',
        status: 'not_started',
        answersLocalIssue: true,
        progress: [],
      },
      {
        number: 2,
        commitment: WITHHELD_TEXT,
        responsible: WITHHELD_TEXT,
        dueOn: '2026-06-30',
        status: 'in_progress',
        progress: [{ on: '2026-03-10', note: WITHHELD_TEXT }],
      },
    ]);
    const everything = JSON.stringify(charter);
    expect(everything).not.toMatch(PLANTED);
    // Neither the linked issue's words nor the author of the progress note come out.
    expect(everything).not.toMatch(/Mahlangu|out of medicines/);
    expect(everything).not.toContain(facilitator.name);
    expect(everything).not.toContain(facilitator.userId);
  });

  it('shows an official what the public sees, and leaves the full charter to its keepers', async () => {
    const asOfficial = callerFor(official);
    expect(await asOfficial.charter.public({ facilityId: clinic.id })).toEqual(await publicCharter(db, clinic.id));
    await expect(asOfficial.charter.list({ facilityId: clinic.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('puts each flagged text in the analysts’ queue, with where it stands, and counts them on the start page', async () => {
    const waiting = await callerFor(analyst).publicText.awaitingReview();
    const ofCharter = waiting.filter((text) => text.places.some((place) => place.href === `/commitments/${plantedId}`));
    expect(ofCharter.map((text) => [text.text, text.places])).toEqual([
      [PLANTED_COMMITMENT, [{ where: 'Kabokweni Clinic charter, commitment 2', href: `/commitments/${plantedId}` }]],
      [
        PLANTED_RESPONSIBLE,
        [{ where: 'Kabokweni Clinic charter, commitment 2: who is responsible', href: `/commitments/${plantedId}` }],
      ],
      [
        PLANTED_NOTE,
        [
          {
            where: 'Kabokweni Clinic charter, commitment 2: progress of 10 March 2026',
            href: `/commitments/${plantedId}`,
          },
        ],
      ],
    ]);
    expect(waiting).toHaveLength(3);
    expect(await getStartPage(db, analyst, now)).toMatchObject({ textsBeforePublication: 3 });
  });

  it('publishes the texts redacted once an analyst reviewed them, never the raw text', async () => {
    const asAnalyst = callerFor(analyst);
    for (const text of await asAnalyst.publicText.awaitingReview()) {
      await asAnalyst.publicText.review({ key: text.key, decision: 'redact' });
    }
    const charter = await callerFor(PUBLIC_ACTOR).charter.public({ facilityId: clinic.id });
    expect(charter[1]).toMatchObject({
      commitment: 'Mr [name removed] phones patients on [phone number removed] when missing medicines arrive.',
      responsible: 'Sr [name removed], operational manager',
      progress: [{ on: '2026-03-10', note: 'Ms [name removed] keeps the call-back list; 40 patients called.' }],
    });
    expect(JSON.stringify(charter)).not.toMatch(PLANTED);
    expect(await asAnalyst.publicText.awaitingReview()).toEqual([]);
    expect(await getStartPage(db, analyst, now)).toMatchObject({ textsBeforePublication: 0 });
  });

  it('checks an edited text again: the review held for the old words only', async () => {
    await db.charterCommitment.update({
      where: { id: plantedId },
      data: { commitment: `${PLANTED_COMMITMENT} Mr Dlamini also answers the phone.` },
    });
    const charter = await publicCharter(db, clinic.id);
    expect(charter[1]?.commitment).toBe(WITHHELD_TEXT);
    expect(await callerFor(analyst).publicText.awaitingReview()).toHaveLength(1);
  });

  it('keeps an archived facility’s charter off the public and out of the queue', async () => {
    const archived = await aFacility(db, { name: 'Closed Clinic', archived: true });
    await aCommitment(db, archived, { commitment: 'Call Mr Bongani Shabalala on 082 555 9876' });
    expect(await publicCharter(db, archived.id)).toEqual([]);
    const places = (await callerFor(analyst).publicText.awaitingReview()).flatMap((text) => text.places);
    expect(places.map((place) => place.where).join('\n')).not.toContain('Closed Clinic');
  });

  it('reads a charter in the same few queries however many commitments it holds', async () => {
    const operationsFor = async (facilityId: string) => {
      let operations = 0;
      const counting = db.$extends({
        query: {
          $allOperations: ({ args, query }) => {
            operations += 1;
            return query(args);
          },
        },
      }) as unknown as Db;
      await publicCharter(counting, facilityId);
      return operations;
    };
    const small = await aFacility(db);
    await aCommitment(db, small, { commitment: 'Call Mr Sipho Dlamini' });
    const large = await aFacility(db);
    for (let n = 0; n < 6; n += 1) {
      const { id } = await aCommitment(db, large, { commitment: `Call Mr Sipho Dlamini, number ${n}` });
      await db.commitmentUpdate.create({ data: { commitmentId: id, on: new Date(), note: 'Ms Thandi Nkosi called' } });
    }
    expect(await operationsFor(large.id)).toBe(await operationsFor(small.id));
    expect(await operationsFor(large.id)).toBeLessThanOrEqual(2);
  });
});
