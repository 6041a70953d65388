// Synthetic local issues of realistic length and vocabulary for benchmarks: the same seed gives the same
// issues. Each is one of a few dozen recurring problems told in varied words, with local detail.
import { randomUUID } from 'node:crypto';
import type { Db } from '../../../src/db/client.ts';
import { dialectOf, type ColumnSpec } from '../../../src/db/dialect.ts';

/** A small, seeded pseudo-random generator (mulberry32): benchmarks must see the same data every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const PROBLEMS: { titles: string[]; details: string[]; cause: string }[] = [
  {
    titles: ['Patrol vehicles wait months at the government garage', 'Only one working van for the whole station'],
    details: [
      'Broken vans stand at the fleet garage for months while repairs wait for a quotation to be approved.',
      'Officers say complaints are attended the next day because the station has no vehicle at night.',
    ],
    cause: 'Vehicle repairs need approval from the provincial fleet office',
  },
  {
    titles: ['Clinic runs out of chronic medication', 'Medicine stock-out sends patients home'],
    details: [
      'Patients on treatment for hypertension and HIV were told their parcels had not arrived from the depot.',
      'The pharmacy shelves for antiretrovirals were empty for two weeks and patients walked back home.',
    ],
    cause: 'Orders wait for approval at the provincial medical depot',
  },
  {
    titles: ['Long queues at the SASSA pay point', 'Grant applicants queue from before dawn'],
    details: [
      'Older people queue outside from four in the morning and many are turned away at closing time.',
      'There is no shade, water or toilet for people waiting to apply for a grant.',
    ],
    cause: 'Too few officials on duty for the number of applicants',
  },
  {
    titles: ['No feedback on reported cases', 'Victims never hear what happened to their case'],
    details: [
      'Complainants say nobody tells them whether their case was investigated or sent to court.',
      'Families return to the station again and again to ask about progress and get no answer.',
    ],
    cause: 'Investigating officers carry too many dockets to call complainants back',
  },
  {
    titles: ['Ambulance takes hours to arrive', 'No patient transport from the clinic to hospital'],
    details: [
      'Families hire private cars to take patients to hospital because the ambulance can take half a day.',
      'The clinic has no transport for referrals and nurses phone the district office for hours.',
    ],
    cause: 'The district has too few ambulances for its villages',
  },
  {
    titles: ['Nurses are rude to patients', 'Staff shout at elderly patients in the queue'],
    details: [
      'Patients say they are shouted at and sent away without being examined.',
      'Young mothers report being embarrassed in front of others by the nurse at the counter.',
    ],
    cause: 'Staff are overworked and have no customer care training',
  },
  {
    titles: ['Grant payments delayed for months', 'Child support grant not paid after approval'],
    details: [
      'Applicants approved in March still had no payment in July and were told the system was down.',
      'Caregivers borrow money while they wait for the first payment of the grant.',
    ],
    cause: 'Applications are checked manually at the regional office',
  },
  {
    titles: ['Arrest targets push police to chase petty cases', 'Drug possession arrests counted instead of dealers'],
    details: [
      'Officers arrest young people for small amounts of dagga to meet monthly targets while dealers work openly.',
      'The community says serious crime is left because arrests for possession count the same.',
    ],
    cause: 'Performance targets count arrests, not convictions',
  },
];
const PLACES = ['Kabokweni', 'Msogwaba', 'Giyani', 'Diepsloot', 'Katkop', 'Umsobomvu', 'Mthatha', 'Polokwane'];
/** Sentences monitors add to any issue. */
export const FILLER = [
  'Monitors heard this in most interviews.',
  'The community dialogue voted it a top priority.',
  'Staff agreed that the problem has lasted more than a year.',
  'Residents asked that the department be told.',
  'It was raised again at the follow-up visit.',
];

export interface SyntheticIssue {
  title: string;
  description: string;
  rootCause: string;
  problem: number;
}

/** `count` issues; each problem recurs across places, in one of its phrasings, with local detail. */
export function syntheticIssues(count: number, seed = 42): SyntheticIssue[] {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  return Array.from({ length: count }, () => {
    const problem = Math.floor(random() * PROBLEMS.length);
    const { titles, details, cause } = PROBLEMS[problem]!;
    const place = pick(PLACES);
    const filler = Array.from({ length: 1 + Math.floor(random() * 3) }, () => pick(FILLER)).join(' ');
    return {
      title: `${pick(titles)} in ${place}`,
      description: `${pick(details)} ${filler}`,
      rootCause: cause,
      problem,
    };
  });
}

const ISSUE_COLUMNS: ColumnSpec[] = [
  { name: 'id' },
  { name: 'facilityId' },
  { name: 'title' },
  { name: 'description' },
  { name: 'source', pgType: '"IssueSource"' },
  { name: 'status', pgType: '"LocalIssueStatus"' },
  { name: 'raisedOn', pgType: 'timestamp(3)' },
  { name: 'createdAt', pgType: 'timestamp(3)' },
  { name: 'updatedAt', pgType: 'timestamp(3)' },
];
const ROOT_CAUSE_COLUMNS: ColumnSpec[] = [
  { name: 'id' },
  { name: 'localIssueId' },
  { name: 'statement' },
  { name: 'level', pgType: '"RootCauseLevel"' },
  { name: 'category', pgType: '"RootCauseCategory"' },
  { name: 'createdAt', pgType: 'timestamp(3)' },
];

/**
 * Writes the issues (with their root cause, when they have one) across the seeded facilities, 10,000 per
 * transaction; returns their ids in order.
 */
export async function insertSyntheticIssues(
  db: Db,
  issues: readonly { title: string; description: string; rootCause?: string }[],
): Promise<string[]> {
  const dialect = dialectOf(db);
  const facilities = await db.facility.findMany({ select: { id: true } });
  const stamp = dialect.dateValue(new Date('2026-06-01T00:00:00Z'));
  const written: string[] = [];
  for (let start = 0; start < issues.length; start += 10_000) {
    const chunk = issues.slice(start, start + 10_000);
    const ids = chunk.map(() => randomUUID());
    written.push(...ids);
    await db.$transaction(
      async (tx) => {
        await dialect.insertRows(
          tx,
          'LocalIssue',
          ISSUE_COLUMNS,
          chunk.map((issue, index) => [
            ids[index],
            facilities[(start + index) % facilities.length]!.id,
            issue.title,
            issue.description,
            'citizen_survey',
            'open',
            stamp,
            stamp,
            stamp,
          ]),
        );
        const causes = chunk.flatMap((issue, index) =>
          issue.rootCause ? [[randomUUID(), ids[index], issue.rootCause, 'provincial', 'resources', stamp]] : [],
        );
        if (causes.length > 0) await dialect.insertRows(tx, 'RootCause', ROOT_CAUSE_COLUMNS, causes);
      },
      { timeout: 10 * 60_000 },
    );
  }
  return written;
}
