-- CreateEnum
CREATE TYPE "ThemeDecisionKind" AS ENUM ('rename', 'move_problem');

-- AlterTable
ALTER TABLE "Cluster" ADD COLUMN     "themeId" TEXT,
ADD COLUMN     "themePinned" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "LocalIssue" ADD COLUMN     "themeId" TEXT;

-- CreateTable
CREATE TABLE "Theme" (
    "id" TEXT NOT NULL,
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
    "lastSeenOn" TIMESTAMP(3),
    "version" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Theme_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ThemeDecision" (
    "id" TEXT NOT NULL,
    "themeId" TEXT NOT NULL,
    "kind" "ThemeDecisionKind" NOT NULL,
    "payload" JSONB NOT NULL,
    "actorId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ThemeDecision_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Theme_facilityCount_idx" ON "Theme"("facilityCount");

-- CreateIndex
CREATE INDEX "ThemeDecision_themeId_createdAt_idx" ON "ThemeDecision"("themeId", "createdAt");

-- CreateIndex
CREATE INDEX "Cluster_themeId_idx" ON "Cluster"("themeId");

-- CreateIndex
CREATE INDEX "LocalIssue_themeId_clusterId_idx" ON "LocalIssue"("themeId", "clusterId");

-- AddForeignKey
ALTER TABLE "Cluster" ADD CONSTRAINT "Cluster_themeId_fkey" FOREIGN KEY ("themeId") REFERENCES "Theme"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ThemeDecision" ADD CONSTRAINT "ThemeDecision_themeId_fkey" FOREIGN KEY ("themeId") REFERENCES "Theme"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
