-- CreateTable
CREATE TABLE "ClusterNeighbour" (
    "clusterId" TEXT NOT NULL,
    "nearClusterId" TEXT NOT NULL,
    "rank" INTEGER NOT NULL,
    "similarity" REAL NOT NULL,

    PRIMARY KEY ("clusterId", "nearClusterId"),
    CONSTRAINT "ClusterNeighbour_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "Cluster" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ClusterNeighbour_nearClusterId_fkey" FOREIGN KEY ("nearClusterId") REFERENCES "Cluster" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ClusteringVocabulary" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "clusterRunId" TEXT NOT NULL,
    "features" JSONB NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "ClusteringVocabulary_clusterRunId_fkey" FOREIGN KEY ("clusterRunId") REFERENCES "ClusterRun" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "ClusterNeighbour_nearClusterId_idx" ON "ClusterNeighbour"("nearClusterId");

-- CreateIndex
CREATE UNIQUE INDEX "ClusteringVocabulary_clusterRunId_key" ON "ClusteringVocabulary"("clusterRunId");

-- CreateIndex
CREATE INDEX "ClusteringVocabulary_createdAt_idx" ON "ClusteringVocabulary"("createdAt");
