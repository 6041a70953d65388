-- AlterTable
ALTER TABLE "Department" ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "Facility" ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "ImportRun" ADD COLUMN     "fileContent" BYTEA,
ADD COLUMN     "mapping" JSONB,
ADD COLUMN     "previousContent" JSONB,
ADD COLUMN     "updateExisting" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "MonitoringRound" ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "Tag" ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 0;
