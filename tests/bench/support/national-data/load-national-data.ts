// Fills a database with the national data set (or a regional or tiny one) on top of the pilot seed, through the
// same batched INSERTs the import uses (dialect.insertRows, one JSON parameter a batch), then lets the real
// clustering run group the issues, writes the systemic cases in bulk (synthetic-cases.ts), and leaves the
// database's statistics and full-text index as the pages need them. Every stage reports its time.
import { hashPassword } from 'better-auth/crypto';
import { loadSeedData } from '../../../../prisma/seed/load-seed-data.ts';
import { seedDatabase, stableId } from '../../../../prisma/seed/seed.ts';
import type { Db } from '../../../../src/db/client.ts';
import { dialectOf, type ColumnSpec } from '../../../../src/db/dialect.ts';
import type { AuditAction } from '../../../../src/domain/audit/audit-actions.ts';
import { mentionsPersonalData } from '../../../../src/domain/capture/local-issue-workflow.ts';
import type { IssueSource, LocalIssueStatus } from '../../../../src/domain/vocabulary.ts';
import { addDays, fromCalendarDate, todayInSouthAfrica } from '../../../../src/lib/calendar-date.ts';
import { parallelNeighbourSearch } from '../../../../src/server/clustering/parallel-neighbours.ts';
import { ensureDemoAccounts } from '../../../../src/server/services/accounts/demo-accounts.ts';
import { queueSystemClusterRun } from '../../../../src/server/services/clustering/cluster-run-service.ts';
import { runDueClusterJobs } from '../../../../src/server/services/clustering/cluster-worker.ts';
import {
  ISSUE_COLUMNS,
  ISSUE_TAG_COLUMNS,
  ROOT_CAUSE_COLUMNS,
} from '../../../../src/server/services/imports/import-service.ts';
import { ServiceError } from '../../../../src/server/services/shared/service-error.ts';
import { insertSyntheticCases } from '../synthetic-cases.ts';
import { seededRandom } from '../synthetic-issues.ts';
import { issueText } from './issue-texts.ts';
import {
  BENCH_SOURCE,
  issueSectorOf,
  ISSUE_WEIGHT,
  planFacilities,
  planRounds,
  planUsers,
  SCALES,
  type PlannedFacility,
  type PlannedRound,
  type ScaleName,
} from './plan.ts';

/** Every generated account's password, so that load tests can sign in as any of them. */
export const BENCH_PASSWORD = 'bench-data-password';

export interface NationalDataOptions {
  scale: ScaleName;
  seed?: number;
  /** The day the data set ends on (issues over the two years before it, cases dated back from it). */
  now?: Date;
  /** Issues written per transaction. */
  chunk?: number;
  onProgress?: (line: string) => void;
}

export interface NationalDataSummary {
  seconds: number;
  stages: Record<string, number>;
  counts: Record<string, number>;
}

const at = (name: string, pgType?: string): ColumnSpec => (pgType ? { name, pgType } : { name });
const DEPARTMENT_COLUMNS = [
  at('id'),
  at('code'),
  at('name'),
  at('sphere', '"Sphere"'),
  at('province', '"Province"'),
  at('sector', '"Sector"'),
  at('createdAt', 'timestamp(3)'),
  at('updatedAt', 'timestamp(3)'),
];
const FACILITY_COLUMNS = [
  at('id'),
  at('code'),
  at('name'),
  at('kind', '"FacilityKind"'),
  at('sector', '"Sector"'),
  at('province', '"Province"'),
  at('district'),
  at('localMunicipality'),
  at('community'),
  at('latitude', 'double precision'),
  at('longitude', 'double precision'),
  at('departmentId'),
  at('createdAt', 'timestamp(3)'),
  at('updatedAt', 'timestamp(3)'),
];
const ROUND_COLUMNS = [
  at('id'),
  at('facilityId'),
  at('programme', '"Programme"'),
  at('wave', 'integer'),
  at('startedOn', 'timestamp(3)'),
  at('endedOn', 'timestamp(3)'),
  at('citizensInterviewed', 'integer'),
  at('staffInterviewed', 'integer'),
  at('monitorsTrained', 'integer'),
  at('currentStep', '"MethodStep"'),
  at('createdAt', 'timestamp(3)'),
  at('updatedAt', 'timestamp(3)'),
];
const USER_COLUMNS = [
  at('id'),
  at('name'),
  at('email'),
  at('emailVerified', 'boolean'),
  at('role', '"Role"'),
  at('departmentId'),
  at('createdAt', 'timestamp(3)'),
  at('updatedAt', 'timestamp(3)'),
];
const ACCOUNT_COLUMNS = [
  at('id'),
  at('accountId'),
  at('providerId'),
  at('userId'),
  at('password'),
  at('createdAt', 'timestamp(3)'),
  at('updatedAt', 'timestamp(3)'),
];
const ASSIGNMENT_COLUMNS = [at('userId'), at('facilityId'), at('createdAt', 'timestamp(3)')];

