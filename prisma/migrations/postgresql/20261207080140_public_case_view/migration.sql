-- AlterTable
ALTER TABLE "SystemicCase" ADD COLUMN     "publicChangedAt" TIMESTAMP(3),
ADD COLUMN     "publicFacilityNames" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "PublicTextReview" (
    "textKey" TEXT NOT NULL,
    "decision" TEXT NOT NULL,
    "reviewedById" TEXT,
    "reviewedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PublicTextReview_pkey" PRIMARY KEY ("textKey")
);

-- CreateIndex
CREATE INDEX "SystemicCase_visibility_publicChangedAt_idx" ON "SystemicCase"("visibility", "publicChangedAt");

-- The public lists' "last changed": when the last event the public timeline shows happened (isPublicEvent in
-- src/domain/cases/public-case.ts: not the draft's creation, not an edit, not an internal comment). Kept here so
-- that no service can forget it (tests/integration/services/cases/public-cases.test.ts checks it).
CREATE FUNCTION "case_event_public_changed_at"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "SystemicCase" SET "publicChangedAt" = NEW."createdAt"
  WHERE "id" = NEW."caseId" AND ("publicChangedAt" IS NULL OR "publicChangedAt" < NEW."createdAt");
  RETURN NULL;
END
$$;
CREATE TRIGGER "CaseEvent_public_changed_at" AFTER INSERT ON "CaseEvent"
  FOR EACH ROW
  WHEN (NEW."kind" NOT IN ('created', 'edited') AND (NEW."kind" <> 'commented' OR NEW."isPublic"))
  EXECUTE FUNCTION "case_event_public_changed_at"();

UPDATE "SystemicCase" SET "publicChangedAt" = (
  SELECT MAX("createdAt") FROM "CaseEvent"
  WHERE "CaseEvent"."caseId" = "SystemicCase"."id"
    AND "kind" NOT IN ('created', 'edited') AND ("kind" <> 'commented' OR "isPublic")
);
