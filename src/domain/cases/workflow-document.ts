import { DEADLINE_NAMES, deadlineKindIn } from './deadlines.ts';
import { CASE_WORKFLOW, type CaseMove, type ClockEffect, type Mover, type Requirement } from './workflow.ts';
import { CASE_STATUSES, CASE_STATUS_NAMES, type CaseStatus } from '../vocabulary.ts';

/**
 * docs/CASE-WORKFLOW.md, written from the workflow table: the states, the moves and a diagram. The markdown is
 * emitted as Prettier formats it (tables padded to their widest cell), so that `prettier --check` passes.
 */

const MOVERS: Record<Mover, string> = {
  analyst: 'DPME CBM analyst',
  official: 'Official of the owning department',
};

const REQUIREMENTS: Record<Requirement, string> = {
  reason: 'a reason',
  target_department: 'the department to transfer to',
  evidence: 'evidence (text, optional link)',
  response_action: 'at least one response action not dropped',
  actions_finished: 'every response action done or dropped',
  new_due_date: 'a new due date after the current one',
  follow_up_findings: 'follow-up findings at enough facilities, at least half improved or no longer reported',
};

// The default days are the administrators' settings as shipped; the deadlines section of docs/CASES.md
// says where they are changed.
const CLOCK_EFFECTS: Record<ClockEffect, string> = {
  starts_acknowledge: 'Starts the acknowledgement deadline (10 working days by default)',
  starts_decide: 'Starts the decision deadline (10 working days by default)',
  starts_plan: 'Starts the planning deadline (30 working days by default)',
  stops: 'Stops the running deadline: met if on or before its due date, missed after it',
  restarts_acknowledge:
    'Ends the running deadline and starts the acknowledgement deadline again for the new department',
  pauses: 'Pauses the running deadline',
  resumes: 'Resumes the paused deadline, adding the working days it waited to its due date',
  extends: 'Moves the running deadline to the new due date',
  none: '—',
};

const MOVES: readonly CaseMove[] = Object.values(CASE_WORKFLOW);

const stateNames = (states: readonly CaseStatus[]) => states.map((state) => CASE_STATUS_NAMES[state]).join(', ');

/** The states a move starts from, or those it does not when that is the shorter list ("Any state but …"). */
function fromWords(move: CaseMove): string {
  const others = CASE_STATUSES.filter((state) => !move.from.includes(state));
  return others.length > 0 && others.length < move.from.length
    ? `Any state but ${stateNames(others)}`
    : stateNames(move.from);
}

/** The states a move marked `previous` can return to: those from which a case enters the state it leaves. */
function statesBefore(move: CaseMove): CaseStatus[] {
  return CASE_STATUSES.filter((state) =>
    MOVES.some(
      (other) =>
        typeof other.to === 'string' && move.from.includes(other.to as CaseStatus) && other.from.includes(state),
    ),
  );
}

function targetsOf(move: CaseMove, from: CaseStatus): CaseStatus[] {
  if (move.to === 'same') return [from];
  if (move.to === 'previous') return statesBefore(move);
  return [move.to];
}

function targetWords(move: CaseMove): string {
  if (move.to === 'same') return 'No change';
  if (move.to === 'previous') return `Back to where it was (${stateNames(statesBefore(move))})`;
  return CASE_STATUS_NAMES[move.to];
}

// A withdrawal ends the deadline without judging it (the service passes `cancels` for it alone).
const clockWords = (move: CaseMove) =>
  move.name === 'withdraw' && move.clock === 'stops'
    ? 'Cancels the running deadline: it counts as neither met nor missed'
    : CLOCK_EFFECTS[move.clock];

function deadlineWords(state: CaseStatus): string {
  const kind = deadlineKindIn(state);
  if (kind) return DEADLINE_NAMES[kind];
  const pausedHere = MOVES.some((move) => move.clock === 'pauses' && move.to === state);
  return pausedHere ? 'Paused until DPME answers' : '—';
}

