import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.ts';
import { createSqliteProvider } from '../../src/db/sqlite.ts';
import type { SignedInActor } from '../../src/domain/accounts/actor.ts';
import { AUDIT_ACTION_WORDS, type AuditAction } from '../../src/domain/audit/audit-actions.ts';
import { findActiveActor } from '../../src/server/services/accounts/actors.ts';
import { addCommitment, addProgressUpdate } from '../../src/server/services/capture/charter-service.ts';
import {
  confirmCluster,
  mergeClusters,
  moveIssue,
  renameCluster,
  splitCluster,
} from '../../src/server/services/clustering/cluster-decision-service.ts';
import { updateDepartment } from '../../src/server/services/capture/department-service.ts';
import {
  escalationRuleSetting,
  setEscalationRule,
} from '../../src/server/services/clustering/escalation-rule-service.ts';
import {
  changeLocalIssueStatus,
  createLocalIssue,
  reviewPersonalData,
  setLocalIssueArchived,
  updateLocalIssue,
  type LocalIssueDraft,
} from '../../src/server/services/capture/local-issue-service.ts';
import { addTag, addTagSynonym, mergeTags, renameTag } from '../../src/server/services/taxonomy/taxonomy-service.ts';
import {
  accessibilityViolationsOf,
  browserSkipReason,
  DEMO_ACCOUNTS,
  signedInPage,
  useAppInChromium,
} from '../support/browser.ts';

const skipReason = browserSkipReason();

/** A code name as the audit trail writes it: "local_issue", "tag.merged_in", "retagged" alone is caught by words. */
const CODE_TOKENS = [/\b[a-z]+_[a-z_]+\b/g, /\b[a-z]{3,}\.[a-z_]{3,}\b/g];
const EMAIL = /\S+@\S+/g;

function codeTokensIn(text: string): string[] {
  const withoutEmails = text.replace(EMAIL, ' ');
  return CODE_TOKENS.flatMap((pattern) => withoutEmails.match(pattern) ?? []);
}

