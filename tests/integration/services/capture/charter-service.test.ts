import { beforeAll, expect, it } from 'vitest';
import type { Db } from '../../../../src/db/client.ts';
import type { SignedInActor } from '../../../../src/domain/accounts/actor.ts';
import {
  addCommitment,
  addProgressUpdate,
  getCommitment,
  listCharter,
  listCommitmentIssueOptions,
  listOverdueCommitments,
  updateCommitment,
  type CommitmentDraft,
} from '../../../../src/server/services/capture/charter-service.ts';
import { COMMITMENT_FIELD_LABELS } from '../../../../src/lib/capture/facility-forms.ts';
import { formErrorsOf } from '../../../../src/lib/forms/form-errors.ts';
import { createContext } from '../../../../src/server/trpc/context.ts';
import { createCaller } from '../../../../src/server/trpc/root.ts';
import { aUser } from '../../../fixtures/actors.ts';
import { aCommitment, aDepartment, aFacility, aLocalIssue } from '../../../fixtures/builders.ts';
import { aUserWithPassword } from '../../../support/auth.ts';
import { refusalOf } from '../../../support/refusal.ts';
import { describeEachProvider } from '../../../support/test-database.ts';

const day = (isoDate: string) => new Date(`${isoDate}T00:00:00Z`);

