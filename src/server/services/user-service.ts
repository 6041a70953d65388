import { randomBytes } from 'node:crypto';
import { hashPassword } from 'better-auth/crypto';
import { z } from 'zod';
import type { Db, Tx } from '../../db/client.ts';
import { dialectOf } from '../../db/dialect.ts';
import type { Prisma } from '../../db/generated/sqlite/client.ts';
import type { Actor } from '../../domain/access/actor.ts';
import { ROLE_NAMES, ROLES, type Role } from '../../domain/access/roles.ts';
import { checkAccessAssignment, type AccessAssignment } from '../../domain/access/user-access.ts';
import { textField } from '../../domain/text/text-schema.ts';
import { PageRequestSchema, toPage, toSkipTake } from '../../lib/pagination.ts';
import { MIN_PASSWORD_LENGTH } from '../auth/auth.ts';
import { invitationMail } from '../mail/templates.ts';
import { resetPasswordLink } from './account-mail.ts';
import { recordAudit } from './audit.ts';
import { queueMail } from './outbox.ts';
import { ServiceError } from './service-error.ts';

export const INVITATION_VALID_DAYS = 7;

const EmailSchema = textField()
  .pipe(z.email('expected an e-mail address such as name@example.org'))
  .transform((email) => email.trim().toLowerCase());
export const AccessSchema = z.object({
  role: z.enum(ROLES),
  departmentId: textField().min(1).nullable().default(null),
  facilityIds: z.array(textField().min(1)).max(500).default([]),
});
export const NewUserSchema = AccessSchema.extend({
  email: EmailSchema,
  name: textField().trim().min(2, 'expected the person’s name').max(120),
});
export type NewUser = z.input<typeof NewUserSchema>;

function assignmentOrThrow(requested: AccessAssignment): AccessAssignment {
  const check = checkAccessAssignment(requested);
  if (!check.ok) throw new ServiceError('invalid_input', check.refusal.message, { field: check.refusal.field });
  return check.assignment;
}

async function assertScopeExists(tx: Tx, assignment: AccessAssignment) {
  if (assignment.departmentId && !(await tx.department.findUnique({ where: { id: assignment.departmentId } }))) {
    throw new ServiceError('invalid_input', 'That department does not exist.', { field: 'departmentId' });
  }
  const found = await tx.facility.count({ where: { id: { in: [...assignment.facilityIds] } } });
  if (found !== assignment.facilityIds.length) {
    throw new ServiceError('invalid_input', 'One of the chosen facilities does not exist.', { field: 'facilityIds' });
  }
}

async function insertUser(tx: Tx, user: z.output<typeof NewUserSchema>, extra: { isDemo?: boolean } = {}) {
  if (await tx.user.findUnique({ where: { email: user.email } })) {
    throw new ServiceError('refused', `There is already an account for ${user.email}.`, { field: 'email' });
  }
  const assignment = assignmentOrThrow(user);
  await assertScopeExists(tx, assignment);
  return tx.user.create({
    data: {
      email: user.email,
      name: user.name,
      role: assignment.role,
      departmentId: assignment.departmentId,
      isDemo: extra.isDemo ?? false,
      facilities: { create: assignment.facilityIds.map((facilityId) => ({ facilityId })) },
    },
  });
}

/** For `npm run user:create` and demo accounts: an account with a password, ready to sign in. */
export async function createUserWithPassword(
  db: Db,
  input: NewUser & { password: string; isDemo?: boolean },
  createdBy: Actor | { userId: null; label: string },
) {
  if (input.password.length < MIN_PASSWORD_LENGTH) {
    throw new ServiceError('invalid_input', `The password needs at least ${MIN_PASSWORD_LENGTH} characters.`, {
      field: 'password',
    });
  }
  const user = NewUserSchema.parse(input);
  const passwordHash = await hashPassword(input.password);
  return db.$transaction(async (tx) => {
    const created = await insertUser(tx, user, { isDemo: input.isDemo ?? false });
    await tx.account.create({
      data: { userId: created.id, accountId: created.id, providerId: 'credential', password: passwordHash },
    });
    await recordAudit(tx, createdBy, {
      entityType: 'user',
      entityId: created.id,
      action: 'user.created',
      changes: {
        role: created.role,
        departmentId: created.departmentId,
        facilityIds: user.facilityIds,
        isDemo: created.isDemo,
      },
    });
    return created;
  });
}

/**
 * Creates the account and mails a link to choose the first password. The link is a password-reset
 * token in better-auth's own format, so its reset-password endpoint sets the password (creating
 * the credential) and spends the token; tests/integration/services/user-service.test.ts guards that.
 */
export async function inviteUser(
  db: Db,
  input: NewUser,
  actor: Actor & { kind: 'user' },
  { publicUrl, now = new Date() }: { publicUrl: string; now?: Date },
) {
  const user = NewUserSchema.parse(input);
  const token = randomBytes(24).toString('base64url');
  return db.$transaction(async (tx) => {
    const created = await insertUser(tx, user);
    await tx.verification.create({
      data: {
        identifier: `reset-password:${token}`,
        value: created.id,
        expiresAt: new Date(now.getTime() + INVITATION_VALID_DAYS * 86_400_000),
      },
    });
    await queueMail(
      tx,
      invitationMail(created, {
        roleName: ROLE_NAMES[created.role],
        invitedBy: actor.name,
        link: resetPasswordLink(publicUrl, token),
        validDays: INVITATION_VALID_DAYS,
      }),
    );
    await recordAudit(tx, actor, {
      entityType: 'user',
      entityId: created.id,
      action: 'user.invited',
      changes: { role: created.role, departmentId: created.departmentId, facilityIds: user.facilityIds },
    });
    return created;
  });
}

