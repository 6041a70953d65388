import { beforeAll, expect, it } from 'vitest';
import type { Db } from '../../../../src/db/client.ts';
import type { SignedInActor } from '../../../../src/domain/accounts/actor.ts';
import { loadSeedData } from '../../../../prisma/seed/load-seed-data.ts';
import { seedDatabase } from '../../../../prisma/seed/seed.ts';
import { searchAllNeighbours } from '../../../../src/domain/clustering/cluster-records.ts';
import { ensureDemoAccounts } from '../../../../src/server/services/accounts/demo-accounts.ts';
import { listCases } from '../../../../src/server/services/cases/case-queries.ts';
import { listPublicCases } from '../../../../src/server/services/cases/public-case-queries.ts';
import { ensureDemoCases } from '../../../../src/server/services/cases/demo-cases.ts';
import { caseDraft, openCase } from '../../../../src/server/services/cases/escalation-service.ts';
import { queueClusterRun, runClustering } from '../../../../src/server/services/clustering/cluster-run-service.ts';
import { anActorWithAccount } from '../../../support/auth.ts';
import { describeEachProvider } from '../../../support/test-database.ts';

describeEachProvider('escalating a cluster, and the demo cases', (database) => {
  let db: Db;
  let analyst: SignedInActor;

  beforeAll(async () => {
    ({ db } = database());
    await seedDatabase(db, loadSeedData());
    analyst = await anActorWithAccount(db, 'analyst');
    const { clusterRunId } = await queueClusterRun(db, analyst);
    await runClustering(db, clusterRunId, { search: searchAllNeighbours });
  });

  it('prefills the form from a cluster without flagged text, and escalating pins its members', async () => {
    const cluster = await db.cluster.findFirstOrThrow({
      where: { status: 'suggested', issueCount: { gte: 3 }, localIssues: { some: { status: 'open' } } },
      orderBy: { issueCount: 'desc' },
    });
    const members = await db.localIssue.findMany({
      where: { clusterId: cluster.id },
      select: { id: true, title: true, status: true },
    });
    // One member's text is flagged: its title must not reach the problem statement.
    const flagged = members[0]!;
    await db.localIssue.update({
      where: { id: flagged.id },
      data: { title: `${flagged.title} (reported by Mr Dlamini)`, personalDataFlagged: true },
    });
    const draft = await caseDraft(db, analyst, { clusterId: cluster.id });
    expect(draft.title).toBe(cluster.customLabel ?? cluster.label);
    expect(draft.problemStatement).toMatch(/^Reported \d+ times at \d+ facilit(y|ies) in \d+ provinces? \(/);
    expect(draft.problemStatement).not.toContain('Dlamini');
    expect(draft.leftOut).toBeGreaterThanOrEqual(1);
    expect(draft.rootCauseSynthesis).toMatch(/root causes? recorded|No root cause/);
    expect(draft.spread.issues).toBe(members.length);

    const opened = await openCase(db, analyst, {
      clusterId: cluster.id,
      title: draft.title,
      problemStatement: draft.problemStatement,
      rootCauseSynthesis: draft.rootCauseSynthesis,
      owningDepartmentId: draft.suggestion?.departmentId ?? (await db.department.findFirstOrThrow()).id,
      priority: 'high',
      visibility: 'internal',
      primaryTagId: draft.primaryTagId ?? '',
      escalate: true,
    });
    const after = await db.localIssue.findMany({
      where: { clusterId: cluster.id },
      select: { status: true, clusterPinned: true },
    });
    expect(after).toHaveLength(members.length);
    expect(after.every((issue) => issue.status === 'escalated' && issue.clusterPinned)).toBe(true);
    expect((await db.cluster.findUniqueOrThrow({ where: { id: cluster.id } })).status).toBe('escalated');
    expect(
      await db.caseCluster.count({ where: { clusterId: cluster.id, case: { reference: opened.reference } } }),
    ).toBe(1);
    // Each issue that was not yet escalated (a seeded case holds some) has it in its history.
    const newlyEscalated = members.filter((member) => member.status !== 'escalated').map((member) => member.id);
    expect(newlyEscalated.length).toBeGreaterThan(0);
    const audited = await db.auditEvent.findMany({
      where: { action: 'local_issue.escalated', entityId: { in: members.map((member) => member.id) } },
      select: { entityId: true },
    });
    expect(audited.map((event) => event.entityId).sort()).toEqual(newlyEscalated.sort());
  });

  it('creates the demo cases once, each in the state its story ends in, in the demo officials’ inboxes', async () => {
    await ensureDemoAccounts(db);
    const now = new Date('2026-12-07T08:00:00Z');
    expect(await ensureDemoCases(db, now)).toBe(7);
    expect(await ensureDemoCases(db, now)).toBe(0);
    const demo = await db.systemicCase.findMany({
      where: { title: { startsWith: 'Demo: ' } },
      select: { title: true, status: true, owningDepartment: { select: { code: true } } },
      orderBy: { title: 'asc' },
    });
    expect(demo.map((c) => [c.title.slice(6, 30), c.status, c.owningDepartment.code])).toEqual([
      ['arrest targets crowd out', 'acknowledged', 'SAPS'],
      ['clinics run out of chron', 'escalated', 'NDOH'],
      ['long queues before clini', 'information_requested', 'MP-DOH'],
      ['no delegation to fix sma', 'in_progress', 'MP-DOH'],
      ['stations wait weeks for ', 'escalated', 'SAPS'],
      ['stations without working', 'resolved', 'SAPS'],
      ['vehicle repair contracts', 'escalated', 'NT'],
    ]);
    const saps = await db.user.findUniqueOrThrow({ where: { email: 'saps@demo.cbm-tracker.invalid' } });
    const inbox = await listCases(
      db,
      {
        kind: 'user',
        userId: saps.id,
        name: saps.name,
        role: 'official',
        departmentId: saps.departmentId,
        facilityIds: [],
        isDemo: true,
        mustEnrollTwoFactor: false,
      },
      { ownDepartmentOnly: true, view: 'overdue' },
      now,
    );
    expect(inbox.items.map((item) => item.title)).toContain('Demo: stations wait weeks for forensic results');

    // Five of them are public, so that the public pages show a transfer, a decline, a question and findings.
    const publicDemo = (await listPublicCases(db, { pageSize: 100 })).items.filter((item) =>
      item.title.startsWith('Demo: '),
    );
    expect(publicDemo).toHaveLength(5);
    expect(publicDemo.find((item) => item.status === 'resolved')?.followUp.summary).toMatch(
      /^Improved at 2 of \d+ facilit/,
    );
  });
});
