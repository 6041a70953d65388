import { beforeAll, expect, it } from 'vitest';
import type { Db } from '../../../../src/db/client.ts';
import type { SignedInActor } from '../../../../src/domain/accounts/actor.ts';
import {
  createRound,
  getRound,
  updateRound,
  type RoundFields,
} from '../../../../src/server/services/capture/round-service.ts';
import { aUser } from '../../../fixtures/actors.ts';
import { aFacility } from '../../../fixtures/builders.ts';
import { aUserWithPassword } from '../../../support/auth.ts';
import { refusalOf } from '../../../support/refusal.ts';
import { describeEachProvider } from '../../../support/test-database.ts';

describeEachProvider('keeping monitoring rounds', (database) => {
  let db: Db;
  let analyst: SignedInActor;
  let facilitator: SignedInActor;
  let facilityId: string;
  let otherFacilityId: string;
  const now = new Date('2026-03-14T10:00:00+02:00');
  const fields = (overrides: Partial<RoundFields> = {}): RoundFields => ({
    programme: 'saps_rollout',
    wave: 1,
    startedOn: '2026-02-02',
    citizensInterviewed: 412,
    staffInterviewed: 23,
    monitorsTrained: 14,
    ...overrides,
  });

  beforeAll(async () => {
    ({ db } = database());
    facilityId = (await aFacility(db)).id;
    otherFacilityId = (await aFacility(db)).id;
    const analystUser = await aUserWithPassword(db, 'analyst');
    analyst = aUser('analyst', { userId: analystUser.id, name: 'Thandi Analyst' });
    const facilitatorUser = await aUserWithPassword(db, 'facilitator', { facilityIds: [facilityId] });
    facilitator = aUser('facilitator', {
      userId: facilitatorUser.id,
      name: 'Sipho Facilitator',
      facilityIds: [facilityId],
    });
  });

  it('records a round at the facilitator’s facility, with an audit event', async () => {
    const { id, version } = await createRound(db, facilitator, { ...fields(), facilityId }, now);
    expect(version).toBe(0);
    expect(await getRound(db, facilitator, id)).toMatchObject({
      programme: 'saps_rollout',
      wave: 1,
      startedOn: '2026-02-02',
      endedOn: null,
      currentStep: 'gather_feedback',
      citizensInterviewed: 412,
    });
    const event = await db.auditEvent.findFirstOrThrow({ where: { entityType: 'monitoring_round', entityId: id } });
    expect(event).toMatchObject({ action: 'monitoring_round.created', actorId: facilitator.userId });
  });

  it('refuses a second round with the same programme and wave at a facility, with a clear message', async () => {
    const refusal = await refusalOf(createRound(db, analyst, { ...fields(), facilityId }, now));
    expect(refusal.details).toEqual({
      fields: { wave: 'Enter another wave: this facility already has wave 1 of the SAPS roll-out' },
    });
    // The same wave at another facility, or of another programme, is another round.
    await createRound(db, analyst, { ...fields(), facilityId: otherFacilityId }, now);
    await createRound(db, analyst, { ...fields({ programme: 'national_pilot' }), facilityId }, now);
  });

  it('refuses a facilitator a round at a facility that is not theirs', async () => {
    const refusal = await refusalOf(
      createRound(db, facilitator, { ...fields({ wave: 9 }), facilityId: otherFacilityId }, now),
    );
    expect(refusal.code).toBe('forbidden');
    const { id } = await createRound(db, analyst, { ...fields({ wave: 8 }), facilityId: otherFacilityId }, now);
    await expect(getRound(db, facilitator, id)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('refuses negative and fractional counts, and an end before the start or in the future', async () => {
    const counts = await refusalOf(
      createRound(
        db,
        analyst,
        { ...fields({ wave: 2, citizensInterviewed: -1, monitorsTrained: 2.5 }), facilityId },
        now,
      ),
    );
    expect(counts.details).toEqual({
      fields: {
        citizensInterviewed: 'Enter the number of citizens interviewed as 0 or more',
        monitorsTrained: 'Enter the number of monitors trained as a whole number, for example 120',
      },
    });
    const early = await refusalOf(
      createRound(db, analyst, { ...fields({ wave: 2, endedOn: '2026-02-01' }), facilityId }, now),
    );
    expect(early.details).toEqual({
      fields: { endedOn: 'The date the round ended must be the same as or after the date it started' },
    });
    const future = await refusalOf(
      createRound(db, analyst, { ...fields({ wave: 2, endedOn: '2026-03-15' }), facilityId }, now),
    );
    expect(future.details).toMatchObject({
      fields: { endedOn: expect.stringMatching(/must be today or in the past/) },
    });
  });

  it('moves forward one step at a time and refuses a skipped step', async () => {
    const { id } = await createRound(db, analyst, { ...fields({ wave: 3 }), facilityId }, now);
    const skipped = await refusalOf(
      updateRound(db, analyst, { ...fields({ wave: 3, currentStep: 'monitor_and_escalate' }), id, version: 0 }, now),
    );
    expect(skipped.details).toMatchObject({ fields: { currentStep: expect.stringMatching(/one at a time/) } });
    const saved = await updateRound(
      db,
      analyst,
      { ...fields({ wave: 3, currentStep: 'dialogue_and_charter' }), id, version: 0 },
      now,
    );
    expect(saved).toMatchObject({ version: 1, changed: ['step'] });
    const event = await db.auditEvent.findFirstOrThrow({ where: { entityId: id, action: 'monitoring_round.edited' } });
    expect(event.changes).toMatchObject({
      version: 1,
      from: { currentStep: 'gather_feedback' },
      to: { currentStep: 'dialogue_and_charter' },
      step: { direction: 'forward', reason: null },
    });
  });

  it('goes back a step only with a reason, which the audit trail keeps', async () => {
    const { id } = await createRound(
      db,
      analyst,
      { ...fields({ wave: 4, currentStep: 'monitor_and_escalate' }), facilityId },
      now,
    );
    const back = { ...fields({ wave: 4, currentStep: 'gather_feedback' }), id, version: 0 };
    const refusal = await refusalOf(updateRound(db, analyst, back, now));
    expect(refusal.details).toEqual({ fields: { stepReason: 'Say why the round goes back to step 1' } });
    await updateRound(db, analyst, { ...back, stepReason: 'The survey is repeated after the clinic moved' }, now);
    const event = await db.auditEvent.findFirstOrThrow({ where: { entityId: id, action: 'monitoring_round.edited' } });
    expect(event.changes).toMatchObject({
      step: { direction: 'back', reason: 'The survey is repeated after the clinic moved' },
    });
  });

  it('refuses an edit on a stale copy, saying who changed what, and a wave another round has', async () => {
    const { id } = await createRound(db, analyst, { ...fields({ wave: 5 }), facilityId }, now);
    await updateRound(db, facilitator, { ...fields({ wave: 5, staffInterviewed: 30 }), id, version: 0 }, now);
    const stale = await refusalOf(
      updateRound(db, analyst, { ...fields({ wave: 5, monitorsTrained: 20 }), id, version: 0 }, now),
    );
    expect(stale.code).toBe('stale_version');
    expect(stale.message).toMatch(/Sipho Facilitator \(Facilitator\) changed the staff interviewed/);
    const taken = await refusalOf(updateRound(db, analyst, { ...fields({ wave: 1 }), id, version: 1 }, now));
    expect(taken.details).toEqual({
      fields: { wave: 'Enter another wave: this facility already has wave 1 of the SAPS roll-out' },
    });
  });

  it('refuses rounds at an archived facility', async () => {
    const archived = await aFacility(db, { archived: true });
    const refusal = await refusalOf(createRound(db, analyst, { ...fields(), facilityId: archived.id }, now));
    expect(refusal).toMatchObject({ code: 'refused', message: expect.stringMatching(/is archived/) });
  });
});
