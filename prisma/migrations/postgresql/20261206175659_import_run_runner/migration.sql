-- AlterTable
ALTER TABLE "ImportRun" ADD COLUMN     "heartbeatAt" TIMESTAMP(3),
ADD COLUMN     "runner" JSONB,
ADD COLUMN     "runnerToken" TEXT,
ADD COLUMN     "workerStarts" INTEGER NOT NULL DEFAULT 0;

-- CreateIndex
CREATE INDEX "ImportRun_runnerToken_idx" ON "ImportRun"("runnerToken");

-- CreateIndex
CREATE INDEX "ImportRun_outcome_idx" ON "ImportRun"("outcome");
