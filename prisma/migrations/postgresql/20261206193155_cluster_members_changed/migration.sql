-- AlterTable
ALTER TABLE "Cluster" ADD COLUMN     "membersChangedAt" TIMESTAMP(3);
