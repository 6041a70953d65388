-- CreateEnum
CREATE TYPE "FollowUpResult" AS ENUM ('still_reported', 'improved', 'no_longer_reported');

-- CreateTable
CREATE TABLE "FollowUpFinding" (
    "id" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "facilityId" TEXT NOT NULL,
    "result" "FollowUpResult" NOT NULL,
    "roundId" TEXT NOT NULL,
    "citizensAsked" INTEGER,
    "citizensCiting" INTEGER,
    "note" TEXT,
    "foundOn" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "FollowUpFinding_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "FollowUpFinding_facilityId_idx" ON "FollowUpFinding"("facilityId");

-- CreateIndex
CREATE INDEX "FollowUpFinding_roundId_idx" ON "FollowUpFinding"("roundId");

-- CreateIndex
CREATE UNIQUE INDEX "FollowUpFinding_caseId_facilityId_key" ON "FollowUpFinding"("caseId", "facilityId");

-- AddForeignKey
ALTER TABLE "FollowUpFinding" ADD CONSTRAINT "FollowUpFinding_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "SystemicCase"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FollowUpFinding" ADD CONSTRAINT "FollowUpFinding_facilityId_fkey" FOREIGN KEY ("facilityId") REFERENCES "Facility"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FollowUpFinding" ADD CONSTRAINT "FollowUpFinding_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "MonitoringRound"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