describeEachProvider('commitment charters', (database) => {
  let db: Db;
  let analyst: SignedInActor;
  let facilitator: SignedInActor;
  let stationId: string;
  let otherStationId: string;
  const now = new Date('2026-03-14T10:00:00+02:00');
  const draft = (overrides: Partial<CommitmentDraft> = {}): CommitmentDraft => ({
    facilityId: stationId,
    commitment: 'Broken vans are back on the road within 30 days',
    responsibleParty: 'Station commander',
    dueOn: '2026-06-30',
    ...overrides,
  });

  beforeAll(async () => {
    ({ db } = database());
    stationId = (await aFacility(db)).id;
    otherStationId = (await aFacility(db)).id;
    const analystUser = await aUserWithPassword(db, 'analyst');
    analyst = aUser('analyst', { userId: analystUser.id, name: 'Thandi Analyst' });
    const facilitatorUser = await aUserWithPassword(db, 'facilitator', { facilityIds: [stationId] });
    facilitator = aUser('facilitator', {
      userId: facilitatorUser.id,
      name: 'Sipho Facilitator',
      facilityIds: [stationId],
    });
  });

  it('adds a commitment linked to an issue at the facility, with an audit event', async () => {
    const issue = await aLocalIssue(db, { id: stationId });
    const { id } = await addCommitment(db, facilitator, draft({ localIssueId: issue.id }), now);
    const commitment = await getCommitment(db, facilitator, id, now);
    expect(commitment).toMatchObject({
      status: 'not_started',
      dueOn: '2026-06-30',
      isOverdue: false,
      localIssue: { id: issue.id, title: issue.title },
      progressStatuses: ['in_progress', 'done', 'missed'],
      history: { events: [{ action: 'commitment.added', actorLabel: 'Sipho Facilitator (Facilitator)' }] },
    });
  });

  it('refuses an issue of another facility, a facility that is not the facilitator’s, and an archived facility', async () => {
    const elsewhere = await aLocalIssue(db, { id: otherStationId });
    const wrongIssue = await refusalOf(addCommitment(db, analyst, draft({ localIssueId: elsewhere.id }), now));
    expect(wrongIssue.details).toEqual({ fields: { localIssueId: 'Choose a local issue of this facility' } });
    expect((await refusalOf(addCommitment(db, facilitator, draft({ facilityId: otherStationId }), now))).code).toBe(
      'forbidden',
    );
    const archived = await aFacility(db, { archived: true });
    expect((await refusalOf(addCommitment(db, analyst, draft({ facilityId: archived.id }), now))).code).toBe('refused');
  });

  it('edits a commitment, recording what changed, and refuses a stale copy saying who changed what', async () => {
    const { id } = await addCommitment(db, analyst, draft(), now);
    const edit = { ...draft(), id, version: 0, status: 'not_started' as const };
    expect(await updateCommitment(db, facilitator, { ...edit, dueOn: '2026-07-31' }, now)).toMatchObject({
      version: 1,
      changed: ['due date'],
    });
    const stale = await refusalOf(
      updateCommitment(db, analyst, { ...edit, responsibleParty: 'Cluster commander' }, now),
    );
    expect(stale.code).toBe('stale_version');
    expect(stale.message).toMatch(/Sipho Facilitator \(Facilitator\) changed the due date/);
  });

  it('saves a due date in the past only once the person confirmed it, and reports it with the other problems', async () => {
    const past = draft({ dueOn: '2026-02-28' });
    const refused = await refusalOf(addCommitment(db, analyst, { ...past, responsibleParty: ' ' }, now));
    expect(refused.details).toEqual({
      fields: {
        responsibleParty: 'Enter who is responsible',
        dueOn: expect.stringMatching(/^The due date is in the past: .*tick "Yes, the due date is in the past/),
      },
    });
    const before = await db.charterCommitment.count();
    expect((await refusalOf(addCommitment(db, analyst, past, now))).details).toMatchObject({
      fields: { dueOn: expect.any(String) },
    });
    expect(await db.charterCommitment.count()).toBe(before);
    const { id } = await addCommitment(db, analyst, { ...past, isPastDueConfirmed: true }, now);
    expect((await getCommitment(db, analyst, id, now)).dueOn).toBe('2026-02-28');

    // An edit asks when it moves the date into the past, not when it keeps a past date.
    const edit = { ...draft(), id, version: 0, status: 'not_started' as const, responsibleParty: 'Cluster commander' };
    expect(
      await updateCommitment(db, analyst, { ...edit, dueOn: '2026-02-28', responsibleParty: 'Cluster commander' }, now),
    ).toMatchObject({ version: 1 });
    const moved = await refusalOf(updateCommitment(db, analyst, { ...edit, version: 1, dueOn: '2026-01-31' }, now));
    expect(moved.details).toMatchObject({ fields: { dueOn: expect.stringMatching(/^The due date is in the past/) } });
    expect(
      await updateCommitment(db, analyst, { ...edit, version: 1, dueOn: '2026-01-31', isPastDueConfirmed: true }, now),
    ).toMatchObject({ version: 2, changed: ['due date'] });

    // The procedure holds the rule too (today's clock: 2000 is in the past).
    const caller = createCaller(createContext(db, analyst));
    const viaApi = await caller.charter.add({ ...draft({ dueOn: '2000-01-31' }) }).then(
      () => null,
      (error: unknown) => error,
    );
    expect(formErrorsOf(viaApi, COMMITMENT_FIELD_LABELS).fields).toEqual({
      dueOn: expect.stringMatching(/^The due date is in the past/),
    });
  });

  it('records a dated progress update that moves the status on, and names it in a later stale refusal', async () => {
    const { id } = await addCommitment(db, analyst, draft(), now);
    await addProgressUpdate(
      db,
      facilitator,
      { commitmentId: id, version: 0, on: '2026-03-10', note: 'Two of five vans are back', status: 'in_progress' },
      now,
    );
    const commitment = await getCommitment(db, analyst, id, now);
    expect(commitment).toMatchObject({
      status: 'in_progress',
      version: 1,
      updates: [{ on: '2026-03-10', note: 'Two of five vans are back', actorId: facilitator.userId }],
    });
    const stale = await refusalOf(updateCommitment(db, analyst, { ...draft(), id, version: 0, status: 'done' }, now));
    expect(stale.message).toMatch(
      /Sipho Facilitator \(Facilitator\) reported progress on the commitment and moved it from Not started to In progress/,
    );
  });

  it('refuses a progress update dated in the future or moving the status back', async () => {
    const { id } = await addCommitment(db, analyst, draft(), now);
    const future = await refusalOf(
      addProgressUpdate(db, analyst, { commitmentId: id, version: 0, on: '2026-03-15', note: 'Soon' }, now),
    );
    expect(future.details).toEqual({ fields: { on: 'The date of the update must be today or in the past' } });
    await addProgressUpdate(
      db,
      analyst,
      { commitmentId: id, version: 0, on: '2026-03-14', note: 'Done', status: 'done' },
      now,
    );
    const back = await refusalOf(
      addProgressUpdate(
        db,
        analyst,
        { commitmentId: id, version: 1, on: '2026-03-14', note: 'Oops', status: 'in_progress' },
        now,
      ),
    );
    expect(back.details).toMatchObject({ fields: { status: expect.stringMatching(/is done/) } });
    expect(await db.commitmentUpdate.count({ where: { commitmentId: id } })).toBe(1);
  });

  it('lists a charter with overdue commitments flagged and the latest three updates of each', async () => {
    const facility = await aFacility(db);
    const late = await aCommitment(db, facility, { dueOn: day('2026-03-13'), status: 'in_progress' });
    await aCommitment(db, facility, { dueOn: day('2026-03-14') });
    await aCommitment(db, facility, { dueOn: day('2026-01-31'), status: 'done' });
    for (const on of ['2026-01-05', '2026-02-05', '2026-03-05', '2026-03-12']) {
      await db.commitmentUpdate.create({ data: { commitmentId: late.id, on: day(on), note: `Update of ${on}` } });
    }
    const charter = await listCharter(db, analyst, facility.id, now);
    expect(charter.map((commitment) => [commitment.dueOn, commitment.isOverdue])).toEqual([
      ['2026-01-31', false],
      ['2026-03-13', true],
      ['2026-03-14', false],
    ]);
    expect(charter[1]).toMatchObject({ updateCount: 4 });
    expect(charter[1]!.updates.map((update) => update.on)).toEqual(['2026-03-12', '2026-03-05', '2026-02-05']);
    expect(await listCharter(db, facilitator, facility.id, now)).toEqual([]);
  });

  it('lists overdue commitments across facilities by due date, filtered, paged and within scope', async () => {
    const limpopoPolice = await aDepartment(db, { code: 'OVERDUE-SAPS' });
    const north = await aFacility(db, { province: 'limpopo', departmentId: limpopoPolice.id });
    const west = await aFacility(db, { province: 'western_cape' });
    const closed = await aFacility(db, { province: 'limpopo', archived: true });
    const oldest = await aCommitment(db, north, { dueOn: day('2020-01-10') });
    const middle = await aCommitment(db, west, { dueOn: day('2020-02-10'), status: 'in_progress' });
    const newest = await aCommitment(db, north, { dueOn: day('2020-03-10') });
    await aCommitment(db, north, { dueOn: day('2020-01-01'), status: 'missed' });
    await aCommitment(db, closed, { dueOn: day('2020-01-01') });
    const ids = async (query: Parameters<typeof listOverdueCommitments>[2], actor = analyst) =>
      (await listOverdueCommitments(db, actor, query, now)).items.map((item) => item.id);
    const all = await ids({ pageSize: 100 });
    expect(all.filter((id) => [oldest.id, middle.id, newest.id].includes(id))).toEqual([
      oldest.id,
      middle.id,
      newest.id,
    ]);
    expect(await ids({ province: 'limpopo' })).toEqual([oldest.id, newest.id]);
    expect(await ids({ departmentCode: 'OVERDUE-SAPS' })).toEqual([oldest.id, newest.id]);
    expect(await ids({ facilityId: west.id })).toEqual([middle.id]);
    // Typed where the facilities are too many for a select: the code, in any case.
    expect(await ids({ facilityId: ` ${west.code.toLowerCase()} ` })).toEqual([middle.id]);
    expect(await ids({ facilityId: 'NO-SUCH-FACILITY' })).toEqual([]);
    const page = await listOverdueCommitments(db, analyst, { province: 'limpopo', pageSize: 1, page: 2 }, now);
    expect(page).toMatchObject({ total: 2, pageCount: 2, items: [{ id: newest.id, isOverdue: true }] });
    expect(await ids({ province: 'limpopo' }, facilitator)).toEqual([]);
  });

  it('says by how many days each commitment is overdue, counted from South African today', async () => {
    const station = await aFacility(db, { province: 'free_state' });
    const lateSince = await aCommitment(db, station, { dueOn: day('2026-03-02') });
    // 23:30 UTC on 13 March is already 14 March in South Africa.
    const justAfterMidnight = new Date('2026-03-13T23:30:00Z');
    const [item] = (await listOverdueCommitments(db, analyst, { facilityId: station.id }, justAfterMidnight)).items;
    expect(item).toMatchObject({ id: lateSince.id, daysOverdue: 12 });
    expect(await getCommitment(db, analyst, lateSince.id, justAfterMidnight)).toMatchObject({ daysOverdue: 12 });
  });

  it('offers the facility’s issues to link, and refuses a facilitator another facility’s', async () => {
    const issue = await aLocalIssue(db, { id: stationId }, { title: 'Only the station van' });
    const options = await listCommitmentIssueOptions(db, facilitator, stationId);
    expect(options.map((option) => option.id)).toContain(issue.id);
    expect((await refusalOf(listCommitmentIssueOptions(db, facilitator, otherStationId))).code).toBe('forbidden');
  });
});
