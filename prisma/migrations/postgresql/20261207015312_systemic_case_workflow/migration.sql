-- AlterEnum
BEGIN;
CREATE TYPE "CaseStatus_new" AS ENUM ('draft', 'escalated', 'acknowledged', 'accepted', 'declined', 'information_requested', 'response_planned', 'in_progress', 'resolved', 'verified', 'closed', 'closed_not_fixed', 'withdrawn');
ALTER TABLE "public"."SystemicCase" ALTER COLUMN "status" DROP DEFAULT;
-- A transfer is now a move back to escalated, not a resting state.
ALTER TABLE "SystemicCase" ALTER COLUMN "status" TYPE "CaseStatus_new" USING (replace("status"::text, 'transferred', 'escalated')::"CaseStatus_new");
ALTER TABLE "CaseEvent" ALTER COLUMN "fromStatus" TYPE "CaseStatus_new" USING (replace("fromStatus"::text, 'transferred', 'escalated')::"CaseStatus_new");
ALTER TABLE "CaseEvent" ALTER COLUMN "toStatus" TYPE "CaseStatus_new" USING (replace("toStatus"::text, 'transferred', 'escalated')::"CaseStatus_new");
ALTER TYPE "CaseStatus" RENAME TO "CaseStatus_old";
ALTER TYPE "CaseStatus_new" RENAME TO "CaseStatus";
DROP TYPE "public"."CaseStatus_old";
ALTER TABLE "SystemicCase" ALTER COLUMN "status" SET DEFAULT 'draft';
COMMIT;

-- AlterEnum
BEGIN;
CREATE TYPE "ResponseActionStatus_new" AS ENUM ('planned', 'in_progress', 'done', 'dropped');
ALTER TABLE "public"."ResponseAction" ALTER COLUMN "status" DROP DEFAULT;
ALTER TABLE "ResponseAction" ALTER COLUMN "status" TYPE "ResponseActionStatus_new" USING (replace("status"::text, 'cancelled', 'dropped')::"ResponseActionStatus_new");
ALTER TYPE "ResponseActionStatus" RENAME TO "ResponseActionStatus_old";
ALTER TYPE "ResponseActionStatus_new" RENAME TO "ResponseActionStatus";
DROP TYPE "public"."ResponseActionStatus_old";
ALTER TABLE "ResponseAction" ALTER COLUMN "status" SET DEFAULT 'planned';
COMMIT;

-- AlterTable
ALTER TABLE "CaseEvent" ADD COLUMN     "actorDepartmentId" TEXT,
ADD COLUMN     "actorRole" TEXT,
ADD COLUMN     "evidenceUrl" TEXT,
ADD COLUMN     "isPublic" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "ResponseAction" ADD COLUMN     "dropReason" TEXT,
ADD COLUMN     "evidenceUrl" TEXT;

-- AlterTable
ALTER TABLE "SystemicCase" DROP COLUMN "acknowledgeBy",
DROP COLUMN "respondBy",
ADD COLUMN     "createdById" TEXT,
ADD COLUMN     "nextDueOn" TIMESTAMP(3),
ADD COLUMN     "primaryTagId" TEXT,
ADD COLUMN     "resumeStatus" "CaseStatus",
ALTER COLUMN "status" SET DEFAULT 'draft',
ALTER COLUMN "escalatedAt" DROP NOT NULL;

-- CreateTable
CREATE TABLE "CaseDeadline" (
    "id" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "departmentId" TEXT NOT NULL,
    "startedOn" TIMESTAMP(3) NOT NULL,
    "dueOn" TIMESTAMP(3) NOT NULL,
    "originalDueOn" TIMESTAMP(3) NOT NULL,
    "pausedOn" TIMESTAMP(3),
    "pausedWorkingDays" INTEGER NOT NULL DEFAULT 0,
    "extensions" INTEGER NOT NULL DEFAULT 0,
    "endedOn" TIMESTAMP(3),
    "outcome" TEXT,

    CONSTRAINT "CaseDeadline_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CaseReferenceCounter" (
    "year" INTEGER NOT NULL,
    "last" INTEGER NOT NULL,

    CONSTRAINT "CaseReferenceCounter_pkey" PRIMARY KEY ("year")
);

-- CreateIndex
CREATE INDEX "CaseDeadline_caseId_endedOn_idx" ON "CaseDeadline"("caseId", "endedOn");

-- CreateIndex
CREATE INDEX "CaseDeadline_departmentId_endedOn_idx" ON "CaseDeadline"("departmentId", "endedOn");

-- CreateIndex
CREATE INDEX "SystemicCase_nextDueOn_idx" ON "SystemicCase"("nextDueOn");

-- AddForeignKey
ALTER TABLE "SystemicCase" ADD CONSTRAINT "SystemicCase_primaryTagId_fkey" FOREIGN KEY ("primaryTagId") REFERENCES "Tag"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseDeadline" ADD CONSTRAINT "CaseDeadline_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "SystemicCase"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseDeadline" ADD CONSTRAINT "CaseDeadline_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- A case's history is append-only: the database itself refuses to change or remove an event.
CREATE FUNCTION "case_event_is_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'CaseEvent rows are append-only: a case''s history cannot be changed or deleted';
END
$$;
CREATE TRIGGER "CaseEvent_no_update_or_delete" BEFORE UPDATE OR DELETE ON "CaseEvent"
  FOR EACH ROW EXECUTE FUNCTION "case_event_is_append_only"();
CREATE TRIGGER "CaseEvent_no_truncate" BEFORE TRUNCATE ON "CaseEvent"
  FOR EACH STATEMENT EXECUTE FUNCTION "case_event_is_append_only"();
