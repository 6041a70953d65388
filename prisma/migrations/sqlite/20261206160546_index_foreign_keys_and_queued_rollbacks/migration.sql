-- AlterTable
ALTER TABLE "ImportRun" ADD COLUMN "rollbackRefusal" JSONB;
ALTER TABLE "ImportRun" ADD COLUMN "rollbackRequestedAt" DATETIME;
ALTER TABLE "ImportRun" ADD COLUMN "rollbackRequestedBy" TEXT;

-- CreateIndex
CREATE INDEX "CaseEvent_transferFromId_idx" ON "CaseEvent"("transferFromId");

-- CreateIndex
CREATE INDEX "CaseEvent_transferToId_idx" ON "CaseEvent"("transferToId");

-- CreateIndex
CREATE INDEX "LocalIssue_nearDuplicateOfId_idx" ON "LocalIssue"("nearDuplicateOfId");

-- CreateIndex
CREATE INDEX "Tag_routingDepartmentId_idx" ON "Tag"("routingDepartmentId");

-- CreateIndex
CREATE INDEX "TagAlias_tagId_idx" ON "TagAlias"("tagId");
