import { beforeAll, expect, it } from 'vitest';
import type { Db } from '../../../../src/db/client.ts';
import { PUBLIC_ACTOR, type SignedInActor } from '../../../../src/domain/accounts/actor.ts';
import {
  createFacility,
  setFacilityArchived,
  updateFacility,
  type FacilityFields,
} from '../../../../src/server/services/capture/facility-edit-service.ts';
import {
  findFacilityOption,
  getFacility,
  listDistricts,
  listFacilities,
} from '../../../../src/server/services/capture/facility-service.ts';
import { aUser } from '../../../fixtures/actors.ts';
import { aCommitment, aDepartment, aFacility, aLocalIssue, aRound } from '../../../fixtures/builders.ts';
import { aUserWithPassword } from '../../../support/auth.ts';
import { refusalOf } from '../../../support/refusal.ts';
import { describeEachProvider } from '../../../support/test-database.ts';

describeEachProvider('keeping facilities', (database) => {
  let db: Db;
  let admin: SignedInActor;
  let otherAdmin: SignedInActor;
  let healthId: string;
  let policeId: string;
  const fields = (overrides: Partial<FacilityFields> = {}): FacilityFields => ({
    name: 'Msogwaba Clinic',
    kind: 'clinic',
    sector: 'health',
    province: 'mpumalanga',
    district: 'Ehlanzeni District',
    localMunicipality: 'City of Mbombela',
    community: 'Msogwaba',
    latitude: -25.39,
    longitude: 31.08,
    departmentId: healthId,
    ...overrides,
  });

  beforeAll(async () => {
    ({ db } = database());
    const adminUser = await aUserWithPassword(db, 'admin');
    admin = aUser('admin', { userId: adminUser.id, name: 'Ada Admin' });
    const otherUser = await aUserWithPassword(db, 'admin');
    otherAdmin = aUser('admin', { userId: otherUser.id, name: 'Bongani Admin' });
    healthId = (
      await aDepartment(db, {
        name: 'Mpumalanga Department of Health',
        sphere: 'provincial',
        province: 'mpumalanga',
        sector: 'health',
      })
    ).id;
    policeId = (await aDepartment(db, { name: 'South African Police Service' })).id;
  });

  it('creates a facility with its code in capitals and an audit event', async () => {
    const created = await createFacility(db, admin, { ...fields(), code: ' mp-msogwaba-clinic ' });
    expect(created).toMatchObject({ code: 'MP-MSOGWABA-CLINIC', version: 0 });
    const event = await db.auditEvent.findFirstOrThrow({ where: { entityType: 'facility', entityId: created.id } });
    expect(event).toMatchObject({ action: 'facility.created', actorId: admin.userId });
    expect(event.changes).toMatchObject({ version: 0, code: 'MP-MSOGWABA-CLINIC', name: 'Msogwaba Clinic' });
  });

  it('refuses a code that is taken, naming the facility that has it', async () => {
    await createFacility(db, admin, { ...fields({ name: 'Kanyamazane Clinic' }), code: 'MP-KANYAMAZANE' });
    const refusal = await refusalOf(createFacility(db, admin, { ...fields(), code: 'mp-kanyamazane' }));
    expect(refusal.details).toEqual({
      fields: { code: 'MP-KANYAMAZANE is already the code of Kanyamazane Clinic; choose another' },
    });
  });

  it('lists a taken code and a department that does not fit together, so one try shows both', async () => {
    const refusal = await refusalOf(
      createFacility(db, admin, { ...fields({ departmentId: policeId }), code: 'MP-KANYAMAZANE' }),
    );
    expect(Object.keys((refusal.details as { fields: object }).fields).sort()).toEqual(['code', 'departmentId']);
  });

  it('of two simultaneous creations with one code, exactly one is saved', async () => {
    const results = await Promise.allSettled([
      createFacility(db, admin, { ...fields(), code: 'MP-TWICE' }),
      createFacility(db, otherAdmin, { ...fields(), code: 'MP-TWICE' }),
    ]);
    expect(results.map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = results.find((result) => result.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ code: 'invalid_input', details: { fields: { code: expect.any(String) } } });
    expect(await db.facility.count({ where: { code: 'MP-TWICE' } })).toBe(1);
  });

  it('refuses a code with spaces or other signs', async () => {
    const refusal = await refusalOf(createFacility(db, admin, { ...fields(), code: 'MP KABOKWENI/1' }));
    expect(refusal.details).toEqual({
      fields: { code: 'Enter a code of 2 to 40 capital letters, digits and hyphens, for example MP-KABOKWENI-SAPS' },
    });
  });

  it('refuses a department of another sector or province, and a sector that does not fit the kind', async () => {
    const wrongSector = await refusalOf(
      createFacility(db, admin, { ...fields({ departmentId: policeId }), code: 'X-1' }),
    );
    expect(wrongSector.details).toEqual({
      fields: {
        departmentId: 'Choose a department that works in Health: South African Police Service works in Policing',
      },
    });
    const wrongProvince = await refusalOf(
      createFacility(db, admin, { ...fields({ province: 'limpopo' }), code: 'X-2' }),
    );
    expect(wrongProvince.details).toMatchObject({
      fields: { departmentId: expect.stringMatching(/^Choose a department of Limpopo/) },
    });
    const wrongKind = await refusalOf(
      createFacility(db, admin, { ...fields({ kind: 'police_station' }), code: 'X-3' }),
    );
    expect(wrongKind.details).toMatchObject({
      fields: { sector: 'Choose Policing: a police station is in that sector' },
    });
    expect(await db.facility.count({ where: { code: { in: ['X-1', 'X-2', 'X-3'] } } })).toBe(0);
  });

  it('saves an edit, records the fields it changed, and refuses a stale copy saying who changed what', async () => {
    const { id } = await createFacility(db, admin, { ...fields(), code: 'MP-EDITED' });
    const saved = await updateFacility(db, otherAdmin, {
      ...fields({ community: 'Msogwaba Village' }),
      id,
      version: 0,
    });
    expect(saved).toEqual({ id, code: 'MP-EDITED', version: 1, changed: ['community'] });
    const event = await db.auditEvent.findFirstOrThrow({ where: { entityId: id, action: 'facility.edited' } });
    expect(event.changes).toEqual({
      version: 1,
      fields: ['community'],
      from: { community: 'Msogwaba' },
      to: { community: 'Msogwaba Village' },
    });
    const stale = await refusalOf(updateFacility(db, admin, { ...fields({ name: 'Renamed' }), id, version: 0 }));
    expect(stale.code).toBe('stale_version');
    expect(stale.message).toMatch(/Bongani Admin \(Administrator\) changed the community/);
    expect((await db.facility.findUniqueOrThrow({ where: { id } })).name).toBe('Msogwaba Clinic');
  });

  it('keeps the version when nothing changed', async () => {
    const { id } = await createFacility(db, admin, { ...fields(), code: 'MP-UNCHANGED' });
    expect(await updateFacility(db, admin, { ...fields(), id, version: 0 })).toMatchObject({ version: 0, changed: [] });
  });

  it('archives a facility: it leaves the list, its page is for administrators only, and it comes back', async () => {
    const { id } = await createFacility(db, admin, { ...fields({ name: 'Zz Archived Clinic' }), code: 'MP-ARCHIVED' });
    await setFacilityArchived(db, admin, { id, version: 0, archived: true, reason: 'Closed in 2025' });
    expect((await listFacilities(db, { search: 'Zz Archived' })).items).toEqual([]);
    await expect(getFacility(db, PUBLIC_ACTOR, 'MP-ARCHIVED')).rejects.toMatchObject({ code: 'not_found' });
    await expect(getFacility(db, aUser('analyst'), 'MP-ARCHIVED')).rejects.toMatchObject({ code: 'not_found' });
    expect(await getFacility(db, admin, 'MP-ARCHIVED')).toMatchObject({ archived: true });
    const stale = await refusalOf(setFacilityArchived(db, otherAdmin, { id, version: 0, archived: false }));
    expect(stale.message).toMatch(/Ada Admin \(Administrator\) archived/);
    await setFacilityArchived(db, otherAdmin, { id, version: 1, archived: false });
    expect((await listFacilities(db, { search: 'Zz Archived' })).items).toHaveLength(1);
    const actions = await db.auditEvent.findMany({ where: { entityId: id }, orderBy: { createdAt: 'asc' } });
    expect(actions.map((event) => event.action)).toEqual([
      'facility.created',
      'facility.archived',
      'facility.restored',
    ]);
  });

  it('finds a facility to record an issue at by its id or its code in any case, within the actor’s facilities', async () => {
    const [own, other] = [await aFacility(db), await aFacility(db)];
    const archived = await aFacility(db, { archived: true });
    const option = { id: own.id, name: own.name, code: own.code };
    expect(await findFacilityOption(db, aUser('analyst'), own.id)).toEqual(option);
    expect(await findFacilityOption(db, aUser('analyst'), ` ${own.code.toLowerCase()} `)).toEqual(option);
    expect(await findFacilityOption(db, aUser('analyst'), archived.code)).toBeNull();
    expect(await findFacilityOption(db, aUser('analyst'), 'NO-SUCH-CODE')).toBeNull();
    const facilitator = aUser('facilitator', { facilityIds: [own.id] });
    expect(await findFacilityOption(db, facilitator, own.code)).toEqual(option);
    expect(await findFacilityOption(db, facilitator, other.code)).toBeNull();
  });

  it('answers not found for an unknown code', async () => {
    await expect(getFacility(db, admin, 'NO-SUCH-CODE')).rejects.toMatchObject({ code: 'not_found' });
  });

  it('summarises a facility in counts, with its rounds newest first', async () => {
    const facility = await aFacility(db, { code: 'SUMMARY-1', departmentId: policeId });
    await aLocalIssue(db, facility);
    await aLocalIssue(db, facility);
    await aLocalIssue(db, facility, { status: 'escalated' });
    await aLocalIssue(db, facility, { status: 'resolved' });
    await aLocalIssue(db, facility, { archived: true });
    const now = new Date('2026-03-14T10:00:00+02:00');
    await aCommitment(db, facility, { dueOn: new Date('2026-03-13T00:00:00Z') });
    await aCommitment(db, facility, { dueOn: new Date('2026-03-14T00:00:00Z') });
    await aCommitment(db, facility, { dueOn: new Date('2026-01-01T00:00:00Z'), status: 'done' });
    const first = await aRound(db, facility, { wave: 1, startedOn: new Date('2014-02-03T00:00:00Z') });
    await aRound(db, facility, {
      wave: 2,
      startedOn: new Date('2015-02-03T00:00:00Z'),
      currentStep: 'dialogue_and_charter',
    });
    // A round counts its issues that are not archived, and only its own.
    await aLocalIssue(db, facility, { status: 'closed', roundId: first.id });
    await aLocalIssue(db, facility, { status: 'closed', roundId: first.id, archived: true });
    await aLocalIssue(db, await aFacility(db, { departmentId: policeId }));
    const page = await getFacility(db, PUBLIC_ACTOR, 'SUMMARY-1', now);
    expect(page.summary).toEqual({
      issuesByStatus: [
        { status: 'open', count: 2 },
        { status: 'addressed_locally', count: 0 },
        { status: 'escalated', count: 1 },
        { status: 'resolved', count: 1 },
        { status: 'closed', count: 1 },
      ],
      issues: 5,
      openIssues: 2,
      escalatedIssues: 1,
      commitments: 3,
      overdueCommitments: 1,
    });
    expect(
      page.rounds.map((round) => [
        round.wave,
        round.startedOn,
        round.steps.map((step) => step.state),
        round.localIssues,
      ]),
    ).toEqual([
      [2, '2015-02-03', ['done', 'current', 'upcoming'], 0],
      [1, '2014-02-03', ['current', 'upcoming', 'upcoming'], 1],
    ]);
  });

  it('filters the list by part of a district, and lists the districts of a province', async () => {
    await aFacility(db, { name: 'Dist A', province: 'limpopo', district: 'Vhembe District', departmentId: policeId });
    await aFacility(db, {
      name: 'Dist B',
      province: 'limpopo',
      district: 'Capricorn District',
      departmentId: policeId,
    });
    await aFacility(db, { name: 'Dist C', province: 'free_state', district: 'Lejweleputswa', departmentId: policeId });
    const names = (await listFacilities(db, { district: 'vhembe' })).items.map((facility) => facility.name);
    expect(names).toEqual(['Dist A']);
    expect(await listDistricts(db, 'limpopo')).toEqual(['Capricorn District', 'Vhembe District']);
    expect(await listDistricts(db)).toEqual(expect.arrayContaining(['Lejweleputswa', 'Vhembe District']));
  });
});
