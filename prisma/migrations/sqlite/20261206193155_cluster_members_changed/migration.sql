-- AlterTable
ALTER TABLE "Cluster" ADD COLUMN "membersChangedAt" DATETIME;
