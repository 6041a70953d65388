-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_ClusterRun" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "phase" TEXT NOT NULL DEFAULT 'queued',
    "issueCount" INTEGER NOT NULL DEFAULT 0,
    "embeddedCount" INTEGER NOT NULL DEFAULT 0,
    "isSemantic" BOOLEAN NOT NULL DEFAULT false,
    "clusterCount" INTEGER NOT NULL DEFAULT 0,
    "startedById" TEXT,
    "startedByLabel" TEXT NOT NULL,
    "queuedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" DATETIME,
    "finishedAt" DATETIME,
    "message" TEXT,
    "runnerToken" TEXT,
    "runner" JSONB,
    "heartbeatAt" DATETIME,
    "workerStarts" INTEGER NOT NULL DEFAULT 0
);
INSERT INTO "new_ClusterRun" ("clusterCount", "embeddedCount", "finishedAt", "id", "isSemantic", "issueCount", "message", "phase", "queuedAt", "startedAt", "startedById", "startedByLabel", "status") SELECT "clusterCount", "embeddedCount", "finishedAt", "id", "isSemantic", "issueCount", "message", "phase", "queuedAt", "startedAt", "startedById", "startedByLabel", "status" FROM "ClusterRun";
DROP TABLE "ClusterRun";
ALTER TABLE "new_ClusterRun" RENAME TO "ClusterRun";
CREATE INDEX "ClusterRun_queuedAt_idx" ON "ClusterRun"("queuedAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
