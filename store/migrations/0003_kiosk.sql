-- What the kiosk's own screens keep: the staff PIN with its lockout, and
-- residents' requests to be called back. Settings live in the settings table
-- of 0002 (key/value).

-- One row: the staff PIN's bcrypt hash, whether it must be changed (a
-- generated first PIN), and the failed attempts with the lockout they
-- earned; kept here so that a restart does not reset the lockout.
CREATE TABLE staff_pin (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    hash         TEXT NOT NULL,
    must_change  INTEGER NOT NULL DEFAULT 1,
    failures     INTEGER NOT NULL DEFAULT 0,
    locked_until INTEGER NOT NULL DEFAULT 0 -- unix seconds
) STRICT;

-- 请社区给我回电话: a phone number left for a community office. Written
-- with its outbox row (kind 'callback') in one transaction, like sign-ups.
CREATE TABLE callbacks (
    id        TEXT PRIMARY KEY,
    seq       INTEGER NOT NULL UNIQUE, -- the outbox row that carries it
    community TEXT NOT NULL,
    entry     TEXT NOT NULL DEFAULT '', -- the directory entry the resident was looking at
    phone     TEXT NOT NULL,
    consent_version TEXT NOT NULL,
    created   INTEGER NOT NULL,
    kiosk_id  TEXT NOT NULL DEFAULT '',
    receipt   TEXT NOT NULL UNIQUE
) STRICT;
