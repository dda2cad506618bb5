package hub

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"math/big"
	"time"

	"github.com/google/uuid"
)

// codeAlphabet has no letters or digits that are easy to confuse on a
// kiosk's screen or over the phone (no 0/O, 1/I/L, 2/Z, 5/S, 8/B).
const codeAlphabet = "ACDEFGHJKMNPQRTUVWXY34679"

// EnrolmentTTL is how long an enrolment code may be used.
const EnrolmentTTL = 24 * time.Hour

// ErrUnauthorized is returned for an unknown, expired, used or revoked code
// or token.
var ErrUnauthorized = errors.New("not authorized")

// Kiosk is an enrolled kiosk as the hub sees it.
type Kiosk struct {
	ID, Name, Community string
	Created, LastSeen   time.Time
	Revoked             bool
	App                 string
	Cursor              int64
	Lag                 int64 // change-log entries the kiosk has not pulled
	Backlog             int   // outbox records waiting at the kiosk, at its last sync
}

// Enroll registers a kiosk by name for a community and returns a one-time
// code (e.g. "ACDE-FGH3") that staff type on the kiosk within 24 hours. A
// kiosk enrolled again gets a new code; its old token stops working when
// the new code is used.
func (db *DB) Enroll(ctx context.Context, name, community string) (string, error) {
	if name == "" || community == "" {
		return "", fmt.Errorf("enroll: name and community are required")
	}
	code := make([]byte, 8)
	for i := range code {
		n, err := rand.Int(rand.Reader, big.NewInt(int64(len(codeAlphabet))))
		if err != nil {
			return "", err
		}
		code[i] = codeAlphabet[n.Int64()]
	}
	err := db.tx(ctx, func(tx *sql.Tx) error {
		var id string
		err := tx.QueryRowContext(ctx, "SELECT id FROM kiosks WHERE name = ?", name).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			id = uuid.NewString()
			_, err = tx.ExecContext(ctx, "INSERT INTO kiosks (id, name, community, created) VALUES (?, ?, ?, ?)", id, name, community, db.Now().Unix())
		} else if err == nil {
			_, err = tx.ExecContext(ctx, "UPDATE kiosks SET community = ?, revoked = 0 WHERE id = ?", community, id)
		}
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, "INSERT INTO enrolments (code_hash, kiosk, expires) VALUES (?, ?, ?)",
			hashToken(string(code)), id, db.Now().Add(EnrolmentTTL).Unix())
		return err
	})
	if err != nil {
		return "", fmt.Errorf("enroll %s: %w", name, err)
	}
	return string(code[:4]) + "-" + string(code[4:]), nil
}

// Join trades an enrolment code for the kiosk's id, community and a long
// random token. The hub keeps only the token's hash.
func (db *DB) Join(ctx context.Context, code string) (id, community, token string, err error) {
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", "", "", err
	}
	token = base64.RawURLEncoding.EncodeToString(raw)
	err = db.tx(ctx, func(tx *sql.Tx) error {
		var expires int64
		var used bool
		err := tx.QueryRowContext(ctx, "SELECT kiosk, expires, used FROM enrolments WHERE code_hash = ?", hashToken(normalizeCode(code))).
			Scan(&id, &expires, &used)
		if errors.Is(err, sql.ErrNoRows) || used || db.Now().Unix() > expires {
			return ErrUnauthorized
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE enrolments SET used = 1 WHERE code_hash = ?", hashToken(normalizeCode(code))); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, "SELECT community FROM kiosks WHERE id = ?", id).Scan(&community); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, "UPDATE kiosks SET token_hash = ?, revoked = 0 WHERE id = ?", hashToken(token), id)
		return err
	})
	if err != nil {
		return "", "", "", fmt.Errorf("join with an enrolment code: %w", err)
	}
	return id, community, token, nil
}

// Revoke stops a kiosk's token at once; it must be enrolled again.
func (db *DB) Revoke(ctx context.Context, name string) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "UPDATE kiosks SET revoked = 1, token_hash = NULL WHERE name = ?", name)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("revoke %s: no such kiosk", name)
		}
		_, err = tx.ExecContext(ctx, "UPDATE enrolments SET used = 1 WHERE kiosk = (SELECT id FROM kiosks WHERE name = ?)", name)
		return err
	})
}

// Authenticate returns the kiosk id a token belongs to.
func (db *DB) Authenticate(ctx context.Context, token string) (string, error) {
	if token == "" {
		return "", ErrUnauthorized
	}
	var id string
	err := db.read.QueryRowContext(ctx, "SELECT id FROM kiosks WHERE token_hash = ? AND revoked = 0", hashToken(token)).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", ErrUnauthorized
	}
	return id, err
}

// Seen records what a kiosk reported at the end of a sync.
func (db *DB) Seen(ctx context.Context, kiosk, app string, cursor int64, backlog int) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "UPDATE kiosks SET last_seen = ?, app = coalesce(nullif(?, ''), app), cursor = ?, backlog = ? WHERE id = ?",
			db.Now().Unix(), app, cursor, backlog, kiosk)
		return err
	})
}

// Kiosks lists every kiosk with its health as of its last sync.
func (db *DB) Kiosks(ctx context.Context) ([]Kiosk, error) {
	var last int64
	db.read.QueryRowContext(ctx, "SELECT coalesce(max(seq), 0) FROM items").Scan(&last)
	rows, err := db.read.QueryContext(ctx, "SELECT id, name, community, created, last_seen, revoked, app, cursor, backlog FROM kiosks ORDER BY community, name")
	if err != nil {
		return nil, fmt.Errorf("list kiosks: %w", err)
	}
	defer rows.Close()
	var out []Kiosk
	for rows.Next() {
		var k Kiosk
		var created, seen int64
		if err := rows.Scan(&k.ID, &k.Name, &k.Community, &created, &seen, &k.Revoked, &k.App, &k.Cursor, &k.Backlog); err != nil {
			return nil, err
		}
		k.Created = time.Unix(created, 0)
		if seen > 0 {
			k.LastSeen = time.Unix(seen, 0)
		}
		k.Lag = last - k.Cursor
		out = append(out, k)
	}
	return out, rows.Err()
}
