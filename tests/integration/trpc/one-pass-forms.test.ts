import { TRPCError } from '@trpc/server';
import { beforeAll, expect, it } from 'vitest';
import type { Db } from '../../../src/db/client.ts';
import type { SignedInActor } from '../../../src/domain/accounts/actor.ts';
import { formErrorsOf } from '../../../src/lib/forms/form-errors.ts';
import { createContext } from '../../../src/server/trpc/context.ts';
import { createCaller } from '../../../src/server/trpc/root.ts';
import { aDepartment, aFacility, aLocalIssue, aRound, aTag } from '../../fixtures/builders.ts';
import { anActorWithAccount, aUserWithPassword } from '../../support/auth.ts';
import { describeEachProvider } from '../../support/test-database.ts';

/**
 * Issue 13: a form reports every problem at once. Each form here is posted, as its page posts it, with a
 * problem its schema finds and one that needs the database; one refusal must name both, each beside its field.
 */
describeEachProvider('forms that report every problem in one answer', (database) => {
  let db: Db;
  let admin: SignedInActor;
  let health: { id: string; code: string };
  let facility: { id: string; code: string };
  const caller = () => createCaller(createContext(db, admin));
  const refusedFields = async (attempt: Promise<unknown>) => {
    const refusal = await attempt.then(
      () => null,
      (error: unknown) => error,
    );
    expect(refusal).toBeInstanceOf(TRPCError);
    expect((refusal as TRPCError).code).toBe('BAD_REQUEST');
    return Object.keys(formErrorsOf(refusal).fields).sort();
  };
  const facilityFields = {
    name: 'Msogwaba Clinic',
    kind: 'clinic' as const,
    sector: 'health' as const,
    province: 'mpumalanga' as const,
    district: 'Ehlanzeni District',
    localMunicipality: 'City of Mbombela',
    community: 'Msogwaba',
    latitude: -25.39,
    longitude: 31.08,
  };

  beforeAll(async () => {
    ({ db } = database());
    admin = await anActorWithAccount(db, 'admin');
    health = await aDepartment(db, { sphere: 'provincial', province: 'mpumalanga', sector: 'health' });
    facility = await aFacility(db, {
      kind: 'clinic',
      sector: 'health',
      province: 'mpumalanga',
      departmentId: health.id,
    });
  });

  it('facilities: a blank name with a code that is taken, and with a department that does not exist', async () => {
    const fields = { ...facilityFields, name: '   ', departmentId: health.id };
    expect(await refusedFields(caller().facility.create({ ...fields, code: facility.code }))).toEqual(['code', 'name']);
    const { version } = await db.facility.findUniqueOrThrow({ where: { id: facility.id } });
    const edit = { ...fields, departmentId: 'no-such-department', id: facility.id, version };
    expect(await refusedFields(caller().facility.update(edit))).toEqual(['departmentId', 'name']);
  });

  it('departments: a blank name with a code that is taken, and with a sector its facilities are not in', async () => {
    const fields = {
      name: ' ',
      sphere: 'provincial' as const,
      province: 'mpumalanga' as const,
      sector: 'health' as const,
    };
    expect(await refusedFields(caller().department.create({ ...fields, code: health.code }))).toEqual(['code', 'name']);
    const edit = { ...fields, sector: 'policing' as const, id: health.id, version: 0 };
    expect(await refusedFields(caller().department.update(edit))).toEqual(['name', 'sector']);
  });

  it('monitoring rounds: a negative count with a wave the facility already has', async () => {
    const taken = await aRound(db, facility, { programme: 'national_pilot', wave: 1 });
    const other = await aRound(db, facility, { programme: 'national_pilot', wave: 2 });
    const fields = { programme: 'national_pilot' as const, wave: 1, startedOn: '2014-02-03', citizensInterviewed: -1 };
    expect(await refusedFields(caller().round.create({ ...fields, facilityId: facility.id }))).toEqual([
      'citizensInterviewed',
      'wave',
    ]);
    expect(taken.wave).toBe(1);
    const edit = { ...fields, id: other.id, version: other.version };
    expect(await refusedFields(caller().round.update(edit))).toEqual(['citizensInterviewed', 'wave']);
  });

  it('user invitations and access: a blank name with an address that has an account, an unknown role with no such department', async () => {
    const existing = await aUserWithPassword(db, 'analyst');
    const invitation = { name: ' ', email: existing.email, role: 'analyst' as const };
    expect(await refusedFields(caller().user.invite(invitation))).toEqual(['email', 'name']);
    const access = {
      userId: existing.id,
      expectedUpdatedAt: existing.updatedAt.toISOString(),
      role: 'boss' as 'official',
      departmentId: 'no-such-department',
    };
    expect(await refusedFields(caller().user.updateAccess(access))).toEqual(['departmentId', 'role']);
  });

  it('taxonomy: a slug too long to keep with a name another tag has', async () => {
    const tag = await aTag(db, { name: 'Queues at the counter', slug: 'queues-at-the-counter' });
    const draft = { name: 'Queues at the counter', slug: 'q'.repeat(300), description: 'Waiting in line.' };
    expect(await refusedFields(caller().taxonomy.add(draft))).toEqual(['name', 'slug']);
    const other = await aTag(db);
    const rename = { ...draft, id: other.id, version: other.version };
    expect(await refusedFields(caller().taxonomy.rename(rename))).toEqual(['name', 'slug']);
    expect(tag.version).toBe(0);
  });

  it('clusters: an over-long note or label with issues, clusters or an issue that the cluster rules out', async () => {
    const cluster = await db.cluster.create({ data: { label: 'Vans wait for repairs', status: 'confirmed' } });
    const another = await db.cluster.create({ data: { label: 'Queues before dawn', status: 'confirmed' } });
    const members = [await aLocalIssue(db, facility), await aLocalIssue(db, facility)];
    await db.localIssue.updateMany({
      where: { id: { in: members.map(({ id }) => id) } },
      data: { clusterId: cluster.id },
    });
    const stranger = await aLocalIssue(db, facility, { clusterId: another.id });
    const long = 'x'.repeat(10_000);
    const seen = { clusterId: cluster.id, version: cluster.version };
    const split = {
      ...seen,
      localIssueIds: members.map(({ id }) => id),
      label: long,
    };
    expect(await refusedFields(caller().cluster.split(split))).toEqual(['label', 'localIssueIds']);
    const move = {
      ...seen,
      localIssueId: stranger.id,
      toClusterId: another.id,
      toVersion: another.version,
      note: long,
    };
    expect(await refusedFields(caller().cluster.moveIssue(move))).toEqual(['localIssueId', 'note']);
    const merge = { ...seen, intoClusterId: cluster.id, intoVersion: cluster.version, note: long };
    expect(await refusedFields(caller().cluster.merge(merge))).toEqual(['intoClusterId', 'note']);
  });
});
