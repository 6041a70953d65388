-- CreateIndex
CREATE INDEX "LocalIssue_themeId_archived_raisedOn_idx" ON "LocalIssue"("themeId", "archived", "raisedOn");
