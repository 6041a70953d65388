-- AlterTable
ALTER TABLE "ImportRun" ADD COLUMN     "phase" TEXT NOT NULL DEFAULT 'reading',
ADD COLUMN     "rolledBackAt" TIMESTAMP(3),
ADD COLUMN     "rolledBackBy" TEXT,
ADD COLUMN     "rowsDone" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "LocalIssue" ADD COLUMN     "personalDataFlagged" BOOLEAN NOT NULL DEFAULT false;
