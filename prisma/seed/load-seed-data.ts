import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { taxonomyFileProblems } from '../../src/domain/taxonomy/taxonomy-file.ts';
import { describeZodIssues } from '../../src/lib/forms/zod-issues.ts';
import {
  CaseSeedSchema,
  DepartmentSeedSchema,
  FacilitySeedSchema,
  LocalIssueSeedSchema,
  RoundSeedSchema,
  TaxonomySchema,
  type CaseSeed,
  type DepartmentSeed,
  type FacilitySeed,
  type LocalIssueSeed,
  type RoundSeed,
  type TaxonomyTag,
} from './seed-data-schema.ts';

export interface SeedData {
  departments: DepartmentSeed[];
  facilities: FacilitySeed[];
  rounds: RoundSeed[];
  tags: TaxonomyTag[];
  localIssues: LocalIssueSeed[];
  cases: CaseSeed[];
}

export const TAXONOMY_FILE = new URL('../../content/taxonomy.json', import.meta.url);
const dataFile = (name: string) => new URL(`./data/${name}`, import.meta.url);

export class SeedDataError extends Error {
  constructor(readonly problems: string[]) {
    super(`The seed data has ${problems.length} problem(s):\n${problems.join('\n')}`);
    this.name = 'SeedDataError';
  }
}

function parseFile<T>(file: URL, schema: z.ZodType<T>, problems: string[]): T | undefined {
  const name = file.pathname.split('/').slice(-2).join('/');
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    problems.push(`${name}: ${(error as Error).message}`);
    return undefined;
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  problems.push(...describeZodIssues(parsed.error).map((line) => `${name} ${line}`));
  return undefined;
}

/** Checks what the schemas cannot: that every code, slug and reference names something that exists. */
export function findReferenceProblems(data: SeedData): string[] {
  const problems: string[] = [];
  const duplicates = (label: string, keys: string[]) => {
    const seen = new Set<string>();
    for (const key of keys) {
      if (seen.has(key)) problems.push(`${label} ${key} appears more than once`);
      seen.add(key);
    }
    return seen;
  };
  const departmentCodes = duplicates(
    'department',
    data.departments.map((d) => d.code),
  );
  const facilityCodes = duplicates(
    'facility',
    data.facilities.map((f) => f.code),
  );
  problems.push(...taxonomyFileProblems(data.tags));
  for (const tag of data.tags) {
    if (tag.routesTo !== null && !departmentCodes.has(tag.routesTo)) {
      problems.push(`tag ${tag.slug}: routesTo ${tag.routesTo} is not a department code`);
    }
  }
  // Local issues may name a tag by a former slug too: it still leads to the tag.
  const tagSlugs = new Set(data.tags.flatMap((tag) => [tag.slug, ...tag.aliases]));
  for (const facility of data.facilities) {
    if (!departmentCodes.has(facility.departmentCode)) {
      problems.push(`facility ${facility.code}: department ${facility.departmentCode} does not exist`);
    }
  }
  const roundKey = (r: { facilityCode: string; programme: string; wave: number }) =>
    `${r.facilityCode}/${r.programme}/${r.wave}`;
  const roundKeys = duplicates('round', data.rounds.map(roundKey));
  for (const round of data.rounds) {
    if (!facilityCodes.has(round.facilityCode)) problems.push(`round ${roundKey(round)}: unknown facility`);
  }
  const issueRefs = duplicates(
    'local issue',
    data.localIssues.map((i) => i.externalRef),
  );
  for (const issue of data.localIssues) {
    const where = `local issue ${issue.externalRef}`;
    if (!facilityCodes.has(issue.facilityCode)) problems.push(`${where}: unknown facility ${issue.facilityCode}`);
    if (!roundKeys.has(roundKey(issue))) problems.push(`${where}: no round ${roundKey(issue)}`);
    for (const tag of issue.tags) if (!tagSlugs.has(tag)) problems.push(`${where}: unknown tag ${tag}`);
    if (
      issue.respondentsCiting !== null &&
      issue.respondentsAsked !== null &&
      issue.respondentsCiting > issue.respondentsAsked
    ) {
      problems.push(`${where}: respondentsCiting is more than respondentsAsked`);
    }
  }
  duplicates(
    'case',
    data.cases.map((c) => c.reference),
  );
  for (const seededCase of data.cases) {
    const where = `case ${seededCase.reference}`;
    for (const code of [seededCase.owningDepartmentCode, ...seededCase.supportingDepartmentCodes]) {
      if (!departmentCodes.has(code)) problems.push(`${where}: unknown department ${code}`);
    }
    for (const ref of seededCase.issueRefs) if (!issueRefs.has(ref)) problems.push(`${where}: unknown issue ${ref}`);
    if (seededCase.events[0]?.status !== 'escalated') problems.push(`${where}: the first event must be "escalated"`);
  }
  return problems;
}

/** Reads and checks every seed file; throws SeedDataError listing every problem found. */
export function loadSeedData(): SeedData {
  const problems: string[] = [];
  const data = {
    departments: parseFile(dataFile('departments.json'), z.array(DepartmentSeedSchema), problems),
    facilities: parseFile(dataFile('facilities.json'), z.array(FacilitySeedSchema), problems),
    rounds: parseFile(dataFile('rounds.json'), z.array(RoundSeedSchema), problems),
    tags: parseFile(TAXONOMY_FILE, TaxonomySchema, problems)?.tags,
    localIssues: parseFile(dataFile('local-issues.json'), z.array(LocalIssueSeedSchema), problems),
    cases: parseFile(dataFile('cases.json'), z.array(CaseSeedSchema), problems),
  };
  if (problems.length > 0) throw new SeedDataError(problems);
  const complete = data as SeedData;
  const referenceProblems = findReferenceProblems(complete);
  if (referenceProblems.length > 0) throw new SeedDataError(referenceProblems);
  return complete;
}
