import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEADLINE_NAMES, DEADLINE_KINDS } from '../../../src/domain/cases/deadlines.ts';
import { CASE_WORKFLOW } from '../../../src/domain/cases/workflow.ts';
import { workflowDocument } from '../../../src/domain/cases/workflow-document.ts';
import { CASE_STATUSES, CASE_STATUS_NAMES } from '../../../src/domain/vocabulary.ts';

const committed = readFileSync(new URL('../../../docs/CASE-WORKFLOW.md', import.meta.url), 'utf8');

/** The lines of the moves table: the rows after the header of the table under "## Moves". */
function movesTableRows(document: string): string[] {
  const section = document.split('## Moves')[1]?.split('\n## ')[0] ?? '';
  return section
    .split('\n')
    .filter((line) => line.startsWith('| '))
    .slice(2);
}

describe('workflowDocument', () => {
  it('matches the committed docs/CASE-WORKFLOW.md', () => {
    expect(committed, 'docs/CASE-WORKFLOW.md is stale: run npm run docs:workflow').toBe(workflowDocument());
  });

  it('gives every move one row, in table order, with its label, who makes it and its explanation', () => {
    const rows = movesTableRows(workflowDocument());
    const moves = Object.values(CASE_WORKFLOW);
    expect(rows).toHaveLength(moves.length);
    moves.forEach((move, index) => {
      const row = rows[index] ?? '';
      expect(row.startsWith(`| ${move.label} `)).toBe(true);
      expect(row).toContain(move.by === 'analyst' ? 'DPME CBM analyst' : 'Official of the owning department');
      expect(row).toContain(move.explanation);
    });
  });

  it('names every state, with its code, in the states table and in the diagram', () => {
    const document = workflowDocument();
    for (const state of CASE_STATUSES) {
      expect(document).toContain(`| ${CASE_STATUS_NAMES[state]} `);
      expect(document).toContain(`\`${state}\``);
      expect(document).toContain(`state "${CASE_STATUS_NAMES[state]}" as ${state}`);
    }
  });

  it('names each deadline in the state it runs in', () => {
    const document = workflowDocument();
    for (const kind of DEADLINE_KINDS) expect(document).toContain(`| ${DEADLINE_NAMES[kind]} `);
    expect(document).toMatch(/\| Waiting for DPME +\| `information_requested` +\| Paused until DPME answers /);
  });

  it('draws every move that changes the state, and the way back from waiting for DPME to each state it came from', () => {
    const document = workflowDocument();
    for (const move of Object.values(CASE_WORKFLOW)) {
      if (move.to === 'same' || move.to === 'previous') continue;
      for (const from of move.from) expect(document).toContain(`  ${from} --> ${move.to}: ${move.label}\n`);
    }
    for (const from of CASE_WORKFLOW.request_information.from) {
      expect(document).toContain(`  information_requested --> ${from}: ${CASE_WORKFLOW.answer_information.label}\n`);
    }
    expect(document).toContain('Moves that keep the state are not drawn: Extend the deadline');
  });

  it('says a withdrawal cancels the deadline rather than counting it met or missed', () => {
    const withdraw = movesTableRows(workflowDocument()).find((row) => row.startsWith('| Withdraw the case '));
    expect(withdraw).toContain('Cancels the running deadline');
    expect(withdraw).toContain('Any state but Verified, Closed, Closed as not fixed, Withdrawn');
  });

  it('ends with one newline and holds no trailing spaces', () => {
    const document = workflowDocument();
    expect(document.endsWith('\n')).toBe(true);
    expect(document.endsWith('\n\n')).toBe(false);
    expect(document.split('\n').filter((line) => line !== line.trimEnd())).toEqual([]);
  });
});