/** Statuses issues end in, in percent (a case makes some "escalated" later, as in the pilot seed). */
const STATUSES: readonly (readonly [LocalIssueStatus, number])[] = [
  ['open', 50],
  ['addressed_locally', 22],
  ['resolved', 16],
  ['closed', 12],
];
const SOURCES: readonly (readonly [IssueSource, number])[] = [
  ['citizen_survey', 45],
  ['staff_survey', 20],
  ['community_dialogue', 15],
  ['scorecard', 10],
  ['root_cause_analysis', 5],
  ['other', 5],
];
const weighted = <T>(entries: readonly (readonly [T, number])[], roll: number): T => {
  let sum = 0;
  return entries.find(([, weight]) => (sum += weight) > roll * 100)?.[0] ?? entries[0]![0];
};

/**
 * The state of the database before the data set: refused unless it is empty or holds the pilot seed (with the
 * demo accounts and their cases) and nothing else.
 */
async function assertOnlyPilotSeed(db: Db) {
  const pilotFacilityCodes = loadSeedData().facilities.map((facility) => facility.code);
  const [facilities, issues, users] = await Promise.all([
    db.facility.count({ where: { code: { notIn: pilotFacilityCodes } } }),
    db.localIssue.count({ where: { OR: [{ importSource: null }, { importSource: { not: 'seed' } }] } }),
    db.user.count({ where: { isDemo: false } }),
  ]);
  if (facilities + issues + users === 0) return;
  throw new ServiceError(
    'refused',
    `The database holds more than the pilot seed (${facilities} other facilities, ${issues} other local issues, ` +
      `${users} accounts besides the demo ones). bench:data fills an empty or freshly seeded database: point ` +
      `DATABASE_URL at a new SQLite file or an empty PostgreSQL database.`,
  );
}

/** Picks an index with probability proportional to its weight, from the running totals of the weights. */
function weightedPicker(weights: readonly number[], random: () => number) {
  const totals: number[] = [];
  let sum = 0;
  for (const weight of weights) totals.push((sum += weight));
  return () => {
    const target = random() * sum;
    let [low, high] = [0, totals.length - 1];
    while (low < high) {
      const middle = (low + high) >> 1;
      if (totals[middle]! > target) high = middle;
      else low = middle + 1;
    }
    return low;
  };
}

