// npm run docs:workflow: writes docs/CASE-WORKFLOW.md from the workflow table (src/domain/cases/workflow.ts).
import { readFileSync, writeFileSync } from 'node:fs';
import { workflowDocument } from '../src/domain/cases/workflow-document.ts';

const target = new URL('../docs/CASE-WORKFLOW.md', import.meta.url);
const text = workflowDocument();
let current = '';
try {
  current = readFileSync(target, 'utf8');
} catch {
  // Not written yet.
}
if (current === text) {
  console.log('docs/CASE-WORKFLOW.md already matches the workflow table.');
} else {
  writeFileSync(target, text);
  console.log('Wrote docs/CASE-WORKFLOW.md from the workflow table.');
}
