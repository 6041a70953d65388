-- DropIndex
DROP INDEX "LocalIssue_personalDataFlagged_archived_raisedOn_idx";

-- CreateIndex
CREATE INDEX "LocalIssue_personalDataFlagged_archived_raisedOn_id_idx" ON "LocalIssue"("personalDataFlagged", "archived", "raisedOn", "id");
