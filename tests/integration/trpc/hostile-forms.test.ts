import { TRPCError } from '@trpc/server';
import { beforeAll, expect, it } from 'vitest';
import type { Db } from '../../../src/db/client.ts';
import type { SignedInActor } from '../../../src/domain/accounts/actor.ts';
import { formErrorsOf } from '../../../src/lib/forms/form-errors.ts';
import { createContext } from '../../../src/server/trpc/context.ts';
import { createCaller } from '../../../src/server/trpc/root.ts';
import { aDepartment, aFacility, aRound, aTag } from '../../fixtures/builders.ts';
import { anActorWithAccount } from '../../support/auth.ts';
import { describeEachProvider } from '../../support/test-database.ts';

/**
 * Issue 13: whatever is posted by hand, a form answers in plain sentences. Hostile bodies (one-space names,
 * malformed addresses, 10,000 characters, 2026-02-30, negative and fractional numbers, an unknown option)
 * go to each form's procedure as its page posts them, and the page's summary is read as formErrorsOf makes it.
 */
const RAW =
  /Invalid\b|Too (small|big)|must match pattern|\/\^|"code":|ZodError|at [\w.]+ \(|\b[a-z]+[A-Z][a-zA-Z]*\b|expected (number|string|boolean|array|object)|[<>]=/;

describeEachProvider('hostile form posts answered in plain sentences', (database) => {
  let db: Db;
  let admin: SignedInActor;
  let department: { id: string; code: string };
  let facility: { id: string };
  const long = 'x'.repeat(10_000);
  const caller = () => createCaller(createContext(db, admin));
  const summaryOf = async (attempt: Promise<unknown>) => {
    const refusal = await attempt.then(
      () => null,
      (error: unknown) => error,
    );
    expect(refusal).toBeInstanceOf(TRPCError);
    const { summary } = formErrorsOf(refusal);
    expect(summary.length).toBeGreaterThan(0);
    for (const line of summary) expect(line).not.toMatch(RAW);
    if (process.env.SHOW_SUMMARIES) console.log(summary);
    return summary;
  };

  beforeAll(async () => {
    ({ db } = database());
    admin = await anActorWithAccount(db, 'admin');
    department = await aDepartment(db);
    facility = await aFacility(db, { departmentId: department.id });
  });

  it('facilities and departments', async () => {
    const hostile = {
      code: ' ',
      name: ' ',
      kind: 'spaceport' as 'clinic',
      sector: 'health' as const,
      province: 'atlantis' as 'gauteng',
      district: long,
      localMunicipality: ' ',
      community: ' ',
      latitude: 'north' as unknown as number,
      longitude: -0.5,
      departmentId: ' ',
    };
    await summaryOf(caller().facility.create(hostile));
    await summaryOf(caller().facility.update({ ...hostile, id: facility.id, version: 0 }));
    const hostileDepartment = {
      code: 'a b',
      name: long,
      sphere: 'galactic' as 'national',
      province: null,
      sector: 'x' as 'health',
    };
    await summaryOf(caller().department.create(hostileDepartment));
    await summaryOf(caller().department.update({ ...hostileDepartment, id: department.id, version: 0 }));
  });

  it('monitoring rounds', async () => {
    const round = await aRound(db, facility);
    const hostile = {
      programme: 'moon_landing' as 'national_pilot',
      wave: 1.5,
      startedOn: '2026-02-30',
      endedOn: 'yesterday',
      citizensInterviewed: -3,
      staffInterviewed: 2.5,
      monitorsTrained: 'many' as unknown as number,
      currentStep: 'step_99' as 'gather_feedback',
    };
    await summaryOf(caller().round.create({ ...hostile, facilityId: facility.id }));
    await summaryOf(caller().round.update({ ...hostile, id: round.id, version: round.version, stepReason: long }));
  });

  it('taxonomy', async () => {
    const tag = await aTag(db);
    const hostile = { name: ' ', slug: long, description: long, synonyms: [long] };
    await summaryOf(caller().taxonomy.add(hostile));
    await summaryOf(caller().taxonomy.rename({ ...hostile, id: tag.id, version: tag.version }));
    await summaryOf(caller().taxonomy.addSynonym({ id: tag.id, version: tag.version, term: long }));
  });

  it('invitations and access', async () => {
    await summaryOf(caller().user.invite({ name: ' ', email: 'thandi@ngo', role: 'overlord' as 'analyst' }));
    // An address of 10,000 characters was taken as it came (no bound), and the account created with it.
    const tooLong = await summaryOf(
      caller().user.invite({ name: 'Thandi', email: `${long}@example.org`, role: 'analyst' }),
    );
    expect(tooLong).toEqual(['The e-mail address must be 254 characters or fewer']);
  });

  it('imports', async () => {
    const file = { fileName: long, contentBase64: 'not base64 at all!', updateExisting: 'yes' as unknown as boolean };
    await summaryOf(caller().imports.run(file));
    await summaryOf(caller().imports.run({ fileName: 'survey.csv', contentBase64: '', mappingJson: '{"tool": 5}' }));
  });
});
