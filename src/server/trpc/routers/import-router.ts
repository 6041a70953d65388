import { z } from 'zod';
import { textField } from '../../../domain/text/text-schema.ts';
import { env } from '../../../lib/env.ts';
import {
  queueImport,
  readSurveyMapping,
  startImport,
  type ImportRequest,
} from '../../services/imports/import-service.ts';
import {
  getImportProgress,
  getImportRun,
  ImportRunListSchema,
  listImportRuns,
  requestRollback,
  RollbackSchema,
} from '../../services/imports/import-runs.ts';
import { procedureFor, router } from '../trpc.ts';

const ImportFileSchema = z.object({
  fileName: textField().trim().min(1).max(200),
  /** The file's bytes in base64, so that browsers and scripts can send it as JSON too. */
  contentBase64: z.base64(),
  /** A KoboToolbox or ODK Central mapping file's text (docs/SURVEY-IMPORT.md); without it, the import format. */
  mappingJson: textField().max(200_000).optional(),
  updateExisting: z.boolean().default(false),
});

function importRequestOf(input: z.output<typeof ImportFileSchema>): ImportRequest {
  return {
    fileName: input.fileName,
    bytes: Buffer.from(input.contentBase64, 'base64'),
    updateExisting: input.updateExisting,
    maxBytes: env().IMPORT_MAX_MB * 1_048_576,
    mapping: input.mappingJson === undefined ? null : readSurveyMapping(input.mappingJson),
  };
}

/** Importing: analysts and admins anywhere, facilitators at their facilities (and their own runs). */
const importer = procedureFor('admin', 'analyst', 'facilitator');
const RunIdSchema = z.object({ id: textField().min(1) });

export const importRouter = router({
  /**
   * All or nothing: a small file while the caller waits (a refusal carries every problem: line, column, value,
   * reason), a larger one by the background worker (`queued: true`; follow it with `progress`).
   */
  run: importer
    .input(ImportFileSchema)
    .mutation(({ ctx, input }) => startImport(ctx.db, importRequestOf(input), ctx.actor)),
  /** The same, always by the background worker; follow it with `progress`. */
  queue: importer
    .input(ImportFileSchema)
    .mutation(({ ctx, input }) => queueImport(ctx.db, importRequestOf(input), ctx.actor)),
  list: importer.input(ImportRunListSchema).query(({ ctx, input }) => listImportRuns(ctx.db, ctx.actor, input)),
  get: importer.input(RunIdSchema).query(({ ctx, input }) => getImportRun(ctx.db, ctx.actor, input.id)),
  progress: importer.input(RunIdSchema).query(({ ctx, input }) => getImportProgress(ctx.db, ctx.actor, input.id)),
  rollback: procedureFor('admin', 'analyst')
    .input(RollbackSchema)
    .mutation(({ ctx, input }) => requestRollback(ctx.db, ctx.actor, input)),
});
