import { beforeAll, expect, it } from 'vitest';
import type { Db } from '../../../../src/db/client.ts';
import type { SignedInActor } from '../../../../src/domain/accounts/actor.ts';
import { searchAllNeighbours } from '../../../../src/domain/clustering/cluster-records.ts';
import { growthOf } from '../../../../src/domain/clustering/spread.ts';
import { toCalendarDate } from '../../../../src/lib/calendar-date.ts';
import { loadSeedData } from '../../../../prisma/seed/load-seed-data.ts';
import { seedDatabase } from '../../../../prisma/seed/seed.ts';
import { createLocalIssue } from '../../../../src/server/services/capture/local-issue-service.ts';
import { caseDraft, openCase } from '../../../../src/server/services/cases/escalation-service.ts';
import { mergeClusters } from '../../../../src/server/services/clustering/cluster-decision-service.ts';
import { queueClusterRun, runClustering } from '../../../../src/server/services/clustering/cluster-run-service.ts';
import { runDueClusterJobs } from '../../../../src/server/services/clustering/cluster-worker.ts';
import { clusteringVersion } from '../../../../src/server/services/clustering/clustering-version.ts';
import { moveProblemToTheme, renameTheme } from '../../../../src/server/services/clustering/theme-decision-service.ts';
import { getTheme, listThemeOptions, listThemes } from '../../../../src/server/services/clustering/theme-queries.ts';
import { aUser } from '../../../fixtures/actors.ts';
import { anActorWithAccount } from '../../../support/auth.ts';
import { refusalOf } from '../../../support/refusal.ts';
import { describeEachProvider } from '../../../support/test-database.ts';

