package hub

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/wire"
)

// Record kinds kiosks push (see store's outbox).
const (
	recordSignUp       = "signup"
	recordSignUpCancel = "signup_cancel"
	recordSuggestion   = "suggestion"
)

// Accept stores records a kiosk pushed, each exactly once, and takes the
// decisions they call for, all in one transaction. It returns the sequence
// up to which the kiosk may consider its records safe: the last one pushed,
// duplicates included.
func (db *DB) Accept(ctx context.Context, kiosk string, recs []wire.Record) (int64, error) {
	var upto int64
	err := db.tx(ctx, func(tx *sql.Tx) error {
		for _, r := range recs {
			res, err := tx.ExecContext(ctx, `INSERT INTO records (kiosk, seq, id, kind, payload, received) VALUES (?, ?, ?, ?, ?, ?)
				ON CONFLICT DO NOTHING`, kiosk, r.Seq, r.ID, r.Kind, []byte(r.Payload), db.Now().Unix())
			if err != nil {
				return err
			}
			upto = r.Seq
			if n, _ := res.RowsAffected(); n == 0 {
				continue // a duplicate: stored before, decided before
			}
			if err := db.decide(ctx, tx, kiosk, r); err != nil {
				return fmt.Errorf("record %d (%s): %w", r.Seq, r.Kind, err)
			}
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("accept records from kiosk %s: %w", kiosk, err)
	}
	return upto, nil
}

func (db *DB) decide(ctx context.Context, tx *sql.Tx, kiosk string, r wire.Record) error {
	switch r.Kind {
	case recordSignUp:
		var s alliance.SignUp
		if err := json.Unmarshal(r.Payload, &s); err != nil {
			return err
		}
		return db.decideSignUp(ctx, tx, kiosk, s)
	case recordSignUpCancel:
		var c struct {
			SignUpID string `json:"signup_id"` // store.SignUpCancel
		}
		if err := json.Unmarshal(r.Payload, &c); err != nil {
			return err
		}
		return db.cancelSignUp(ctx, tx, c.SignUpID)
	case "learner_delete":
		var d struct {
			LearnerID string `json:"learner_id"` // store.LearnerDelete
		}
		if err := json.Unmarshal(r.Payload, &d); err != nil {
			return err
		}
		// The learner asked to be forgotten: her card and every training
		// record about her go, whichever kiosk sent them.
		_, err := tx.ExecContext(ctx, `DELETE FROM records WHERE kind IN ('learner', 'progress', 'attendance', 'completion')
			AND (id = ?1 OR json_extract(payload, '$.learner_id') = ?1)`, d.LearnerID)
		return err
	case recordSuggestion:
		var s alliance.Suggestion
		if err := json.Unmarshal(r.Payload, &s); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO suggestions (id, kiosk, community, status, updated) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
			s.ID, kiosk, s.Community, string(alliance.SuggestionReceived), db.Now().Unix()); err != nil {
			return err
		}
		return db.emitSuggestion(ctx, tx, s.ID)
	}
	return nil // other records (training) are kept for reports
}

func (db *DB) event(ctx context.Context, tx *sql.Tx, id string) (alliance.Event, bool, error) {
	var data []byte
	err := tx.QueryRowContext(ctx, "SELECT data FROM items WHERE kind = 'event' AND id = ? AND deleted = 0", id).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return alliance.Event{}, false, nil
	}
	if err != nil {
		return alliance.Event{}, false, err
	}
	var e alliance.Event
	return e, true, json.Unmarshal(data, &e)
}

// decideSignUp confirms a sign-up while places last, then waitlists it (if
// the event has a waitlist) or rejects it. Sign-ups are decided in the
// order they reach the hub, which is the only order the hub can vouch for.
func (db *DB) decideSignUp(ctx context.Context, tx *sql.Tx, kiosk string, s alliance.SignUp) error {
	e, ok, err := db.event(ctx, tx, s.EventID)
	if err != nil {
		return err
	}
	status := alliance.SignUpRejected
	if ok && e.Status == alliance.EventOpen {
		taken, err := takenNow(ctx, tx, e.ID)
		if err != nil {
			return err
		}
		switch {
		case e.Capacity == 0 || taken+s.PartySize <= e.Capacity:
			status = alliance.SignUpConfirmed
		case e.Waitlist:
			status = alliance.SignUpWaitlisted
		}
	}
	var arrival int64
	tx.QueryRowContext(ctx, "SELECT coalesce(max(arrival), 0) + 1 FROM signups").Scan(&arrival)
	if _, err := tx.ExecContext(ctx, "INSERT INTO signups (id, kiosk, event_id, party, status, arrival, decided, ends) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
		s.ID, kiosk, s.EventID, s.PartySize, string(status), arrival, db.Now().Unix(), e.Ends.Unix()); err != nil {
		return err
	}
	if err := db.emitSignUp(ctx, tx, s.ID); err != nil {
		return err
	}
	if status == alliance.SignUpConfirmed {
		return db.publishTaken(ctx, tx, e)
	}
	return nil
}

