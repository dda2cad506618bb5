package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/mattn/go-sqlite3"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/lessons"
)

// The training records (learner, course, session, attendance, completion,
// erasure) are the domain's types (package alliance): they travel as they
// are stored. A lesson's progress has a richer local form (LessonProgress
// below, with the lesson player's Progress), converted to
// alliance.LessonProgress for the outbox.

// LessonProgress is a learner's standing in a lesson: from self-study at
// the kiosk (with the player's step-by-step Progress) or as a trainer
// entered it. Each save is a new record; the hub keeps the latest by
// Updated for each learner and lesson.
type LessonProgress struct {
	ID            string            `json:"id"`
	Seq           int64             `json:"-"`
	LearnerID     string            `json:"learner_id"`
	LessonID      string            `json:"lesson_id"`
	LessonVersion int               `json:"lesson_version"`
	Status        string            `json:"status"` // StatusCode of a lessons.Status
	Progress      *lessons.Progress `json:"progress,omitempty"`
	Source        string            `json:"source"`               // alliance.SourceSelfStudy or alliance.SourceTrainer
	SessionID     string            `json:"session_id,omitempty"` // the class it was entered in, if any
	Updated       time.Time         `json:"updated"`
	KioskID       string            `json:"kiosk_id,omitempty"`
}

var statusCodes = map[lessons.Status]string{
	lessons.NotStarted: "not_started",
	lessons.InProgress: "in_progress",
	lessons.Completed:  "completed",
	lessons.NeedsHelp:  "needs_help",
}

// StatusCode is how a lesson status is stored and sent: not_started,
// in_progress, completed or needs_help. A lesson completed with help
// (alliance.LessonCompletedWithHelp) has no lessons.Status of its own: see
// TrailStatus.
func StatusCode(s lessons.Status) string { return statusCodes[s] }

// TrailStatus is the status a self-study trail records: as the player
// sums it up (lessons.Progress.Status), except that a lesson gone through
// to the end, every practice and quiz done (some with help: the right
// place shown after missed taps, a wrong answer before the right one), is
// completed_with_help rather than needs_help. A step passed by without
// doing it still needs help.
func TrailStatus(p lessons.Progress) string {
	st := p.Status()
	if st != lessons.NeedsHelp || !p.Completed() {
		return StatusCode(st)
	}
	for _, s := range p.Steps {
		if s.Skipped {
			return alliance.LessonNeedsHelp
		}
	}
	return alliance.LessonCompletedWithHelp
}

// ParseStatus reads a StatusCode back; anything unknown is not started.
// completed_with_help reads as lessons.Completed: the lesson is done.
func ParseStatus(code string) lessons.Status {
	if code == alliance.LessonCompletedWithHelp {
		return lessons.Completed
	}
	for s, c := range statusCodes {
		if c == code {
			return s
		}
	}
	return lessons.NotStarted
}

// payload is the record as it travels: the domain's LessonProgress, the
// player's Progress carried as the LessonTrail of the same JSON shape.
func (p LessonProgress) payload() *alliance.LessonProgress {
	out := &alliance.LessonProgress{ID: p.ID, LearnerID: p.LearnerID, LessonID: p.LessonID, LessonVersion: p.LessonVersion,
		Status: p.Status, Source: p.Source, SessionID: p.SessionID, Updated: p.Updated, KioskID: p.KioskID}
	if pr := p.Progress; pr != nil {
		t := &alliance.LessonTrail{Lesson: pr.Lesson, Version: pr.Version, Step: pr.Step}
		for _, s := range pr.Steps {
			t.Steps = append(t.Steps, alliance.StepTrail{Seen: s.Seen, Done: s.Done, Skipped: s.Skipped, Misses: s.Misses,
				Wrong: s.Wrong, Shown: s.Shown, Answers: s.Answers})
		}
		out.Trail = t
	}
	return out
}

// LessonStatus returns the progress's status as a lessons.Status.
func (p LessonProgress) LessonStatus() lessons.Status { return ParseStatus(p.Status) }

