-- A post's publication time beside its search row. The rowid still orders
-- posts newest first, but any number of posts may now share a second: a new
-- post's rowid is found between those of the posts published before and
-- after it (see search.go), which needs their dates.
ALTER TABLE search_docs ADD COLUMN date INTEGER NOT NULL DEFAULT 0;
UPDATE search_docs SET date = coalesce((SELECT published FROM posts WHERE posts.id = search_docs.ref), 0) WHERE kind = 'post';
CREATE INDEX search_docs_by_date ON search_docs (date) WHERE kind = 'post';
