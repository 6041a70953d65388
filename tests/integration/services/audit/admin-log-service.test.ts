import { beforeAll, expect, it } from 'vitest';
import type { Db } from '../../../../src/db/client.ts';
import { listAuditEvents, listOutboxMessages } from '../../../../src/server/services/audit/admin-log-service.ts';
import { recordAudit } from '../../../../src/server/services/audit/audit.ts';
import { queueMail } from '../../../../src/server/services/jobs/outbox.ts';
import { aUser } from '../../../fixtures/actors.ts';
import { aCommitment, aDepartment, aFacility, aLocalIssue, aTag } from '../../../fixtures/builders.ts';
import { describeEachProvider } from '../../../support/test-database.ts';

describeEachProvider('the audit log and the outbox for administrators', (database) => {
  let db: Db;
  const admin = aUser('admin', { name: 'Ayanda Admin' });

  beforeAll(() => {
    ({ db } = database());
  });

  it('names and links what each event is about, and the records its details mention', async () => {
    const department = await aDepartment(db, { code: 'LOG-DEPT', name: 'Logged Department' });
    const facility = await aFacility(db, { code: 'LOG-FAC', name: 'Logged Clinic', departmentId: department.id });
    const issue = await aLocalIssue(db, facility, { title: 'No water in the ward' });
    const commitment = await aCommitment(db, facility, { commitment: 'Fix the tap' });
    const tag = await aTag(db, { slug: 'logged-water', name: 'Logged water' });
    const events = [
      { entityType: 'facility', entityId: facility.id, action: 'facility.edited' as const },
      { entityType: 'local_issue', entityId: issue.id, action: 'local_issue.status_changed' as const },
      { entityType: 'commitment', entityId: commitment.id, action: 'commitment.added' as const },
      { entityType: 'tag', entityId: tag.id, action: 'tag.merged_in' as const },
      { entityType: 'department', entityId: department.id, action: 'department.created' as const },
    ];
    for (const event of events) {
      await recordAudit(db, admin, { ...event, changes: { facilityId: facility.id } });
    }
    const page = await listAuditEvents(db, { actorId: admin.userId, pageSize: 10 });
    const subjects = Object.fromEntries(page.items.map((event) => [event.entityType, event.subject]));
    expect(subjects).toEqual({
      facility: { name: 'Logged Clinic', href: '/facilities/LOG-FAC' },
      local_issue: { name: 'No water in the ward', href: `/issues/${issue.id}` },
      commitment: { name: 'Fix the tap', href: `/commitments/${commitment.id}` },
      tag: { name: 'Logged water', href: '/taxonomy/logged-water' },
      department: { name: 'Logged Department', href: '/admin/departments/LOG-DEPT' },
    });
    expect(page.records[facility.id]).toEqual({ name: 'Logged Clinic', href: '/facilities/LOG-FAC' });

    // An action's own code matches it alone, not a longer one that starts the same.
    await recordAudit(db, admin, { entityType: 'tag', entityId: tag.id, action: 'tag.merged' });
    const merged = await listAuditEvents(db, { actorId: admin.userId, action: 'tag.merged' });
    expect(merged.items.map((event) => event.action)).toEqual(['tag.merged']);
    const anyTag = await listAuditEvents(db, { actorId: admin.userId, action: 'tag' });
    expect(anyTag.items.map((event) => event.action).toSorted()).toEqual(['tag.merged', 'tag.merged_in']);
  });

  it('lists mails and internal jobs apart, each counted', async () => {
    await queueMail(db, { to: 'someone@example.org', subject: 'Your invitation', text: 'Welcome' });
    await db.outboxMessage.create({ data: { kind: 'cluster.place', payload: { localIssueIds: [] } } });
    const mails = await listOutboxMessages(db, {});
    const jobs = await listOutboxMessages(db, { section: 'jobs' });
    expect(mails.items.every((message) => message.kind === 'email')).toBe(true);
    expect(mails.items.length).toBeGreaterThan(0);
    expect(jobs.items.every((message) => message.kind !== 'email')).toBe(true);
    expect(jobs.items.length).toBeGreaterThan(0);
    expect(mails.counts).toEqual({ mail: mails.total, jobs: jobs.total });
  });
});
