-- Issue 14: classes can be changed after they were recorded.
--
-- A session names its trainer (sessions made before have none).
ALTER TABLE training_sessions ADD COLUMN trainer TEXT NOT NULL DEFAULT '';

-- Learners taken off a course's roster (alliance.RosterLeave): the roster
-- is everyone checked in or marked absent at one of the course's sessions,
-- less these. A later check-in at the course puts her back (the row goes).
CREATE TABLE roster_off (
    course_id  TEXT NOT NULL REFERENCES courses (id),
    learner_id TEXT NOT NULL REFERENCES learners (id),
    at         INTEGER NOT NULL,
    PRIMARY KEY (course_id, learner_id)
) STRICT;
CREATE INDEX roster_off_by_learner ON roster_off (learner_id);
