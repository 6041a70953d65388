-- CreateTable
CREATE TABLE "PublicTextReview" (
    "textKey" TEXT NOT NULL PRIMARY KEY,
    "decision" TEXT NOT NULL,
    "reviewedById" TEXT,
    "reviewedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
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
    "publicFacilityNames" BOOLEAN NOT NULL DEFAULT false,
    "primaryTagId" TEXT,
    "escalatedAt" DATETIME,
    "nextDueOn" DATETIME,
    "publicChangedAt" DATETIME,
    "createdById" TEXT,
    "version" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "SystemicCase_owningDepartmentId_fkey" FOREIGN KEY ("owningDepartmentId") REFERENCES "Department" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "SystemicCase_primaryTagId_fkey" FOREIGN KEY ("primaryTagId") REFERENCES "Tag" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_SystemicCase" ("createdAt", "createdById", "escalatedAt", "id", "nextDueOn", "owningDepartmentId", "primaryTagId", "priority", "problemStatement", "reference", "resumeStatus", "rootCauseSynthesis", "status", "title", "updatedAt", "version", "visibility") SELECT "createdAt", "createdById", "escalatedAt", "id", "nextDueOn", "owningDepartmentId", "primaryTagId", "priority", "problemStatement", "reference", "resumeStatus", "rootCauseSynthesis", "status", "title", "updatedAt", "version", "visibility" FROM "SystemicCase";
DROP TABLE "SystemicCase";
ALTER TABLE "new_SystemicCase" RENAME TO "SystemicCase";
CREATE UNIQUE INDEX "SystemicCase_reference_key" ON "SystemicCase"("reference");
CREATE INDEX "SystemicCase_owningDepartmentId_status_idx" ON "SystemicCase"("owningDepartmentId", "status");
CREATE INDEX "SystemicCase_owningDepartmentId_nextDueOn_idx" ON "SystemicCase"("owningDepartmentId", "nextDueOn");
CREATE INDEX "SystemicCase_nextDueOn_idx" ON "SystemicCase"("nextDueOn");
CREATE INDEX "SystemicCase_primaryTagId_idx" ON "SystemicCase"("primaryTagId");
CREATE INDEX "SystemicCase_status_idx" ON "SystemicCase"("status");
CREATE INDEX "SystemicCase_visibility_status_idx" ON "SystemicCase"("visibility", "status");
CREATE INDEX "SystemicCase_visibility_publicChangedAt_idx" ON "SystemicCase"("visibility", "publicChangedAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- The public lists' "last changed": when the last event the public timeline shows happened (isPublicEvent in
-- src/domain/cases/public-case.ts: not the draft's creation, not an edit, not an internal comment). Kept here so
-- that no service can forget it. A later migration that re-creates CaseEvent must create this again
-- (tests/integration/services/cases/public-cases.test.ts checks it).
CREATE TRIGGER "CaseEvent_public_changed_at" AFTER INSERT ON "CaseEvent"
WHEN NEW."kind" NOT IN ('created', 'edited') AND (NEW."kind" <> 'commented' OR NEW."isPublic")
BEGIN
  UPDATE "SystemicCase" SET "publicChangedAt" = NEW."createdAt"
  WHERE "id" = NEW."caseId" AND ("publicChangedAt" IS NULL OR "publicChangedAt" < NEW."createdAt");
END;

UPDATE "SystemicCase" SET "publicChangedAt" = (
  SELECT MAX("createdAt") FROM "CaseEvent"
  WHERE "CaseEvent"."caseId" = "SystemicCase"."id"
    AND "kind" NOT IN ('created', 'edited') AND ("kind" <> 'commented' OR "isPublic")
);
