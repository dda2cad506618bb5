package hub

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/shinan-alliance/alliance"
)

// CommunityTraining is what the smartphone classes achieved in one
// community, counted from the training records its kiosks pushed.
type CommunityTraining struct {
	Community        string
	Learners         int // learners registered
	LessonsCompleted int // distinct learner × lesson pairs completed, with help or without
	// CompletedWithHelp is how many of LessonsCompleted were completed
	// with help (alliance.LessonCompletedWithHelp) and never without.
	CompletedWithHelp int
	CoursesCompleted  int // course completions (certificates)
}

// TrainingReport counts, per community, learners trained and lessons and
// courses completed. A community is the one its kiosk was enrolled for.
func (db *DB) TrainingReport(ctx context.Context) ([]CommunityTraining, error) {
	rows, err := db.read.QueryContext(ctx, `
		SELECT k.community,
			count(DISTINCT CASE WHEN r.kind = 'learner' THEN r.id END),
			count(DISTINCT CASE WHEN r.kind = 'progress' AND json_extract(r.payload, '$.status') IN ('completed', 'completed_with_help')
				THEN json_extract(r.payload, '$.learner_id') || '/' || json_extract(r.payload, '$.lesson_id') END),
			count(DISTINCT CASE WHEN r.kind = 'progress' AND json_extract(r.payload, '$.status') = 'completed_with_help'
				AND NOT EXISTS (SELECT 1 FROM records o WHERE o.kind = 'progress' AND o.learner = r.learner
					AND json_extract(o.payload, '$.lesson_id') = json_extract(r.payload, '$.lesson_id')
					AND json_extract(o.payload, '$.status') = 'completed')
				THEN json_extract(r.payload, '$.learner_id') || '/' || json_extract(r.payload, '$.lesson_id') END),
			count(DISTINCT CASE WHEN r.kind = 'completion' THEN r.id END)
		FROM records r JOIN kiosks k ON k.id = r.kiosk
		WHERE r.kind IN ('learner', 'progress', 'completion')
		GROUP BY k.community ORDER BY k.community`)
	if err != nil {
		return nil, fmt.Errorf("training report: %w", err)
	}
	defer rows.Close()
	var out []CommunityTraining
	for rows.Next() {
		var c CommunityTraining
		if err := rows.Scan(&c.Community, &c.Learners, &c.LessonsCompleted, &c.CompletedWithHelp, &c.CoursesCompleted); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// CourseTraining is one course of one community's smartphone classes, as
// the console's training page shows it.
type CourseTraining struct {
	Community, CourseID, Title string
	Lessons                    int // lessons in the course
	Sessions                   int // classes held
	Learners                   int // learners checked in at least once
	Attendance                 int // check-ins (present)
	LessonsCompleted           int // learner × lesson of the course completed, with help or without
	CompletedWithHelp          int // of those, completed with help (latest progress)
	NeedsHelp                  int // learner × lesson of the course whose latest progress asks for help
	Completions                int // certificates
}

// CourseReport lists every course with its classes, attendance and
// progress (one community's when community is not ""). A course's
// community is the one its kiosk was enrolled for. Changes trainers made
// count: a course's title and lessons are its latest course_edit's; a
// deleted course, and a deleted session with its check-ins, are left out.
func (db *DB) CourseReport(ctx context.Context, community string) ([]CourseTraining, error) {
	rows, err := db.read.QueryContext(ctx, `
		WITH edits AS (
			SELECT e.ref AS course, json_extract(e.payload, '$.title') AS title, json_extract(e.payload, '$.lessons') AS lessons,
				row_number() OVER (PARTITION BY e.ref ORDER BY json_extract(e.payload, '$.at') DESC, e.received DESC) AS n
			FROM records e WHERE e.kind = 'course_edit' AND NOT coalesce(json_extract(e.payload, '$.deleted'), 0)),
		courses AS (
			SELECT r.id, k.community, coalesce(e.title, json_extract(r.payload, '$.title'), '') AS title,
				coalesce(e.lessons, json_extract(r.payload, '$.lessons')) AS list
			FROM records r JOIN kiosks k ON k.id = r.kiosk LEFT JOIN edits e ON e.course = r.id AND e.n = 1
			WHERE r.kind = 'course' AND (? = '' OR k.community = ?)
				AND NOT EXISTS (SELECT 1 FROM records d WHERE d.kind = 'course_edit' AND d.ref = r.id AND json_extract(d.payload, '$.deleted'))),
		sessions AS (SELECT s.id, s.ref AS course FROM records s WHERE s.kind = 'session' AND s.ref IN (SELECT id FROM courses)
			AND NOT EXISTS (SELECT 1 FROM records d WHERE d.kind = 'session_edit' AND d.ref = s.id AND json_extract(d.payload, '$.deleted'))),
		att AS (SELECT a.learner, se.course FROM records a JOIN sessions se ON se.id = a.ref
			WHERE a.kind = 'attendance' AND json_extract(a.payload, '$.present')),
		latest AS (SELECT p.learner, json_extract(p.payload, '$.lesson_id') AS lesson, json_extract(p.payload, '$.status') AS status,
				row_number() OVER (PARTITION BY p.learner, json_extract(p.payload, '$.lesson_id') ORDER BY json_extract(p.payload, '$.updated') DESC) AS n
			FROM records p WHERE p.kind = 'progress'),
		mine AS (SELECT c.id AS course, l.status FROM courses c JOIN latest l ON l.n = 1
			AND l.learner IN (SELECT learner FROM att WHERE att.course = c.id)
			AND l.lesson IN (SELECT value FROM json_each(c.list)))
		SELECT c.community, c.id, c.title, json_array_length(c.list),
			(SELECT count(*) FROM sessions se WHERE se.course = c.id),
			(SELECT count(DISTINCT learner) FROM att WHERE att.course = c.id),
			(SELECT count(*) FROM att WHERE att.course = c.id),
			(SELECT count(*) FROM mine m WHERE m.course = c.id AND m.status IN ('completed', 'completed_with_help')),
			(SELECT count(*) FROM mine m WHERE m.course = c.id AND m.status = 'completed_with_help'),
			(SELECT count(*) FROM mine m WHERE m.course = c.id AND m.status = 'needs_help'),
			(SELECT count(*) FROM records m WHERE m.kind = 'completion' AND m.ref = c.id)
		FROM courses c ORDER BY c.community, c.title`, community, community)
	if err != nil {
		return nil, fmt.Errorf("course report: %w", err)
	}
	defer rows.Close()
	var out []CourseTraining
	for rows.Next() {
		var c CourseTraining
		if err := rows.Scan(&c.Community, &c.CourseID, &c.Title, &c.Lessons, &c.Sessions, &c.Learners, &c.Attendance,
			&c.LessonsCompleted, &c.CompletedWithHelp, &c.NeedsHelp, &c.Completions); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// decideTrainingEdit checks a change to a class (alliance.CourseEdit,
// SessionEdit, RosterLeave): what it changes must be at the hub, sent by a
// kiosk of the same community. ok is false for other records. The change
// is stored as it came; the reports read the latest.
func (db *DB) decideTrainingEdit(ctx context.Context, tx *sql.Tx, kiosk string, rec alliance.Record) (learner, ref string, ok bool, err error) {
	switch r := rec.(type) {
	case *alliance.CourseEdit:
		return "", r.CourseID, true, sameCommunity(ctx, tx, kiosk, "course change", alliance.KindCourse, r.CourseID)
	case *alliance.SessionEdit:
		return "", r.SessionID, true, sameCommunity(ctx, tx, kiosk, "session change", alliance.KindSession, r.SessionID)
	case *alliance.RosterLeave:
		if err := needRecords(ctx, tx, "roster change", alliance.KindLearner, r.LearnerID); err != nil {
			return "", "", true, err
		}
		return r.LearnerID, r.CourseID, true, sameCommunity(ctx, tx, kiosk, "roster change", alliance.KindCourse, r.CourseID)
	}
	return "", "", false, nil
}

// sameCommunity refuses a change to a record the hub does not have, or
// that a kiosk of another community pushed.
func sameCommunity(ctx context.Context, tx *sql.Tx, kiosk, what string, kind alliance.Kind, id string) error {
	var owner string
	err := tx.QueryRowContext(ctx, "SELECT kiosk FROM records WHERE id = ? AND kind = ?", id, kind).Scan(&owner)
	if errors.Is(err, sql.ErrNoRows) {
		return refuse(alliance.ReasonUnknownRef, "%s refers to %s %s, which the hub does not have", what, kind, id)
	}
	if err != nil || owner == kiosk {
		return err
	}
	var same int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM kiosks a JOIN kiosks b ON a.community = b.community
		WHERE a.id = ? AND b.id = ?`, owner, kiosk).Scan(&same); err != nil {
		return err
	}
	if same == 0 {
		return refuse(alliance.ReasonNotOwner, "%s: %s %s belongs to another community", what, kind, id)
	}
	return nil
}
