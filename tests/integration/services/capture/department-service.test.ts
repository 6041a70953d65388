import { beforeAll, expect, it } from 'vitest';
import type { Db } from '../../../../src/db/client.ts';
import type { SignedInActor } from '../../../../src/domain/accounts/actor.ts';
import {
  createDepartment,
  getDepartment,
  listDepartments,
  updateDepartment,
} from '../../../../src/server/services/capture/department-service.ts';
import { aUser } from '../../../fixtures/actors.ts';
import { aFacility } from '../../../fixtures/builders.ts';
import { aUserWithPassword } from '../../../support/auth.ts';
import { refusalOf } from '../../../support/refusal.ts';
import { describeEachProvider } from '../../../support/test-database.ts';

describeEachProvider('keeping departments', (database) => {
  let db: Db;
  let admin: SignedInActor;
  let otherAdmin: SignedInActor;

  beforeAll(async () => {
    ({ db } = database());
    const adminUser = await aUserWithPassword(db, 'admin');
    admin = aUser('admin', { userId: adminUser.id, name: 'Ada Admin' });
    const otherUser = await aUserWithPassword(db, 'admin');
    otherAdmin = aUser('admin', { userId: otherUser.id, name: 'Bongani Admin' });
  });

  it('creates a provincial department with its province, and records it', async () => {
    const created = await createDepartment(db, admin, {
      code: 'lp-doh',
      name: 'Limpopo Department of Health',
      sphere: 'provincial',
      province: 'limpopo',
      sector: 'health',
    });
    expect(created).toMatchObject({ code: 'LP-DOH', version: 0 });
    expect(await getDepartment(db, 'lp-doh')).toMatchObject({ name: 'Limpopo Department of Health', facilities: 0 });
    const event = await db.auditEvent.findFirstOrThrow({ where: { entityType: 'department', entityId: created.id } });
    expect(event).toMatchObject({ action: 'department.created', changes: { version: 0, province: 'limpopo' } });
  });

  it('refuses a national department with a province and a provincial or local one without', async () => {
    const national = await refusalOf(
      createDepartment(db, admin, {
        code: 'N-1',
        name: 'N',
        sphere: 'national',
        province: 'gauteng',
        sector: 'health',
      }),
    );
    expect(national.details).toEqual({
      fields: { province: 'Leave the province empty: a national department has none' },
    });
    const local = await refusalOf(
      createDepartment(db, admin, { code: 'L-1', name: 'L', sphere: 'local', sector: 'local_government' }),
    );
    expect(local.details).toEqual({ fields: { province: 'Choose the province of this local department' } });
  });

  it('refuses a code that is taken, naming the department that has it', async () => {
    await createDepartment(db, admin, {
      code: 'DUP-1',
      name: 'First of its code',
      sphere: 'national',
      sector: 'premier',
    });
    const refusal = await refusalOf(
      createDepartment(db, admin, { code: 'dup-1', name: 'Second', sphere: 'national', sector: 'premier' }),
    );
    expect(refusal.details).toEqual({
      fields: { code: 'DUP-1 is already the code of First of its code; choose another' },
    });
  });

  it('saves an edit and refuses a stale copy, saying who changed what', async () => {
    const { id } = await createDepartment(db, admin, {
      code: 'MP-PT2',
      name: 'Mpumalanga Treasury',
      sphere: 'provincial',
      province: 'mpumalanga',
      sector: 'public_finance',
    });
    const edit = {
      name: 'Mpumalanga Provincial Treasury',
      sphere: 'provincial',
      province: 'mpumalanga',
      sector: 'public_finance',
    } as const;
    expect(await updateDepartment(db, otherAdmin, { ...edit, id, version: 0 })).toMatchObject({
      version: 1,
      changed: ['name'],
    });
    const stale = await refusalOf(updateDepartment(db, admin, { ...edit, name: 'Treasury', id, version: 0 }));
    expect(stale).toMatchObject({
      code: 'stale_version',
      message: expect.stringMatching(/Bongani Admin \(Administrator\) changed the name/),
    });
  });

  it('refuses a new sector or province while facilities it runs are in the old one', async () => {
    const { id } = await createDepartment(db, admin, {
      code: 'FS-DOH2',
      name: 'Free State Health',
      sphere: 'provincial',
      province: 'free_state',
      sector: 'health',
    });
    await aFacility(db, { kind: 'clinic', sector: 'health', province: 'free_state', departmentId: id });
    await aFacility(db, { kind: 'clinic', sector: 'health', province: 'free_state', departmentId: id, archived: true });
    const sector = await refusalOf(
      updateDepartment(db, admin, {
        id,
        version: 0,
        name: 'Free State Health',
        sphere: 'provincial',
        province: 'free_state',
        sector: 'social_development',
      }),
    );
    expect(sector.details).toEqual({
      fields: {
        sector: '2 facilities run by this department are in another sector; give them another department first',
      },
    });
    const province = await refusalOf(
      updateDepartment(db, admin, {
        id,
        version: 0,
        name: 'Free State Health',
        sphere: 'provincial',
        province: 'gauteng',
        sector: 'health',
      }),
    );
    expect(province.details).toMatchObject({ fields: { province: expect.stringMatching(/in another province/) } });
    expect((await db.department.findUniqueOrThrow({ where: { id } })).version).toBe(0);
  });

  it('lists departments with how many facilities each runs', async () => {
    const list = await listDepartments(db);
    expect(list.find((department) => department.code === 'FS-DOH2')).toMatchObject({ facilities: 1 });
  });

  it('answers not found for an unknown code', async () => {
    await expect(getDepartment(db, 'NOPE')).rejects.toMatchObject({ code: 'not_found' });
  });
});
