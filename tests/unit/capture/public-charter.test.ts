import { describe, expect, it } from 'vitest';
import {
  charterTextsOf,
  inCharterOrder,
  publicCharterTextsOf,
  publicCharterView,
  type CharterCommitmentSource,
} from '../../../src/domain/capture/public-charter.ts';
import { NO_REVIEWS, WITHHELD_TEXT, type PublicTextReviews } from '../../../src/domain/privacy/public-text.ts';

const TODAY = '2026-03-14';
const NAMED = 'Mr Sipho Dlamini to phone patients on 082 555 1234 when medicines arrive.';

function aCommitment(more: Partial<CharterCommitmentSource> = {}): CharterCommitmentSource {
  return {
    id: 'c1',
    commitment: 'Clinic to phone patients when missing medicines arrive.',
    responsibleParty: 'Clinic operational manager',
    dueOn: '2026-06-30',
    status: 'in_progress',
    localIssueId: null,
    updates: [],
    ...more,
  };
}

const reviewedAs =
  (decision: 'publish' | 'redact', text = NAMED): PublicTextReviews =>
  (candidate) =>
    candidate === text ? decision : undefined;

describe('publicCharterView', () => {
  it('shows what was promised, by whom, by when, its status and its dated progress, newest first', () => {
    const [row] = publicCharterView(
      [
        aCommitment({
          updates: [
            { on: '2026-02-01', note: 'Call-back list started.' },
            { on: '2026-03-01', note: 'Call-back list in use every week.' },
          ],
        }),
      ],
      NO_REVIEWS,
      TODAY,
    );
    expect(row).toEqual({
      id: 'c1',
      number: 1,
      commitment: 'Clinic to phone patients when missing medicines arrive.',
      responsible: 'Clinic operational manager',
      dueOn: '2026-06-30',
      status: 'in_progress',
      statusName: 'In progress',
      isOverdue: false,
      daysOverdue: 0,
      answersLocalIssue: false,
      progress: [
        { on: '2026-03-01', note: 'Call-back list in use every week.' },
        { on: '2026-02-01', note: 'Call-back list started.' },
      ],
    });
  });

  it('numbers the commitments by due date, as the staff charter lists them', () => {
    const rows = publicCharterView(
      [
        aCommitment({ id: 'c-late', dueOn: '2026-09-01' }),
        aCommitment({ id: 'c-b', dueOn: '2026-01-31' }),
        aCommitment({ id: 'c-a', dueOn: '2026-01-31' }),
      ],
      NO_REVIEWS,
      TODAY,
    );
    expect(rows.map((row) => [row.number, row.id])).toEqual([
      [1, 'c-a'],
      [2, 'c-b'],
      [3, 'c-late'],
    ]);
  });

  it('marks an open commitment past its due date as overdue, by how many days', () => {
    const [open, done] = publicCharterView(
      [aCommitment({ id: 'a', dueOn: '2026-03-02' }), aCommitment({ id: 'b', dueOn: '2026-03-03', status: 'done' })],
      NO_REVIEWS,
      TODAY,
    );
    expect(open).toMatchObject({ isOverdue: true, daysOverdue: 12 });
    expect(done).toMatchObject({ isOverdue: false, statusName: 'Done' });
  });

  it('withholds every flagged text (commitment, responsible party, progress note) until an analyst reviewed it', () => {
    const [row] = publicCharterView(
      [
        aCommitment({
          commitment: NAMED,
          responsibleParty: 'Sr Thandi Nkosi',
          updates: [{ on: '2026-03-01', note: 'Ms Lindiwe Zulu says the list is in use.' }],
        }),
      ],
      NO_REVIEWS,
      TODAY,
    );
    expect(row).toMatchObject({
      commitment: WITHHELD_TEXT,
      responsible: WITHHELD_TEXT,
      progress: [{ on: '2026-03-01', note: WITHHELD_TEXT }],
    });
    expect(JSON.stringify(row)).not.toMatch(/Dlamini|Nkosi|Zulu|082/);
  });

  it('publishes a reviewed text as written or redacted, as the analyst chose', () => {
    const source = [aCommitment({ commitment: NAMED })];
    expect(publicCharterView(source, reviewedAs('publish'), TODAY)[0]?.commitment).toBe(NAMED);
    const redacted = publicCharterView(source, reviewedAs('redact'), TODAY)[0]?.commitment;
    expect(redacted).toBe('Mr [name removed] to phone patients on [phone number removed] when medicines arrive.');
  });

  it('never turns a progress update’s author or a linked issue into words', () => {
    const withAuthor = {
      ...aCommitment({ localIssueId: 'issue-7' }),
      updates: [{ on: '2026-03-01', note: 'List in use.', actorId: 'user-42', actorName: 'Thandi Analyst' }],
    };
    const [row] = publicCharterView([withAuthor], NO_REVIEWS, TODAY);
    expect(row?.answersLocalIssue).toBe(true);
    expect(row?.progress).toEqual([{ on: '2026-03-01', note: 'List in use.' }]);
    expect(JSON.stringify(row)).not.toMatch(/user-42|Thandi|issue-7/);
  });
});

describe('publicCharterTextsOf', () => {
  it('lists every text of the charter with where it stands, numbered as the public charter is', () => {
    const texts = publicCharterTextsOf('Kabokweni Clinic', [
      aCommitment({ id: 'later', dueOn: '2026-12-01', updates: [{ on: '2026-03-12', note: 'Started.' }] }),
      aCommitment({ id: 'first', dueOn: '2026-01-01', commitment: NAMED }),
    ]);
    expect(texts).toEqual([
      { commitmentId: 'first', where: 'Kabokweni Clinic charter, commitment 1', text: NAMED },
      {
        commitmentId: 'first',
        where: 'Kabokweni Clinic charter, commitment 1: who is responsible',
        text: 'Clinic operational manager',
      },
      {
        commitmentId: 'later',
        where: 'Kabokweni Clinic charter, commitment 2',
        text: 'Clinic to phone patients when missing medicines arrive.',
      },
      {
        commitmentId: 'later',
        where: 'Kabokweni Clinic charter, commitment 2: who is responsible',
        text: 'Clinic operational manager',
      },
      {
        commitmentId: 'later',
        where: 'Kabokweni Clinic charter, commitment 2: progress of 12 March 2026',
        text: 'Started.',
      },
    ]);
  });

  it('gives every text the view shows, so that each one’s review is loaded', () => {
    const commitment = aCommitment({
      commitment: NAMED,
      updates: [{ on: '2026-03-01', note: 'Ms Lindiwe Zulu called.' }],
    });
    const shown = publicCharterTextsOf('Kabokweni Clinic', [commitment]).map((entry) => entry.text);
    expect(charterTextsOf([commitment])).toEqual(shown);
  });

  it('orders like the database: by due date, then by id byte for byte', () => {
    const ids = inCharterOrder([
      { id: 'b', dueOn: '2026-01-01' },
      { id: 'B', dueOn: '2026-01-01' },
      { id: 'a', dueOn: '2026-01-01' },
    ]).map((commitment) => commitment.id);
    expect(ids).toEqual(['B', 'a', 'b']);
  });
});
