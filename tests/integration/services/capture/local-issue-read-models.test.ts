import { beforeAll, expect, it } from 'vitest';
import type { Db } from '../../../../src/db/client.ts';
import { loadSeedData } from '../../../../prisma/seed/load-seed-data.ts';
import { seedDatabase } from '../../../../prisma/seed/seed.ts';
import { createContext } from '../../../../src/server/trpc/context.ts';
import { createCaller } from '../../../../src/server/trpc/root.ts';
import { aUser } from '../../../fixtures/actors.ts';
import { describeEachProvider } from '../../../support/test-database.ts';

/** The fields of a local issue an official reads, through every procedure that gives them one. */
const FOLLOWERS_FIELDS = [
  'archived',
  'cases',
  'createdAt',
  'description',
  'facility',
  'facilityId',
  'history',
  'id',
  'personalDataFlagged',
  'priorityVotes',
  'raisedOn',
  'respondentsAsked',
  'respondentsCiting',
  'round',
  'roundId',
  'rootCauses',
  'source',
  'status',
  'tags',
  'title',
  'updatedAt',
  'version',
];

/** What the staff who keep the facility's records read and an official does not: always empty for them. */
const STAFF_ONLY = {
  importSource: null,
  externalRef: null,
  importRunId: null,
  importRun: null,
  clusterId: null,
  cluster: null,
  clusterSimilarity: null,
  clusterPinned: false,
  themeId: null,
  nearDuplicateOfId: null,
  commitments: [],
  personalData: [],
  nextStatuses: [],
};

describeEachProvider('a local issue as each role reads it', (database) => {
  let db: Db;
  let issueId: string;
  let commitmentText: string;
  let caseReferences: string[];
  let official: ReturnType<typeof createCaller>;
  let analyst: ReturnType<typeof createCaller>;
  beforeAll(async () => {
    ({ db } = database());
    await seedDatabase(db, loadSeedData());
    // A SAPS issue linked to a SAPS case, with a commitment in its station's charter and an edit in its history.
    const linked = await db.localIssue.findFirstOrThrow({
      where: { cases: { some: { case: { owningDepartment: { code: 'SAPS' } } } }, commitments: { some: {} } },
      include: { commitments: true, cases: { select: { case: { select: { reference: true } } } } },
    });
    issueId = linked.id;
    caseReferences = linked.cases.map((link) => link.case.reference);
    commitmentText = linked.commitments[0]!.commitment;
    await db.auditEvent.create({
      data: {
        actorLabel: 'Thandi Facilitator (Facilitator)',
        entityType: 'local_issue',
        entityId: issueId,
        action: 'local_issue.edited',
        changes: { fields: ['title'], from: { title: 'The old title, as typed' }, to: { title: linked.title } },
      },
    });
    const saps = await db.department.findUniqueOrThrow({ where: { code: 'SAPS' } });
    official = createCaller(createContext(db, aUser('official', { departmentId: saps.id })));
    analyst = createCaller(createContext(db, aUser('analyst')));
  });

  it('gives an official the issue itself, field by field, and nothing of the charter, the import, the cluster or earlier text', async () => {
    const issue = await official.localIssue.get({ id: issueId });
    expect(Object.keys(issue).sort()).toEqual([...FOLLOWERS_FIELDS, ...Object.keys(STAFF_ONLY)].sort());
    expect(issue).toMatchObject(STAFF_ONLY);
    // The department's own case, so that the official can go from the issue to it.
    expect(issue.cases.map((link) => link.case.reference)).toEqual(caseReferences);
    const text = JSON.stringify(issue);
    expect(text).not.toContain(commitmentText);
    expect(text).not.toContain('The old title, as typed');
    expect(issue.history.events.find((event) => event.action === 'local_issue.edited')?.changes).toEqual({
      fields: ['title'],
    });
  });

  it('gives an official through the list no field the issue page does not give them', async () => {
    const { items } = await official.localIssue.list({});
    const listed = items.find((item) => item.id === issueId);
    expect(listed).toBeDefined();
    for (const key of Object.keys(listed!)) expect(FOLLOWERS_FIELDS, key).toContain(key);
  });

  it('gives an analyst the charter and the history with its text', async () => {
    const issue = await analyst.localIssue.get({ id: issueId });
    expect(issue.commitments.map((commitment) => commitment.commitment)).toContain(commitmentText);
    expect(issue.cases.map((link) => link.case.reference)).toEqual(caseReferences);
    expect(JSON.stringify(issue.history)).toContain('The old title, as typed');
  });
});
