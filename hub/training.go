package hub

import (
	"context"
	"fmt"
)

// CommunityTraining is what the smartphone classes achieved in one
// community, counted from the training records its kiosks pushed.
type CommunityTraining struct {
	Community        string
	Learners         int // learners registered
	LessonsCompleted int // distinct learner × lesson pairs completed
	CoursesCompleted int // course completions (certificates)
}

// TrainingReport counts, per community, learners trained and lessons and
// courses completed. A community is the one its kiosk was enrolled for.
func (db *DB) TrainingReport(ctx context.Context) ([]CommunityTraining, error) {
	rows, err := db.read.QueryContext(ctx, `
		SELECT k.community,
			count(DISTINCT CASE WHEN r.kind = 'learner' THEN r.id END),
			count(DISTINCT CASE WHEN r.kind = 'progress' AND json_extract(r.payload, '$.status') = 'completed'
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
		if err := rows.Scan(&c.Community, &c.Learners, &c.LessonsCompleted, &c.CoursesCompleted); err != nil {
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
	LessonsCompleted           int // learner × lesson of the course completed
	NeedsHelp                  int // learner × lesson of the course whose latest progress asks for help
	Completions                int // certificates
}

// CourseReport lists every course with its classes, attendance and
// progress (one community's when community is not ""). A course's
// community is the one its kiosk was enrolled for.
func (db *DB) CourseReport(ctx context.Context, community string) ([]CourseTraining, error) {
	rows, err := db.read.QueryContext(ctx, `
		WITH courses AS (
			SELECT r.id, k.community, coalesce(json_extract(r.payload, '$.title'), '') AS title,
				json_array_length(r.payload, '$.lessons') AS lessons, r.payload
			FROM records r JOIN kiosks k ON k.id = r.kiosk
			WHERE r.kind = 'course' AND (? = '' OR k.community = ?)),
		sessions AS (SELECT s.id, s.ref AS course FROM records s WHERE s.kind = 'session' AND s.ref IN (SELECT id FROM courses)),
		att AS (SELECT a.learner, se.course FROM records a JOIN sessions se ON se.id = a.ref
			WHERE a.kind = 'attendance' AND json_extract(a.payload, '$.present')),
		latest AS (SELECT p.learner, json_extract(p.payload, '$.lesson_id') AS lesson, json_extract(p.payload, '$.status') AS status,
				row_number() OVER (PARTITION BY p.learner, json_extract(p.payload, '$.lesson_id') ORDER BY json_extract(p.payload, '$.updated') DESC) AS n
			FROM records p WHERE p.kind = 'progress')
		SELECT c.community, c.id, c.title, c.lessons,
			(SELECT count(*) FROM sessions se WHERE se.course = c.id),
			(SELECT count(DISTINCT learner) FROM att WHERE att.course = c.id),
			(SELECT count(*) FROM att WHERE att.course = c.id),
			(SELECT count(*) FROM latest l WHERE l.n = 1 AND l.status = 'completed'
				AND l.learner IN (SELECT learner FROM att WHERE att.course = c.id)
				AND l.lesson IN (SELECT value FROM json_each(c.payload, '$.lessons'))),
			(SELECT count(*) FROM latest l WHERE l.n = 1 AND l.status = 'needs_help'
				AND l.learner IN (SELECT learner FROM att WHERE att.course = c.id)
				AND l.lesson IN (SELECT value FROM json_each(c.payload, '$.lessons'))),
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
			&c.LessonsCompleted, &c.NeedsHelp, &c.Completions); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}