// randomDigits draws n decimal digits.
func randomDigits(n int) (string, error) {
	var b strings.Builder
	for range n {
		d, err := rand.Int(rand.Reader, big.NewInt(10))
		if err != nil {
			return "", err
		}
		b.WriteString(d.String())
	}
	return b.String(), nil
}

// withCode runs fn with a fresh code of digits inside a savepoint, again
// with another while the one drawn is taken (column names the unique
// column the code goes into).
func withCode(ctx context.Context, tx *sql.Tx, digits int, column string, fn func(code string) error) error {
	for range 20 {
		code, err := randomDigits(digits)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "SAVEPOINT code"); err != nil {
			return err
		}
		err = fn(code)
		if err == nil {
			_, err = tx.ExecContext(ctx, "RELEASE code")
			return err
		}
		if _, rerr := tx.ExecContext(ctx, "ROLLBACK TO code"); rerr != nil {
			return errors.Join(err, rerr) // the transaction cannot go on: it is rolled back whole
		}
		var se sqlite3.Error
		if errors.As(err, &se) && se.ExtendedCode == sqlite3.ErrConstraintUnique && strings.Contains(se.Error(), column) {
			continue
		}
		return err
	}
	return fmt.Errorf("no free %s after 20 tries", column)
}

// SaveLearner validates and commits a new learner with her outbox row; l
// gets its ID, Seq, Number and Created.
func (db *DB) SaveLearner(ctx context.Context, l *alliance.Learner) error {
	rec := *l
	rec.Name = strings.TrimSpace(rec.Name)
	if rec.Name == "" || rec.ConsentVersion == "" {
		return fmt.Errorf("save learner: name and consent are required")
	}
	if rec.Phone != "" {
		if err := alliance.ValidatePhone(rec.Phone); err != nil {
			return fmt.Errorf("save learner: %w", err)
		}
		rec.Phone = alliance.Digits(rec.Phone)
	}
	rec.ID = uuid.NewString()
	rec.Created = db.Now()
	err := db.tx(ctx, func(tx *sql.Tx) error {
		return withCode(ctx, tx, 6, "learners.number", func(code string) error {
			rec.Number = code
			seq, err := addOutbox(ctx, tx, &rec, rec.Created)
			if err != nil {
				return err
			}
			rec.Seq = seq
			_, err = tx.ExecContext(ctx, `INSERT INTO learners (id, seq, name, phone, number, consent_version, community, created, kiosk_id)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, rec.ID, rec.Seq, rec.Name, rec.Phone, rec.Number, rec.ConsentVersion,
				rec.Community, rec.Created.Unix(), rec.KioskID)
			return err
		})
	})
	if err != nil {
		return fmt.Errorf("save learner: %w", err)
	}
	*l = rec
	return nil
}

const learnerCols = "id, seq, name, phone, number, consent_version, community, created, kiosk_id, phone_family, print_name"

func scanLearner(s interface{ Scan(...any) error }) (alliance.Learner, error) {
	var l alliance.Learner
	var created int64
	err := s.Scan(&l.ID, &l.Seq, &l.Name, &l.Phone, &l.Number, &l.ConsentVersion, &l.Community, &created, &l.KioskID, &l.PhoneFamily, &l.PrintName)
	l.Created = time.Unix(created, 0).In(alliance.Location)
	return l, err
}

func (db *DB) learners(ctx context.Context, what, query string, args ...any) ([]alliance.Learner, error) {
	rows, err := db.read.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	defer rows.Close()
	var out []alliance.Learner
	for rows.Next() {
		l, err := scanLearner(rows)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", what, err)
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// Learner returns a learner by id.
func (db *DB) Learner(ctx context.Context, id string) (alliance.Learner, error) {
	l, err := scanLearner(db.read.QueryRowContext(ctx, "SELECT "+learnerCols+" FROM learners WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return l, fmt.Errorf("learner %s: %w", id, alliance.ErrNotFound)
	}
	return l, err
}

// LearnerByNumber finds a learner by the number on her card.
func (db *DB) LearnerByNumber(ctx context.Context, number string) (alliance.Learner, error) {
	l, err := scanLearner(db.read.QueryRowContext(ctx, "SELECT "+learnerCols+" FROM learners WHERE number = ?", alliance.Digits(number)))
	if errors.Is(err, sql.ErrNoRows) {
		return l, fmt.Errorf("learner number: %w", alliance.ErrNotFound)
	}
	return l, err
}

// FindLearners finds learners by the name they go by and the last four
// digits of their phone: the learner card without a number.
func (db *DB) FindLearners(ctx context.Context, name, last4 string) ([]alliance.Learner, error) {
	last4 = alliance.Digits(last4)
	if len(last4) != 4 {
		return nil, nil
	}
	return db.learners(ctx, "find learners", "SELECT "+learnerCols+" FROM learners WHERE name = ? AND phone LIKE ? ORDER BY created",
		strings.TrimSpace(name), "%"+last4)
}

// Learners lists every learner of this kiosk, by name.
func (db *DB) Learners(ctx context.Context) ([]alliance.Learner, error) {
	return db.learners(ctx, "list learners", "SELECT "+learnerCols+" FROM learners ORDER BY name, created")
}

// CourseRoster lists the learners of a course: everyone checked in (or
// marked absent) at one of its sessions and not taken off it since
// (LeaveRoster), by name.
func (db *DB) CourseRoster(ctx context.Context, courseID string) ([]alliance.Learner, error) {
	return db.learners(ctx, "course roster", "SELECT "+learnerCols+` FROM learners WHERE id IN (
		SELECT a.learner_id FROM attendance a JOIN training_sessions s ON s.id = a.session_id WHERE s.course_id = ?1)
		AND id NOT IN (SELECT learner_id FROM roster_off WHERE course_id = ?1)
		ORDER BY name, created`, courseID)
}

// SetLearnerPhone remembers the phone family a learner uses ("" to forget
// it). It is a choice of what the screens show, kept on this kiosk: no
// outbox record.
func (db *DB) SetLearnerPhone(ctx context.Context, learnerID, family string) error {
	return db.setPhone(ctx, "learners", learnerID, family)
}

// SetLearnerPrintName keeps the name a learner chose to have printed on
// her certificate ("" for the name she goes by), on this kiosk only: no
// outbox record.
func (db *DB) SetLearnerPrintName(ctx context.Context, learnerID, name string) error {
	if err := alliance.CheckPrintName(name); err != nil {
		return fmt.Errorf("set print name: %w", err)
	}
	return db.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "UPDATE learners SET print_name = ? WHERE id = ?", name, learnerID)
		if err != nil {
			return fmt.Errorf("set print name: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("set print name of %s: %w", learnerID, alliance.ErrNotFound)
		}
		return nil
	})
}

// SetCoursePhone remembers the phone family a trainer shows a course's
// class ("" for the lessons as written), on this kiosk only.
func (db *DB) SetCoursePhone(ctx context.Context, courseID, family string) error {
	return db.setPhone(ctx, "courses", courseID, family)
}

func (db *DB) setPhone(ctx context.Context, table, id, family string) error {
	if _, ok := lessons.FamilyByID(family); !ok && family != "" {
		return fmt.Errorf("set phone: unknown phone family %q", family)
	}
	return db.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "UPDATE "+table+" SET phone_family = ? WHERE id = ?", family, id)
		if err != nil {
			return fmt.Errorf("set phone: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("set phone of %s: %w", id, alliance.ErrNotFound)
		}
		return nil
	})
}

// SaveCourse commits a new course with its outbox row; c gets its ID, Seq
// and Created.
func (db *DB) SaveCourse(ctx context.Context, c *alliance.Course) error {
	rec := *c
	rec.Title = strings.TrimSpace(rec.Title)
	if rec.Title == "" || len(rec.Lessons) == 0 {
		return fmt.Errorf("save course: a title and at least one lesson are required")
	}
	rec.Lessons = append([]string(nil), rec.Lessons...)
	rec.ID = uuid.NewString()
	rec.Created = db.Now()
	err := db.tx(ctx, func(tx *sql.Tx) error {
		seq, err := addOutbox(ctx, tx, &rec, rec.Created)
		if err != nil {
			return err
		}
		rec.Seq = seq
		_, err = tx.ExecContext(ctx, "INSERT INTO courses (id, seq, title, lessons, community, created, kiosk_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
			rec.ID, rec.Seq, rec.Title, jsonList(rec.Lessons), rec.Community, rec.Created.Unix(), rec.KioskID)
		return err
	})
	if err != nil {
		return fmt.Errorf("save course: %w", err)
	}
	*c = rec
	return nil
}

func scanCourse(s interface{ Scan(...any) error }) (alliance.Course, error) {
	var c alliance.Course
	var list string
	var created int64
	err := s.Scan(&c.ID, &c.Seq, &c.Title, &list, &c.Community, &created, &c.KioskID, &c.PhoneFamily)
	c.Lessons, c.Created = parseList(list), time.Unix(created, 0).In(alliance.Location)
	return c, err
}

// Courses lists the courses, newest first.
func (db *DB) Courses(ctx context.Context) ([]alliance.Course, error) {
	rows, err := db.read.QueryContext(ctx, "SELECT id, seq, title, lessons, community, created, kiosk_id, phone_family FROM courses ORDER BY created DESC, seq DESC")
	if err != nil {
		return nil, fmt.Errorf("list courses: %w", err)
	}
	defer rows.Close()
	var out []alliance.Course
	for rows.Next() {
		c, err := scanCourse(rows)
		if err != nil {
			return nil, fmt.Errorf("list courses: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// Course returns a course by id.
func (db *DB) Course(ctx context.Context, id string) (alliance.Course, error) {
	c, err := scanCourse(db.read.QueryRowContext(ctx, "SELECT id, seq, title, lessons, community, created, kiosk_id, phone_family FROM courses WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return c, fmt.Errorf("course %s: %w", id, alliance.ErrNotFound)
	}
	return c, err
}

// SaveSession commits a new class session with its outbox row; s gets its
// ID, Seq and Created. The lesson must belong to the course.
func (db *DB) SaveSession(ctx context.Context, s *alliance.Session) error {
	rec := *s
	rec.Trainer = strings.TrimSpace(rec.Trainer)
	if _, err := time.Parse(time.DateOnly, rec.Day); err != nil {
		return fmt.Errorf("save session: day %q is not a date", rec.Day)
	}
	c, err := db.Course(ctx, rec.CourseID)
	if err != nil {
		return fmt.Errorf("save session: %w", err)
	}
	if !slices.Contains(c.Lessons, rec.LessonID) {
		return fmt.Errorf("save session: lesson %q is not in course %s", rec.LessonID, c.ID)
	}
	rec.ID = uuid.NewString()
	rec.Created = db.Now()
	err = db.tx(ctx, func(tx *sql.Tx) error {
		seq, err := addOutbox(ctx, tx, &rec, rec.Created)
		if err != nil {
			return err
		}
		rec.Seq = seq
		_, err = tx.ExecContext(ctx, `INSERT INTO training_sessions (id, seq, course_id, lesson_id, day, trainer, community, created, kiosk_id)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, rec.ID, rec.Seq, rec.CourseID, rec.LessonID, rec.Day, rec.Trainer, rec.Community, rec.Created.Unix(), rec.KioskID)
		return err
	})
	if err != nil {
		return fmt.Errorf("save session: %w", err)
	}
	*s = rec
	return nil
}

const sessionCols = "id, seq, course_id, lesson_id, day, trainer, community, created, kiosk_id"

func scanSession(s interface{ Scan(...any) error }) (alliance.Session, error) {
	var r alliance.Session
	var created int64
	err := s.Scan(&r.ID, &r.Seq, &r.CourseID, &r.LessonID, &r.Day, &r.Trainer, &r.Community, &created, &r.KioskID)
	r.Created = time.Unix(created, 0).In(alliance.Location)
	return r, err
}

// Sessions lists the sessions of a course ("" for every course), newest
// day first.
func (db *DB) Sessions(ctx context.Context, courseID string) ([]alliance.Session, error) {
	rows, err := db.read.QueryContext(ctx, "SELECT "+sessionCols+" FROM training_sessions WHERE ? = '' OR course_id = ? ORDER BY day DESC, created DESC",
		courseID, courseID)
	if err != nil {
		return nil, fmt.Errorf("list sessions: %w", err)
	}
	defer rows.Close()
	var out []alliance.Session
	for rows.Next() {
		s, err := scanSession(rows)
		if err != nil {
			return nil, fmt.Errorf("list sessions: %w", err)
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// Session returns a class session by id.
func (db *DB) Session(ctx context.Context, id string) (alliance.Session, error) {
	s, err := scanSession(db.read.QueryRowContext(ctx, "SELECT "+sessionCols+" FROM training_sessions WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return s, fmt.Errorf("session %s: %w", id, alliance.ErrNotFound)
	}
	return s, err
}

// SetAttendance checks learners in (present) or out at a session, all in
// one transaction with one outbox row each: "all present" for a class of
// 30 is one commit. A learner already in that state is left alone.
func (db *DB) SetAttendance(ctx context.Context, sessionID string, learnerIDs []string, present bool, kioskID string) error {
	now := db.Now()
	err := db.tx(ctx, func(tx *sql.Tx) error {
		for _, id := range learnerIDs {
			// Marked at a class of the course again: back on its roster,
			// and the hub is told by this check-in even if it changes
			// nothing else.
			res, err := tx.ExecContext(ctx, `DELETE FROM roster_off WHERE learner_id = ?
				AND course_id = (SELECT course_id FROM training_sessions WHERE id = ?)`, id, sessionID)
			if err != nil {
				return err
			}
			back, err := res.RowsAffected()
			if err != nil {
				return err
			}
			var was int
			err = tx.QueryRowContext(ctx, "SELECT present FROM attendance WHERE session_id = ? AND learner_id = ?", sessionID, id).Scan(&was)
			switch {
			case err == nil && (was == 1) == present && back == 0:
				continue
			case err != nil && !errors.Is(err, sql.ErrNoRows):
				return err
			}
			rec := alliance.Attendance{ID: uuid.NewString(), SessionID: sessionID, LearnerID: id, Present: present, At: now, KioskID: kioskID}
			seq, err := addOutbox(ctx, tx, &rec, now)
			if err != nil {
				return err
			}
			_, err = tx.ExecContext(ctx, `INSERT INTO attendance (session_id, learner_id, present, seq, at) VALUES (?, ?, ?, ?, ?)
				ON CONFLICT (session_id, learner_id) DO UPDATE SET present = excluded.present, seq = excluded.seq, at = excluded.at`,
				sessionID, id, present, seq, now.Unix())
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("set attendance: %w", err)
	}
	return nil
}

// AttendanceOf returns who is marked at a session: learner id to present.
// Learners never marked are missing.
func (db *DB) AttendanceOf(ctx context.Context, sessionID string) (map[string]bool, error) {
	rows, err := db.read.QueryContext(ctx, "SELECT learner_id, present FROM attendance WHERE session_id = ?", sessionID)
	if err != nil {
		return nil, fmt.Errorf("read attendance: %w", err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var id string
		var p bool
		if err := rows.Scan(&id, &p); err != nil {
			return nil, fmt.Errorf("read attendance: %w", err)
		}
		out[id] = p
	}
	return out, rows.Err()
}

// SaveProgress commits a learner's progress in a lesson with its outbox
// row, replacing the standing the screens show; p gets its ID, Seq and
// Updated.
func (db *DB) SaveProgress(ctx context.Context, p *LessonProgress) error {
	rec := *p
	if rec.LearnerID == "" || rec.LessonID == "" {
		return fmt.Errorf("save progress: learner and lesson are required")
	}
	switch rec.Status {
	case alliance.LessonNotStarted, alliance.LessonInProgress, alliance.LessonCompleted, alliance.LessonNeedsHelp, alliance.LessonCompletedWithHelp:
	default:
		return fmt.Errorf("save progress: unknown status %q", rec.Status)
	}
	if rec.Source != alliance.SourceSelfStudy && rec.Source != alliance.SourceTrainer {
		return fmt.Errorf("save progress: unknown source %q", rec.Source)
	}
	if rec.Source == alliance.SourceSelfStudy && rec.Progress != nil {
		// What self-study records is what its trail says, so the status
		// and the steps sent with it never disagree.
		rec.Status = TrailStatus(*rec.Progress)
	}
	var steps []byte
	if rec.Progress != nil {
		if rec.Progress.Lesson != rec.LessonID {
			return fmt.Errorf("save progress: progress of lesson %q given for %q", rec.Progress.Lesson, rec.LessonID)
		}
		cp := *rec.Progress
		rec.Progress = &cp
		var err error
		if steps, err = json.Marshal(cp); err != nil {
			return fmt.Errorf("save progress: %w", err)
		}
	}
	rec.ID = uuid.NewString()
	rec.Updated = db.Now()
	err := db.tx(ctx, func(tx *sql.Tx) error {
		seq, err := addOutbox(ctx, tx, rec.payload(), rec.Updated)
		if err != nil {
			return err
		}
		rec.Seq = seq
		_, err = tx.ExecContext(ctx, `INSERT INTO lesson_progress (learner_id, lesson_id, lesson_version, status, progress, source, session_id, seq, updated)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (learner_id, lesson_id) DO UPDATE SET lesson_version = excluded.lesson_version, status = excluded.status,
				progress = excluded.progress, source = excluded.source, session_id = excluded.session_id, seq = excluded.seq, updated = excluded.updated`,
			rec.LearnerID, rec.LessonID, rec.LessonVersion, rec.Status, string(steps), rec.Source, rec.SessionID, rec.Seq, rec.Updated.Unix())
		return err
	})
	if err != nil {
		return fmt.Errorf("save progress: %w", err)
	}
	*p = rec
	return nil
}

// ProgressOf returns the standing of learners in every lesson they have
// one for: learner id, then lesson id. Lessons not in the map are not
// started.
func (db *DB) ProgressOf(ctx context.Context, learnerIDs ...string) (map[string]map[string]LessonProgress, error) {
	out := map[string]map[string]LessonProgress{}
	if len(learnerIDs) == 0 {
		return out, nil
	}
	args := make([]any, len(learnerIDs))
	for i, id := range learnerIDs {
		args[i] = id
	}
	rows, err := db.read.QueryContext(ctx, `SELECT learner_id, lesson_id, lesson_version, status, progress, source, session_id, seq, updated
		FROM lesson_progress WHERE learner_id IN (?`+strings.Repeat(", ?", len(args)-1)+")", args...)
	if err != nil {
		return nil, fmt.Errorf("read progress: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var p LessonProgress
		var steps string
		var updated int64
		if err := rows.Scan(&p.LearnerID, &p.LessonID, &p.LessonVersion, &p.Status, &steps, &p.Source, &p.SessionID, &p.Seq, &updated); err != nil {
			return nil, fmt.Errorf("read progress: %w", err)
		}
		p.Updated = time.Unix(updated, 0).In(alliance.Location)
		if steps != "" {
			var pr lessons.Progress
			if err := json.Unmarshal([]byte(steps), &pr); err != nil {
				return nil, fmt.Errorf("read progress of lesson %s: %w", p.LessonID, err)
			}
			p.Progress = &pr
		}
		if out[p.LearnerID] == nil {
			out[p.LearnerID] = map[string]LessonProgress{}
		}
		out[p.LearnerID][p.LessonID] = p
	}
	return out, rows.Err()
}

// ErrCourseNotFinished is returned for a completion of a course with
// lessons not yet completed (with or without help).
var ErrCourseNotFinished = errors.New("course not finished")

// SaveCompletion records that a learner finished a course, once: every
// lesson of the course must be completed. A second call returns the first
// completion unchanged. c gets its ID, Seq, Certificate and Completed.
func (db *DB) SaveCompletion(ctx context.Context, c *alliance.Completion) error {
	if prev, err := db.CompletionOf(ctx, c.LearnerID, c.CourseID); err == nil {
		*c = prev
		return nil
	} else if !errors.Is(err, alliance.ErrNotFound) {
		return fmt.Errorf("save completion: %w", err)
	}
	course, err := db.Course(ctx, c.CourseID)
	if err != nil {
		return fmt.Errorf("save completion: %w", err)
	}
	prog, err := db.ProgressOf(ctx, c.LearnerID)
	if err != nil {
		return fmt.Errorf("save completion: %w", err)
	}
	for _, l := range course.Lessons {
		if !alliance.LessonDone(prog[c.LearnerID][l].Status) {
			return fmt.Errorf("save completion: lesson %s: %w", l, ErrCourseNotFinished)
		}
	}
	rec := *c
	rec.ID = uuid.NewString()
	rec.Completed = db.Now()
	err = db.tx(ctx, func(tx *sql.Tx) error {
		return withCode(ctx, tx, 6, "completions.certificate", func(code string) error {
			rec.Certificate = rec.Completed.In(alliance.Location).Format("20060102") + "-" + code
			seq, err := addOutbox(ctx, tx, &rec, rec.Completed)
			if err != nil {
				return err
			}
			rec.Seq = seq
			_, err = tx.ExecContext(ctx, `INSERT INTO completions (id, seq, learner_id, course_id, certificate, completed, kiosk_id)
				VALUES (?, ?, ?, ?, ?, ?, ?)`, rec.ID, rec.Seq, rec.LearnerID, rec.CourseID, rec.Certificate, rec.Completed.Unix(), rec.KioskID)
			return err
		})
	})
	if err != nil {
		return fmt.Errorf("save completion: %w", err)
	}
	*c = rec
	return nil
}

// CompletionOf returns a learner's completion of a course.
func (db *DB) CompletionOf(ctx context.Context, learnerID, courseID string) (alliance.Completion, error) {
	var c alliance.Completion
	var at int64
	err := db.read.QueryRowContext(ctx, `SELECT id, seq, learner_id, course_id, certificate, completed, kiosk_id
		FROM completions WHERE learner_id = ? AND course_id = ?`, learnerID, courseID).
		Scan(&c.ID, &c.Seq, &c.LearnerID, &c.CourseID, &c.Certificate, &at, &c.KioskID)
	if errors.Is(err, sql.ErrNoRows) {
		return c, fmt.Errorf("completion: %w", alliance.ErrNotFound)
	}
	c.Completed = time.Unix(at, 0).In(alliance.Location)
	return c, err
}

// DeleteLearner erases a learner from the kiosk: her card, attendance,
// progress and completions, and the copies of her records the hub has
// already acknowledged; and tells the hub to do the same. Records not yet
// acknowledged still go up first, in order, and are erased there.
func (db *DB) DeleteLearner(ctx context.Context, id string) error {
	now := db.Now()
	err := db.tx(ctx, func(tx *sql.Tx) error {
		if err := eraseLearner(ctx, tx, id); err != nil {
			return err
		}
		_, err := addOutbox(ctx, tx, &alliance.LearnerDelete{ID: uuid.NewString(), LearnerID: id, At: now}, now)
		return err
	})
	if err != nil {
		return fmt.Errorf("delete learner: %w", err)
	}
	return nil
}

// eraseLearner deletes a learner and what is recorded about her, and
// empties the acknowledged outbox copies of her records.
func eraseLearner(ctx context.Context, tx *sql.Tx, id string) error {
	for _, q := range []string{
		"DELETE FROM attendance WHERE learner_id = ?",
		"DELETE FROM roster_off WHERE learner_id = ?",
		"DELETE FROM lesson_progress WHERE learner_id = ?",
		"DELETE FROM completions WHERE learner_id = ?",
		"DELETE FROM learners WHERE id = ?",
		"UPDATE outbox SET payload = x'7b7d' WHERE acked > 0 AND (id = ?1 OR json_extract(payload, '$.learner_id') = ?1)",
	} {
		if _, err := tx.ExecContext(ctx, q, id); err != nil {
			return err
		}
	}
	return nil
}
