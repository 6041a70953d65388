import { z } from 'zod';
import type { Db, Tx } from '../../../db/client.ts';
import type { SignedInActor } from '../../../domain/accounts/actor.ts';
import { textField } from '../../../domain/text/text-schema.ts';
import { FOLLOW_UP_RESULTS, PROGRAMME_NAMES } from '../../../domain/vocabulary.ts';
import { fromCalendarDate, todayInSouthAfrica } from '../../../lib/calendar-date.ts';
import { typedDateSchema } from '../../../lib/forms/date-parts.ts';
import { recordAudit } from '../audit/audit.ts';
import { parseFieldByField, valueOrAllProblems } from '../shared/form-check.ts';
import { fieldError, ServiceError } from '../shared/service-error.ts';
import { assertAnalyst, caseNotFound } from './case-access.ts';
import { staleCaseError } from './case-history.ts';
import { eventActor } from './case-workflow-service.ts';

/** Monitors go back once the department says the case is resolved; findings are recorded until DPME decides. */
const RECORDING_STATE = 'resolved';

/** The round field's value that asks for a new follow-up round at the facility. */
export const NEW_ROUND = 'new';

const citizens = (what: string) =>
  z
    .int(`Enter ${what} as a whole number, for example 12`)
    .min(0, `Enter ${what} as 0 or more`)
    .max(1_000_000, `Enter ${what} as 1 000 000 or fewer`)
    .nullable()
    .default(null);

export const FollowUpFindingSchema = z.object({
  reference: textField().min(1),
  version: z.int().min(0),
  facilityId: textField().min(1, 'Choose the facility'),
  result: z.enum(FOLLOW_UP_RESULTS, 'Choose what the follow-up found'),
  roundId: textField().min(1, 'Choose the monitoring round the finding came from, or a new one'),
  citizensAsked: citizens('the number of citizens asked'),
  citizensCiting: citizens('the number of citizens still citing the problem'),
  foundOn: typedDateSchema('the date of the follow-up'),
  note: textField().trim().max(2000, 'The note must be 2,000 characters or fewer').default(''),
});

export type FollowUpFindingInput = z.input<typeof FollowUpFindingSchema>;

export const FOLLOW_UP_FIELD_LABELS = {
  facilityId: 'facility',
  result: 'finding',
  roundId: 'monitoring round',
  citizensAsked: 'citizens asked',
  citizensCiting: 'citizens citing',
  foundOn: 'date of the follow-up',
  note: 'note',
};

/** What no single field's check sees: more citing than asked, a date still to come. */
function crossFieldProblems(fields: Partial<z.output<typeof FollowUpFindingSchema>>, today: string) {
  const problems: Record<string, string> = {};
  const { citizensAsked: asked, citizensCiting: citing } = fields;
  if (asked != null && citing != null && citing > asked) {
    problems.citizensCiting = 'The number of citizens citing it cannot be more than the number asked';
  }
  if (fields.foundOn && fields.foundOn > today) problems.foundOn = 'The date of the follow-up cannot be in the future';
  return problems;
}

/**
 * Records what monitors found at one of the case's facilities when they went back after it was resolved: the
 * facility's finding replaces an earlier one (the timeline keeps every recording), from an existing round at
 * the facility or a new follow-up round made for it. Analysts only, on a resolved case, against the version
 * they saw: the case's version moves on, so that a verification made on a page opened before is refused as
 * stale and says what changed.
 */
