-- Protocol 2.
--
-- References between content rows become soft: a post names its account
-- and an event its community, but the database no longer insists that the
-- account be there. The hub is the authority on content, and its change
-- log sends the latest state of each item in the order of its last change:
-- an account edited after the posts that name it arrives after them, in a
-- later batch perhaps. With the foreign keys, such a batch failed on every
-- retry and the kiosk's sync was wedged for good. Screens that show a
-- post's account join it when it is there; when the pull ends the hub's
-- state, which is consistent, is the kiosk's.
--
-- post_images is rebuilt around the new posts table (it still cascades
-- from posts: the images are part of the post).
CREATE TABLE post_images_keep AS SELECT post_id, pos, sha256 FROM post_images;
DROP TABLE post_images;

CREATE TABLE posts_v2 (
    id        TEXT PRIMARY KEY,
    account   TEXT NOT NULL,
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
INSERT INTO posts_v2 SELECT id, account, col, title, body, published, expires, pinned, link, source, origin, hash FROM posts;
DROP TABLE posts;
ALTER TABLE posts_v2 RENAME TO posts;
CREATE INDEX posts_by_col ON posts (col, published DESC, id);
CREATE INDEX posts_by_account ON posts (account, published DESC, id);

CREATE TABLE post_images (
    post_id TEXT NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    pos     INTEGER NOT NULL,
    sha256  TEXT NOT NULL,
    PRIMARY KEY (post_id, pos)
) STRICT, WITHOUT ROWID;
INSERT INTO post_images SELECT post_id, pos, sha256 FROM post_images_keep;
DROP TABLE post_images_keep;

CREATE TABLE events_v2 (
    id            TEXT PRIMARY KEY,
    community     TEXT NOT NULL,
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
INSERT INTO events_v2 SELECT id, community, title, description, starts, ends, place, capacity, taken, signup_opens,
    signup_closes, waitlist, status, tags, origin, hash FROM events;
DROP TABLE events;
ALTER TABLE events_v2 RENAME TO events;
CREATE INDEX events_by_start ON events (starts);

-- A record the hub refused is kept, with the hub's reason, for staff to see
-- in the staff panel; it is settled (acked) and never sent again.
ALTER TABLE outbox ADD COLUMN refused TEXT NOT NULL DEFAULT '';         -- the reason code, '' if not refused
ALTER TABLE outbox ADD COLUMN refused_message TEXT NOT NULL DEFAULT ''; -- the hub's words, for staff

-- Why the hub rejected a sign-up (event full, ended, …): the resident is
-- told in her own words.
ALTER TABLE signups ADD COLUMN reason TEXT NOT NULL DEFAULT '';