const movesOutOf = (state: CaseStatus) => MOVES.filter((move) => move.from.includes(state));

const cell = (text: string) => text.replaceAll('|', '\\|');

/** A table as Prettier prints it: every column padded to its widest cell, the rule as wide as the column. */
function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const all = [header, ...rows].map((row) => row.map(cell));
  const widths = header.map((_, column) => Math.max(3, ...all.map((row) => [...(row[column] ?? '')].length)));
  const line = (row: readonly string[]) =>
    `| ${widths.map((width, column) => (row[column] ?? '') + ' '.repeat(width - [...(row[column] ?? '')].length)).join(' | ')} |`;
  const [head, ...body] = all;
  return [line(head ?? []), line(widths.map((width) => '-'.repeat(width))), ...body.map(line)];
}

function statesTable(): string[] {
  return markdownTable(
    ['State', 'Code', 'Deadline running', 'Moves out'],
    CASE_STATUSES.map((state) => {
      const out = movesOutOf(state).map((move) => move.label);
      return [
        CASE_STATUS_NAMES[state],
        `\`${state}\``,
        deadlineWords(state),
        out.join(', ') || 'None: the case is finished',
      ];
    }),
  );
}

function movesTable(): string[] {
  return markdownTable(
    ['Button', 'From', 'To', 'Who', 'Requires', 'Deadline clock', 'What it does'],
    MOVES.map((move) => [
      move.label,
      fromWords(move),
      targetWords(move),
      MOVERS[move.by],
      move.requires.map((requirement) => REQUIREMENTS[requirement]).join('; ') || '—',
      clockWords(move),
      move.explanation,
    ]),
  );
}

/** The diagram, in Mermaid (GitHub draws it). Moves that keep the state are listed instead of drawn as loops. */
function diagram(): string[] {
  const lines = ['```mermaid', 'stateDiagram-v2'];
  for (const state of CASE_STATUSES) lines.push(`  state "${CASE_STATUS_NAMES[state]}" as ${state}`);
  const [first] = CASE_STATUSES;
  if (first) lines.push(`  [*] --> ${first}`);
  for (const move of MOVES) {
    if (move.to === 'same') continue;
    for (const from of move.from) {
      for (const to of targetsOf(move, from)) lines.push(`  ${from} --> ${to}: ${move.label}`);
    }
  }
  for (const state of CASE_STATUSES) if (movesOutOf(state).length === 0) lines.push(`  ${state} --> [*]`);
  lines.push('```');
  return lines;
}

export function workflowDocument(): string {
  const keepState = MOVES.filter((move) => move.to === 'same');
  const lines = [
    '# Case workflow',
    '',
    'This file is generated by `npm run docs:workflow` from the workflow table in `src/domain/cases/workflow.ts`,',
    'with the state names from `src/domain/vocabulary.ts` and the deadlines from `src/domain/cases/deadlines.ts`.',
    'Do not edit it by hand: change the table and run the script again. A unit test',
    '(`tests/unit/cases/workflow-document.test.ts`) fails when this file no longer matches the table.',
    'How cases are used day to day is in [CASES.md](CASES.md).',
    '',
    '## States',
    '',
    'A deadline runs in a state only while the department has something to do by a date.',
    '',
    ...statesTable(),
    '',
    '## Moves',
    '',
    'Each move is a button on the case page, shown only to the person who may make it and only in the states',
    'it starts from. A move refused by the service says why, in the same words.',
    '',
    ...movesTable(),
    '',
    '## Diagram',
    '',
    keepState.length > 0
      ? `Moves that keep the state are not drawn: ${keepState.map((move) => `${move.label} (from ${stateNames(move.from)})`).join('; ')}.`
      : 'Every move is drawn.',
    '',
    ...diagram(),
  ];
  return `${lines.join('\n')}\n`;
}