export async function recordFollowUpFinding(
  db: Db,
  actor: SignedInActor,
  input: FollowUpFindingInput,
  now = new Date(),
) {
  assertAnalyst(actor, 'record follow-up findings');
  const parsed = parseFieldByField(FollowUpFindingSchema, input);
  const request = valueOrAllProblems(parsed, crossFieldProblems(parsed.fields, todayInSouthAfrica(now)));
  return db.$transaction(async (tx) => {
    const found = await tx.systemicCase.findUnique({
      where: { reference: request.reference },
      select: {
        id: true,
        status: true,
        version: true,
        localIssues: { select: { localIssue: { select: { facilityId: true } } } },
      },
    });
    if (!found) throw caseNotFound();
    if (found.version !== request.version) throw await staleCaseError(tx, found.id, request.version);
    if (found.status !== RECORDING_STATE) {
      throw new ServiceError(
        'refused',
        'Follow-up findings are recorded once the department has marked the case resolved, and until DPME decides.',
      );
    }
    if (!found.localIssues.some((link) => link.localIssue.facilityId === request.facilityId)) {
      throw fieldError({ facilityId: 'Choose one of the facilities whose issues the case links' });
    }
    const round = await roundOfFinding(tx, actor, request.facilityId, request.roundId, request);
    const { count } = await tx.systemicCase.updateMany({
      where: { id: found.id, version: request.version },
      data: { version: { increment: 1 } },
    });
    if (count === 0) throw await staleCaseError(tx, found.id, request.version);
    const finding = {
      result: request.result,
      roundId: round.id,
      citizensAsked: request.citizensAsked,
      citizensCiting: request.citizensCiting,
      note: request.note || null,
      foundOn: fromCalendarDate(request.foundOn),
    };
    const before = await tx.followUpFinding.findUnique({
      where: { caseId_facilityId: { caseId: found.id, facilityId: request.facilityId } },
      select: { result: true },
    });
    await tx.followUpFinding.upsert({
      where: { caseId_facilityId: { caseId: found.id, facilityId: request.facilityId } },
      create: { caseId: found.id, facilityId: request.facilityId, ...finding },
      update: finding,
    });
    await tx.caseEvent.create({
      data: {
        caseId: found.id,
        ...eventActor(actor),
        kind: 'finding_recorded',
        reason: finding.note,
        changes: {
          facilityId: request.facilityId,
          facility: round.facilityName,
          from: before?.result ?? null,
          result: request.result,
          round: round.name,
          citizensAsked: request.citizensAsked,
          citizensCiting: request.citizensCiting,
          foundOn: request.foundOn,
        },
        version: request.version + 1,
        createdAt: now,
      },
    });
    return { reference: request.reference, version: request.version + 1 };
  });
}

/**
 * The round a finding came from: one of the facility's rounds, or a new follow-up round there, the next wave of
 * the programme its latest round belongs to, started on the day of the follow-up.
 */
async function roundOfFinding(
  tx: Tx,
  actor: SignedInActor,
  facilityId: string,
  roundId: string,
  request: { foundOn: string; citizensAsked: number | null },
) {
  const facility = await tx.facility.findUniqueOrThrow({
    where: { id: facilityId },
    select: { name: true, rounds: { select: { id: true, programme: true, wave: true, startedOn: true } } },
  });
  const named = (round: { id: string; programme: keyof typeof PROGRAMME_NAMES; wave: number }) => ({
    id: round.id,
    name: `${PROGRAMME_NAMES[round.programme]}, wave ${round.wave}`,
    facilityName: facility.name,
  });
  if (roundId !== NEW_ROUND) {
    const round = facility.rounds.find((candidate) => candidate.id === roundId);
    if (!round) throw fieldError({ roundId: `Choose one of the rounds at ${facility.name}, or a new one` });
    return named(round);
  }
  const latest = facility.rounds.toSorted((a, b) => b.startedOn.getTime() - a.startedOn.getTime())[0];
  const programme = latest?.programme ?? 'national_pilot';
  const wave = Math.max(0, ...facility.rounds.filter((r) => r.programme === programme).map((r) => r.wave)) + 1;
  const fields = {
    programme,
    wave,
    startedOn: fromCalendarDate(request.foundOn),
    citizensInterviewed: request.citizensAsked ?? 0,
    currentStep: 'monitor_and_escalate' as const,
  };
  const created = await tx.monitoringRound.create({ data: { facilityId, ...fields } });
  await recordAudit(tx, actor, {
    entityType: 'monitoring_round',
    entityId: created.id,
    action: 'monitoring_round.created',
    changes: { version: 0, facilityId, ...fields, startedOn: request.foundOn, for: 'a follow-up finding' },
  });
  return named(created);
}
