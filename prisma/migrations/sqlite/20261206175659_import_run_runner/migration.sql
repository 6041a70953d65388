-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_ImportRun" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "actorId" TEXT,
    "actorLabel" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "fileChecksum" TEXT NOT NULL,
    "rowsTotal" INTEGER NOT NULL DEFAULT 0,
    "rowsCreated" INTEGER NOT NULL DEFAULT 0,
    "rowsUpdated" INTEGER NOT NULL DEFAULT 0,
    "rowsUnchanged" INTEGER NOT NULL DEFAULT 0,
    "rowsFailed" INTEGER NOT NULL DEFAULT 0,
    "outcome" TEXT NOT NULL DEFAULT 'running',
    "phase" TEXT NOT NULL DEFAULT 'reading',
    "rowsDone" INTEGER NOT NULL DEFAULT 0,
    "report" JSONB,
    "updateExisting" BOOLEAN NOT NULL DEFAULT false,
    "mapping" JSONB,
    "fileContent" BLOB,
    "previousContent" JSONB,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME,
    "rolledBackAt" DATETIME,
    "rolledBackBy" TEXT,
    "rollbackRequestedAt" DATETIME,
    "rollbackRequestedBy" TEXT,
    "rollbackRefusal" JSONB,
    "runnerToken" TEXT,
    "runner" JSONB,
    "heartbeatAt" DATETIME,
    "workerStarts" INTEGER NOT NULL DEFAULT 0
);
INSERT INTO "new_ImportRun" ("actorId", "actorLabel", "fileChecksum", "fileContent", "fileName", "finishedAt", "id", "mapping", "outcome", "phase", "previousContent", "report", "rollbackRefusal", "rollbackRequestedAt", "rollbackRequestedBy", "rolledBackAt", "rolledBackBy", "rowsCreated", "rowsDone", "rowsFailed", "rowsTotal", "rowsUnchanged", "rowsUpdated", "source", "startedAt", "updateExisting") SELECT "actorId", "actorLabel", "fileChecksum", "fileContent", "fileName", "finishedAt", "id", "mapping", "outcome", "phase", "previousContent", "report", "rollbackRefusal", "rollbackRequestedAt", "rollbackRequestedBy", "rolledBackAt", "rolledBackBy", "rowsCreated", "rowsDone", "rowsFailed", "rowsTotal", "rowsUnchanged", "rowsUpdated", "source", "startedAt", "updateExisting" FROM "ImportRun";
DROP TABLE "ImportRun";
ALTER TABLE "new_ImportRun" RENAME TO "ImportRun";
CREATE INDEX "ImportRun_startedAt_idx" ON "ImportRun"("startedAt");
CREATE INDEX "ImportRun_fileChecksum_idx" ON "ImportRun"("fileChecksum");
CREATE INDEX "ImportRun_runnerToken_idx" ON "ImportRun"("runnerToken");
CREATE INDEX "ImportRun_outcome_idx" ON "ImportRun"("outcome");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
