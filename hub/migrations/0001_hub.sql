-- The hub's change log: the latest state of every item, under a sequence
-- number that grows with every change. audience is '' for items every kiosk
-- receives, or the id of the one kiosk a decision is for.
CREATE TABLE items (
    kind     TEXT NOT NULL,
    id       TEXT NOT NULL,
    seq      INTEGER NOT NULL UNIQUE,
    audience TEXT NOT NULL DEFAULT '',
    origin   TEXT NOT NULL DEFAULT '',
    hash     TEXT NOT NULL DEFAULT '',
    deleted  INTEGER NOT NULL DEFAULT 0,
    data     BLOB,
    PRIMARY KEY (kind, id)
) STRICT;
CREATE INDEX items_by_origin ON items (origin, kind) WHERE deleted = 0;

CREATE TABLE blobs (
    sha256 TEXT PRIMARY KEY,
    mime   TEXT NOT NULL,
    size   INTEGER NOT NULL,
    data   BLOB NOT NULL
) STRICT;

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE kiosks (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    community  TEXT NOT NULL,
    token_hash TEXT UNIQUE,
    created    INTEGER NOT NULL,
    revoked    INTEGER NOT NULL DEFAULT 0,
    last_seen  INTEGER NOT NULL DEFAULT 0,
    app        TEXT NOT NULL DEFAULT '',
    cursor     INTEGER NOT NULL DEFAULT 0,
    backlog    INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE enrolments (
    code_hash TEXT PRIMARY KEY,
    kiosk     TEXT NOT NULL REFERENCES kiosks (id),
    expires   INTEGER NOT NULL,
    used      INTEGER NOT NULL DEFAULT 0
) STRICT;

-- Records pushed by kiosks, each stored once.
CREATE TABLE records (
    kiosk    TEXT NOT NULL,
    seq      INTEGER NOT NULL,
    id       TEXT NOT NULL UNIQUE,
    kind     TEXT NOT NULL,
    payload  BLOB NOT NULL,
    received INTEGER NOT NULL,
    PRIMARY KEY (kiosk, seq)
) STRICT;

-- Sign-ups as the hub decides them; arrival is the order of decision.
CREATE TABLE signups (
    id        TEXT PRIMARY KEY,
    kiosk     TEXT NOT NULL,
    event_id  TEXT NOT NULL,
    party     INTEGER NOT NULL,
    status    TEXT NOT NULL,
    arrival   INTEGER NOT NULL,
    decided   INTEGER NOT NULL,
    ends      INTEGER NOT NULL DEFAULT 0 -- the event's end, for retention
) STRICT;
CREATE INDEX signups_by_event ON signups (event_id, status, arrival);

CREATE TABLE suggestions (
    id        TEXT PRIMARY KEY,
    kiosk     TEXT NOT NULL,
    community TEXT NOT NULL,
    status    TEXT NOT NULL,
    replies   TEXT NOT NULL DEFAULT '[]',
    updated   INTEGER NOT NULL,
    closed    INTEGER NOT NULL DEFAULT 0
) STRICT;

-- Places taken per event before the hub decided anything (from the pack).
CREATE TABLE event_base (
    event_id TEXT PRIMARY KEY,
    taken    INTEGER NOT NULL
) STRICT;
