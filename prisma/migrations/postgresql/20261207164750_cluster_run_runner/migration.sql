-- AlterTable
ALTER TABLE "ClusterRun" ADD COLUMN     "heartbeatAt" TIMESTAMP(3),
ADD COLUMN     "runner" JSONB,
ADD COLUMN     "runnerToken" TEXT,
ADD COLUMN     "workerStarts" INTEGER NOT NULL DEFAULT 0;
