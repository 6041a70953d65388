-- CreateTable
CREATE TABLE "DataVersion" (
    "scope" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "DataVersion_pkey" PRIMARY KEY ("scope")
);

-- The public outputs' data version (src/server/http/public-page-cache.ts): every change to a table they read moves
-- it, so each server process knows when what it cached is stale. PUBLIC_DATA_TABLES lists the same tables, and
-- tests/integration/db/public-data-version.test.ts changes each and checks the version moved (SQLite drops a
-- table's triggers when a migration re-creates the table: that test catches it).
INSERT INTO "DataVersion" ("scope", "version") VALUES ('public', 0);
CREATE FUNCTION "bump_public_data_version"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'public';
  RETURN NULL;
END
$$;
CREATE TRIGGER "SystemicCase_public_data" AFTER INSERT OR UPDATE OR DELETE ON "SystemicCase"
  FOR EACH STATEMENT EXECUTE FUNCTION "bump_public_data_version"();
CREATE TRIGGER "CaseEvent_public_data" AFTER INSERT OR UPDATE OR DELETE ON "CaseEvent"
  FOR EACH STATEMENT EXECUTE FUNCTION "bump_public_data_version"();
CREATE TRIGGER "ResponseAction_public_data" AFTER INSERT OR UPDATE OR DELETE ON "ResponseAction"
  FOR EACH STATEMENT EXECUTE FUNCTION "bump_public_data_version"();
CREATE TRIGGER "CaseDeadline_public_data" AFTER INSERT OR UPDATE OR DELETE ON "CaseDeadline"
  FOR EACH STATEMENT EXECUTE FUNCTION "bump_public_data_version"();
CREATE TRIGGER "FollowUpFinding_public_data" AFTER INSERT OR UPDATE OR DELETE ON "FollowUpFinding"
  FOR EACH STATEMENT EXECUTE FUNCTION "bump_public_data_version"();
CREATE TRIGGER "CaseSupportingDepartment_public_data" AFTER INSERT OR UPDATE OR DELETE ON "CaseSupportingDepartment"
  FOR EACH STATEMENT EXECUTE FUNCTION "bump_public_data_version"();
CREATE TRIGGER "CaseLocalIssue_public_data" AFTER INSERT OR UPDATE OR DELETE ON "CaseLocalIssue"
  FOR EACH STATEMENT EXECUTE FUNCTION "bump_public_data_version"();
CREATE TRIGGER "CaseCluster_public_data" AFTER INSERT OR UPDATE OR DELETE ON "CaseCluster"
  FOR EACH STATEMENT EXECUTE FUNCTION "bump_public_data_version"();
CREATE TRIGGER "PublicTextReview_public_data" AFTER INSERT OR UPDATE OR DELETE ON "PublicTextReview"
  FOR EACH STATEMENT EXECUTE FUNCTION "bump_public_data_version"();
CREATE TRIGGER "CharterCommitment_public_data" AFTER INSERT OR UPDATE OR DELETE ON "CharterCommitment"
  FOR EACH STATEMENT EXECUTE FUNCTION "bump_public_data_version"();
CREATE TRIGGER "CommitmentUpdate_public_data" AFTER INSERT OR UPDATE OR DELETE ON "CommitmentUpdate"
  FOR EACH STATEMENT EXECUTE FUNCTION "bump_public_data_version"();
CREATE TRIGGER "Tag_public_data" AFTER INSERT OR UPDATE OR DELETE ON "Tag"
  FOR EACH STATEMENT EXECUTE FUNCTION "bump_public_data_version"();
CREATE TRIGGER "TagSynonym_public_data" AFTER INSERT OR UPDATE OR DELETE ON "TagSynonym"
  FOR EACH STATEMENT EXECUTE FUNCTION "bump_public_data_version"();
CREATE TRIGGER "TagAlias_public_data" AFTER INSERT OR UPDATE OR DELETE ON "TagAlias"
  FOR EACH STATEMENT EXECUTE FUNCTION "bump_public_data_version"();
CREATE TRIGGER "Department_public_data" AFTER INSERT OR UPDATE OR DELETE ON "Department"
  FOR EACH STATEMENT EXECUTE FUNCTION "bump_public_data_version"();
CREATE TRIGGER "Facility_public_data" AFTER INSERT OR UPDATE OR DELETE ON "Facility"
  FOR EACH STATEMENT EXECUTE FUNCTION "bump_public_data_version"();
CREATE TRIGGER "AppSetting_public_data" AFTER INSERT OR UPDATE OR DELETE ON "AppSetting"
  FOR EACH STATEMENT EXECUTE FUNCTION "bump_public_data_version"();
-- A local issue counts only once a case links it: its counts and tags feed the case's spread and guidance.
CREATE FUNCTION "bump_public_data_version_if_linked"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  issue_id TEXT;
BEGIN
  -- Each branch is planned only when it runs: NEW of a LocalIssue row has no "localIssueId".
  IF TG_TABLE_NAME = 'LocalIssue' THEN
    issue_id := NEW."id";
  ELSIF TG_OP = 'DELETE' THEN
    issue_id := OLD."localIssueId";
  ELSE
    issue_id := NEW."localIssueId";
  END IF;
  IF EXISTS (SELECT 1 FROM "CaseLocalIssue" WHERE "localIssueId" = issue_id) THEN
    UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'public';
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER "LocalIssue_public_data" AFTER UPDATE ON "LocalIssue"
  FOR EACH ROW EXECUTE FUNCTION "bump_public_data_version_if_linked"();
CREATE TRIGGER "LocalIssueTag_public_data" AFTER INSERT OR DELETE ON "LocalIssueTag"
  FOR EACH ROW EXECUTE FUNCTION "bump_public_data_version_if_linked"();
