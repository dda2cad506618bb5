-- Protocol 3: a call-back request's status as the community's staff mark
-- it, and the sealed reply lookups every kiosk holds (see alliance.LookupKey):
-- a resident reads her reply with her receipt and PIN at any kiosk.
ALTER TABLE callbacks ADD COLUMN status TEXT NOT NULL DEFAULT 'requested';
ALTER TABLE callbacks ADD COLUMN status_at INTEGER NOT NULL DEFAULT 0;

CREATE TABLE reply_lookups (
    id     TEXT PRIMARY KEY, -- 32 hex digits, derived from the receipt and PIN
    sealed BLOB NOT NULL
) STRICT;