export async function loadNationalData(db: Db, options: NationalDataOptions): Promise<NationalDataSummary> {
  const started = performance.now();
  const stages: Record<string, number> = {};
  const report = options.onProgress ?? (() => {});
  const stage = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    const begun = performance.now();
    report(`${name}…`);
    const result = await work();
    stages[name] = Number(((performance.now() - begun) / 1000).toFixed(1));
    const rss = Math.round(process.memoryUsage().rss / 1_048_576);
    report(`${name}: done in ${stages[name]} s (resident memory ${rss} MB)`);
    return result;
  };
  const now = options.now ?? new Date();
  const seed = options.seed ?? 20;
  const dialect = dialectOf(db);
  const stamp = dialect.dateValue(now);

  await assertOnlyPilotSeed(db);
  await stage('pilot seed and demo accounts', async () => {
    await seedDatabase(db, loadSeedData(), now);
    await ensureDemoAccounts(db);
  });
  const counts: Record<string, number> = {};
  if (options.scale !== 'pilot') {
    const scale = SCALES[options.scale];
    const random = seededRandom(seed);
    const { departments, facilities } = planFacilities(scale, random);
    const rounds = planRounds(facilities, todayInSouthAfrica(now), random);
    const users = planUsers(scale, departments, facilities, random);
    Object.assign(counts, { departments: departments.length, facilities: facilities.length, rounds: rounds.length });

    await stage(`departments, ${facilities.length} facilities and ${rounds.length} rounds`, () =>
      db.$transaction(
        async (tx) => {
          const municipal = departments.map((row) => [
            row.id,
            row.code,
            row.name,
            'local',
            row.province,
            'local_government',
            stamp,
            stamp,
          ]);
          await dialect.insertRows(tx, 'Department', DEPARTMENT_COLUMNS, municipal);
          await dialect.insertRows(
            tx,
            'Facility',
            FACILITY_COLUMNS,
            facilities.map((row) => [
              row.id,
              row.code,
              row.name,
              row.kind,
              row.sector,
              row.province,
              row.district,
              row.localMunicipality,
              row.community,
              row.latitude,
              row.longitude,
              row.departmentId,
              stamp,
              stamp,
            ]),
          );
          await dialect.insertRows(
            tx,
            'MonitoringRound',
            ROUND_COLUMNS,
            rounds.map((row) => [
              row.id,
              row.facilityId,
              row.programme,
              row.wave,
              dialect.dateValue(row.startedOn),
              row.endedOn && dialect.dateValue(row.endedOn),
              row.citizensInterviewed,
              row.staffInterviewed,
              row.monitorsTrained,
              row.currentStep,
              stamp,
              stamp,
            ]),
          );
        },
        { timeout: 10 * 60_000 },
      ),
    );

    await stage(`${users.length} users`, async () => {
      // One hash for all: scrypt is slow on purpose, and each account would otherwise cost tens of milliseconds.
      const passwordHash = await hashPassword(BENCH_PASSWORD);
      const departmentIds = new Map((await db.department.findMany()).map((row) => [row.code, row.id]));
      await db.$transaction(async (tx) => {
        await dialect.insertRows(
          tx,
          'User',
          USER_COLUMNS,
          users.map((user) => [
            user.id,
            user.name,
            user.email,
            true,
            user.role,
            user.departmentCode ? departmentIds.get(user.departmentCode) : null,
            stamp,
            stamp,
          ]),
        );
        await dialect.insertRows(
          tx,
          'Account',
          ACCOUNT_COLUMNS,
          users.map((user) => [
            stableId('bench-account', user.id),
            user.id,
            'credential',
            user.id,
            passwordHash,
            stamp,
            stamp,
          ]),
        );
        await dialect.insertRows(
          tx,
          'FacilityAssignment',
          ASSIGNMENT_COLUMNS,
          users.flatMap((user) => user.facilityIds.map((facilityId) => [user.id, facilityId, stamp])),
        );
      });
      counts.users = users.length;
    });

    counts.localIssues = await stage(`${scale.issues.toLocaleString('en')} local issues`, () =>
      insertIssues(db, { facilities, rounds, total: scale.issues, seed, now, chunk: options.chunk ?? 10_000, report }),
    );

    await stage(`${scale.cases} systemic cases`, async () => {
      const built = await insertSyntheticCases(db, { cases: scale.cases, events: scale.events, seed, now });
      Object.assign(counts, { cases: built.cases, caseEvents: built.events, responseActions: built.actions });
    });
  }

  await stage('clustering run', async () => {
    const { clusterRunId } = await queueSystemClusterRun(db, 'the benchmark data set');
    // The worker's clock: the run's message is due now, whatever day the data set ends on.
    await runDueClusterJobs(db, { search: parallelNeighbourSearch() });
    const run = await db.clusterRun.findUniqueOrThrow({ where: { id: clusterRunId } });
    if (run.status !== 'succeeded') throw new Error(`The clustering run failed: ${run.message ?? 'no reason given'}`);
    Object.assign(counts, { clusters: run.clusterCount ?? 0 });
    report(`  ${run.issueCount} issues, ${run.clusterCount} clusters of two or more`);
  });
  await stage('statistics and search index', async () => {
    if (dialect.provider === 'sqlite') {
      await db.$transaction((tx) => dialect.purgeReplacedSearchText(tx), { timeout: 10 * 60_000 });
      await db.$executeRawUnsafe('ANALYZE');
    } else {
      await db.$executeRawUnsafe('VACUUM ANALYZE');
    }
  });
  await db.auditEvent.create({
    data: {
      actorLabel: 'npm run bench:data',
      entityType: 'database',
      action: 'seeded' satisfies AuditAction,
      changes: { scale: options.scale, seed, ...counts },
      createdAt: now,
    },
  });
  return { seconds: Number(((performance.now() - started) / 1000).toFixed(1)), stages, counts };
}

