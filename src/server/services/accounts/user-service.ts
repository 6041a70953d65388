import { randomBytes } from 'node:crypto';
import { hashPassword } from 'better-auth/crypto';
import { z } from 'zod';
import type { Db, Tx } from '../../../db/client.ts';
import { dialectOf } from '../../../db/dialect.ts';
import type { Prisma } from '../../../db/generated/sqlite/client.ts';
import type { Actor } from '../../../domain/accounts/actor.ts';
import { ROLE_NAMES, ROLES, type Role } from '../../../domain/accounts/roles.ts';
import { checkAccessAssignment, type AccessAssignment } from '../../../domain/accounts/user-access.ts';
import { textField } from '../../../domain/text/text-schema.ts';
import { PageRequestSchema, toPage, toSkipTake } from '../../../lib/lists/pagination.ts';
import { MIN_PASSWORD_LENGTH } from '../../auth/auth.ts';
import { invitationMail } from '../../mail/templates.ts';
import { resetPasswordLink } from './account-mail.ts';
import { recordAudit } from '../audit/audit.ts';
import { queueMail } from '../jobs/outbox.ts';
import type { FieldProblems } from '../../../lib/forms/field-problems.ts';
import { parseFieldByField, valueOrAllProblems } from '../shared/form-check.ts';
import { ServiceError } from '../shared/service-error.ts';

export const INVITATION_VALID_DAYS = 7;

// 254 characters: the longest address mail can carry (RFC 5321).
const EmailSchema = textField()
  .max(254, 'The e-mail address must be 254 characters or fewer')
  .pipe(z.email('Enter an e-mail address in the correct format, like name@example.org'))
  .transform((email) => email.trim().toLowerCase());
export const AccessSchema = z.object({
  role: z.enum(ROLES),
  departmentId: textField().min(1).nullable().default(null),
  facilityIds: z.array(textField().min(1)).max(500).default([]),
});
export const NewUserSchema = AccessSchema.extend({
  email: EmailSchema,
  name: textField().trim().min(2, 'Enter the person’s name').max(120, 'The name must be 120 characters or fewer'),
});
export type NewUser = z.input<typeof NewUserSchema>;

type AccessFields = z.output<typeof AccessSchema>;

/**
 * What is wrong with an account's access, on the fields that parsed: the role's scope (an official's
 * department, a facilitator's facilities), and a department or facility that does not exist. A scope is
 * checked when the role uses it, or when the role itself has a problem, so that both come back at once.
 */
async function accessProblemsOf(tx: Tx, { role, departmentId, facilityIds }: Partial<AccessFields>) {
  const problems: FieldProblems = {};
  if (role !== undefined && departmentId !== undefined && facilityIds !== undefined) {
    const check = checkAccessAssignment({ role, departmentId, facilityIds });
    if (!check.ok) problems[check.refusal.field] = check.refusal.message;
  }
  const usesDepartment = role === undefined || role === 'official';
  if (usesDepartment && departmentId && !(await tx.department.findUnique({ where: { id: departmentId } }))) {
    problems.departmentId ??= 'That department does not exist.';
  }
  const chosen = role === undefined || role === 'facilitator' ? [...new Set(facilityIds ?? [])] : [];
  if (chosen.length > 0 && (await tx.facility.count({ where: { id: { in: chosen } } })) !== chosen.length) {
    problems.facilityIds ??= 'One of the chosen facilities does not exist.';
  }
  return problems;
}

/** The scope an account keeps of access that passed accessProblemsOf. */
function assignmentOf(access: AccessFields): AccessAssignment {
  const check = checkAccessAssignment(access);
  if (!check.ok) throw new ServiceError('invalid_input', check.refusal.message, { field: check.refusal.field });
  return check.assignment;
}

/** A new account checked in one pass (every problem at once): the schema, its access, and a free address. */
async function insertUser(tx: Tx, input: unknown, extra: { isDemo?: boolean } = {}) {
  const parsed = parseFieldByField(NewUserSchema, input);
  const problems = await accessProblemsOf(tx, parsed.fields);
  const { email } = parsed.fields;
  if (email !== undefined && (await tx.user.findUnique({ where: { email } }))) {
    problems.email = `There is already an account for ${email}.`;
  }
  const user = valueOrAllProblems(parsed, problems);
  const assignment = assignmentOf(user);
  const created = await tx.user.create({
    data: {
      email: user.email,
      name: user.name,
      role: assignment.role,
      departmentId: assignment.departmentId,
      isDemo: extra.isDemo ?? false,
      facilities: { create: assignment.facilityIds.map((facilityId) => ({ facilityId })) },
    },
  });
  return { created, assignment };
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
  const { password, isDemo = false, ...fields } = input;
  const passwordHash = await hashPassword(password);
  return db.$transaction(async (tx) => {
    const { created, assignment } = await insertUser(tx, fields, { isDemo });
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
        facilityIds: assignment.facilityIds,
        isDemo: created.isDemo,
      },
    });
    return created;
  });
}

/**
 * Creates the account and mails a link to choose the first password. The link is a password-reset
 * token in better-auth's own format, so its reset-password endpoint sets the password (creating
 * the credential) and spends the token; tests/integration/services/accounts/user-service.test.ts guards that.
 */
export async function inviteUser(
  db: Db,
  input: NewUser,
  actor: Actor & { kind: 'user' },
  { publicUrl, now = new Date() }: { publicUrl: string; now?: Date },
) {
  const token = randomBytes(24).toString('base64url');
  return db.$transaction(async (tx) => {
    const { created, assignment } = await insertUser(tx, input);
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
      changes: { role: created.role, departmentId: created.departmentId, facilityIds: assignment.facilityIds },
    });
    return created;
  });
}

const AccountVersionSchema = z.object({
  userId: textField().min(1),
  /** The updatedAt the editor saw, so that two administrators cannot overwrite each other. */
  expectedUpdatedAt: z.iso.datetime(),
});
export const UpdateAccessSchema = AccessSchema.extend(AccountVersionSchema.shape);

export async function updateUserAccess(
  db: Db,
  input: z.input<typeof UpdateAccessSchema>,
  actor: Actor & { kind: 'user' },
) {
  const { userId, expectedUpdatedAt } = AccountVersionSchema.parse(input);
  return db.$transaction(async (tx) => {
    const current = await tx.user.findUnique({ where: { id: userId }, include: { facilities: true } });
    if (!current) throw new ServiceError('not_found', 'There is no such account.');
    // Every problem at once: the schema's, and the access that the fields that parsed ask for.
    const parsed = parseFieldByField(UpdateAccessSchema, input);
    const assignment = assignmentOf(valueOrAllProblems(parsed, await accessProblemsOf(tx, parsed.fields)));
    if (current.id === actor.userId && assignment.role !== current.role) {
      throw new ServiceError('refused', 'You cannot change your own role; ask another administrator.');
    }
    const { count } = await tx.user.updateMany({
      where: { id: current.id, updatedAt: new Date(expectedUpdatedAt) },
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
    wantsDigest: user.wantsDigest,
    updatedAt: user.updatedAt.toISOString(),
  };
}
