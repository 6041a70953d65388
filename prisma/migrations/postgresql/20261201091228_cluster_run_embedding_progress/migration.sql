-- AlterTable
ALTER TABLE "ClusterRun" ADD COLUMN     "embeddedCount" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "isSemantic" BOOLEAN NOT NULL DEFAULT false;
