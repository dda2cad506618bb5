-- The console (issue 10): people who log in, their sessions, the audit log,
-- and what the console lists taken out of records' payloads into columns
-- when a record is accepted (hub/records.go decide), so that no page parses
-- JSON. Existing rows are filled from their payloads once, here.

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    login         TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name          TEXT NOT NULL,
    role          TEXT NOT NULL,              -- operator, editor, staff, trainer
    community     TEXT NOT NULL DEFAULT '',   -- staff and trainers: their community
    pass_hash     TEXT NOT NULL DEFAULT '',   -- argon2id, PHC string; '' until set
    setup_hash    TEXT NOT NULL DEFAULT '',   -- SHA-256 of a one-time link's token
    setup_expires INTEGER NOT NULL DEFAULT 0,
    disabled      INTEGER NOT NULL DEFAULT 0,
    created       INTEGER NOT NULL,
    last_login    INTEGER NOT NULL DEFAULT 0
) STRICT;

-- Server-side sessions: the cookie holds a random token, the hub its
-- SHA-256. Logging out or disabling a user deletes the row: a copied
-- cookie stops working at once.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created    INTEGER NOT NULL,
    last_used  INTEGER NOT NULL,
    expires    INTEGER NOT NULL,
    addr       TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX sessions_by_user ON sessions (user_id);

