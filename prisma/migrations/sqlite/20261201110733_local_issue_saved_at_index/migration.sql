-- CreateIndex
CREATE INDEX "LocalIssue_updatedAt_idx" ON "LocalIssue"("updatedAt");
