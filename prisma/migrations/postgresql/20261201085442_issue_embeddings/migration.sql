-- CreateTable
CREATE TABLE "IssueEmbedding" (
    "localIssueId" TEXT NOT NULL,
    "encoder" TEXT NOT NULL,
    "textHash" TEXT NOT NULL,
    "vector" BYTEA NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "IssueEmbedding_pkey" PRIMARY KEY ("localIssueId")
);

-- AddForeignKey
ALTER TABLE "IssueEmbedding" ADD CONSTRAINT "IssueEmbedding_localIssueId_fkey" FOREIGN KEY ("localIssueId") REFERENCES "LocalIssue"("id") ON DELETE CASCADE ON UPDATE CASCADE;
