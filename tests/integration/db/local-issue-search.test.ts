import { beforeAll, expect, it } from 'vitest';
import { describeEachProvider, type TestDatabase } from '../../support/test-database.ts';
import { aFacility, aLocalIssue } from '../../fixtures/builders.ts';

/** Issue ids whose title, description or root causes match the words, through the hand-written index. */
async function searchIssueIds({ db, provider }: TestDatabase, words: string) {
  if (provider.name === 'sqlite') {
    const rows = await db.$queryRawUnsafe<{ issue_id: string }[]>(
      `SELECT key.issue_id FROM local_issue_search JOIN local_issue_search_key key ON key.rowid = local_issue_search.rowid
       WHERE local_issue_search MATCH ? ORDER BY key.issue_id`,
      words,
    );
    return rows.map((row) => row.issue_id);
  }
  const rows = await db.$queryRawUnsafe<{ issue_id: string }[]>(
    `SELECT issue_id FROM local_issue_search WHERE document @@ websearch_to_tsquery('english', $1) ORDER BY issue_id`,
    words,
  );
  return rows.map((row) => row.issue_id);
}

describeEachProvider('the hand-written local issue search index', (database) => {
  let issueId: string;
  beforeAll(async () => {
    const { db } = database();
    const facility = await aFacility(db);
    const issue = await aLocalIssue(db, facility, {
      title: 'Patrol vehicles stand at the garage for months',
      description: 'Response times are long because the station has two working vans.',
    });
    issueId = issue.id;
  });

  it('finds an issue by another form of a word in its title', async () => {
    expect(await searchIssueIds(database(), 'vehicle')).toEqual([issueId]);
  });

  it('follows edits to the title and description', async () => {
    const { db } = database();
    await db.localIssue.update({
      where: { id: issueId },
      data: { description: 'Queues at the pay point start at dawn.' },
    });
    expect(await searchIssueIds(database(), 'queue')).toEqual([issueId]);
    expect(await searchIssueIds(database(), 'vans')).toEqual([]);
  });

  it('follows root causes as they are added, changed and removed', async () => {
    const { db } = database();
    const cause = await db.rootCause.create({
      data: {
        localIssueId: issueId,
        statement: 'Repairs wait for approval by the provincial fleet office',
        level: 'provincial',
        category: 'delegation',
      },
    });
    expect(await searchIssueIds(database(), 'approval')).toEqual([issueId]);
    await db.rootCause.update({ where: { id: cause.id }, data: { statement: 'Procurement rules delay spare parts' } });
    expect(await searchIssueIds(database(), 'approval')).toEqual([]);
    expect(await searchIssueIds(database(), 'procurement')).toEqual([issueId]);
    await db.rootCause.delete({ where: { id: cause.id } });
    expect(await searchIssueIds(database(), 'procurement')).toEqual([]);
  });

  it('forgets a deleted issue', async () => {
    const { db } = database();
    await db.localIssue.delete({ where: { id: issueId } });
    expect(await searchIssueIds(database(), 'garage')).toEqual([]);
  });

  it('leaves no search row behind a deleted issue, so the issues after it are indexed too', async () => {
    const { db } = database();
    const facility = await aFacility(db);
    const last = await aLocalIssue(db, facility, { title: 'Stock-out of insulin at the clinic' });
    await db.localIssue.delete({ where: { id: last.id } });
    const next = await aLocalIssue(db, facility, { title: 'Insulin fridge broken again' });
    expect(await searchIssueIds(database(), 'insulin')).toEqual([next.id]);
    const countOf = async (sql: string) => Number((await db.$queryRawUnsafe<{ n: number }[]>(sql))[0]?.n);
    expect(await countOf('SELECT count(*) AS n FROM local_issue_search')).toBe(
      await countOf('SELECT count(*) AS n FROM "LocalIssue"'),
    );
  });
});
