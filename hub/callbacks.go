package hub

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/shinan-alliance/alliance"
)

// Callback is a call-back request (请社区给我回电话) as the console's queue
// shows it. Phone is the whole number: pages mask it until staff reveal it,
// and every reveal is audited.
type Callback struct {
	ID, Kiosk, KioskName, Community, Entry string
	Phone, Receipt                         string
	Status                                 alliance.CallbackStatus
	Note                                   string
	Created, Received, Updated             time.Time
}

// emitCallback sends a call-back request's status to the kiosk it came from.
func (db *DB) emitCallback(ctx context.Context, tx *sql.Tx, id string) error {
	var kiosk, status string
	var updated int64
	if err := tx.QueryRowContext(ctx, "SELECT kiosk, status, updated FROM callbacks WHERE id = ?", id).Scan(&kiosk, &status, &updated); err != nil {
		return err
	}
	data, err := json.Marshal(alliance.CallbackUpdate{Status: alliance.CallbackStatus(status), At: time.Unix(updated, 0).UTC()})
	if err != nil {
		return err
	}
	_, err = putItem(ctx, tx, alliance.KindCallbackStatus, id, kiosk, "", "", false, data)
	return err
}

// CallbackFilter selects call-back requests.
type CallbackFilter struct {
	Community     string // "" for all
	Open          bool   // only requested and no_answer
	Limit, Offset int
}

const callbackCols = `c.id, c.kiosk, coalesce(k.name, ''), c.community, c.entry, c.phone, c.receipt, c.status, c.note, c.created, c.received, c.updated`

func scanCallback(sc interface{ Scan(...any) error }) (Callback, error) {
	var c Callback
	var created, received, updated int64
	err := sc.Scan(&c.ID, &c.Kiosk, &c.KioskName, &c.Community, &c.Entry, &c.Phone, &c.Receipt, &c.Status, &c.Note, &created, &received, &updated)
	c.Created, c.Received, c.Updated = time.Unix(created, 0), time.Unix(received, 0), time.Unix(updated, 0)
	return c, err
}

// Callbacks lists call-back requests, oldest open first, and how many match.
func (db *DB) Callbacks(ctx context.Context, f CallbackFilter) ([]Callback, int, error) {
	var conds []string
	var args []any
	if f.Community != "" {
		conds = append(conds, "c.community = ?")
		args = append(args, f.Community)
	}
	if f.Open {
		conds = append(conds, "c.status IN ('requested', 'no_answer')")
	}
	where := ""
	if len(conds) > 0 {
		where = "WHERE " + strings.Join(conds, " AND ")
	}
	if f.Limit <= 0 {
		f.Limit = 100
	}
	rows, err := db.read.QueryContext(ctx, `SELECT `+callbackCols+` FROM callbacks c LEFT JOIN kiosks k ON k.id = c.kiosk `+where+`
		ORDER BY c.status = 'done', c.received, c.id LIMIT ? OFFSET ?`, append(args, f.Limit, f.Offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("call-backs: %w", err)
	}
	defer rows.Close()
	var out []Callback
	for rows.Next() {
		c, err := scanCallback(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	var total int
	if err := db.read.QueryRowContext(ctx, "SELECT count(*) FROM callbacks c "+where, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	return out, total, nil
}

// CallbackByID returns one call-back request.
func (db *DB) CallbackByID(ctx context.Context, id string) (Callback, error) {
	c, err := scanCallback(db.read.QueryRowContext(ctx, `SELECT `+callbackCols+` FROM callbacks c LEFT JOIN kiosks k ON k.id = c.kiosk WHERE c.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return c, fmt.Errorf("call-back %s: %w", id, alliance.ErrNotFound)
	}
	return c, err
}

// SetCallbackStatus records what came of a call, with an optional note for
// colleagues (never sent to the kiosk), and tells the resident's kiosk.
func (db *DB) SetCallbackStatus(ctx context.Context, id string, status alliance.CallbackStatus, note string) error {
	if !status.Valid() {
		return fmt.Errorf("call-back %s: %w: status %q", id, ErrNotAllowed, status)
	}
	if err := alliance.CheckText(note, 500, true); err != nil {
		return fmt.Errorf("call-back %s note: %w", id, err)
	}
	return db.tx(ctx, func(tx *sql.Tx) error {
		closed := int64(0)
		if status == alliance.CallbackDone {
			closed = db.Now().Unix()
		}
		res, err := tx.ExecContext(ctx, "UPDATE callbacks SET status = ?, note = CASE WHEN ? != '' THEN ? ELSE note END, updated = ?, closed = ? WHERE id = ?",
			string(status), note, note, db.Now().Unix(), closed, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("call-back %s: %w", id, alliance.ErrNotFound)
		}
		return db.emitCallback(ctx, tx, id)
	})
}
