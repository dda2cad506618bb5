-- Content published by the hub (or loaded from a content pack). Every row
-- carries its origin (the pack id, or 'hub') so that re-importing a pack can
-- delete what the pack no longer holds, and the first sync from a hub can
-- replace the sample content. `hash` is a digest of the row's content: an
-- import that finds the same hash writes nothing.

CREATE TABLE packs (
    id             TEXT PRIMARY KEY,
    version        INTEGER NOT NULL,
    title          TEXT NOT NULL DEFAULT '',
    sample         INTEGER NOT NULL DEFAULT 0,
    first_imported INTEGER NOT NULL, -- unix seconds; relative dates count from this day
    last_imported  INTEGER NOT NULL
) STRICT;

CREATE TABLE accounts (
    id            TEXT PRIMARY KEY,
    kind          TEXT NOT NULL CHECK (kind IN ('district', 'community')),
    name          TEXT NOT NULL,
    street_office TEXT NOT NULL DEFAULT '',
    address       TEXT NOT NULL DEFAULT '',
    office_hours  TEXT NOT NULL DEFAULT '',
    phone         TEXT NOT NULL DEFAULT '',
    wechat        TEXT NOT NULL DEFAULT '',
    link          TEXT NOT NULL DEFAULT '',
    qr            TEXT NOT NULL DEFAULT '',
    origin        TEXT NOT NULL,
    hash          TEXT NOT NULL
) STRICT;

CREATE TABLE blobs (
    sha256  TEXT PRIMARY KEY,
    size    INTEGER NOT NULL,
    mime    TEXT NOT NULL DEFAULT '',
    present INTEGER NOT NULL DEFAULT 0, -- 1 once data holds bytes whose hash was verified
    data    BLOB
) STRICT;

CREATE TABLE posts (
    id        TEXT PRIMARY KEY,
    account   TEXT NOT NULL REFERENCES accounts (id),
    col       TEXT NOT NULL,
    title     TEXT NOT NULL,
    body      TEXT NOT NULL,
    published INTEGER NOT NULL, -- unix seconds
    expires   INTEGER NOT NULL DEFAULT 0,
    pinned    INTEGER NOT NULL DEFAULT 0,
    link      TEXT NOT NULL DEFAULT '',
    source    TEXT NOT NULL DEFAULT '',
    origin    TEXT NOT NULL,
    hash      TEXT NOT NULL
) STRICT;
CREATE INDEX posts_by_col ON posts (col, published DESC, id);
CREATE INDEX posts_by_account ON posts (account, published DESC, id);

CREATE TABLE post_images (
    post_id TEXT NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    pos     INTEGER NOT NULL,
    sha256  TEXT NOT NULL,
    PRIMARY KEY (post_id, pos)
) STRICT, WITHOUT ROWID;

CREATE TABLE places (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('food', 'sight', 'service')),
    community   TEXT NOT NULL DEFAULT '',
    address     TEXT NOT NULL DEFAULT '',
    hours       TEXT NOT NULL DEFAULT '',
    phone       TEXT NOT NULL DEFAULT '',
    tags        TEXT NOT NULL DEFAULT '', -- JSON array
    description TEXT NOT NULL DEFAULT '',
    images      TEXT NOT NULL DEFAULT '', -- JSON array of sha256
    origin      TEXT NOT NULL,
    hash        TEXT NOT NULL
) STRICT;
CREATE INDEX places_by_kind ON places (kind, name);

CREATE TABLE directory (
    id        TEXT PRIMARY KEY,
    name      TEXT NOT NULL,
    number    TEXT NOT NULL,
    hours     TEXT NOT NULL DEFAULT '',
    category  TEXT NOT NULL,
    community TEXT NOT NULL DEFAULT '',
    note      TEXT NOT NULL DEFAULT '',
    origin    TEXT NOT NULL,
    hash      TEXT NOT NULL
) STRICT;
CREATE INDEX directory_by_category ON directory (category, name);

CREATE TABLE events (
    id            TEXT PRIMARY KEY,
    community     TEXT NOT NULL REFERENCES accounts (id),
    title         TEXT NOT NULL,
    description   TEXT NOT NULL DEFAULT '',
    starts        INTEGER NOT NULL,
    ends          INTEGER NOT NULL,
    place         TEXT NOT NULL DEFAULT '',
    capacity      INTEGER NOT NULL DEFAULT 0,
    taken         INTEGER NOT NULL DEFAULT 0,
    signup_opens  INTEGER NOT NULL DEFAULT 0,
    signup_closes INTEGER NOT NULL DEFAULT 0,
    waitlist      INTEGER NOT NULL DEFAULT 0,
    status        TEXT NOT NULL CHECK (status IN ('open', 'closed', 'cancelled')),
    tags          TEXT NOT NULL DEFAULT '',
    origin        TEXT NOT NULL,
    hash          TEXT NOT NULL
) STRICT;
CREATE INDEX events_by_start ON events (starts);

-- Search: search_docs holds one row per searchable record; search_fts is a
-- contentless FTS5 index over tokens we compute ourselves (see search.go).
-- The rowid encodes the record's date so that "newest first" is the index's
-- own order.
CREATE TABLE search_docs (
    rowid     INTEGER PRIMARY KEY,
    kind      TEXT NOT NULL, -- post, place, directory
    ref       TEXT NOT NULL,
    UNIQUE (kind, ref)
) STRICT;

CREATE VIRTUAL TABLE search_fts USING fts5 (
    tokens,
    content = '',
    contentless_delete = 1,
    detail = none,
    tokenize = "unicode61 tokenchars '_' remove_diacritics 0"
);

-- Keep up to 32 MB of new terms in memory before writing a segment: a big
-- import then makes a few large segments instead of many small ones to merge.
INSERT INTO search_fts (search_fts, rank) VALUES ('hashsize', 33554432);
