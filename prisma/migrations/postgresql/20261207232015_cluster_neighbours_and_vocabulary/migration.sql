-- CreateTable
CREATE TABLE "ClusterNeighbour" (
    "clusterId" TEXT NOT NULL,
    "nearClusterId" TEXT NOT NULL,
    "rank" INTEGER NOT NULL,
    "similarity" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "ClusterNeighbour_pkey" PRIMARY KEY ("clusterId","nearClusterId")
);

-- CreateTable
CREATE TABLE "ClusteringVocabulary" (
    "id" TEXT NOT NULL,
    "clusterRunId" TEXT NOT NULL,
    "features" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ClusteringVocabulary_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ClusterNeighbour_nearClusterId_idx" ON "ClusterNeighbour"("nearClusterId");

-- CreateIndex
CREATE UNIQUE INDEX "ClusteringVocabulary_clusterRunId_key" ON "ClusteringVocabulary"("clusterRunId");

-- CreateIndex
CREATE INDEX "ClusteringVocabulary_createdAt_idx" ON "ClusteringVocabulary"("createdAt");

-- AddForeignKey
ALTER TABLE "ClusterNeighbour" ADD CONSTRAINT "ClusterNeighbour_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "Cluster"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ClusterNeighbour" ADD CONSTRAINT "ClusterNeighbour_nearClusterId_fkey" FOREIGN KEY ("nearClusterId") REFERENCES "Cluster"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ClusteringVocabulary" ADD CONSTRAINT "ClusteringVocabulary_clusterRunId_fkey" FOREIGN KEY ("clusterRunId") REFERENCES "ClusterRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;
