-- Search folds Traditional to Simplified by phrase (OpenCC's phrase and
-- variant tables) and indexes phone numbers by their digits four at a time:
-- every document's index terms are made again (the Go step in reindex.go),
-- from the rows search_docs points at. Rowids and dates stay.
INSERT INTO search_fts (search_fts) VALUES ('delete-all');
