-- Smartphone classes: learners, courses, class sessions, attendance,
-- per-lesson progress and course completions. Every row a trainer or a
-- learner creates is written with its outbox row (kinds learner, course,
-- session, attendance, progress, completion) in one transaction; the tables
-- hold the latest state the kiosk's screens show.

-- A learner, named as she wishes to be called (王女士), with her phone for
-- the learner card (surname + title + last four digits) and the short
-- learner number printed on it.
CREATE TABLE learners (
    id              TEXT PRIMARY KEY,
    seq             INTEGER NOT NULL UNIQUE, -- the outbox row that carries it
    name            TEXT NOT NULL,
    phone           TEXT NOT NULL DEFAULT '',
    number          TEXT NOT NULL UNIQUE,
    consent_version TEXT NOT NULL,
    community       TEXT NOT NULL DEFAULT '',
    created         INTEGER NOT NULL,
    kiosk_id        TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX learners_by_name ON learners (name);

-- A course: lessons in the order they are taught (JSON array of lesson ids).
CREATE TABLE courses (
    id        TEXT PRIMARY KEY,
    seq       INTEGER NOT NULL UNIQUE,
    title     TEXT NOT NULL,
    lessons   TEXT NOT NULL,
    community TEXT NOT NULL DEFAULT '',
    created   INTEGER NOT NULL,
    kiosk_id  TEXT NOT NULL DEFAULT ''
) STRICT;

-- A class session: one lesson of a course on a date at this community.
CREATE TABLE training_sessions (
    id        TEXT PRIMARY KEY,
    seq       INTEGER NOT NULL UNIQUE,
    course_id TEXT NOT NULL REFERENCES courses (id),
    lesson_id TEXT NOT NULL,
    day       TEXT NOT NULL, -- 2006-01-02, district time
    community TEXT NOT NULL DEFAULT '',
    created   INTEGER NOT NULL,
    kiosk_id  TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX sessions_by_course ON training_sessions (course_id, day);

-- Who was there: the latest check-in of each learner for each session.
CREATE TABLE attendance (
    session_id TEXT NOT NULL REFERENCES training_sessions (id),
    learner_id TEXT NOT NULL REFERENCES learners (id),
    present    INTEGER NOT NULL,
    seq        INTEGER NOT NULL UNIQUE,
    at         INTEGER NOT NULL,
    PRIMARY KEY (session_id, learner_id)
) STRICT;
CREATE INDEX attendance_by_learner ON attendance (learner_id);

-- A learner's standing in a lesson: the player's progress (JSON) and its
-- status, from self-study or entered by a trainer; the latest one.
CREATE TABLE lesson_progress (
    learner_id     TEXT NOT NULL REFERENCES learners (id),
    lesson_id      TEXT NOT NULL,
    lesson_version INTEGER NOT NULL DEFAULT 0,
    status         TEXT NOT NULL, -- not_started, in_progress, completed, needs_help
    progress       TEXT NOT NULL DEFAULT '',
    source         TEXT NOT NULL, -- self-study or trainer
    session_id     TEXT NOT NULL DEFAULT '',
    seq            INTEGER NOT NULL UNIQUE,
    updated        INTEGER NOT NULL,
    PRIMARY KEY (learner_id, lesson_id)
) STRICT;

-- A learner who finished a course, with the number on her certificate.
CREATE TABLE completions (
    id          TEXT PRIMARY KEY,
    seq         INTEGER NOT NULL UNIQUE,
    learner_id  TEXT NOT NULL REFERENCES learners (id),
    course_id   TEXT NOT NULL REFERENCES courses (id),
    certificate TEXT NOT NULL UNIQUE,
    completed   INTEGER NOT NULL,
    kiosk_id    TEXT NOT NULL DEFAULT '',
    UNIQUE (learner_id, course_id)
) STRICT;
