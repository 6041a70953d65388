import type { ImportPhase } from '../../server/services/imports/import-service.ts';
import type { IMPORT_OUTCOMES } from '../../server/services/imports/import-runs.ts';

export const IMPORT_OUTCOME_NAMES: Record<(typeof IMPORT_OUTCOMES)[number], string> = {
  running: 'Running',
  succeeded: 'Imported',
  failed: 'Refused',
  rolled_back: 'Rolled back',
};

export const IMPORT_PHASE_NAMES: Record<ImportPhase, string> = {
  queued: 'Waiting for the import worker',
  reading: 'Reading the file',
  checking: 'Checking every row',
  writing: 'Writing the rows in one transaction',
  done: 'Done',
};

/** "CSV (import format)", "KoboToolbox form citizen-survey-2025", ... */
export function importSourceName(source: string): string {
  const [tool, form] = source.split(/:(.*)/s);
  if (tool === 'kobo') return `KoboToolbox form ${form}`;
  if (tool === 'odk') return `ODK Central form ${form}`;
  return 'CSV in the import format';
}
