import { TRPCError } from '@trpc/server';
import { beforeAll, expect, it } from 'vitest';
import type { Actor, SignedInActor } from '../../../src/domain/accounts/actor.ts';
import { PUBLIC_ACTOR } from '../../../src/domain/accounts/actor.ts';
import { ROLES, type Role } from '../../../src/domain/accounts/roles.ts';
import type { ProcedureMeta } from '../../../src/server/trpc/trpc.ts';
import { createContext } from '../../../src/server/trpc/context.ts';
import { appRouter, createCaller } from '../../../src/server/trpc/root.ts';
import { aCommitment, aDepartment, aFacility, aLocalIssue, aRound, aTag } from '../../fixtures/builders.ts';
import { aUserWithPassword } from '../../support/auth.ts';
import { describeEachProvider } from '../../support/test-database.ts';

type Caller = 'anonymous' | Role;
const EVERYONE: readonly Caller[] = ['anonymous', ...ROLES];
const SIGNED_IN: readonly Caller[] = ROLES;
const ADMIN: readonly Caller[] = ['admin'];

/** Test data the inputs refer to, made once per database. */
interface Fixture {
  targetUserId: string;
  targetUpdatedAt: string;
  departmentId: string;
  departmentCode: string;
  facilityId: string;
  facilityCode: string;
  facilityName: string;
  localIssueId: string;
  importRunId: string;
  tagId: string;
  tagSlug: string;
  otherTagId: string;
  roundId: string;
  commitmentId: string;
  clusterId: string;
  otherClusterId: string;
  themeId: string;
}
const CAPTURERS: readonly Caller[] = ['admin', 'analyst', 'facilitator'];
const STAFF_READERS: readonly Caller[] = ['admin', 'analyst', 'facilitator', 'official'];
const TAXONOMY_KEEPERS: readonly Caller[] = ['admin', 'analyst'];
const ANALYSTS: readonly Caller[] = ['admin', 'analyst'];
/** Those who act on cases: DPME's analysts and the departments' officials. */
const CASE_WORKERS: readonly Caller[] = ['analyst', 'official'];
const aDraft = (f: Fixture) => ({
  facilityId: f.facilityId,
  title: 'Vans wait months at the garage',
  source: 'citizen_survey',
  raisedOn: '2026-03-14',
  tags: ['vehicles'],
});
const anEmptyImport = () => ({
  fileName: 'empty.csv',
  contentBase64: Buffer.from('external_ref\n').toString('base64'),
});
let invitations = 0;
let addedTags = 0;
const tagChange = (f: Fixture) => ({ id: f.tagId, version: 0 });
let newRecords = 0;
/** The fixture facility's own fields (tests/fixtures/builders.ts), so that an allowed update changes nothing. */
const facilityFields = (f: Fixture) => ({
  name: f.facilityName,
  kind: 'police_station',
  sector: 'policing',
  province: 'gauteng',
  district: 'Test district',
  localMunicipality: 'Test municipality',
  community: 'Test community',
  departmentId: f.departmentId,
});
const roundFields = { programme: 'national_pilot', startedOn: '2014-02-03', citizensInterviewed: 120 };
const commitmentFields = {
  commitment: 'Vans are serviced within a month',
  responsibleParty: 'Station commander',
  dueOn: '2026-06-30',
};

/**
 * The single source of truth for who may call what. Adding a procedure without a row here fails
 * the count check below; a row's callers are allowed, everyone else must be refused.
 */
