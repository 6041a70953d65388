-- Hand-written (SQLite only; PostgreSQL's search rows go with their issue through ON DELETE CASCADE).
-- The AFTER DELETE trigger found no key row: the foreign key's ON DELETE CASCADE had already removed it,
-- so a deleted issue left its full-text row behind, and the next issue given the same key rowid failed
-- to insert its own. Removing the search row BEFORE the delete finds the key while it still exists.
DROP TRIGGER local_issue_search_issue_deleted;

CREATE TRIGGER local_issue_search_issue_deleted BEFORE DELETE ON "LocalIssue" BEGIN
    DELETE FROM local_issue_search
    WHERE rowid = (SELECT rowid FROM local_issue_search_key WHERE issue_id = old."id");
END;

-- Rows left behind by deletes before this migration.
DELETE FROM local_issue_search WHERE rowid NOT IN (SELECT rowid FROM local_issue_search_key);
