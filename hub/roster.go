package hub

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/shinan-alliance/alliance"
)

// EventSummary is an event as the console lists it, with its sign-ups
// counted by status.
type EventSummary struct {
	alliance.Event
	Origin                         string // "pack:ID" or "console"
	Confirmed, Waitlisted, Parties int    // sign-ups confirmed and waitlisted, places confirmed
}

// Events lists published events, soonest first (a community's when
// community is not ""); past events only when past is true.
func (db *DB) Events(ctx context.Context, community string, past bool, limit int) ([]EventSummary, error) {
	if limit <= 0 {
		limit = 200
	}
	now := db.Now().UTC().Format(time.RFC3339)
	order := "ASC"
	if past {
		order = "DESC"
	}
	rows, err := db.read.QueryContext(ctx, `SELECT i.data, i.origin,
			(SELECT count(*) FROM signups s WHERE s.event_id = i.id AND s.status = 'confirmed'),
			(SELECT count(*) FROM signups s WHERE s.event_id = i.id AND s.status = 'waitlisted'),
			(SELECT coalesce(sum(party), 0) FROM signups s WHERE s.event_id = i.id AND s.status = 'confirmed')
		FROM items i WHERE i.kind = 'event' AND i.deleted = 0 AND i.audience = '' AND (? = '' OR i.owner = ?)
			AND ((? AND json_extract(i.data, '$.ends') < ?) OR (NOT ? AND json_extract(i.data, '$.ends') >= ?))
		ORDER BY json_extract(i.data, '$.starts') `+order+`, i.id LIMIT ?`,
		community, community, past, now, past, now, limit)
	if err != nil {
		return nil, fmt.Errorf("events: %w", err)
	}
	defer rows.Close()
	var out []EventSummary
	for rows.Next() {
		var e EventSummary
		var data []byte
		if err := rows.Scan(&data, &e.Origin, &e.Confirmed, &e.Waitlisted, &e.Parties); err != nil {
			return nil, err
		}
		if err := json.Unmarshal(data, &e.Event); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// EventByID returns a published event (alliance.ErrNotFound if none).
func (db *DB) EventByID(ctx context.Context, id string) (alliance.Event, error) {
	var data []byte
	err := db.read.QueryRowContext(ctx, "SELECT data FROM items WHERE kind = 'event' AND id = ? AND deleted = 0 AND audience = ''", id).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return alliance.Event{}, fmt.Errorf("event %s: %w", id, alliance.ErrNotFound)
	}
	if err != nil {
		return alliance.Event{}, err
	}
	var e alliance.Event
	return e, json.Unmarshal(data, &e)
}

// RosterEntry is one sign-up on an event's roster, from whichever kiosk.
type RosterEntry struct {
	ID, Kiosk, KioskName string
	Name, Phone, Receipt string
	Party                int
	Status               alliance.SignUpStatus
	Reason               alliance.Reason
	AssistedBy           string
	Arrival              int64 // the order the hub decided in
	Created, Decided     time.Time
	CheckedIn            time.Time // zero until ticked at the door
}

// RosterQuery is the SQL of an event's roster, for the benchmark.
const RosterQuery = `SELECT s.id, s.kiosk, coalesce(k.name, ''), s.name, s.phone, s.receipt, s.party, s.status, s.reason,
		s.assisted_by, s.arrival, s.created, s.decided, s.checked_in
	FROM signups s LEFT JOIN kiosks k ON k.id = s.kiosk WHERE s.event_id = ?
	ORDER BY CASE s.status WHEN 'confirmed' THEN 0 WHEN 'waitlisted' THEN 1 WHEN 'provisional' THEN 2 ELSE 3 END, s.arrival`

// Roster lists an event's sign-ups across every kiosk: confirmed, then the
// waitlist in order, then the cancelled and rejected.
func (db *DB) Roster(ctx context.Context, eventID string) ([]RosterEntry, error) {
	rows, err := db.read.QueryContext(ctx, RosterQuery, eventID)
	if err != nil {
		return nil, fmt.Errorf("roster of %s: %w", eventID, err)
	}
	defer rows.Close()
	var out []RosterEntry
	for rows.Next() {
		var r RosterEntry
		var created, decided, checked int64
		if err := rows.Scan(&r.ID, &r.Kiosk, &r.KioskName, &r.Name, &r.Phone, &r.Receipt, &r.Party, &r.Status, &r.Reason,
			&r.AssistedBy, &r.Arrival, &created, &decided, &checked); err != nil {
			return nil, err
		}
		r.Created, r.Decided = time.Unix(created, 0), time.Unix(decided, 0)
		if checked > 0 {
			r.CheckedIn = time.Unix(checked, 0)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// SignUpEvent returns the event a sign-up is for, for the console's
// policy checks.
func (db *DB) SignUpEvent(ctx context.Context, signUpID string) (string, error) {
	var e string
	err := db.read.QueryRowContext(ctx, "SELECT event_id FROM signups WHERE id = ?", signUpID).Scan(&e)
	if errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("sign-up %s: %w", signUpID, alliance.ErrNotFound)
	}
	return e, err
}

// CancelFor cancels a sign-up on the resident's behalf (reason
// alliance.ReasonStaffCancelled) or marks her a no-show
// (alliance.ReasonNoShow); either frees her places and promotes the
// waitlist in order, and her kiosk is told.
func (db *DB) CancelFor(ctx context.Context, signUpID string, reason alliance.Reason) error {
	if reason != alliance.ReasonStaffCancelled && reason != alliance.ReasonNoShow {
		return fmt.Errorf("cancel sign-up %s: %w: reason %q", signUpID, ErrNotAllowed, reason)
	}
	return db.tx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM signups WHERE id = ?", signUpID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return fmt.Errorf("sign-up %s: %w", signUpID, alliance.ErrNotFound)
		}
		return db.cancelSignUpFor(ctx, tx, signUpID, reason)
	})
}

// CheckIn ticks (or unticks) a resident at the door.
func (db *DB) CheckIn(ctx context.Context, signUpID string, present bool) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		at := int64(0)
		if present {
			at = db.Now().Unix()
		}
		res, err := tx.ExecContext(ctx, "UPDATE signups SET checked_in = ? WHERE id = ? AND status = 'confirmed'", at, signUpID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("check in %s: %w: no confirmed sign-up", signUpID, ErrNotAllowed)
		}
		return nil
	})
}