const MATRIX: Record<string, { allowed: readonly Caller[]; input?: (fixture: Fixture) => unknown }> = {
  'system.health': { allowed: EVERYONE },
  'system.overview': { allowed: EVERYONE },
  'overview.start': { allowed: EVERYONE },
  'facility.list': { allowed: EVERYONE, input: () => ({}) },
  'facility.exportCsv': { allowed: EVERYONE, input: () => ({}) },
  'facility.departments': { allowed: EVERYONE },
  'facility.options': { allowed: CAPTURERS },
  'facility.option': { allowed: CAPTURERS, input: (f) => ({ idOrCode: f.facilityCode }) },
  'facility.districts': { allowed: EVERYONE, input: () => ({ province: 'gauteng' }) },
  'facility.get': { allowed: EVERYONE, input: (f) => ({ code: f.facilityCode }) },
  'facility.create': {
    allowed: ADMIN,
    input: (f) => ({ ...facilityFields(f), name: 'New station', code: `TEST-NEW-${(newRecords += 1)}-${Date.now()}` }),
  },
  'facility.update': { allowed: ADMIN, input: (f) => ({ ...facilityFields(f), id: f.facilityId, version: 0 }) },
  'facility.setArchived': { allowed: ADMIN, input: (f) => ({ id: f.facilityId, version: 0, archived: false }) },
  'department.list': { allowed: EVERYONE },
  'department.get': { allowed: ADMIN, input: (f) => ({ code: f.departmentCode }) },
  'department.create': {
    allowed: ADMIN,
    input: () => ({
      code: `TEST-NEW-DEPT-${(newRecords += 1)}-${Date.now()}`,
      name: 'A new department',
      sphere: 'national',
      sector: 'public_works',
    }),
  },
  'department.update': {
    allowed: ADMIN,
    input: (f) => ({
      id: f.departmentId,
      version: 0,
      name: 'Renamed department',
      sphere: 'national',
      sector: 'policing',
    }),
  },
  'round.get': { allowed: CAPTURERS, input: (f) => ({ id: f.roundId }) },
  'round.create': {
    allowed: CAPTURERS,
    input: (f) => ({ ...roundFields, facilityId: f.facilityId, wave: 50 + (newRecords += 1) }),
  },
  'round.update': { allowed: CAPTURERS, input: (f) => ({ ...roundFields, id: f.roundId, version: 0, wave: 1 }) },
  'charter.public': { allowed: EVERYONE, input: (f) => ({ facilityId: f.facilityId }) },
  'charter.list': { allowed: CAPTURERS, input: (f) => ({ facilityId: f.facilityId }) },
  'charter.get': { allowed: CAPTURERS, input: (f) => ({ id: f.commitmentId }) },
  'charter.issueOptions': { allowed: CAPTURERS, input: (f) => ({ facilityId: f.facilityId }) },
  'charter.overdue': { allowed: CAPTURERS, input: () => ({}) },
  'charter.exportOverdueCsv': { allowed: CAPTURERS, input: () => ({}) },
  'charter.add': { allowed: CAPTURERS, input: (f) => ({ ...commitmentFields, facilityId: f.facilityId }) },
  'charter.update': {
    allowed: CAPTURERS,
    input: (f) => ({ ...commitmentFields, id: f.commitmentId, version: 0, status: 'in_progress' }),
  },
  'charter.addProgress': {
    allowed: CAPTURERS,
    input: (f) => ({ commitmentId: f.commitmentId, version: 0, on: '2026-01-15', note: 'The first van is back' }),
  },
  'knowledge.search': { allowed: EVERYONE, input: () => ({ q: 'vehicles' }) },
  'knowledge.relatedCases': { allowed: EVERYONE, input: () => ({ tags: ['vehicles'] }) },
  'knowledge.guidance': { allowed: EVERYONE, input: () => ({ tags: ['vehicles'] }) },
  'account.me': { allowed: SIGNED_IN },
  'account.notifications': { allowed: SIGNED_IN, input: () => ({}) },
  'account.markNotificationsRead': { allowed: SIGNED_IN },
  'account.setDigest': { allowed: SIGNED_IN, input: () => ({ wantsDigest: true }) },
  'imports.run': { allowed: CAPTURERS, input: anEmptyImport },
  'imports.queue': { allowed: CAPTURERS, input: anEmptyImport },
  'imports.list': { allowed: CAPTURERS, input: () => ({}) },
  'imports.get': { allowed: CAPTURERS, input: (f) => ({ id: f.importRunId }) },
  'imports.progress': { allowed: CAPTURERS, input: (f) => ({ id: f.importRunId }) },
  'imports.rollback': { allowed: ['admin', 'analyst'], input: (f) => ({ importRunId: f.importRunId }) },
  'cluster.list': { allowed: ANALYSTS, input: () => ({}) },
  'cluster.exportCsv': { allowed: ANALYSTS, input: () => ({}) },
  'cluster.get': { allowed: ANALYSTS, input: (f) => ({ id: f.clusterId }) },
  'cluster.options': { allowed: ANALYSTS, input: (f) => ({ id: f.clusterId }) },
  'cluster.runs': { allowed: ANALYSTS, input: () => ({}) },
  'cluster.run': { allowed: ANALYSTS, input: () => ({ id: 'no-such-run' }) },
  'cluster.queueRun': { allowed: ANALYSTS },
  'cluster.confirm': { allowed: ANALYSTS, input: (f) => ({ clusterId: f.clusterId, version: 0 }) },
  'cluster.dismiss': {
    allowed: ANALYSTS,
    input: (f) => ({ clusterId: f.clusterId, version: 0, note: 'Not one problem' }),
  },
  'cluster.rename': {
    allowed: ANALYSTS,
    input: (f) => ({ clusterId: f.clusterId, version: 0, label: 'Vans at the garage' }),
  },
  'cluster.merge': {
    allowed: ANALYSTS,
    input: (f) => ({ clusterId: f.clusterId, version: 0, intoClusterId: f.otherClusterId, intoVersion: 0 }),
  },
  'cluster.split': {
    allowed: ANALYSTS,
    input: (f) => ({ clusterId: f.clusterId, version: 0, localIssueIds: [f.localIssueId] }),
  },
  'cluster.moveIssue': {
    allowed: ANALYSTS,
    input: (f) => ({
      clusterId: f.clusterId,
      version: 0,
      localIssueId: f.localIssueId,
      toClusterId: f.otherClusterId,
      toVersion: 0,
    }),
  },
  'cluster.themes': { allowed: ANALYSTS, input: () => ({}) },
  'cluster.theme': { allowed: ANALYSTS, input: (f) => ({ id: f.themeId }) },
  'cluster.themeOptions': { allowed: ANALYSTS, input: (f) => ({ excludeId: f.themeId }) },
  'cluster.renameTheme': {
    allowed: ANALYSTS,
    input: (f) => ({ themeId: f.themeId, version: 0, label: 'Police vehicles' }),
  },
  'cluster.moveProblemToTheme': {
    allowed: ANALYSTS,
    input: (f) => ({ clusterId: f.clusterId, version: 0, toThemeId: f.themeId }),
  },
  'cluster.escalationRule': { allowed: ANALYSTS },
  'cluster.setEscalationRule': {
    allowed: ANALYSTS,
    input: () => ({ minFacilities: 3, minProvinces: 2, nationalRootCauseSuffices: true, version: 0 }),
  },
  'cluster.similarIssues': {
    allowed: CAPTURERS,
    input: (f) => ({ facilityId: f.facilityId, title: 'Vans at the garage' }),
  },
  'localIssue.search': { allowed: STAFF_READERS, input: () => ({ q: 'vehicles' }) },
  'localIssue.list': { allowed: STAFF_READERS, input: () => ({ q: 'vehicles' }) },
  'localIssue.exportCsv': { allowed: STAFF_READERS, input: () => ({}) },
  'localIssue.get': { allowed: STAFF_READERS, input: (f) => ({ id: f.localIssueId }) },
  'localIssue.roundOptions': { allowed: CAPTURERS, input: (f) => ({ facilityId: f.facilityId }) },
  'localIssue.tagOptions': { allowed: STAFF_READERS },
  'localIssue.suggestTags': { allowed: CAPTURERS, input: () => ({ q: 'veh' }) },
  'localIssue.create': { allowed: CAPTURERS, input: aDraft },
  'localIssue.update': { allowed: CAPTURERS, input: (f) => ({ ...aDraft(f), id: f.localIssueId, version: 0 }) },
  'localIssue.changeStatus': {
    allowed: CAPTURERS,
    input: (f) => ({ id: f.localIssueId, version: 0, status: 'addressed_locally' }),
  },
  'localIssue.setArchived': { allowed: CAPTURERS, input: (f) => ({ id: f.localIssueId, version: 0, archived: true }) },
  'localIssue.reviewPersonalData': {
    allowed: CAPTURERS,
    input: (f) => ({ id: f.localIssueId, version: 0, decision: 'keep' }),
  },
  'taxonomy.list': { allowed: TAXONOMY_KEEPERS, input: () => ({}) },
  'taxonomy.get': { allowed: TAXONOMY_KEEPERS, input: (f) => ({ slug: f.tagSlug }) },
  'taxonomy.export': { allowed: TAXONOMY_KEEPERS },
  'taxonomy.previewMerge': { allowed: TAXONOMY_KEEPERS, input: (f) => ({ sourceId: f.tagId, targetId: f.otherTagId }) },
  'taxonomy.add': {
    allowed: TAXONOMY_KEEPERS,
    input: () => ({ name: `Matrix tag ${(addedTags += 1)}`, description: 'A tag the permission matrix adds.' }),
  },
  'taxonomy.rename': {
    allowed: TAXONOMY_KEEPERS,
    input: (f) => ({ ...tagChange(f), name: 'Renamed by the matrix', slug: f.tagSlug, description: 'Renamed here.' }),
  },
  'taxonomy.move': { allowed: TAXONOMY_KEEPERS, input: (f) => ({ ...tagChange(f), parentId: f.otherTagId }) },
  'taxonomy.setRouting': { allowed: TAXONOMY_KEEPERS, input: (f) => ({ ...tagChange(f), routingDepartmentId: null }) },
  'taxonomy.addSynonym': { allowed: TAXONOMY_KEEPERS, input: (f) => ({ ...tagChange(f), term: 'matrix word' }) },
  'taxonomy.removeSynonym': { allowed: TAXONOMY_KEEPERS, input: (f) => ({ ...tagChange(f), term: 'matrix word' }) },
  'taxonomy.merge': {
    allowed: TAXONOMY_KEEPERS,
    input: (f) => ({ sourceId: f.tagId, sourceVersion: 0, targetId: f.otherTagId, targetVersion: 0 }),
  },
  'user.list': { allowed: ADMIN, input: () => ({}) },
  'user.get': { allowed: ADMIN, input: (f) => ({ userId: f.targetUserId }) },
  'user.invite': {
    allowed: ADMIN,
    input: () => ({
      email: `invited-${(invitations += 1)}-${Date.now()}@test.cbm-tracker.invalid`,
      name: 'Invited Person',
      role: 'analyst',
    }),
  },
  'user.updateAccess': {
    allowed: ADMIN,
    input: (f) => ({
      userId: f.targetUserId,
      role: 'official',
      departmentId: f.departmentId,
      expectedUpdatedAt: f.targetUpdatedAt,
    }),
  },
  'user.deactivate': { allowed: ADMIN, input: (f) => ({ userId: f.targetUserId }) },
  'user.reactivate': { allowed: ADMIN, input: (f) => ({ userId: f.targetUserId }) },
  'admin.auditEvents': { allowed: ADMIN, input: () => ({}) },
  'admin.outbox': { allowed: ADMIN, input: () => ({}) },
  // A case nobody may see is "not found" to those the role lets through (docs/CASES.md).
  'case.list': { allowed: ['admin', 'analyst', 'official'], input: () => ({}) },
  'case.dashboard': { allowed: ['admin', 'analyst', 'official'], input: () => ({}) },
  'case.get': { allowed: EVERYONE, input: () => ({ reference: 'SC-2099-0001' }) },
  'case.publicList': { allowed: EVERYONE, input: () => ({}) },
  'case.publicFilters': { allowed: EVERYONE },
  'case.publicView': { allowed: EVERYONE, input: () => ({ reference: 'SC-2099-0001' }) },
  'case.draft': { allowed: ['analyst'], input: (f) => ({ localIssueIds: [f.localIssueId] }) },
  'case.open': {
    allowed: ['analyst'],
    input: (f) => ({
      localIssueIds: [f.localIssueId],
      title: 'Vans wait months',
      problemStatement: 'Vans wait months at the garage.',
      rootCauseSynthesis: '',
      owningDepartmentId: f.departmentId,
      priority: 'medium',
      visibility: 'internal',
      escalate: false,
    }),
  },
  'case.edit': {
    allowed: ['analyst'],
    input: () => ({
      reference: 'SC-2099-0001',
      version: 0,
      title: 'Vans wait months',
      problemStatement: 'Vans wait months at the garage.',
      rootCauseSynthesis: '',
      priority: 'medium',
      visibility: 'internal',
    }),
  },
  'case.move': { allowed: CASE_WORKERS, input: () => ({ reference: 'SC-2099-0001', move: 'acknowledge', version: 0 }) },
  'case.addAction': {
    allowed: CASE_WORKERS,
    input: () => ({
      reference: 'SC-2099-0001',
      version: 0,
      action: 'Fix',
      responsible: 'Fleet unit',
      dueOn: '2027-01-01',
    }),
  },
  'case.updateAction': {
    allowed: CASE_WORKERS,
    input: () => ({ reference: 'SC-2099-0001', version: 0, actionId: 'none', status: 'done' }),
  },
  'case.comment': { allowed: CASE_WORKERS, input: () => ({ reference: 'SC-2099-0001', comment: 'A note' }) },
  'case.recordFinding': {
    allowed: ['analyst'],
    input: () => ({
      reference: 'SC-2099-0001',
      version: 0,
      facilityId: 'none',
      result: 'improved',
      roundId: 'new',
      foundOn: '2026-11-02',
    }),
  },
  'publicText.awaitingReview': { allowed: ['analyst'] },
  'publicText.review': { allowed: ['analyst'], input: () => ({ key: 'a'.repeat(64), decision: 'publish' }) },
  'responsiveness.departments': { allowed: EVERYONE },
  'responsiveness.department': { allowed: EVERYONE, input: (f) => ({ code: f.departmentCode }) },
  // The Atom feeds and the open data, which anyone may read (docs/PUBLIC.md).
  'publicOutput.caseFeed': { allowed: EVERYONE, input: () => ({ kind: 'all' }) },
  'publicOutput.openData': { allowed: EVERYONE, input: () => ({ format: 'json' }) },
  'caseSettings.deadlines': { allowed: ADMIN },
  'caseSettings.setDeadlines': {
    allowed: ADMIN,
    input: () => ({ acknowledgeWithin: 10, decideWithin: 10, planWithin: 30, declaredHolidays: [], version: 0 }),
  },
};

