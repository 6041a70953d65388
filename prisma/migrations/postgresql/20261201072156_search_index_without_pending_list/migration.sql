-- Hand-written (PostgreSQL only). New entries of a GIN index normally wait in a pending list that every
-- search reads in full until VACUUM (or the list's 4 MB limit) merges it into the index: right after a
-- large import, searches for common words over 100,000 issues took 55-65 ms instead of 25-30 ms
-- (tests/bench/search.bench.ts). Writing straight into the index costs imports about a third more
-- time and keeps every search as fast as after a VACUUM.
ALTER INDEX local_issue_search_document_idx SET (fastupdate = off);
