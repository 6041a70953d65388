-- DropIndex
DROP INDEX "LocalIssue_clusterId_idx";

-- CreateIndex
CREATE INDEX "LocalIssue_clusterId_archived_clusterSimilarity_facilityId__idx" ON "LocalIssue"("clusterId", "archived", "clusterSimilarity", "facilityId", "raisedOn");