// At run time tRPC keeps the procedures flat, keyed by their dotted path.
const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { meta?: ProcedureMeta } }>;

it('covers every procedure the app router exposes, and each declares who may call it', () => {
  expect(Object.keys(MATRIX).sort()).toEqual(Object.keys(procedures).sort());
  const undeclared = Object.entries(procedures).filter(([, procedure]) => procedure._def.meta?.access === undefined);
  expect(undeclared.map(([path]) => path)).toEqual([]);
  for (const [path, procedure] of Object.entries(procedures)) {
    const access = procedure._def.meta?.access;
    const declared = access === 'public' ? EVERYONE : access;
    expect([...(declared ?? [])].sort(), path).toEqual([...MATRIX[path]!.allowed].sort());
  }
});

describeEachProvider('the permission matrix', (database) => {
  const actors = new Map<Caller, Actor>();
  let fixture: Fixture;
  beforeAll(async () => {
    const { db } = database();
    const department = await aDepartment(db);
    const facility = await aFacility(db, { departmentId: department.id });
    actors.set('anonymous', PUBLIC_ACTOR);
    for (const role of ROLES) {
      const user = await aUserWithPassword(db, role, {
        departmentId: role === 'official' ? department.id : null,
        facilityIds: role === 'facilitator' ? [facility.id] : [],
      });
      const actor: SignedInActor = {
        kind: 'user',
        userId: user.id,
        name: user.name,
        role,
        departmentId: user.departmentId,
        facilityIds: role === 'facilitator' ? [facility.id] : [],
        isDemo: false,
        mustEnrollTwoFactor: false,
      };
      actors.set(role, actor);
    }
    const target = await aUserWithPassword(db, 'analyst');
    const issue = await aLocalIssue(db, facility);
    const importRun = await db.importRun.create({
      data: { actorLabel: 'Test', source: 'csv', fileName: 'refused.csv', fileChecksum: '0', outcome: 'failed' },
    });
    const [tag, otherTag] = [await aTag(db), await aTag(db)];
    const round = await aRound(db, facility, { wave: 1, startedOn: new Date('2014-02-03T00:00:00Z') });
    const commitment = await aCommitment(db, facility, {
      ...commitmentFields,
      dueOn: new Date('2026-06-30T00:00:00Z'),
    });
    const [cluster, otherCluster] = [
      await db.cluster.create({ data: { label: 'Test cluster' } }),
      await db.cluster.create({ data: { label: 'Other test cluster' } }),
    ];
    const theme = await db.theme.create({ data: { label: 'Test theme', issueCount: 1 } });
    fixture = {
      targetUserId: target.id,
      targetUpdatedAt: target.updatedAt.toISOString(),
      departmentId: department.id,
      departmentCode: department.code,
      facilityId: facility.id,
      facilityCode: facility.code,
      facilityName: facility.name,
      localIssueId: issue.id,
      importRunId: importRun.id,
      tagId: tag.id,
      tagSlug: tag.slug,
      otherTagId: otherTag.id,
      roundId: round.id,
      commitmentId: commitment.id,
      clusterId: cluster.id,
      otherClusterId: otherCluster.id,
      themeId: theme.id,
    };
  });

  const cases = Object.entries(MATRIX).flatMap(([path, row]) =>
    EVERYONE.map((caller) => ({ path, caller, isAllowed: row.allowed.includes(caller) })),
  );

  it.each(cases)('$path as $caller: allowed=$isAllowed', async ({ path, caller, isAllowed }) => {
    const { db } = database();
    const procedure = path
      .split('.')
      .reduce<unknown>(
        (node, key) => (node as Record<string, unknown>)[key],
        createCaller(createContext(db, actors.get(caller))),
      );
    const outcome = await (procedure as (input: unknown) => Promise<unknown>)(MATRIX[path]!.input?.(fixture)).then(
      () => 'ok',
      (error: unknown) => (error instanceof TRPCError ? error.code : `unexpected ${String(error)}`),
    );
    if (isAllowed) {
      // Allowed callers may still meet a business refusal (a stale edit, say), never an access one.
      expect(outcome, `${path} as ${caller}`).not.toMatch(/UNAUTHORIZED|FORBIDDEN|unexpected/);
    } else {
      expect(outcome, `${path} as ${caller}`).toBe(caller === 'anonymous' ? 'UNAUTHORIZED' : 'FORBIDDEN');
    }
  });

  it('refuses staff procedures to someone who must still set up two-factor sign-in, and records it', async () => {
    const { db } = database();
    const admin = { ...(actors.get('admin') as SignedInActor), mustEnrollTwoFactor: true };
    const error = await createCaller(createContext(db, admin))
      .user.list({})
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/two-factor/) });
    const denial = await db.auditEvent.findFirst({
      where: { action: 'permission.denied', entityId: 'user.list', actorId: admin.userId },
    });
    expect(denial).not.toBeNull();
  });
});
