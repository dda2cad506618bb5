-- Records made at the kiosk. Each is written together with its outbox row,
-- in one transaction; the outbox seq is the kiosk's per-record sequence.

CREATE TABLE outbox (
    seq      INTEGER PRIMARY KEY AUTOINCREMENT,
    id       TEXT NOT NULL UNIQUE, -- the record's UUID
    kind     TEXT NOT NULL,        -- signup, signup_cancel, suggestion, callback, ...
    payload  BLOB NOT NULL,        -- JSON, as it will travel
    created  INTEGER NOT NULL,
    acked    INTEGER NOT NULL DEFAULT 0 -- unix seconds when the hub acknowledged; 0: not yet
) STRICT;
CREATE INDEX outbox_pending ON outbox (seq) WHERE acked = 0;

CREATE TABLE signups (
    id              TEXT PRIMARY KEY,
    seq             INTEGER NOT NULL UNIQUE, -- the outbox row that carries it
    event_id        TEXT NOT NULL, -- no foreign key: the event may be withdrawn by the hub
    name            TEXT NOT NULL,
    phone           TEXT NOT NULL,
    party_size      INTEGER NOT NULL CHECK (party_size BETWEEN 1 AND 10),
    consent_version TEXT NOT NULL,
    created         INTEGER NOT NULL,
    kiosk_id        TEXT NOT NULL,
    assisted_by     TEXT NOT NULL DEFAULT '',
    receipt         TEXT NOT NULL UNIQUE,
    status          TEXT NOT NULL DEFAULT 'provisional',
    status_at       INTEGER NOT NULL
) STRICT;
CREATE INDEX signups_by_phone ON signups (phone);
CREATE INDEX signups_by_event ON signups (event_id, created);

CREATE TABLE suggestions (
    id              TEXT PRIMARY KEY,
    seq             INTEGER NOT NULL UNIQUE, -- the outbox row that carries it
    community       TEXT NOT NULL,
    category        TEXT NOT NULL,
    text            TEXT NOT NULL DEFAULT '',
    phrases         TEXT NOT NULL DEFAULT '', -- JSON array
    callback_phone  TEXT NOT NULL DEFAULT '',
    anonymous       INTEGER NOT NULL DEFAULT 0,
    consent_version TEXT NOT NULL DEFAULT '',
    created         INTEGER NOT NULL,
    kiosk_id        TEXT NOT NULL,
    receipt         TEXT NOT NULL UNIQUE,
    status          TEXT NOT NULL DEFAULT 'submitted',
    status_at       INTEGER NOT NULL
) STRICT;

CREATE TABLE suggestion_replies (
    id            TEXT PRIMARY KEY,
    suggestion_id TEXT NOT NULL REFERENCES suggestions (id) ON DELETE CASCADE,
    body          TEXT NOT NULL,
    by            TEXT NOT NULL DEFAULT '',
    created       INTEGER NOT NULL
) STRICT;
CREATE INDEX replies_by_suggestion ON suggestion_replies (suggestion_id, created);

-- Sync cursors and kiosk identity (hub URL, kiosk id, token), as key/value.
CREATE TABLE sync_state (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

-- Kiosk settings staff can change (home community, idle timeout, ...).
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;
