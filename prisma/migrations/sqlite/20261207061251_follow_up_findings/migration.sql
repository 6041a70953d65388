-- CreateTable
CREATE TABLE "FollowUpFinding" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "caseId" TEXT NOT NULL,
    "facilityId" TEXT NOT NULL,
    "result" TEXT NOT NULL,
    "roundId" TEXT NOT NULL,
    "citizensAsked" INTEGER,
    "citizensCiting" INTEGER,
    "note" TEXT,
    "foundOn" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "FollowUpFinding_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "SystemicCase" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "FollowUpFinding_facilityId_fkey" FOREIGN KEY ("facilityId") REFERENCES "Facility" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "FollowUpFinding_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "MonitoringRound" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "FollowUpFinding_facilityId_idx" ON "FollowUpFinding"("facilityId");

-- CreateIndex
CREATE INDEX "FollowUpFinding_roundId_idx" ON "FollowUpFinding"("roundId");

-- CreateIndex
CREATE UNIQUE INDEX "FollowUpFinding_caseId_facilityId_key" ON "FollowUpFinding"("caseId", "facilityId");