/**
 * Writes `total` issues over the facilities (by kind: a municipality gathers three times a clinic's), each in one
 * of its facility's rounds, raised on a day of that round, with evidence, tags and root causes; a transaction
 * per `chunk` issues, generated as they are written so that they are never all in memory at once.
 */
async function insertIssues(
  db: Db,
  job: {
    facilities: readonly PlannedFacility[];
    rounds: readonly PlannedRound[];
    total: number;
    seed: number;
    now: Date;
    chunk: number;
    report: (line: string) => void;
  },
): Promise<number> {
  const dialect = dialectOf(db);
  const random = seededRandom(job.seed + 1);
  const pickFacility = weightedPicker(
    job.facilities.map((facility) => ISSUE_WEIGHT[facility.kind]),
    random,
  );
  const roundsOf = new Map<string, PlannedRound[]>();
  for (const round of job.rounds) roundsOf.set(round.facilityId, [...(roundsOf.get(round.facilityId) ?? []), round]);
  const tagIds = new Map(
    (await db.tag.findMany({ select: { id: true, slug: true } })).map((tag) => [tag.slug, tag.id]),
  );
  const today = fromCalendarDate(todayInSouthAfrica(job.now));
  for (let start = 0; start < job.total; start += job.chunk) {
    const issues: unknown[][] = [];
    const causes: unknown[][] = [];
    const tags: unknown[][] = [];
    for (let index = start; index < Math.min(job.total, start + job.chunk); index += 1) {
      const facility = job.facilities[pickFacility()]!;
      const rounds = roundsOf.get(facility.id)!;
      const round = rounds[Math.floor(random() * rounds.length)]!;
      const lastDay = round.endedOn && round.endedOn < today ? round.endedOn : today;
      const roundDays = Math.max(1, Math.round((lastDay.getTime() - round.startedOn.getTime()) / 86_400_000));
      const raisedOn = addDays(round.startedOn, Math.floor(random() * roundDays));
      const text = issueText(issueSectorOf(facility.kind), facility.community, random);
      const source = weighted(SOURCES, random());
      const asked =
        source === 'citizen_survey'
          ? round.citizensInterviewed
          : source === 'staff_survey'
            ? round.staffInterviewed
            : null;
      const id = stableId('bench-issue', String(index));
      const savedAt = dialect.dateValue(new Date(raisedOn.getTime() + (8 + Math.floor(random() * 9)) * 3_600_000));
      issues.push([
        id,
        facility.id,
        round.id,
        text.title,
        text.description,
        source,
        asked === null ? null : 1 + Math.floor(random() * asked),
        asked,
        source === 'community_dialogue' ? 3 + Math.floor(random() * 58) : null,
        weighted(STATUSES, random()),
        dialect.dateValue(raisedOn),
        BENCH_SOURCE,
        `NAT-${String(index + 1).padStart(7, '0')}`,
        null,
        mentionsPersonalData(text),
        savedAt,
        savedAt,
      ]);
      text.rootCauses.forEach((cause, position) =>
        causes.push([
          stableId('bench-cause', `${index}/${position}`),
          id,
          cause.statement,
          cause.level,
          cause.category,
          position,
          savedAt,
        ]),
      );
      for (const slug of text.tags) {
        const tagId = tagIds.get(slug);
        if (!tagId)
          throw new Error(`The issue texts name the tag "${slug}", which content/taxonomy.json does not have.`);
        tags.push([id, tagId]);
      }
    }
    await db.$transaction(
      async (tx) => {
        await dialect.insertRows(tx, 'LocalIssue', ISSUE_COLUMNS, issues);
        await dialect.insertRows(tx, 'RootCause', ROOT_CAUSE_COLUMNS, causes);
        await dialect.insertRows(tx, 'LocalIssueTag', ISSUE_TAG_COLUMNS, tags);
      },
      { timeout: 10 * 60_000 },
    );
    job.report(`  ${Math.min(job.total, start + job.chunk).toLocaleString('en')} of ${job.total.toLocaleString('en')}`);
  }
  return job.total;
}
