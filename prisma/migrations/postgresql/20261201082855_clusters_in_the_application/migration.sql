-- CreateEnum
CREATE TYPE "ClusterRunStatus" AS ENUM ('queued', 'running', 'succeeded', 'failed');

-- AlterEnum
ALTER TYPE "ClusterStatus" ADD VALUE 'merged';

-- AlterTable
ALTER TABLE "Cluster" ADD COLUMN     "customLabel" TEXT,
ADD COLUMN     "facilityCount" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "issueCount" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "lastSeenOn" TIMESTAMP(3),
ADD COLUMN     "mergedIntoId" TEXT,
ADD COLUMN     "peopleAffected" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "provinceCount" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "LocalIssue" ADD COLUMN     "clusterPinned" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "nearDuplicateOfId" TEXT;

-- CreateTable
CREATE TABLE "ClusterRun" (
    "id" TEXT NOT NULL,
    "status" "ClusterRunStatus" NOT NULL DEFAULT 'queued',
    "phase" TEXT NOT NULL DEFAULT 'queued',
    "issueCount" INTEGER NOT NULL DEFAULT 0,
    "clusterCount" INTEGER NOT NULL DEFAULT 0,
    "startedById" TEXT,
    "startedByLabel" TEXT NOT NULL,
    "queuedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "message" TEXT,

    CONSTRAINT "ClusterRun_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ClusterRun_queuedAt_idx" ON "ClusterRun"("queuedAt");

-- CreateIndex
CREATE INDEX "Cluster_status_facilityCount_idx" ON "Cluster"("status", "facilityCount");

-- AddForeignKey
ALTER TABLE "LocalIssue" ADD CONSTRAINT "LocalIssue_nearDuplicateOfId_fkey" FOREIGN KEY ("nearDuplicateOfId") REFERENCES "LocalIssue"("id") ON DELETE SET NULL ON UPDATE CASCADE;
