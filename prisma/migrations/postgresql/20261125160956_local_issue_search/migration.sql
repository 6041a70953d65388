-- Hand-written: full-text search over local issues (title, description, root-cause statements),
-- kept in step by triggers on every write. Declared external to Prisma (src/db/migrations.ts), so
-- that generated migrations leave these objects alone. Query it with websearch_to_tsquery('english', ...).

CREATE TABLE local_issue_search (
    issue_id TEXT PRIMARY KEY REFERENCES "LocalIssue" ("id") ON DELETE CASCADE,
    document TSVECTOR NOT NULL
);

CREATE INDEX local_issue_search_document_idx ON local_issue_search USING GIN (document);

CREATE FUNCTION refresh_local_issue_search(target_issue_id TEXT) RETURNS VOID AS $$
    INSERT INTO local_issue_search (issue_id, document)
    SELECT issue."id",
           setweight(to_tsvector('english', issue."title"), 'A')
        || setweight(to_tsvector('english', issue."description"), 'B')
        || setweight(to_tsvector('english', coalesce(
               (SELECT string_agg(cause."statement", ' ') FROM "RootCause" cause WHERE cause."localIssueId" = issue."id"), '')), 'C')
    FROM "LocalIssue" issue
    WHERE issue."id" = target_issue_id
    ON CONFLICT (issue_id) DO UPDATE SET document = excluded.document;
$$ LANGUAGE sql;

CREATE FUNCTION local_issue_search_issue_changed() RETURNS TRIGGER AS $$
BEGIN
    PERFORM refresh_local_issue_search(NEW."id");
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION local_issue_search_root_cause_changed() RETURNS TRIGGER AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        PERFORM refresh_local_issue_search(OLD."localIssueId");
    END IF;
    IF TG_OP <> 'DELETE' AND (TG_OP = 'INSERT' OR NEW."localIssueId" IS DISTINCT FROM OLD."localIssueId") THEN
        PERFORM refresh_local_issue_search(NEW."localIssueId");
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER local_issue_search_issue_changed
    AFTER INSERT OR UPDATE OF "title", "description" ON "LocalIssue"
    FOR EACH ROW EXECUTE FUNCTION local_issue_search_issue_changed();

CREATE TRIGGER local_issue_search_root_cause_changed
    AFTER INSERT OR UPDATE OF "statement", "localIssueId" OR DELETE ON "RootCause"
    FOR EACH ROW EXECUTE FUNCTION local_issue_search_root_cause_changed();