describeEachProvider('themes above the clusters', (database) => {
  let db: Db;
  let analyst: SignedInActor;
  const runAgain = async () => {
    const { clusterRunId } = await queueClusterRun(db, analyst);
    return runClustering(db, clusterRunId, { search: searchAllNeighbours });
  };
  /** Every theme's id with its issues' ids, sorted. */
  const snapshot = async () => {
    const issues = await db.localIssue.findMany({ where: { archived: false }, select: { id: true, themeId: true } });
    const byTheme = new Map<string, string[]>();
    for (const issue of issues) byTheme.set(issue.themeId!, [...(byTheme.get(issue.themeId!) ?? []), issue.id].sort());
    return [...byTheme].sort((a, b) => (a[0] < b[0] ? -1 : 1));
  };
  const widest = async () => (await listThemes(db, analyst, { sort: 'issues' })).items[0]!;

  beforeAll(async () => {
    ({ db } = database());
    await seedDatabase(db, loadSeedData());
    analyst = await anActorWithAccount(db, 'analyst');
    await runAgain();
  });

  it('gives every live issue a theme, and every member of a problem its problem’s theme', async () => {
    expect(await db.localIssue.count({ where: { archived: false, themeId: null } })).toBe(0);
    const clusters = await db.cluster.findMany({
      where: { issueCount: { gte: 2 } },
      select: { themeId: true, localIssues: { select: { themeId: true } } },
    });
    expect(clusters.length).toBeGreaterThan(3);
    for (const cluster of clusters) {
      expect(cluster.themeId).not.toBeNull();
      expect(new Set(cluster.localIssues.map((issue) => issue.themeId))).toEqual(new Set([cluster.themeId]));
    }
    const themes = await db.theme.findMany();
    // Broader than the problems: fewer themes than problems and loners together.
    const loners = await db.localIssue.count({ where: { archived: false, clusterId: null } });
    expect(themes.length).toBeLessThan(clusters.length + loners);
    expect(themes.reduce((total, theme) => total + theme.issueCount, 0)).toBe(185);
  });

  it('lists themes widest first, each with its problems, figures, growth and reasons', async () => {
    const page = await listThemes(db, analyst, { pageSize: 100 });
    expect(page.total).toBeGreaterThan(0);
    const facilities = page.items.map((theme) => theme.facilityCount);
    expect(facilities).toEqual([...facilities].sort((a, b) => b - a));
    const withProblems = page.items.find((theme) => theme.problemCount >= 2)!;
    expect(withProblems.problems.length).toBe(Math.min(5, withProblems.problemCount));
    expect(withProblems.name.length).toBeGreaterThan(2);
    const problemFacilities = withProblems.problems.map((problem) => problem.facilityCount);
    expect(problemFacilities).toEqual([...problemFacilities].sort((a, b) => b - a));
    for (const theme of page.items.filter((item) => item.isSystemicCandidate)) {
      expect(theme.problemCount).toBeGreaterThanOrEqual(2);
      expect(theme.escalationReasons.join('; ')).toMatch(/facilities in \d+ provinces|national-level root cause/);
    }
    const theme = await getTheme(db, analyst, withProblems.id);
    expect(theme.problems.length).toBe(withProblems.problemCount);
    expect(theme.lonerTotal).toBe(withProblems.lonerCount);
    expect(theme.problems.reduce((total, problem) => total + problem.issueCount, 0) + theme.lonerTotal).toBe(
      withProblems.issueCount,
    );
    expect(theme.explanation?.topTerms.length).toBeGreaterThan(0);
  });

  it('counts each theme’s issues of the last 90 days and of the 90 before, as growthOf counts them', async () => {
    // A day after the pilot's latest issue, so that both windows hold some: the pilot's issues are years old.
    const latest = await db.localIssue.findFirstOrThrow({ orderBy: { raisedOn: 'desc' }, select: { raisedOn: true } });
    const now = new Date(latest.raisedOn.getTime() + 36 * 3_600_000);
    const page = await listThemes(db, analyst, { pageSize: 100 }, now);
    const issues = await db.localIssue.findMany({
      where: { archived: false, themeId: { not: null } },
      select: { themeId: true, raisedOn: true },
    });
    const today = toCalendarDate(new Date(latest.raisedOn.getTime() + 24 * 3_600_000));
    for (const theme of page.items) {
      const dates = issues.filter((issue) => issue.themeId === theme.id).map((issue) => toCalendarDate(issue.raisedOn));
      expect(theme.growth, theme.name).toEqual(growthOf(dates, today));
    }
    expect(page.items.some((theme) => theme.growth.raisedLast90Days > 0)).toBe(true);
    expect(page.items.some((theme) => theme.growth.raisedPrevious90Days > 0)).toBe(true);
  });

  it('filters themes by province, by a name in the theme or its problems, and to candidates', async () => {
    const all = await listThemes(db, analyst, { pageSize: 100 });
    const inOneProvince = await listThemes(db, analyst, { province: 'mpumalanga', pageSize: 100 });
    expect(inOneProvince.total).toBeGreaterThan(0);
    expect(inOneProvince.total).toBeLessThanOrEqual(all.total);
    const withProblem = all.items.find((theme) => theme.problems.length > 0)!;
    const word = withProblem.problems[0]!.name.split(' ').find((part) => part.length > 5)!;
    const found = await listThemes(db, analyst, { q: word, pageSize: 100 });
    expect(found.items.map((theme) => theme.id)).toContain(withProblem.id);
    const candidates = await listThemes(db, analyst, { candidatesOnly: true, pageSize: 100 });
    for (const theme of candidates.items) {
      expect(theme.isSystemicCandidate || theme.problems.some((problem) => problem.isSystemicCandidate)).toBe(true);
    }
  });

  it('keeps every theme’s identity when nothing changed', async () => {
    const before = await snapshot();
    await runAgain();
    expect(await snapshot()).toEqual(before);
  });

  it('keeps a theme’s name and a problem moved by an analyst through later runs, and audits both', async () => {
    const [first, second] = (await listThemes(db, analyst, { sort: 'issues' })).items;
    await renameTheme(db, analyst, { themeId: first!.id, version: first!.version, label: 'Police vehicles' });
    const problem = first!.problems[0]!;
    const versionBefore = await clusteringVersion(db);
    await moveProblemToTheme(db, analyst, { clusterId: problem.id, version: problem.version, toThemeId: second!.id });
    expect(await clusteringVersion(db)).toBe(versionBefore + 1);
    const movedIssues = await db.localIssue.findMany({ where: { clusterId: problem.id }, select: { themeId: true } });
    expect(new Set(movedIssues.map((issue) => issue.themeId))).toEqual(new Set([second!.id]));
    const target = await getTheme(db, analyst, second!.id);
    expect(target.problems.map((shown) => shown.id)).toContain(problem.id);
    expect(target.issueCount).toBe(second!.issueCount + problem.issueCount);

    await runAgain();
    const renamed = await getTheme(db, analyst, first!.id);
    expect(renamed.name).toBe('Police vehicles');
    expect(renamed.problems.map((shown) => shown.id)).not.toContain(problem.id);
    const cluster = await db.cluster.findUniqueOrThrow({ where: { id: problem.id } });
    expect(cluster).toMatchObject({ themeId: second!.id, themePinned: true });
    expect(
      (await db.auditEvent.findMany({ where: { entityType: 'theme' }, select: { action: true } })).map((e) => e.action),
    ).toEqual(expect.arrayContaining(['theme.renamed', 'theme.problem_moved_in', 'theme.problem_moved_out']));
    expect(await db.themeDecision.count()).toBe(2);
    expect(renamed.history.events.map((event) => event.action)).toContain('theme.renamed');
  });

  it('refuses a stale rename, a move to the theme it is in, and anyone but analysts', async () => {
    const theme = await widest();
    await renameTheme(db, analyst, { themeId: theme.id, version: theme.version, label: 'First name' });
    expect(
      await refusalOf(renameTheme(db, analyst, { themeId: theme.id, version: theme.version, label: 'Second name' })),
    ).toMatchObject({ code: 'stale_version', message: expect.stringMatching(/changed the name/) });
    const problem = theme.problems[0]!;
    expect(
      await refusalOf(
        moveProblemToTheme(db, analyst, { clusterId: problem.id, version: problem.version, toThemeId: theme.id }),
      ),
    ).toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/in that theme already/) });
    await expect(listThemes(db, aUser('facilitator'), {})).rejects.toMatchObject({ code: 'forbidden' });
    await expect(
      renameTheme(db, aUser('official'), { themeId: theme.id, version: theme.version + 1, label: 'Theirs' }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    const options = await listThemeOptions(db, analyst, theme.id);
    expect(options.map((option) => option.id)).not.toContain(theme.id);
  });

  it('gives a new issue a problem and a theme at once, and a merged problem’s issues the theme of their new problem', async () => {
    const theme = await getTheme(db, analyst, (await widest()).id);
    const problem = theme.problems[0]!;
    const model = await db.localIssue.findFirstOrThrow({
      where: { clusterId: problem.id },
      include: { tags: { include: { tag: true } }, rootCauses: true },
    });
    const { id } = await createLocalIssue(db, analyst, {
      facilityId: model.facilityId,
      title: model.title,
      description: model.description,
      source: model.source,
      raisedOn: '2026-11-30',
      tags: model.tags.map((link) => link.tag.slug),
      rootCauses: model.rootCauses.map(({ level, category, statement }) => ({ level, category, statement })),
    });
    const countsBefore = new Map((await db.theme.findMany()).map((each) => [each.id, each.issueCount]));
    await runDueClusterJobs(db, { search: searchAllNeighbours });
    // In a problem (most likely its model's, or a pair with an issue that stood alone) and in that problem's theme.
    const placed = await db.localIssue.findUniqueOrThrow({ where: { id } });
    expect(placed.clusterId).not.toBeNull();
    const placedIn = await db.cluster.findUniqueOrThrow({ where: { id: placed.clusterId! } });
    expect(placed.themeId).not.toBeNull();
    expect(placed.themeId).toBe(placedIn.themeId);
    expect((await getTheme(db, analyst, placed.themeId!)).issueCount).toBe(countsBefore.get(placed.themeId!)! + 1);

    const elsewhere = (await listThemes(db, analyst, { sort: 'issues', pageSize: 100 })).items.find(
      (other) => other.id !== theme.id && other.problems.length > 0,
    )!;
    const source = elsewhere.problems[0]!;
    const target = await db.cluster.findUniqueOrThrow({ where: { id: problem.id } });
    await mergeClusters(db, analyst, {
      clusterId: source.id,
      version: source.version,
      intoClusterId: target.id,
      intoVersion: target.version,
    });
    const moved = await db.localIssue.findMany({ where: { clusterId: target.id }, select: { themeId: true } });
    expect(new Set(moved.map((issue) => issue.themeId))).toEqual(new Set([theme.id]));
    const left = await getTheme(db, analyst, elsewhere.id);
    expect(left.issueCount).toBe(elsewhere.issueCount - source.issueCount);
  });

  it('escalates a theme as one case over its problems’ issues, keeping each problem and its theme through runs', async () => {
    const theme = (await listThemes(db, analyst, { sort: 'issues', pageSize: 100 })).items.find(
      (candidate) =>
        candidate.problemCount >= 2 && candidate.problems.every((problem) => problem.status !== 'escalated'),
    )!;
    const problems = (await getTheme(db, analyst, theme.id)).problems.filter(
      (problem) => problem.status !== 'dismissed',
    );
    const draft = await caseDraft(db, analyst, { themeId: theme.id });
    expect(draft).toMatchObject({ themeId: theme.id, clusterId: null, localIssueIds: [], title: theme.name });
    expect(draft.problems.sort()).toEqual(problems.map((problem) => problem.name).sort());
    expect(draft.spread.issues).toBe(problems.reduce((total, problem) => total + problem.issueCount, 0));

    const opened = await openCase(db, analyst, {
      themeId: theme.id,
      title: draft.title,
      problemStatement: draft.problemStatement,
      rootCauseSynthesis: draft.rootCauseSynthesis,
      owningDepartmentId: draft.suggestion?.departmentId ?? (await db.department.findFirstOrThrow()).id,
      priority: 'high',
      visibility: 'internal',
      escalate: true,
    });
    const linked = await db.systemicCase.findUniqueOrThrow({
      where: { reference: opened.reference },
      select: {
        clusters: { select: { cluster: { select: { id: true, status: true, themePinned: true } } } },
        localIssues: { select: { localIssue: { select: { status: true, clusterPinned: true } } } },
      },
    });
    expect(linked.clusters.map(({ cluster }) => cluster.id).sort()).toEqual(
      problems.map((problem) => problem.id).sort(),
    );
    for (const { cluster } of linked.clusters)
      expect(cluster).toMatchObject({ status: 'escalated', themePinned: true });
    expect(linked.localIssues.length).toBe(draft.spread.issues);
    for (const { localIssue } of linked.localIssues) {
      expect(localIssue).toMatchObject({ status: 'escalated', clusterPinned: true });
    }

    await runAgain();
    const after = await getTheme(db, analyst, theme.id);
    expect(after.problems.map((problem) => problem.id)).toEqual(
      expect.arrayContaining(problems.map((problem) => problem.id)),
    );
  });
});
