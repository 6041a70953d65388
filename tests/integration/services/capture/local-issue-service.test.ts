import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../../src/db/client.ts';
import type { SignedInActor } from '../../../../src/domain/accounts/actor.ts';
import { loadSeedData } from '../../../../prisma/seed/load-seed-data.ts';
import { seedDatabase } from '../../../../prisma/seed/seed.ts';
import {
  exportLocalIssuesCsv,
  getLocalIssue,
  listLocalIssues,
  suggestTags,
} from '../../../../src/server/services/capture/local-issue-queries.ts';
import {
  changeLocalIssueStatus,
  createLocalIssue,
  type LocalIssueDraft,
  reviewPersonalData,
  setLocalIssueArchived,
  updateLocalIssue,
} from '../../../../src/server/services/capture/local-issue-service.ts';
import { formErrorsOf } from '../../../../src/lib/forms/form-errors.ts';
import { LOCAL_ISSUE_FIELD_LABELS } from '../../../../src/lib/capture/local-issue-form.ts';
import { createContext } from '../../../../src/server/trpc/context.ts';
import { createCaller } from '../../../../src/server/trpc/root.ts';
import { aUser } from '../../../fixtures/actors.ts';
import { aUserWithPassword } from '../../../support/auth.ts';
import { refusalOf } from '../../../support/refusal.ts';
import { describeEachProvider } from '../../../support/test-database.ts';

