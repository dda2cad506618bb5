-- Smartphone lessons the hub distributes, as their folders' files (JSON of
-- alliance.LessonFolder). The kiosk validates them with package lessons
-- when it loads them; while this table is empty it teaches the curriculum
-- it embeds.
CREATE TABLE lessons (
    id      TEXT PRIMARY KEY,
    dir     TEXT NOT NULL,
    version INTEGER NOT NULL,
    folder  BLOB NOT NULL,
    origin  TEXT NOT NULL,
    hash    TEXT NOT NULL
) STRICT;
