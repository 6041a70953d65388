import { loadSeedData } from '../../prisma/seed/load-seed-data.ts';
import { seedDatabase } from '../../prisma/seed/seed.ts';
import type { Db } from '../../src/db/client.ts';
import type { SignedInActor } from '../../src/domain/accounts/actor.ts';
import { openCase, type OpenCaseInput } from '../../src/server/services/cases/escalation-service.ts';

/** Ten in the morning in South Africa on a date: the moment a move is made in case tests. */
export const onSouthAfricanMorning = (date: string) => new Date(`${date}T08:00:00Z`);

/**
 * A seeded database for case tests: the departments' ids by code, and `openTestCase`, which escalates a case on
 * two open local issues no other call uses.
 */
export async function seededCaseWorld(db: Db, publicUrl: string) {
  await seedDatabase(db, loadSeedData());
  const departments = await db.department.findMany({ select: { id: true, code: true } });
  const department = Object.fromEntries(departments.map((row) => [row.code, row.id])) as Record<string, string>;
  const open = await db.localIssue.findMany({
    where: { status: 'open' },
    select: { id: true },
    orderBy: { id: 'asc' },
  });
  const issueIds = open.map((issue) => issue.id);
  let nextIssue = 0;
  const openTestCase = (analyst: SignedInActor, date: string, overrides: Partial<OpenCaseInput> = {}) => {
    const localIssueIds = issueIds.slice(nextIssue, nextIssue + 2);
    nextIssue += 2;
    return openCase(
      db,
      analyst,
      {
        localIssueIds,
        title: 'Police vehicles wait months for repair',
        problemStatement: 'Stations wait months for the state garage.',
        rootCauseSynthesis: '',
        owningDepartmentId: department.SAPS!,
        priority: 'high',
        visibility: 'internal',
        escalate: true,
        ...overrides,
      },
      onSouthAfricanMorning(date),
      publicUrl,
    );
  };
  return { department, openTestCase };
}
export type CaseWorld = Awaited<ReturnType<typeof seededCaseWorld>>;