describeEachProvider('recording and editing local issues', (database) => {
  let db: Db;
  let analyst: SignedInActor;
  let otherAnalyst: SignedInActor;
  let facilitator: SignedInActor;
  let clinicId: string;
  let stationId: string;
  const draft = (overrides: Partial<LocalIssueDraft> = {}): LocalIssueDraft => ({
    facilityId: clinicId,
    title: 'Chronic medicine out of stock for weeks',
    description: 'Patients on chronic treatment are sent home without their tablets.',
    source: 'citizen_survey',
    respondentsCiting: 31,
    respondentsAsked: 80,
    raisedOn: '2026-03-14',
    tags: ['stock-out'],
    rootCauses: [{ level: 'provincial', category: 'supply_chain', statement: 'Orders wait for approval at the depot' }],
    ...overrides,
  });

  beforeAll(async () => {
    ({ db } = database());
    await seedDatabase(db, loadSeedData());
    clinicId = (await db.facility.findUniqueOrThrow({ where: { code: 'KIC-KABOKWENI-CLINIC' } })).id;
    stationId = (await db.facility.findUniqueOrThrow({ where: { code: 'NP-EC-KATKOP-SAPS' } })).id;
    const analystUser = await aUserWithPassword(db, 'analyst');
    analyst = aUser('analyst', { userId: analystUser.id, name: 'Thandi Analyst' });
    const otherUser = await aUserWithPassword(db, 'analyst');
    otherAnalyst = aUser('analyst', { userId: otherUser.id, name: 'Pieter Analyst' });
    const facilitatorUser = await aUserWithPassword(db, 'facilitator', { facilityIds: [clinicId] });
    facilitator = aUser('facilitator', { userId: facilitatorUser.id, facilityIds: [clinicId] });
  });

  it('records an issue with tags named by slug, name or synonym, root causes, an audit event and queued placement', async () => {
    const placementsBefore = await db.outboxMessage.count({ where: { kind: 'cluster.place' } });
    const { id } = await createLocalIssue(db, facilitator, draft({ tags: ['stock-out', 'Police van'] }));
    const issue = await getLocalIssue(db, facilitator, id);
    expect(issue).toMatchObject({ title: 'Chronic medicine out of stock for weeks', status: 'open', version: 0 });
    expect(issue.tags.map((link) => link.tag.slug).sort()).toEqual(['stock-out', 'vehicles']);
    expect(issue.rootCauses).toMatchObject([
      { level: 'provincial', statement: 'Orders wait for approval at the depot' },
    ]);
    expect(issue.history.events).toMatchObject([{ action: 'local_issue.created', actorLabel: expect.any(String) }]);
    expect(await db.outboxMessage.count({ where: { kind: 'cluster.place' } })).toBe(placementsBefore + 1);
  });

  it('takes the everyday words people type as tags, in any case and punctuation', async () => {
    const typed = ['vans', 'Garage', 'vehicle-maintenance', 'Medicine delivery', 'QUEUES.'];
    const { id } = await createLocalIssue(db, analyst, draft({ tags: typed }));
    const issue = await getLocalIssue(db, analyst, id);
    expect(issue.tags.map((link) => link.tag.slug).sort()).toEqual([
      'maintenance-turnaround',
      'medicine-delivery',
      'queues-waiting-times',
      'vehicles',
    ]);
  });

  it('names each bad field: an unknown tag with a suggestion, citing more than asked, a future date', async () => {
    const error = await refusalOf(
      createLocalIssue(
        db,
        analyst,
        draft({ tags: ['stok-out', 'flying-saucers'], raisedOn: '2026-12-01' }),
        new Date('2026-11-25T10:00:00Z'),
      ),
    );
    expect(error.details).toEqual({
      fields: {
        raisedOn: 'The date the issue was raised must be today or in the past',
        tags:
          '"stok-out" is not a tag. Did you mean "Medicine stock-out"? ' +
          `"flying-saucers" is not a tag. Use a tag's name or one of its other words from the taxonomy.`,
      },
      suggestions: { tags: [{ typed: 'stok-out', choices: [{ value: 'stock-out', label: 'Medicine stock-out' }] }] },
    });
    await expect(createLocalIssue(db, analyst, draft({ respondentsCiting: 90, respondentsAsked: 80 }))).rejects.toThrow(
      /respondentsCiting[\s\S]*cannot be more than the number asked/,
    );
    await expect(createLocalIssue(db, analyst, draft({ title: '   ' }))).rejects.toThrow(/Enter a title/);
    await expect(createLocalIssue(db, analyst, draft({ title: 'x'.repeat(10_000) }))).rejects.toThrow(
      /200 characters or fewer/,
    );
    await expect(createLocalIssue(db, analyst, draft({ respondentsAsked: -1 }))).rejects.toThrow(
      /Enter the number of people asked as 0 or more/,
    );
  });

  it('reports every problem at once: a negative vote count, more citing than asked, a future date, an unknown tag', async () => {
    const now = new Date('2026-11-25T10:00:00Z');
    const faulty = {
      priorityVotes: -2,
      respondentsCiting: 90,
      respondentsAsked: 80,
      raisedOn: '2026-12-01',
      tags: ['stock-out', 'flying-saucers'],
    };
    const all = {
      fields: {
        priorityVotes: 'Enter the number of priority votes as 0 or more',
        respondentsCiting: 'The number of people citing it cannot be more than the number asked',
        raisedOn: 'The date the issue was raised must be today or in the past',
        tags: `"flying-saucers" is not a tag. Use a tag's name or one of its other words from the taxonomy.`,
      },
    };
    expect((await refusalOf(createLocalIssue(db, analyst, draft(faulty), now))).details).toEqual(all);
    const { id, version } = await createLocalIssue(db, analyst, draft());
    expect((await refusalOf(updateLocalIssue(db, analyst, { ...draft(faulty), id, version }, now))).details).toEqual(
      all,
    );
    // Through the procedures as the form posts them (today's clock): one answer, each problem beside its field.
    const caller = createCaller(createContext(db, analyst));
    const posted = draft({ ...faulty, raisedOn: '2999-01-01' });
    for (const attempt of [
      () => caller.localIssue.create(posted),
      () => caller.localIssue.update({ ...posted, id, version }),
    ]) {
      const refusal = await attempt().then(
        () => null,
        (error: unknown) => error,
      );
      expect(formErrorsOf(refusal, LOCAL_ISSUE_FIELD_LABELS).fields).toEqual(all.fields);
    }
    expect((await getLocalIssue(db, analyst, id)).version).toBe(version);
  });

  it('keeps a facilitator to their own facilities', async () => {
    const error = await refusalOf(createLocalIssue(db, facilitator, draft({ facilityId: stationId })));
    expect(error).toMatchObject({ code: 'forbidden', message: expect.stringMatching(/your own facilities/) });
    const elsewhere = await createLocalIssue(db, analyst, draft({ facilityId: stationId }));
    expect(await refusalOf(getLocalIssue(db, facilitator, elsewhere.id))).toMatchObject({ code: 'not_found' });
  });

  it('saves an edit on the current version and refuses one on a stale copy, saying who changed what', async () => {
    const { id } = await createLocalIssue(db, analyst, draft());
    const first = await updateLocalIssue(db, otherAnalyst, {
      ...draft({ title: 'Medicine stock-outs' }),
      id,
      version: 0,
    });
    expect(first).toEqual({ id, version: 1, changed: ['title'] });
    const stale = await refusalOf(updateLocalIssue(db, analyst, { ...draft({ tags: [] }), id, version: 0 }));
    expect(stale.code).toBe('stale_version');
    expect(stale.message).toMatch(/Pieter Analyst \(DPME CBM analyst\) changed the title/);
    const issue = await getLocalIssue(db, analyst, id);
    expect(issue.title).toBe('Medicine stock-outs');
    expect(issue.tags).toHaveLength(1);
    const edit = issue.history.events.find((event) => event.action === 'local_issue.edited');
    expect(edit?.changes).toMatchObject({
      version: 1,
      fields: ['title'],
      from: { title: 'Chronic medicine out of stock for weeks' },
      to: { title: 'Medicine stock-outs' },
    });
  });

  it('saves nothing and keeps the version when nothing changed', async () => {
    const { id } = await createLocalIssue(db, analyst, draft());
    expect(await updateLocalIssue(db, analyst, { ...draft({ tags: ['STOCK-OUT'] }), id, version: 0 })).toEqual({
      id,
      version: 0,
      changed: [],
    });
  });

  it('of two simultaneous edits on one version, exactly one is saved', async () => {
    const { id } = await createLocalIssue(db, analyst, draft());
    const results = await Promise.allSettled([
      updateLocalIssue(db, analyst, { ...draft({ title: 'First edit' }), id, version: 0 }),
      updateLocalIssue(db, otherAnalyst, { ...draft({ title: 'Second edit' }), id, version: 0 }),
    ]);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((result) => result.status === 'rejected');
    expect((refused as PromiseRejectedResult).reason).toMatchObject({ code: 'stale_version' });
    expect((await getLocalIssue(db, analyst, id)).version).toBe(1);
  });

  it('records status changes with who and when, and never escalates by a status change', async () => {
    const { id } = await createLocalIssue(db, analyst, draft());
    await changeLocalIssueStatus(db, analyst, { id, version: 0, status: 'addressed_locally', note: 'New stock came' });
    expect(await refusalOf(changeLocalIssueStatus(db, analyst, { id, version: 1, status: 'escalated' }))).toMatchObject(
      { code: 'refused', message: expect.stringMatching(/only through a systemic case/) },
    );
    const issue = await getLocalIssue(db, analyst, id);
    expect(issue.status).toBe('addressed_locally');
    expect(issue.nextStatuses).toEqual(['open', 'resolved', 'closed']);
    expect(issue.history.events[0]).toMatchObject({
      action: 'local_issue.status_changed',
      actorLabel: expect.stringContaining('Thandi Analyst'),
      changes: { from: 'open', to: 'addressed_locally', note: 'New stock came', version: 1 },
    });
  });

  it('archives instead of deleting: the issue leaves the list and comes back when restored', async () => {
    const { id } = await createLocalIssue(db, analyst, draft({ title: 'Archivable leaking roof' }));
    const search = { q: 'archivable' };
    expect((await listLocalIssues(db, analyst, search)).total).toBe(1);
    await setLocalIssueArchived(db, analyst, { id, version: 0, archived: true, reason: 'Entered by mistake' });
    expect((await listLocalIssues(db, analyst, search)).total).toBe(0);
    expect((await listLocalIssues(db, analyst, { ...search, archived: 'only' })).total).toBe(1);
    await setLocalIssueArchived(db, analyst, { id, version: 1, archived: false });
    expect((await listLocalIssues(db, analyst, search)).total).toBe(1);
  });

  it('flags personal data, and redaction removes it from the text and clears the flag', async () => {
    const { id } = await createLocalIssue(
      db,
      analyst,
      draft({ description: 'Sister Dlamini turned us away; call 082 555 1234 for details.' }),
    );
    const flagged = await getLocalIssue(db, analyst, id);
    expect(flagged.personalDataFlagged).toBe(true);
    expect(flagged.personalData.map((finding) => finding.kind)).toEqual(['named_person', 'phone']);
    expect((await listLocalIssues(db, analyst, { personalData: 'flagged' })).items.map((i) => i.id)).toContain(id);
    await reviewPersonalData(db, analyst, { id, version: 0, decision: 'redact' });
    const redacted = await getLocalIssue(db, analyst, id);
    expect(redacted.description).toBe('Sister [name removed] turned us away; call [phone number removed] for details.');
    expect(redacted.personalDataFlagged).toBe(false);
    expect(JSON.stringify(redacted.history)).not.toContain('Dlamini');
  });

  describe('lists', () => {
    it('filters by tag (with the tags below it), province, source, status and dates, and sorts', async () => {
      const { id: garage } = await createLocalIssue(
        db,
        analyst,
        draft({
          facilityId: stationId,
          title: 'Vans wait at the garage in Qolora',
          tags: ['maintenance-turnaround'],
          source: 'staff_survey',
          raisedOn: '2026-02-01',
        }),
      );
      const byTag = await listLocalIssues(db, analyst, { tag: 'vehicles', q: 'qolora' });
      expect(byTag.items.map((issue) => issue.id)).toEqual([garage]);
      const filtered = await listLocalIssues(db, analyst, {
        province: 'eastern_cape',
        source: 'staff_survey',
        status: 'open',
        raisedFrom: '2026-01-31',
        raisedTo: '2026-02-01',
      });
      expect(filtered.items.map((issue) => issue.id)).toContain(garage);
      expect(filtered.items.every((issue) => issue.facility.province === 'eastern_cape')).toBe(true);
      // A facility by its id (a select) or its code (typed, where the facilities are too many for a select).
      const { code } = await db.facility.findUniqueOrThrow({ where: { id: stationId } });
      for (const facility of [stationId, code.toLowerCase()]) {
        const atStation = await listLocalIssues(db, analyst, { facilityId: facility, pageSize: 100 });
        expect(atStation.items.map((issue) => issue.id)).toContain(garage);
        expect(atStation.items.every((issue) => issue.facility.code === code)).toBe(true);
      }
      const oldestFirst = await listLocalIssues(db, analyst, { sort: 'raised', direction: 'asc', pageSize: 5 });
      const dates = oldestFirst.items.map((issue) => issue.raisedOn.getTime());
      expect(dates).toEqual([...dates].sort((a, b) => a - b));
      expect(oldestFirst.pageCount).toBeGreaterThan(1);
    });

    it('searches title, description and root causes in the database index, best match first', async () => {
      const result = await listLocalIssues(db, analyst, { q: 'depot approval' });
      expect(result.sort).toBe('relevance');
      expect(result.total).toBeGreaterThan(0);
      const noMatch = await listLocalIssues(db, analyst, { q: '"unbalanced (quote' });
      expect(noMatch.total).toBe(0);
    });

    it('exports the filtered list as CSV that a spreadsheet cannot run as formulas', async () => {
      await createLocalIssue(db, analyst, draft({ title: '=HYPERLINK("http://x.invalid","exported")' }));
      const { csv, count } = await exportLocalIssuesCsv(db, analyst, { q: 'hyperlink exported' });
      expect(count).toBe(1);
      const parsed = Papa.parse<Record<string, string>>(csv.replace(/^\uFEFF/, ''), {
        header: true,
        skipEmptyLines: true,
      });
      expect(parsed.data).toHaveLength(1);
      expect(parsed.data[0]).toMatchObject({
        title: `'=HYPERLINK("http://x.invalid","exported")`,
        facility_code: 'KIC-KABOKWENI-CLINIC',
        tags: 'stock-out',
        root_causes: 'provincial:supply_chain:Orders wait for approval at the depot',
        raised_on: '2026-03-14',
      });
    });

    it('suggests tags as a person types', async () => {
      expect((await suggestTags(db, 'stock')).map((tag) => tag.slug)).toContain('stock-out');
      expect((await suggestTags(db, 'police van')).map((tag) => tag.slug)).toEqual(['vehicles']);
      expect(await suggestTags(db, '   ')).toEqual([]);
    });
  });
});
