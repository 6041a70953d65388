-- Written by hand: SQLite adds columns in place, where Prisma's generated migration re-created Cluster and
-- LocalIssue (copying every row and dropping LocalIssue's full-text triggers).
CREATE TABLE "ClusterRun" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "phase" TEXT NOT NULL DEFAULT 'queued',
    "issueCount" INTEGER NOT NULL DEFAULT 0,
    "clusterCount" INTEGER NOT NULL DEFAULT 0,
    "startedById" TEXT,
    "startedByLabel" TEXT NOT NULL,
    "queuedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" DATETIME,
    "finishedAt" DATETIME,
    "message" TEXT
);
CREATE INDEX "ClusterRun_queuedAt_idx" ON "ClusterRun"("queuedAt");

ALTER TABLE "Cluster" ADD COLUMN "customLabel" TEXT;
ALTER TABLE "Cluster" ADD COLUMN "mergedIntoId" TEXT;
ALTER TABLE "Cluster" ADD COLUMN "issueCount" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "Cluster" ADD COLUMN "facilityCount" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "Cluster" ADD COLUMN "provinceCount" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "Cluster" ADD COLUMN "peopleAffected" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "Cluster" ADD COLUMN "lastSeenOn" DATETIME;
ALTER TABLE "Cluster" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 0;
CREATE INDEX "Cluster_status_facilityCount_idx" ON "Cluster"("status", "facilityCount");

ALTER TABLE "LocalIssue" ADD COLUMN "clusterPinned" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "LocalIssue" ADD COLUMN "nearDuplicateOfId" TEXT REFERENCES "LocalIssue" ("id") ON DELETE SET NULL ON UPDATE CASCADE;
