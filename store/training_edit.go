package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/google/uuid"

	"github.com/shinan-alliance/alliance"
)

// Changing a class after it was recorded. Each change is made here and,
// in the same transaction, an outbox record (alliance.CourseEdit,
// SessionEdit or RosterLeave) tells the hub, so its reports agree with
// what the trainer sees. Records already in the outbox (the course, the
// session, the check-ins) still go up first, in order: the hub always
// knows what a change is about before the change arrives.

// ErrInUse is returned for a change that would leave records without
// what they are about: a lesson taken out of a course while a session
// teaches it, a course deleted after certificates were given for it.
var ErrInUse = errors.New("in use")

// UpdateCourse renames a course or changes its lessons. A lesson a session
// of the course teaches cannot be taken out (move or delete the session
// first).
func (db *DB) UpdateCourse(ctx context.Context, courseID, title string, lessonIDs []string, kioskID string) error {
	title = strings.TrimSpace(title)
	if title == "" || len(lessonIDs) == 0 {
		return fmt.Errorf("update course: a title and at least one lesson are required")
	}
	now := db.Now()
	err := db.tx(ctx, func(tx *sql.Tx) error {
		if err := exists(ctx, tx, "courses", courseID); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, "SELECT DISTINCT lesson_id FROM training_sessions WHERE course_id = ?", courseID)
		if err != nil {
			return err
		}
		var taught []string
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			taught = append(taught, id)
		}
		if err := errors.Join(rows.Err(), rows.Close()); err != nil {
			return err
		}
		for _, id := range taught {
			if !slices.Contains(lessonIDs, id) {
				return fmt.Errorf("lesson %s has a session: %w", id, ErrInUse)
			}
		}
		rec := alliance.CourseEdit{ID: uuid.NewString(), CourseID: courseID, Title: title, Lessons: slices.Clone(lessonIDs), At: now, KioskID: kioskID}
		if _, err := addOutbox(ctx, tx, &rec, now); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, "UPDATE courses SET title = ?, lessons = ? WHERE id = ?", title, jsonList(lessonIDs), courseID)
		return err
	})
	if err != nil {
		return fmt.Errorf("update course: %w", err)
	}
	return nil
}

// DeleteCourse deletes a course with its sessions, their check-ins and
// its roster changes, here and (through the outbox) in the hub's reports.
// Learners and their progress in the lessons stay: those are theirs, not
// the course's. A course with certificates (completions) cannot be
// deleted: the certificates name it.
func (db *DB) DeleteCourse(ctx context.Context, courseID, kioskID string) error {
	now := db.Now()
	err := db.tx(ctx, func(tx *sql.Tx) error {
		if err := exists(ctx, tx, "courses", courseID); err != nil {
			return err
		}
		var certs int
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM completions WHERE course_id = ?", courseID).Scan(&certs); err != nil {
			return err
		}
		if certs > 0 {
			return fmt.Errorf("%d certificates name the course: %w", certs, ErrInUse)
		}
		rec := alliance.CourseEdit{ID: uuid.NewString(), CourseID: courseID, Deleted: true, At: now, KioskID: kioskID}
		if _, err := addOutbox(ctx, tx, &rec, now); err != nil {
			return err
		}
		for _, q := range []string{
			"DELETE FROM attendance WHERE session_id IN (SELECT id FROM training_sessions WHERE course_id = ?)",
			"DELETE FROM training_sessions WHERE course_id = ?",
			"DELETE FROM roster_off WHERE course_id = ?",
			"DELETE FROM courses WHERE id = ?",
		} {
			if _, err := tx.ExecContext(ctx, q, courseID); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("delete course: %w", err)
	}
	return nil
}

// UpdateSession moves a session to another day or lesson of its course,
// or changes its trainer. Check-ins and progress entered at it stay.
func (db *DB) UpdateSession(ctx context.Context, sessionID, lessonID, day, trainer, kioskID string) error {
	trainer = strings.TrimSpace(trainer)
	now := db.Now()
	err := db.tx(ctx, func(tx *sql.Tx) error {
		var lessons string
		err := tx.QueryRowContext(ctx, `SELECT c.lessons FROM training_sessions s JOIN courses c ON c.id = s.course_id WHERE s.id = ?`,
			sessionID).Scan(&lessons)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("session %s: %w", sessionID, alliance.ErrNotFound)
		}
		if err != nil {
			return err
		}
		if !slices.Contains(parseList(lessons), lessonID) {
			return fmt.Errorf("lesson %q is not in the session's course", lessonID)
		}
		rec := alliance.SessionEdit{ID: uuid.NewString(), SessionID: sessionID, LessonID: lessonID, Day: day, Trainer: trainer, At: now, KioskID: kioskID}
		if _, err := addOutbox(ctx, tx, &rec, now); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, "UPDATE training_sessions SET lesson_id = ?, day = ?, trainer = ? WHERE id = ?", lessonID, day, trainer, sessionID)
		return err
	})
	if err != nil {
		return fmt.Errorf("update session: %w", err)
	}
	return nil
}