export const UpdateAccessSchema = AccessSchema.extend({
  userId: textField().min(1),
  /** The updatedAt the editor saw, so that two administrators cannot overwrite each other. */
  expectedUpdatedAt: z.iso.datetime(),
});

export async function updateUserAccess(
  db: Db,
  input: z.input<typeof UpdateAccessSchema>,
  actor: Actor & { kind: 'user' },
) {
  const request = UpdateAccessSchema.parse(input);
  const assignment = assignmentOrThrow(request);
  return db.$transaction(async (tx) => {
    const current = await tx.user.findUnique({ where: { id: request.userId }, include: { facilities: true } });
    if (!current) throw new ServiceError('not_found', 'There is no such account.');
    if (current.id === actor.userId && assignment.role !== current.role) {
      throw new ServiceError('refused', 'You cannot change your own role; ask another administrator.');
    }
    await assertScopeExists(tx, assignment);
    const { count } = await tx.user.updateMany({
      where: { id: current.id, updatedAt: new Date(request.expectedUpdatedAt) },
      data: { role: assignment.role, departmentId: assignment.departmentId },
    });
    if (count === 0) {
      throw new ServiceError(
        'stale_version',
        `${current.name}'s account was changed by someone else after you opened it; reload to see the change.`,
      );
    }
    await tx.facilityAssignment.deleteMany({ where: { userId: current.id } });
    await tx.facilityAssignment.createMany({
      data: assignment.facilityIds.map((facilityId) => ({ userId: current.id, facilityId })),
    });
    await recordAudit(tx, actor, {
      entityType: 'user',
      entityId: current.id,
      action: 'user.access_changed',
      changes: {
        from: {
          role: current.role,
          departmentId: current.departmentId,
          facilityIds: current.facilities.map((f) => f.facilityId),
        },
        to: { ...assignment, facilityIds: [...assignment.facilityIds] },
      } as Prisma.InputJsonValue,
    });
  });
}

export async function setUserActive(
  db: Db,
  { userId, active, reason }: { userId: string; active: boolean; reason?: string },
  actor: Actor & { kind: 'user' },
  now = new Date(),
) {
  if (!active && userId === actor.userId) throw new ServiceError('refused', 'You cannot deactivate your own account.');
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId } });
    if (!user) throw new ServiceError('not_found', 'There is no such account.');
    if ((user.deactivatedAt === null) === active) return;
    await tx.user.update({ where: { id: userId }, data: { deactivatedAt: active ? null : now } });
    // Sessions live in the database, so deleting them signs the person out of every process at once.
    if (!active) await tx.session.deleteMany({ where: { userId } });
    await recordAudit(tx, actor, {
      entityType: 'user',
      entityId: userId,
      action: active ? 'user.reactivated' : 'user.deactivated',
      changes: reason ? { reason } : undefined,
    });
  });
}

export const USER_STATUSES = ['active', 'invited', 'deactivated'] as const;
export const UserListQuerySchema = PageRequestSchema.extend({
  role: z.enum(ROLES).optional(),
  status: z.enum(USER_STATUSES).optional(),
  search: textField().trim().min(1).max(100).optional(),
});

const statusWhere: Record<(typeof USER_STATUSES)[number], Prisma.UserWhereInput> = {
  active: { deactivatedAt: null, accounts: { some: { providerId: 'credential' } } },
  invited: { deactivatedAt: null, accounts: { none: { providerId: 'credential' } } },
  deactivated: { deactivatedAt: { not: null } },
};

export async function listUsers(db: Db, rawQuery: z.input<typeof UserListQuerySchema>) {
  const query = UserListQuerySchema.parse(rawQuery);
  const text = dialectOf(db).containsText;
  const where: Prisma.UserWhereInput = {
    role: query.role,
    ...(query.status ? statusWhere[query.status] : {}),
    ...(query.search ? { OR: [{ name: text(query.search) }, { email: text(query.search) }] } : {}),
  };
  const [total, rows] = await Promise.all([
    db.user.count({ where }),
    db.user.findMany({
      where,
      orderBy: [{ name: 'asc' }],
      ...toSkipTake(query),
      include: {
        department: { select: { name: true } },
        _count: { select: { facilities: true, accounts: { where: { providerId: 'credential' } } } },
      },
    }),
  ]);
  const items = rows.map((user) => ({
    id: user.id,
    name: user.name,
    email: user.email,
    role: user.role as Role,
    departmentName: user.department?.name ?? null,
    facilityCount: user._count.facilities,
    status: user.deactivatedAt ? 'deactivated' : user._count.accounts > 0 ? 'active' : 'invited',
    twoFactorEnabled: user.twoFactorEnabled,
    isDemo: user.isDemo,
  }));
  return toPage(items, total, query);
}

export async function getUser(db: Db, userId: string) {
  const user = await db.user.findUnique({
    where: { id: userId },
    include: {
      facilities: { include: { facility: { select: { id: true, name: true, code: true } } } },
      department: true,
    },
  });
  if (!user) throw new ServiceError('not_found', 'There is no such account.');
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    role: user.role as Role,
    departmentId: user.departmentId,
    departmentName: user.department?.name ?? null,
    facilities: user.facilities.map((assignment) => assignment.facility),
    deactivatedAt: user.deactivatedAt,
    twoFactorEnabled: user.twoFactorEnabled,
    isDemo: user.isDemo,
    updatedAt: user.updatedAt.toISOString(),
  };
}
