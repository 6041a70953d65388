-- Written by hand: SQLite adds columns with a constant default in place, where Prisma's generated
-- migration re-created five tables, copying every row.
ALTER TABLE "Department" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "Facility" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "MonitoringRound" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "Tag" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "ImportRun" ADD COLUMN "updateExisting" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "ImportRun" ADD COLUMN "mapping" JSONB;
ALTER TABLE "ImportRun" ADD COLUMN "fileContent" BLOB;
ALTER TABLE "ImportRun" ADD COLUMN "previousContent" JSONB;
