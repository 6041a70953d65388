-- CreateTable
CREATE TABLE "IssueEmbedding" (
    "localIssueId" TEXT NOT NULL PRIMARY KEY,
    "encoder" TEXT NOT NULL,
    "textHash" TEXT NOT NULL,
    "vector" BLOB NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "IssueEmbedding_localIssueId_fkey" FOREIGN KEY ("localIssueId") REFERENCES "LocalIssue" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