-- Every write, every reveal of a phone number, every export, every refused
-- attempt. subject names the record a row is about ("suggestion:ID"):
-- retention deletes the row with the record (PIPL), and rows about nothing
-- personal after a year.
CREATE TABLE audit (
    id        INTEGER PRIMARY KEY,
    at        INTEGER NOT NULL,
    user_id   INTEGER NOT NULL DEFAULT 0,
    login     TEXT NOT NULL DEFAULT '',
    addr      TEXT NOT NULL DEFAULT '',
    action    TEXT NOT NULL,
    subject   TEXT NOT NULL DEFAULT '',
    community TEXT NOT NULL DEFAULT '',
    detail    TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX audit_by_at ON audit (at);
CREATE INDEX audit_by_subject ON audit (subject) WHERE subject != '';

-- Suggestions as the inbox lists them.
ALTER TABLE suggestions ADD COLUMN category         TEXT NOT NULL DEFAULT 'other';
ALTER TABLE suggestions ADD COLUMN body             TEXT NOT NULL DEFAULT '';   -- text, or the phrases tapped, joined
ALTER TABLE suggestions ADD COLUMN anonymous        INTEGER NOT NULL DEFAULT 0;
ALTER TABLE suggestions ADD COLUMN callback_phone   TEXT NOT NULL DEFAULT '';   -- never for an anonymous one
ALTER TABLE suggestions ADD COLUMN receipt          TEXT NOT NULL DEFAULT '';
ALTER TABLE suggestions ADD COLUMN created          INTEGER NOT NULL DEFAULT 0; -- at the kiosk
ALTER TABLE suggestions ADD COLUMN received         INTEGER NOT NULL DEFAULT 0; -- at the hub: overdue counts from here
ALTER TABLE suggestions ADD COLUMN origin_community TEXT NOT NULL DEFAULT '';   -- where it was addressed first
ALTER TABLE suggestions ADD COLUMN duplicate_of     TEXT NOT NULL DEFAULT '';
ALTER TABLE suggestions ADD COLUMN lookup_id        TEXT NOT NULL DEFAULT '';   -- its reply_lookup item
ALTER TABLE suggestions ADD COLUMN lookup_key       TEXT NOT NULL DEFAULT '';
UPDATE suggestions SET
    category = coalesce((SELECT json_extract(r.payload, '$.category') FROM records r WHERE r.id = suggestions.id), 'other'),
    body = coalesce((SELECT coalesce(nullif(json_extract(r.payload, '$.text'), ''),
        (SELECT group_concat(value, '；') FROM json_each(r.payload, '$.phrases')), '') FROM records r WHERE r.id = suggestions.id), ''),
    anonymous = coalesce((SELECT json_extract(r.payload, '$.anonymous') FROM records r WHERE r.id = suggestions.id), 0),
    callback_phone = coalesce((SELECT CASE WHEN json_extract(r.payload, '$.anonymous') THEN '' ELSE json_extract(r.payload, '$.callback_phone') END
        FROM records r WHERE r.id = suggestions.id), ''),
    receipt = coalesce((SELECT json_extract(r.payload, '$.receipt') FROM records r WHERE r.id = suggestions.id), ''),
    created = coalesce((SELECT unixepoch(json_extract(r.payload, '$.created')) FROM records r WHERE r.id = suggestions.id), updated),
    received = coalesce((SELECT r.received FROM records r WHERE r.id = suggestions.id), updated),
    origin_community = community;
UPDATE suggestions SET callback_phone = '' WHERE callback_phone IS NULL;
CREATE INDEX suggestions_by_community ON suggestions (community, received, id);
CREATE INDEX suggestions_by_received ON suggestions (received, id);
-- The inbox's default view, open ones newest first, and the overdue ones:
-- read from these without sorting (the condition is InboxFilter's, word
-- for word, so SQLite can use them).
CREATE INDEX suggestions_open ON suggestions (community, received, id) WHERE status IN ('received', 'in_progress', 'transferred');
CREATE INDEX suggestions_open_all ON suggestions (received, id) WHERE status IN ('received', 'in_progress', 'transferred');
CREATE UNIQUE INDEX suggestions_by_lookup ON suggestions (lookup_id) WHERE lookup_id != '';

-- Staff's reply templates, per community and category ('' community: the
-- district's, offered to every community).
CREATE TABLE reply_templates (
    id        INTEGER PRIMARY KEY,
    community TEXT NOT NULL DEFAULT '',
    category  TEXT NOT NULL,
    title     TEXT NOT NULL,
    body      TEXT NOT NULL,
    updated   INTEGER NOT NULL
) STRICT;
CREATE INDEX reply_templates_by_community ON reply_templates (community, category);
INSERT INTO reply_templates (community, category, title, body, updated) VALUES
    ('', 'repairs', '已安排维修', '您好，您反映的问题我们已收到，已联系物业安排维修，预计三个工作日内处理完毕。感谢您对社区工作的支持！', unixepoch()),
    ('', 'environment', '已转物业处理', '您好，您反映的环境卫生问题已转交物业和保洁人员处理，我们会跟进落实。谢谢您！', unixepoch()),
    ('', 'safety', '已安排排查', '您好，感谢您的提醒。社区已安排网格员现场排查，如有紧急情况请拨打社区值班电话。', unixepoch()),
    ('', 'elderly', '为老服务回复', '您好，您的需求我们已记录，社区养老服务站工作人员会尽快与您联系。', unixepoch()),
    ('', 'activities', '活动建议已采纳', '您好，感谢您的建议！我们会在安排下一期社区活动时认真考虑。', unixepoch()),
    ('', 'other', '已收到', '您好，您的意见我们已收到，正在研究办理，办理结果会在这里告诉您。', unixepoch());

-- Call-back requests (请社区给我回电话): a queue for the community's staff.
CREATE TABLE callbacks (
    id         TEXT PRIMARY KEY,
    kiosk      TEXT NOT NULL,
    community  TEXT NOT NULL,
    entry      TEXT NOT NULL DEFAULT '',
    phone      TEXT NOT NULL,
    receipt    TEXT NOT NULL DEFAULT '',
    created    INTEGER NOT NULL,
    received   INTEGER NOT NULL,
    status     TEXT NOT NULL DEFAULT 'requested',
    note       TEXT NOT NULL DEFAULT '',
    updated    INTEGER NOT NULL,
    closed     INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX callbacks_by_community ON callbacks (community, status, received);
INSERT INTO callbacks (id, kiosk, community, entry, phone, receipt, created, received, status, updated)
    SELECT id, kiosk, json_extract(payload, '$.community'), coalesce(json_extract(payload, '$.entry'), ''),
        json_extract(payload, '$.phone'), coalesce(json_extract(payload, '$.receipt'), ''),
        coalesce(unixepoch(json_extract(payload, '$.created')), received), received, 'requested', received
    FROM records WHERE kind = 'callback' AND json_valid(payload);

-- Sign-ups as the roster lists them.
ALTER TABLE signups ADD COLUMN name        TEXT NOT NULL DEFAULT '';
ALTER TABLE signups ADD COLUMN phone       TEXT NOT NULL DEFAULT '';
ALTER TABLE signups ADD COLUMN receipt     TEXT NOT NULL DEFAULT '';
ALTER TABLE signups ADD COLUMN created     INTEGER NOT NULL DEFAULT 0;
ALTER TABLE signups ADD COLUMN assisted_by TEXT NOT NULL DEFAULT '';
ALTER TABLE signups ADD COLUMN checked_in  INTEGER NOT NULL DEFAULT 0;  -- when staff ticked her at the door
UPDATE signups SET
    name = coalesce((SELECT json_extract(r.payload, '$.name') FROM records r WHERE r.id = signups.id), ''),
    phone = coalesce((SELECT json_extract(r.payload, '$.phone') FROM records r WHERE r.id = signups.id), ''),
    receipt = coalesce((SELECT json_extract(r.payload, '$.receipt') FROM records r WHERE r.id = signups.id), ''),
    created = coalesce((SELECT unixepoch(json_extract(r.payload, '$.created')) FROM records r WHERE r.id = signups.id), decided),
    assisted_by = coalesce((SELECT json_extract(r.payload, '$.assisted_by') FROM records r WHERE r.id = signups.id), '');

-- Content as the console lists it: the account or community a post, place,
-- directory entry or event belongs to, its title and its date, read from
-- the published JSON by SQLite (virtual columns, indexed).
ALTER TABLE items ADD COLUMN owner TEXT GENERATED ALWAYS AS (CASE
    WHEN audience != '' OR deleted THEN NULL
    WHEN kind = 'post' THEN json_extract(data, '$.account')
    WHEN kind IN ('event', 'place', 'directory') THEN coalesce(json_extract(data, '$.community'), '')
    WHEN kind = 'account' THEN id END) VIRTUAL;
CREATE INDEX items_by_owner ON items (kind, owner, seq) WHERE deleted = 0 AND audience = '';
CREATE INDEX items_by_kind ON items (kind, seq) WHERE deleted = 0 AND audience = '';
