package hub

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/shinan-alliance/alliance"
)

// KioskState is a kiosk's health at a glance.
type KioskState string

// Kiosk states, worst first.
const (
	KioskFailing KioskState = "failing" // its last hello reported failing syncs
	KioskLate    KioskState = "late"    // no finished sync for longer than KioskLateAfter
	KioskNever   KioskState = "never"   // enrolled, never synced
	KioskOK      KioskState = "ok"
	KioskRevoked KioskState = "revoked"
)

// KioskLateAfter is how long without a finished sync makes a kiosk late:
// it syncs every night, so a day and a half means a night was missed.
const KioskLateAfter = 36 * time.Hour

// State is a kiosk's health at now.
func (k Kiosk) State(now time.Time) KioskState {
	switch {
	case k.Revoked:
		return KioskRevoked
	case k.ErrorCode != "":
		return KioskFailing
	case k.LastSeen.IsZero():
		return KioskNever
	case now.Sub(k.LastSeen) > KioskLateAfter:
		return KioskLate
	}
	return KioskOK
}

// KioskFilter selects kiosks for the console's table.
type KioskFilter struct {
	Community     string     // "" for all
	State         KioskState // "" for all
	Limit, Offset int
}

// stateSQL is KioskState in SQL, for filtering and ordering.
const stateSQL = `CASE WHEN revoked THEN 'revoked' WHEN error_code != '' THEN 'failing' WHEN last_seen = 0 THEN 'never'
	WHEN last_seen < ? THEN 'late' ELSE 'ok' END`

// KioskQuery is the SQL of the kiosks table, for the benchmark.
func KioskQuery(f KioskFilter, now time.Time) (string, []any) {
	late := now.Add(-KioskLateAfter).Unix()
	var conds []string
	var args []any
	if f.Community != "" {
		conds = append(conds, "community = ?")
		args = append(args, f.Community)
	}
	if f.State != "" {
		conds = append(conds, stateSQL+" = ?")
		args = append(args, late, string(f.State))
	}
	where := ""
	if len(conds) > 0 {
		where = "WHERE " + strings.Join(conds, " AND ")
	}
	if f.Limit <= 0 {
		f.Limit = 100
	}
	return `SELECT id, name, community, created, last_seen, revoked, app, cursor, backlog,
		last_attempt, error_code, error_text, failing_since FROM kiosks ` + where + `
		ORDER BY CASE ` + stateSQL + ` WHEN 'failing' THEN 0 WHEN 'late' THEN 1 WHEN 'never' THEN 2 WHEN 'ok' THEN 3 ELSE 4 END,
			community, name LIMIT ? OFFSET ?`, append(args, late, f.Limit, f.Offset)
}

// KioskPage lists kiosks worst first, with how many match and how many are
// in each state (of the community's, or all).
func (db *DB) KioskPage(ctx context.Context, f KioskFilter) ([]Kiosk, int, map[KioskState]int, error) {
	now := db.Now()
	end, err := logEnd(ctx, db.read)
	if err != nil {
		return nil, 0, nil, err
	}
	q, args := KioskQuery(f, now)
	rows, err := db.read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, 0, nil, fmt.Errorf("kiosks: %w", err)
	}
	defer rows.Close()
	var out []Kiosk
	for rows.Next() {
		k, err := scanKiosk(rows, end)
		if err != nil {
			return nil, 0, nil, err
		}
		out = append(out, k)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, nil, err
	}
	counts := map[KioskState]int{}
	crows, err := db.read.QueryContext(ctx, "SELECT "+stateSQL+", count(*) FROM kiosks WHERE ? = '' OR community = ? GROUP BY 1",
		now.Add(-KioskLateAfter).Unix(), f.Community, f.Community)
	if err != nil {
		return nil, 0, nil, err
	}
	defer crows.Close()
	total := 0
	for crows.Next() {
		var s string
		var n int
		if err := crows.Scan(&s, &n); err != nil {
			return nil, 0, nil, err
		}
		counts[KioskState(s)] = n
		if f.State == "" || f.State == KioskState(s) {
			total += n
		}
	}
	return out, total, counts, crows.Err()
}

// scanKiosk reads one row of the kiosk columns; end is the change log's
// last sequence, from which the kiosk's lag is counted.
func scanKiosk(sc interface{ Scan(...any) error }, end int64) (Kiosk, error) {
	var k Kiosk
	var created, seen, attempt, since int64
	if err := sc.Scan(&k.ID, &k.Name, &k.Community, &created, &seen, &k.Revoked, &k.App, &k.Cursor, &k.Backlog,
		&attempt, &k.ErrorCode, &k.Error, &since); err != nil {
		return k, err
	}
	if attempt > 0 {
		k.LastAttempt = time.Unix(attempt, 0)
	}
	if since > 0 {
		k.FailingSince = time.Unix(since, 0)
	}
	k.Created = time.Unix(created, 0)
	if seen > 0 {
		k.LastSeen = time.Unix(seen, 0)
	}
	k.Lag = max(end-k.Cursor, 0)
	return k, nil
}

// KioskByID returns one kiosk.
func (db *DB) KioskByID(ctx context.Context, id string) (Kiosk, error) {
	end, err := logEnd(ctx, db.read)
	if err != nil {
		return Kiosk{}, err
	}
	k, err := scanKiosk(db.read.QueryRowContext(ctx, `SELECT id, name, community, created, last_seen, revoked, app, cursor, backlog,
		last_attempt, error_code, error_text, failing_since FROM kiosks WHERE id = ?`, id), end)
	if errors.Is(err, sql.ErrNoRows) {
		return k, fmt.Errorf("kiosk %s: %w", id, alliance.ErrNotFound)
	}
	return k, err
}

// RenameKiosk gives a kiosk a new name (names are unique).
func (db *DB) RenameKiosk(ctx context.Context, id, name string) error {
	name = strings.TrimSpace(name)
	if name == "" {
		return fmt.Errorf("rename kiosk: %w: the name is empty", ErrNotAllowed)
	}
	if err := alliance.CheckText(name, 64, false); err != nil {
		return fmt.Errorf("rename kiosk: %w", err)
	}
	return db.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "UPDATE kiosks SET name = ? WHERE id = ?", name, id)
		if err != nil {
			if strings.Contains(err.Error(), "UNIQUE") {
				return fmt.Errorf("rename kiosk: %w: another kiosk is called %s", ErrNotAllowed, name)
			}
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("kiosk %s: %w", id, alliance.ErrNotFound)
		}
		return nil
	})
}

// MoveKiosk moves a kiosk to another community: what its residents make
// from its next sync on goes to that community. (The kiosk itself learns
// its home community when it is enrolled again; the hub's record is what
// the console and reports use.)
func (db *DB) MoveKiosk(ctx context.Context, id, community string) error {
	if err := db.checkCommunity(ctx, community); err != nil {
		return fmt.Errorf("move kiosk: %w", err)
	}
	return db.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "UPDATE kiosks SET community = ? WHERE id = ?", community, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("kiosk %s: %w", id, alliance.ErrNotFound)
		}
		return nil
	})
}

// RevokeID revokes a kiosk by id (Revoke takes its name).
func (db *DB) RevokeID(ctx context.Context, id string) error {
	k, err := db.KioskByID(ctx, id)
	if err != nil {
		return err
	}
	return db.Revoke(ctx, k.Name)
}
