-- CreateTable
CREATE TABLE "DataVersion" (
    "scope" TEXT NOT NULL PRIMARY KEY,
    "version" INTEGER NOT NULL DEFAULT 0
);

-- The public outputs' data version (src/server/http/public-page-cache.ts): every change to a table they read moves
-- it, so each server process knows when what it cached is stale. PUBLIC_DATA_TABLES lists the same tables, and
-- tests/integration/db/public-data-version.test.ts changes each and checks the version moved (SQLite drops a
-- table's triggers when a migration re-creates the table: that test catches it).
INSERT INTO "DataVersion" ("scope", "version") VALUES ('public', 0);
CREATE TRIGGER "SystemicCase_public_data_insert" AFTER INSERT ON "SystemicCase" BEGIN UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'public'; END;
CREATE TRIGGER "SystemicCase_public_data_update" AFTER UPDATE ON "SystemicCase" BEGIN UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'public'; END;
CREATE TRIGGER "SystemicCase_public_data_delete" AFTER DELETE ON "SystemicCase" BEGIN UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'public'; END;
CREATE TRIGGER "CaseEvent_public_data_insert" AFTER INSERT ON "CaseEvent" BEGIN UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'public'; END;
CREATE TRIGGER "CaseEvent_public_data_update" AFTER UPDATE ON "CaseEvent" BEGIN UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'public'; END;
CREATE TRIGGER "CaseEvent_public_data_delete" AFTER DELETE ON "CaseEvent" BEGIN UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'public'; END;
CREATE TRIGGER "ResponseAction_public_data_insert" AFTER INSERT ON "ResponseAction" BEGIN UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'public'; END;
CREATE TRIGGER "ResponseAction_public_data_update" AFTER UPDATE ON "ResponseAction" BEGIN UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'public'; END;
CREATE TRIGGER "ResponseAction_public_data_delete" AFTER DELETE ON "ResponseAction" BEGIN UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'public'; END;
CREATE TRIGGER "CaseDeadline_public_data_insert" AFTER INSERT ON "CaseDeadline" BEGIN UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'public'; END;
CREATE TRIGGER "CaseDeadline_public_data_update" AFTER UPDATE ON "CaseDeadline" BEGIN UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'public'; END;
CREATE TRIGGER "CaseDeadline_public_data_delete" AFTER DELETE ON "CaseDeadline" BEGIN UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'public'; END;
CREATE TRIGGER "FollowUpFinding_public_data_insert" AFTER INSERT ON "FollowUpFinding" BEGIN UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'public'; END;
CREATE TRIGGER "FollowUpFinding_public_data_update" AFTER UPDATE ON "FollowUpFinding" BEGIN UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'public'; END;
CREATE TRIGGER "FollowUpFinding_public_data_delete" AFTER DELETE ON "FollowUpFinding" BEGIN UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'public'; END;
CREATE TRIGGER "CaseSupportingDepartment_public_data_insert" AFTER INSERT ON "CaseSupportingDepartment" BEGIN UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'public'; END;
CREATE TRIGGER "CaseSupportingDepartment_public_data_update" AFTER UPDATE ON "CaseSupportingDepartment" BEGIN UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'public'; END;
CREATE TRIGGER "CaseSupportingDepartment_public_data_delete" AFTER DELETE ON "CaseSupportingDepartment" BEGIN UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'public'; END;
CREATE TRIGGER "CaseLocalIssue_public_data_insert" AFTER INSERT ON "CaseLocalIssue" BEGIN UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'public'; END;
CREATE TRIGGER "CaseLocalIssue_public_data_update" AFTER UPDATE ON "CaseLocalIssue" BEGIN UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'public'; END;
CREATE TRIGGER "CaseLocalIssue_public_data_delete" AFTER DELETE ON "CaseLocalIssue" BEGIN UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'public'; END;
CREATE TRIGGER "CaseCluster_public_data_insert" AFTER INSERT ON "CaseCluster" BEGIN UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'public'; END;
CREATE TRIGGER "CaseCluster_public_data_update" AFTER UPDATE ON "CaseCluster" BEGIN UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'public'; END;
CREATE TRIGGER "CaseCluster_public_data_delete" AFTER DELETE ON "CaseCluster" BEGIN UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'public'; END;
CREATE TRIGGER "PublicTextReview_public_data_insert" AFTER INSERT ON "PublicTextReview" BEGIN UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'public'; END;
CREATE TRIGGER "PublicTextReview_public_data_update" AFTER UPDATE ON "PublicTextReview" BEGIN UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'public'; END;
CREATE TRIGGER "PublicTextReview_public_data_delete" AFTER DELETE ON "PublicTextReview" BEGIN UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'public'; END;
CREATE TRIGGER "CharterCommitment_public_data_insert" AFTER INSERT ON "CharterCommitment" BEGIN UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'public'; END;
CREATE TRIGGER "CharterCommitment_public_data_update" AFTER UPDATE ON "CharterCommitment" BEGIN UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'public'; END;
CREATE TRIGGER "CharterCommitment_public_data_delete" AFTER DELETE ON "CharterCommitment" BEGIN UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'public'; END;
CREATE TRIGGER "CommitmentUpdate_public_data_insert" AFTER INSERT ON "CommitmentUpdate" BEGIN UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'public'; END;
CREATE TRIGGER "CommitmentUpdate_public_data_update" AFTER UPDATE ON "CommitmentUpdate" BEGIN UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'public'; END;
CREATE TRIGGER "CommitmentUpdate_public_data_delete" AFTER DELETE ON "CommitmentUpdate" BEGIN UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'public'; END;
CREATE TRIGGER "Tag_public_data_insert" AFTER INSERT ON "Tag" BEGIN UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'public'; END;
CREATE TRIGGER "Tag_public_data_update" AFTER UPDATE ON "Tag" BEGIN UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'public'; END;
CREATE TRIGGER "Tag_public_data_delete" AFTER DELETE ON "Tag" BEGIN UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'public'; END;
CREATE TRIGGER "TagSynonym_public_data_insert" AFTER INSERT ON "TagSynonym" BEGIN UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'public'; END;
CREATE TRIGGER "TagSynonym_public_data_update" AFTER UPDATE ON "TagSynonym" BEGIN UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'public'; END;
CREATE TRIGGER "TagSynonym_public_data_delete" AFTER DELETE ON "TagSynonym" BEGIN UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'public'; END;
CREATE TRIGGER "TagAlias_public_data_insert" AFTER INSERT ON "TagAlias" BEGIN UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'public'; END;
CREATE TRIGGER "TagAlias_public_data_update" AFTER UPDATE ON "TagAlias" BEGIN UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'public'; END;
CREATE TRIGGER "TagAlias_public_data_delete" AFTER DELETE ON "TagAlias" BEGIN UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'public'; END;
CREATE TRIGGER "Department_public_data_insert" AFTER INSERT ON "Department" BEGIN UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'public'; END;
CREATE TRIGGER "Department_public_data_update" AFTER UPDATE ON "Department" BEGIN UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'public'; END;
CREATE TRIGGER "Department_public_data_delete" AFTER DELETE ON "Department" BEGIN UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'public'; END;
CREATE TRIGGER "Facility_public_data_insert" AFTER INSERT ON "Facility" BEGIN UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'public'; END;
CREATE TRIGGER "Facility_public_data_update" AFTER UPDATE ON "Facility" BEGIN UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'public'; END;
CREATE TRIGGER "Facility_public_data_delete" AFTER DELETE ON "Facility" BEGIN UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'public'; END;
CREATE TRIGGER "AppSetting_public_data_insert" AFTER INSERT ON "AppSetting" BEGIN UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'public'; END;
CREATE TRIGGER "AppSetting_public_data_update" AFTER UPDATE ON "AppSetting" BEGIN UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'public'; END;
CREATE TRIGGER "AppSetting_public_data_delete" AFTER DELETE ON "AppSetting" BEGIN UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'public'; END;
-- A local issue counts only once a case links it: its counts and tags feed the case's spread and guidance.
CREATE TRIGGER "LocalIssue_public_data_update" AFTER UPDATE ON "LocalIssue"
WHEN EXISTS (SELECT 1 FROM "CaseLocalIssue" WHERE "localIssueId" = NEW."id")
BEGIN UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'public'; END;
CREATE TRIGGER "LocalIssueTag_public_data_insert" AFTER INSERT ON "LocalIssueTag"
WHEN EXISTS (SELECT 1 FROM "CaseLocalIssue" WHERE "localIssueId" = NEW."localIssueId")
BEGIN UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'public'; END;
CREATE TRIGGER "LocalIssueTag_public_data_delete" AFTER DELETE ON "LocalIssueTag"
WHEN EXISTS (SELECT 1 FROM "CaseLocalIssue" WHERE "localIssueId" = OLD."localIssueId")
BEGIN UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'public'; END;
