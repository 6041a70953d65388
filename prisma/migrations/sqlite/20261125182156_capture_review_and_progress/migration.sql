-- Written by hand: SQLite adds columns with a constant default in place, where Prisma's generated
-- migration re-created LocalIssue (copying every row and dropping the full-text triggers).
ALTER TABLE "ImportRun" ADD COLUMN "phase" TEXT NOT NULL DEFAULT 'reading';
ALTER TABLE "ImportRun" ADD COLUMN "rowsDone" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "ImportRun" ADD COLUMN "rolledBackAt" DATETIME;
ALTER TABLE "ImportRun" ADD COLUMN "rolledBackBy" TEXT;
ALTER TABLE "LocalIssue" ADD COLUMN "personalDataFlagged" BOOLEAN NOT NULL DEFAULT false;
