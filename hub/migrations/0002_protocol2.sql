-- Protocol 2.
--
-- A pushed record's identity is its UUID. Until now (kiosk, seq) was the
-- key and a second record with a used pair was acknowledged and dropped: a
-- kiosk replaced or restored from a backup starts its sequence again, and
-- its residents' records vanished. The sequence stays, for order only.
-- hash is the digest of the payload's canonical JSON: the same id pushed
-- again with other content is refused as a conflict, not taken for a
-- duplicate. learner and ref are taken from the validated payload when it
-- arrives, so that erasure, retention and reports never parse payloads.
CREATE TABLE records_v2 (
    id       TEXT PRIMARY KEY,
    kiosk    TEXT NOT NULL,
    seq      INTEGER NOT NULL,
    kind     TEXT NOT NULL,
    payload  BLOB NOT NULL,
    hash     TEXT NOT NULL DEFAULT '',
    received INTEGER NOT NULL,
    learner  TEXT NOT NULL DEFAULT '', -- training records: the learner they are about
    ref      TEXT NOT NULL DEFAULT ''  -- what the record refers to: event, sign-up, course, session
) STRICT;
-- Rows protocol 1 let in without a usable id or with a payload that is not
-- JSON are not carried over: nothing can be decided or reported from them.
INSERT INTO records_v2 (id, kiosk, seq, kind, payload, received, learner)
    SELECT id, kiosk, seq, kind, payload, received,
        CASE WHEN kind = 'learner' THEN id
             WHEN json_valid(payload) THEN coalesce(json_extract(payload, '$.learner_id'), '')
             ELSE '' END
    FROM records WHERE id != '' AND json_valid(payload);
DROP TABLE records;
ALTER TABLE records_v2 RENAME TO records;
CREATE INDEX records_by_kiosk ON records (kiosk, received);
CREATE INDEX records_by_kind ON records (kind, received);
CREATE INDEX records_by_learner ON records (learner) WHERE learner != '';
CREATE INDEX records_by_ref ON records (ref) WHERE ref != '';

-- Records refused at the hub, for the console: the reason, never the
-- payload (it may hold a resident's name or phone, and the kiosk keeps it).
CREATE TABLE refusals (
    kiosk    TEXT NOT NULL,
    seq      INTEGER NOT NULL,
    id       TEXT NOT NULL,
    kind     TEXT NOT NULL,
    reason   TEXT NOT NULL,
    message  TEXT NOT NULL,
    received INTEGER NOT NULL
) STRICT;
CREATE INDEX refusals_by_kiosk ON refusals (kiosk, received);

-- Why a sign-up was rejected; and retention for sign-ups of unknown events
-- (ends was 0 and retention never deleted them).
ALTER TABLE signups ADD COLUMN reason TEXT NOT NULL DEFAULT '';
UPDATE signups SET ends = decided WHERE ends <= 0;

-- A kiosk's health as its hellos report it.
ALTER TABLE kiosks ADD COLUMN last_attempt  INTEGER NOT NULL DEFAULT 0;
ALTER TABLE kiosks ADD COLUMN error_code    TEXT NOT NULL DEFAULT '';
ALTER TABLE kiosks ADD COLUMN error_text    TEXT NOT NULL DEFAULT '';
ALTER TABLE kiosks ADD COLUMN failing_since INTEGER NOT NULL DEFAULT 0;

-- The change log's identity (see wire: Hello.Log).
INSERT INTO meta (key, value) VALUES ('log_id', lower(hex(randomblob(8)))) ON CONFLICT (key) DO NOTHING;