// DeleteSession deletes a session and the check-ins at it, here and
// (through the outbox) in the hub's reports: a class that did not take
// place, or was entered twice. Progress entered during it stays: it is
// the learners' standing in the lesson, whenever it was entered.
func (db *DB) DeleteSession(ctx context.Context, sessionID, kioskID string) error {
	now := db.Now()
	err := db.tx(ctx, func(tx *sql.Tx) error {
		if err := exists(ctx, tx, "training_sessions", sessionID); err != nil {
			return err
		}
		rec := alliance.SessionEdit{ID: uuid.NewString(), SessionID: sessionID, Deleted: true, At: now, KioskID: kioskID}
		if _, err := addOutbox(ctx, tx, &rec, now); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM attendance WHERE session_id = ?", sessionID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, "DELETE FROM training_sessions WHERE id = ?", sessionID)
		return err
	})
	if err != nil {
		return fmt.Errorf("delete session: %w", err)
	}
	return nil
}

// SessionCheckIns counts the learners marked present at a session, for
// the question before it is deleted.
func (db *DB) SessionCheckIns(ctx context.Context, sessionID string) (int, error) {
	var n int
	err := db.read.QueryRowContext(ctx, "SELECT count(*) FROM attendance WHERE session_id = ? AND present = 1", sessionID).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count check-ins: %w", err)
	}
	return n, nil
}

// LeaveRoster takes a learner off a course's roster: she is no longer
// listed at its classes or in its overview. Her check-ins stay true (she
// came); a check-in at the course later puts her back.
func (db *DB) LeaveRoster(ctx context.Context, courseID, learnerID, kioskID string) error {
	now := db.Now()
	err := db.tx(ctx, func(tx *sql.Tx) error {
		if err := exists(ctx, tx, "courses", courseID); err != nil {
			return err
		}
		if err := exists(ctx, tx, "learners", learnerID); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, "INSERT INTO roster_off (course_id, learner_id, at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
			courseID, learnerID, now.Unix())
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return err // already off: nothing to tell the hub
		}
		rec := alliance.RosterLeave{ID: uuid.NewString(), CourseID: courseID, LearnerID: learnerID, At: now, KioskID: kioskID}
		_, err = addOutbox(ctx, tx, &rec, now)
		return err
	})
	if err != nil {
		return fmt.Errorf("leave roster: %w", err)
	}
	return nil
}

// exists returns alliance.ErrNotFound for an id not in table.
func exists(ctx context.Context, tx *sql.Tx, table, id string) error {
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM "+table+" WHERE id = ?", id).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return fmt.Errorf("%s %s: %w", strings.TrimSuffix(table, "s"), id, alliance.ErrNotFound)
	}
	return nil
}
