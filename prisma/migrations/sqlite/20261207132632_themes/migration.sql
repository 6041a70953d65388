-- AlterTable
ALTER TABLE "LocalIssue" ADD COLUMN "themeId" TEXT;

-- CreateTable
CREATE TABLE "Theme" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "label" TEXT NOT NULL,
    "customLabel" TEXT,
    "explanation" JSONB,
    "spread" JSONB,
    "isSystemicCandidate" BOOLEAN NOT NULL DEFAULT false,
    "suggestedDepartmentId" TEXT,
    "problemCount" INTEGER NOT NULL DEFAULT 0,
    "lonerCount" INTEGER NOT NULL DEFAULT 0,
    "issueCount" INTEGER NOT NULL DEFAULT 0,
    "facilityCount" INTEGER NOT NULL DEFAULT 0,
    "provinceCount" INTEGER NOT NULL DEFAULT 0,
    "peopleAffected" INTEGER NOT NULL DEFAULT 0,
    "lastSeenOn" DATETIME,
    "version" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ThemeDecision" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "themeId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "actorId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ThemeDecision_themeId_fkey" FOREIGN KEY ("themeId") REFERENCES "Theme" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Cluster" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "label" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'suggested',
    "explanation" JSONB,
    "spread" JSONB,
    "isSystemicCandidate" BOOLEAN NOT NULL DEFAULT false,
    "suggestedDepartmentId" TEXT,
    "customLabel" TEXT,
    "mergedIntoId" TEXT,
    "issueCount" INTEGER NOT NULL DEFAULT 0,
    "facilityCount" INTEGER NOT NULL DEFAULT 0,
    "provinceCount" INTEGER NOT NULL DEFAULT 0,
    "peopleAffected" INTEGER NOT NULL DEFAULT 0,
    "lastSeenOn" DATETIME,
    "membersChangedAt" DATETIME,
    "themeId" TEXT,
    "themePinned" BOOLEAN NOT NULL DEFAULT false,
    "version" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Cluster_themeId_fkey" FOREIGN KEY ("themeId") REFERENCES "Theme" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Cluster" ("createdAt", "customLabel", "explanation", "facilityCount", "id", "isSystemicCandidate", "issueCount", "label", "lastSeenOn", "membersChangedAt", "mergedIntoId", "peopleAffected", "provinceCount", "spread", "status", "suggestedDepartmentId", "updatedAt", "version") SELECT "createdAt", "customLabel", "explanation", "facilityCount", "id", "isSystemicCandidate", "issueCount", "label", "lastSeenOn", "membersChangedAt", "mergedIntoId", "peopleAffected", "provinceCount", "spread", "status", "suggestedDepartmentId", "updatedAt", "version" FROM "Cluster";
DROP TABLE "Cluster";
ALTER TABLE "new_Cluster" RENAME TO "Cluster";
CREATE INDEX "Cluster_status_idx" ON "Cluster"("status");
CREATE INDEX "Cluster_status_facilityCount_idx" ON "Cluster"("status", "facilityCount");
CREATE INDEX "Cluster_themeId_idx" ON "Cluster"("themeId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "Theme_facilityCount_idx" ON "Theme"("facilityCount");

-- CreateIndex
CREATE INDEX "ThemeDecision_themeId_createdAt_idx" ON "ThemeDecision"("themeId", "createdAt");

-- CreateIndex
CREATE INDEX "LocalIssue_themeId_clusterId_idx" ON "LocalIssue"("themeId", "clusterId");
