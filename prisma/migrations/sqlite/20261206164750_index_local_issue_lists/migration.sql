-- DropIndex
DROP INDEX "LocalIssue_updatedAt_idx";

-- DropIndex
DROP INDEX "LocalIssue_raisedOn_idx";

-- CreateIndex
CREATE INDEX "LocalIssue_status_archived_facilityId_idx" ON "LocalIssue"("status", "archived", "facilityId");

-- CreateIndex
CREATE INDEX "LocalIssue_personalDataFlagged_archived_raisedOn_idx" ON "LocalIssue"("personalDataFlagged", "archived", "raisedOn");

-- CreateIndex
CREATE INDEX "LocalIssue_title_id_idx" ON "LocalIssue"("title", "id");

-- CreateIndex
CREATE INDEX "LocalIssue_raisedOn_id_idx" ON "LocalIssue"("raisedOn", "id");

-- CreateIndex
CREATE INDEX "LocalIssue_updatedAt_id_idx" ON "LocalIssue"("updatedAt", "id");
