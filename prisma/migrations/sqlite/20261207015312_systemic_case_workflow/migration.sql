-- AlterTable
ALTER TABLE "ResponseAction" ADD COLUMN "dropReason" TEXT;
ALTER TABLE "ResponseAction" ADD COLUMN "evidenceUrl" TEXT;

-- CreateTable
CREATE TABLE "CaseDeadline" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "caseId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "departmentId" TEXT NOT NULL,
    "startedOn" DATETIME NOT NULL,
    "dueOn" DATETIME NOT NULL,
    "originalDueOn" DATETIME NOT NULL,
    "pausedOn" DATETIME,
    "pausedWorkingDays" INTEGER NOT NULL DEFAULT 0,
    "extensions" INTEGER NOT NULL DEFAULT 0,
    "endedOn" DATETIME,
    "outcome" TEXT,
    CONSTRAINT "CaseDeadline_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "SystemicCase" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "CaseDeadline_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CaseReferenceCounter" (
    "year" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "last" INTEGER NOT NULL
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_CaseEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "caseId" TEXT NOT NULL,
    "actorId" TEXT,
    "actorLabel" TEXT NOT NULL,
    "actorRole" TEXT,
    "actorDepartmentId" TEXT,
    "kind" TEXT NOT NULL,
    "fromStatus" TEXT,
    "toStatus" TEXT,
    "reason" TEXT,
    "evidenceUrl" TEXT,
    "isPublic" BOOLEAN NOT NULL DEFAULT false,
    "version" INTEGER NOT NULL DEFAULT 0,
    "changes" JSONB,
    "transferFromId" TEXT,
    "transferToId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "CaseEvent_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "SystemicCase" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "CaseEvent_transferFromId_fkey" FOREIGN KEY ("transferFromId") REFERENCES "Department" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "CaseEvent_transferToId_fkey" FOREIGN KEY ("transferToId") REFERENCES "Department" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_CaseEvent" ("actorId", "actorLabel", "caseId", "changes", "createdAt", "fromStatus", "id", "kind", "reason", "toStatus", "transferFromId", "transferToId") SELECT "actorId", "actorLabel", "caseId", "changes", "createdAt", "fromStatus", "id", "kind", "reason", "toStatus", "transferFromId", "transferToId" FROM "CaseEvent";
DROP TABLE "CaseEvent";
ALTER TABLE "new_CaseEvent" RENAME TO "CaseEvent";
CREATE INDEX "CaseEvent_caseId_createdAt_idx" ON "CaseEvent"("caseId", "createdAt");
CREATE INDEX "CaseEvent_transferFromId_idx" ON "CaseEvent"("transferFromId");
CREATE INDEX "CaseEvent_transferToId_idx" ON "CaseEvent"("transferToId");
CREATE TABLE "new_SystemicCase" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "reference" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "problemStatement" TEXT NOT NULL,
    "rootCauseSynthesis" TEXT NOT NULL DEFAULT '',
    "owningDepartmentId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "resumeStatus" TEXT,
    "priority" TEXT NOT NULL DEFAULT 'medium',
    "visibility" TEXT NOT NULL DEFAULT 'internal',
    "primaryTagId" TEXT,
    "escalatedAt" DATETIME,
    "nextDueOn" DATETIME,
    "createdById" TEXT,
    "version" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "SystemicCase_owningDepartmentId_fkey" FOREIGN KEY ("owningDepartmentId") REFERENCES "Department" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "SystemicCase_primaryTagId_fkey" FOREIGN KEY ("primaryTagId") REFERENCES "Tag" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_SystemicCase" ("createdAt", "escalatedAt", "id", "owningDepartmentId", "priority", "problemStatement", "reference", "rootCauseSynthesis", "status", "title", "updatedAt", "version", "visibility") SELECT "createdAt", "escalatedAt", "id", "owningDepartmentId", "priority", "problemStatement", "reference", "rootCauseSynthesis", "status", "title", "updatedAt", "version", "visibility" FROM "SystemicCase";
DROP TABLE "SystemicCase";
ALTER TABLE "new_SystemicCase" RENAME TO "SystemicCase";
CREATE UNIQUE INDEX "SystemicCase_reference_key" ON "SystemicCase"("reference");
CREATE INDEX "SystemicCase_owningDepartmentId_status_idx" ON "SystemicCase"("owningDepartmentId", "status");
CREATE INDEX "SystemicCase_nextDueOn_idx" ON "SystemicCase"("nextDueOn");
CREATE INDEX "SystemicCase_status_idx" ON "SystemicCase"("status");
CREATE INDEX "SystemicCase_visibility_status_idx" ON "SystemicCase"("visibility", "status");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "CaseDeadline_caseId_endedOn_idx" ON "CaseDeadline"("caseId", "endedOn");

-- CreateIndex
CREATE INDEX "CaseDeadline_departmentId_endedOn_idx" ON "CaseDeadline"("departmentId", "endedOn");

-- A transfer is now a move back to escalated, not a resting state; a cancelled action is a dropped one.
UPDATE "SystemicCase" SET "status" = 'escalated' WHERE "status" = 'transferred';
UPDATE "ResponseAction" SET "status" = 'dropped' WHERE "status" = 'cancelled';

-- A case's history is append-only: the database itself refuses to change or remove an event. A later
-- migration that re-creates CaseEvent must create these again (tests/integration/cases checks they exist).
CREATE TRIGGER "CaseEvent_no_update" BEFORE UPDATE ON "CaseEvent"
BEGIN
  SELECT RAISE(ABORT, 'CaseEvent rows are append-only: a case''s history cannot be changed or deleted');
END;
CREATE TRIGGER "CaseEvent_no_delete" BEFORE DELETE ON "CaseEvent"
BEGIN
  SELECT RAISE(ABORT, 'CaseEvent rows are append-only: a case''s history cannot be changed or deleted');
END;