describe.skipIf(skipReason !== null)(`histories in Chromium${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  const session = useAppInChromium(() => ({ DEMO_ACCOUNTS: 'true' }));
  let db: Db;
  beforeAll(() => {
    db = createSqliteProvider(session.databaseUrl).createClient();
  });
  afterAll(async () => {
    await db?.$disconnect();
  });

  const actorOf = async (email: string): Promise<SignedInActor> => {
    const actor = await findActiveActor(db, { email }, []);
    if (!actor) throw new Error(`No account ${email}`);
    return actor;
  };

  /** Each history list's text on a page, after checking the page has no violations and shows no code. */
  async function historyText(page: Page, path: string): Promise<string> {
    const response = await page.goto(`${session.app.url}${path}`);
    expect(response?.status(), path).toBe(200);
    const text = await page.locator('main').innerText();
    expect(codeTokensIn(text), path).toEqual([]);
    expect(await accessibilityViolationsOf(page), path).toEqual([]);
    return text;
  }

  const expectSentences = (text: string, actions: AuditAction[]) => {
    for (const action of actions) expect(text, action).toContain(AUDIT_ACTION_WORDS[action]);
  };

  it('words every event of an issue, a cluster, a tag, a department, a commitment and the rule from the registry, naming what they mention', async () => {
    const analyst = await actorOf(DEMO_ACCOUNTS.analyst.email);
    const admin = await actorOf(DEMO_ACCOUNTS.admin.email);
    const facility = await db.facility.findFirstOrThrow({ where: { archived: false }, orderBy: { code: 'asc' } });

    // Two tags, the second renamed and given a synonym; the first is merged into it after the issue uses it.
    const source = await addTag(db, analyst, { name: 'History leaking taps', description: 'Taps that leak.' });
    const target = await addTag(db, analyst, { name: 'History water supply', description: 'Water at the facility.' });
    const renamed = await renameTag(db, analyst, {
      id: target.id,
      version: 0,
      name: 'History piped water',
      slug: target.slug,
      description: 'Water at the facility.',
    });
    const withSynonym = await addTagSynonym(db, analyst, {
      id: target.id,
      version: renamed.version,
      term: 'history borehole',
    });

    const draft: LocalIssueDraft = {
      facilityId: facility.id,
      title: 'History test: no water at the clinic',
      description: 'Call Sipho on 082 555 1234 about the taps.',
      source: 'community_dialogue',
      respondentsCiting: 3,
      respondentsAsked: 10,
      priorityVotes: 2,
      raisedOn: '2026-03-02',
      tags: [source.slug],
    };
    const issue = await createLocalIssue(db, analyst, draft);
    await updateLocalIssue(db, analyst, { ...draft, id: issue.id, version: 0, title: 'History test: taps dry' });
    await changeLocalIssueStatus(db, analyst, {
      id: issue.id,
      version: 1,
      status: 'addressed_locally',
      note: 'Tanker came',
    });
    await setLocalIssueArchived(db, analyst, { id: issue.id, version: 2, archived: true, reason: 'Duplicate report' });
    await setLocalIssueArchived(db, analyst, { id: issue.id, version: 3, archived: false });
    await mergeTags(db, analyst, {
      sourceId: source.id,
      targetId: target.id,
      sourceVersion: 0,
      targetVersion: withSynonym.version,
    });
    const { version: issueVersion } = await db.localIssue.findUniqueOrThrow({ where: { id: issue.id } });
    await reviewPersonalData(db, analyst, { id: issue.id, version: issueVersion, decision: 'redact' });

    const commitment = await addCommitment(db, admin, {
      facilityId: facility.id,
      commitment: 'History test: fix the taps',
      responsibleParty: 'Works department',
      dueOn: '2027-01-31',
      localIssueId: issue.id,
    });
    await addProgressUpdate(db, admin, {
      commitmentId: commitment.id,
      version: 0,
      on: '2026-04-01',
      note: 'Plumber booked',
      status: 'in_progress',
    });

    const department = await db.department.findFirstOrThrow({ orderBy: { code: 'asc' } });
    await updateDepartment(db, admin, {
      id: department.id,
      version: department.version,
      name: `${department.name} (renamed)`,
      sphere: department.sphere,
      province: department.province,
      sector: department.sector,
    });
    const rule = await escalationRuleSetting(db);
    await setEscalationRule(db, analyst, { ...rule, minFacilities: rule.minFacilities + 1 });

    // The first start clusters the pilot data within seconds; take three clusters of two issues or more.
    await expect
      .poll(() => db.cluster.count({ where: { status: 'suggested', issueCount: { gte: 2 } } }), { timeout: 60_000 })
      .toBeGreaterThanOrEqual(3);
    const clusters = await db.cluster.findMany({
      where: { status: 'suggested', issueCount: { gte: 2 } },
      orderBy: { issueCount: 'desc' },
      take: 3,
      include: { localIssues: { select: { id: true } } },
    });
    const [first, second, third] = clusters as [(typeof clusters)[0], (typeof clusters)[0], (typeof clusters)[0]];
    const versionOf = async (id: string) => (await db.cluster.findUniqueOrThrow({ where: { id } })).version;
    await renameCluster(db, analyst, { clusterId: first.id, version: first.version, label: 'History water cluster' });
    await confirmCluster(db, analyst, { clusterId: first.id, version: await versionOf(first.id), note: 'One problem' });
    await moveIssue(db, analyst, {
      clusterId: second.id,
      version: await versionOf(second.id),
      localIssueId: second.localIssues[0]!.id,
      toClusterId: first.id,
      toVersion: await versionOf(first.id),
      note: 'Belongs with the taps',
    });
    await splitCluster(db, analyst, {
      clusterId: first.id,
      version: await versionOf(first.id),
      localIssueIds: [first.localIssues[0]!.id],
      label: 'History split cluster',
    });
    await mergeClusters(db, analyst, {
      clusterId: third.id,
      version: await versionOf(third.id),
      intoClusterId: first.id,
      intoVersion: await versionOf(first.id),
      note: 'Same taps',
    });

    // Scripts on for axe only: the pages themselves work without them.
    const page = await signedInPage(session.browser, session.app.url, DEMO_ACCOUNTS.admin, {
      javaScriptEnabled: true,
    });

    const issuePage = await historyText(page, `/issues/${issue.id}`);
    expectSentences(issuePage, [
      'local_issue.created',
      'local_issue.edited',
      'local_issue.archived',
      'local_issue.restored',
      'local_issue.retagged',
      'local_issue.personal_data_redacted',
    ]);
    expect(issuePage).toContain("Changed the local issue's status from Open to Addressed locally");
    expect(issuePage).toContain('Title: History test: no water at the clinic → History test: taps dry');
    expect(issuePage).toContain('Tag: History leaking taps → History piped water');
    expect(issuePage).toContain('Kinds of personal data: Phone number');
    expect(await page.locator('a:text-is("History piped water")').count()).toBeGreaterThan(0);

    const clusterPage = await historyText(page, `/clusters/${first.id}`);
    expectSentences(clusterPage, [
      'cluster.renamed',
      'cluster.confirmed',
      'cluster.issue_moved_in',
      'cluster.split',
      'cluster.merged_in',
    ]);
    expect(clusterPage).toContain('New cluster: History split cluster');
    expect(clusterPage).toContain('Note: One problem');
    expect(await page.locator(`.audit-details a[href="/clusters/${third.id}"]`).count()).toBe(1);
    expectSentences(await historyText(page, `/clusters/${second.id}`), ['cluster.issue_moved']);
    expectSentences(await historyText(page, `/clusters/${third.id}`), ['cluster.merged']);

    const tagPage = await historyText(page, `/taxonomy/${target.slug}`);
    expectSentences(tagPage, ['tag.created', 'tag.renamed', 'tag.synonym_added', 'tag.merged_in']);
    expect(tagPage).toContain('Name: History water supply → History piped water');
    expect(tagPage).toContain('Synonym: history borehole');
    expect(tagPage).toContain('Tag merged in: History leaking taps');

    const departmentPage = await historyText(page, `/admin/departments/${encodeURIComponent(department.code)}`);
    expectSentences(departmentPage, ['department.edited']);
    expect(departmentPage).toContain(`Name: ${department.name} → ${department.name} (renamed)`);

    const commitmentPage = await historyText(page, `/commitments/${commitment.id}`);
    expectSentences(commitmentPage, ['commitment.added']);
    expect(commitmentPage).toContain(
      'Reported progress on the commitment and moved it from Not started to In progress',
    );
    expect(commitmentPage).toContain('On: 01 April 2026');

    const rulePage = await historyText(page, '/clusters/rule');
    expectSentences(rulePage, ['escalation_rule.changed']);
    await page.context().close();
  }, 180_000);
});