// cancelSignUp frees a sign-up's places and promotes the waitlist, first
// come first served, while the places last.
func (db *DB) cancelSignUp(ctx context.Context, tx *sql.Tx, id string) error {
	var eventID, status string
	err := tx.QueryRowContext(ctx, "SELECT event_id, status FROM signups WHERE id = ?", id).Scan(&eventID, &status)
	if errors.Is(err, sql.ErrNoRows) {
		return nil // nothing to cancel: the sign-up was refused or purged
	}
	if err != nil {
		return err
	}
	if status == string(alliance.SignUpCancelled) {
		return nil
	}
	if _, err := tx.ExecContext(ctx, "UPDATE signups SET status = 'cancelled', decided = ? WHERE id = ?", db.Now().Unix(), id); err != nil {
		return err
	}
	if err := db.emitSignUp(ctx, tx, id); err != nil {
		return err
	}
	if status != string(alliance.SignUpConfirmed) {
		return nil
	}
	e, ok, err := db.event(ctx, tx, eventID)
	if err != nil || !ok {
		return err
	}
	rows, err := tx.QueryContext(ctx, "SELECT id, party FROM signups WHERE event_id = ? AND status = 'waitlisted' ORDER BY arrival", eventID)
	if err != nil {
		return err
	}
	type waiting struct {
		id    string
		party int
	}
	var queue []waiting
	for rows.Next() {
		var w waiting
		if err := rows.Scan(&w.id, &w.party); err != nil {
			rows.Close()
			return err
		}
		queue = append(queue, w)
	}
	rows.Close()
	for _, w := range queue {
		taken, err := takenNow(ctx, tx, eventID)
		if err != nil {
			return err
		}
		if e.Capacity > 0 && taken+w.party > e.Capacity {
			break // strictly in order: nobody jumps the queue
		}
		if _, err := tx.ExecContext(ctx, "UPDATE signups SET status = 'confirmed', decided = ? WHERE id = ?", db.Now().Unix(), w.id); err != nil {
			return err
		}
		if err := db.emitSignUp(ctx, tx, w.id); err != nil {
			return err
		}
	}
	return db.publishTaken(ctx, tx, e)
}

// emitSignUp sends a sign-up's status to the kiosk that made it.
func (db *DB) emitSignUp(ctx context.Context, tx *sql.Tx, id string) error {
	var kiosk, status string
	var decided int64
	if err := tx.QueryRowContext(ctx, "SELECT kiosk, status, decided FROM signups WHERE id = ?", id).Scan(&kiosk, &status, &decided); err != nil {
		return err
	}
	data, _ := json.Marshal(wire.SignUpStatus{Status: status, At: time.Unix(decided, 0).UTC()})
	_, err := putItem(ctx, tx, wire.KindSignUpStatus, id, kiosk, "", "", false, data)
	return err
}

// publishTaken republishes an event with its places taken, to every kiosk.
func (db *DB) publishTaken(ctx context.Context, tx *sql.Tx, e alliance.Event) error {
	taken, err := takenNow(ctx, tx, e.ID)
	if err != nil {
		return err
	}
	e.Taken = taken
	data, _ := json.Marshal(e)
	var origin string
	tx.QueryRowContext(ctx, "SELECT origin FROM items WHERE kind = 'event' AND id = ?", e.ID).Scan(&origin)
	// A new hash: the places taken changed, and kiosks compare hashes.
	_, err = putItem(ctx, tx, wire.KindEvent, e.ID, "", origin, "", false, data)
	return err
}

// Reply records staff's answer to a suggestion and sends it to the kiosk.
func (db *DB) Reply(ctx context.Context, suggestionID, body, by string, status alliance.SuggestionStatus) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		var raw string
		err := tx.QueryRowContext(ctx, "SELECT replies FROM suggestions WHERE id = ?", suggestionID).Scan(&raw)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("reply to suggestion %s: %w", suggestionID, alliance.ErrNotFound)
		}
		if err != nil {
			return err
		}
		var replies []wire.ReplyData
		json.Unmarshal([]byte(raw), &replies)
		if body != "" {
			replies = append(replies, wire.ReplyData{ID: uuid.NewString(), Body: body, By: by, Created: db.Now().UTC()})
		}
		b, _ := json.Marshal(replies)
		closed := int64(0)
		if status == alliance.SuggestionClosed {
			closed = db.Now().Unix()
		}
		if _, err := tx.ExecContext(ctx, "UPDATE suggestions SET replies = ?, status = ?, updated = ?, closed = ? WHERE id = ?",
			string(b), string(status), db.Now().Unix(), closed, suggestionID); err != nil {
			return err
		}
		return db.emitSuggestion(ctx, tx, suggestionID)
	})
}

func (db *DB) emitSuggestion(ctx context.Context, tx *sql.Tx, id string) error {
	var kiosk, status, raw string
	var updated int64
	if err := tx.QueryRowContext(ctx, "SELECT kiosk, status, replies, updated FROM suggestions WHERE id = ?", id).Scan(&kiosk, &status, &raw, &updated); err != nil {
		return err
	}
	var replies []wire.ReplyData
	json.Unmarshal([]byte(raw), &replies)
	data, _ := json.Marshal(wire.SuggestionStatus{Status: status, At: time.Unix(updated, 0).UTC(), Replies: replies})
	_, err := putItem(ctx, tx, wire.KindSuggestionStatus, id, kiosk, "", "", false, data)
	return err
}

// SignUpCounts counts an event's sign-ups by status, for operators and tests.
func (db *DB) SignUpCounts(ctx context.Context, eventID string) (map[string]int, error) {
	rows, err := db.read.QueryContext(ctx, "SELECT status, count(*) FROM signups WHERE event_id = ? GROUP BY status", eventID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var s string
		var n int
		if err := rows.Scan(&s, &n); err != nil {
			return nil, err
		}
		out[s] = n
	}
	return out, rows.Err()
}

// RecordCount counts the records stored for a kiosk (all kiosks when "").
func (db *DB) RecordCount(ctx context.Context, kiosk string) (int, error) {
	var n int
	err := db.read.QueryRowContext(ctx, "SELECT count(*) FROM records WHERE ? = '' OR kiosk = ?", kiosk, kiosk).Scan(&n)
	return n, err
}
