-- Hand-written: full-text search over local issues (title, description, root-cause statements),
-- kept in step by triggers on every write. Declared external to Prisma (src/db/migrations.ts), so
-- that generated migrations leave these objects alone.
-- The porter stemmer makes "vehicles" find "vehicle". FTS rowids come from a key table with an
-- INTEGER PRIMARY KEY, because LocalIssue's implicit rowid may change on VACUUM.

CREATE TABLE local_issue_search_key (
    rowid INTEGER PRIMARY KEY,
    issue_id TEXT NOT NULL UNIQUE REFERENCES "LocalIssue" ("id") ON DELETE CASCADE
);

CREATE VIRTUAL TABLE local_issue_search USING fts5(
    title,
    description,
    root_causes,
    tokenize = 'porter unicode61 remove_diacritics 2'
);

CREATE TRIGGER local_issue_search_issue_inserted AFTER INSERT ON "LocalIssue" BEGIN
    INSERT INTO local_issue_search_key (issue_id) VALUES (new."id");
    INSERT INTO local_issue_search (rowid, title, description, root_causes)
    VALUES (last_insert_rowid(), new."title", new."description", '');
END;

CREATE TRIGGER local_issue_search_issue_updated AFTER UPDATE OF "title", "description" ON "LocalIssue" BEGIN
    UPDATE local_issue_search SET title = new."title", description = new."description"
    WHERE rowid = (SELECT rowid FROM local_issue_search_key WHERE issue_id = new."id");
END;

CREATE TRIGGER local_issue_search_issue_deleted AFTER DELETE ON "LocalIssue" BEGIN
    DELETE FROM local_issue_search
    WHERE rowid = (SELECT rowid FROM local_issue_search_key WHERE issue_id = old."id");
    DELETE FROM local_issue_search_key WHERE issue_id = old."id";
END;

CREATE TRIGGER local_issue_search_root_cause_inserted AFTER INSERT ON "RootCause" BEGIN
    UPDATE local_issue_search
    SET root_causes = (SELECT coalesce(group_concat("statement", ' '), '') FROM "RootCause" WHERE "localIssueId" = new."localIssueId")
    WHERE rowid = (SELECT rowid FROM local_issue_search_key WHERE issue_id = new."localIssueId");
END;

CREATE TRIGGER local_issue_search_root_cause_updated AFTER UPDATE OF "statement", "localIssueId" ON "RootCause" BEGIN
    UPDATE local_issue_search
    SET root_causes = (SELECT coalesce(group_concat("statement", ' '), '') FROM "RootCause" WHERE "localIssueId" = rowid_issue.issue_id)
    FROM (SELECT issue_id, rowid AS search_rowid FROM local_issue_search_key WHERE issue_id IN (old."localIssueId", new."localIssueId")) AS rowid_issue
    WHERE local_issue_search.rowid = rowid_issue.search_rowid;
END;

CREATE TRIGGER local_issue_search_root_cause_deleted AFTER DELETE ON "RootCause" BEGIN
    UPDATE local_issue_search
    SET root_causes = (SELECT coalesce(group_concat("statement", ' '), '') FROM "RootCause" WHERE "localIssueId" = old."localIssueId")
    WHERE rowid = (SELECT rowid FROM local_issue_search_key WHERE issue_id = old."localIssueId");
END;
