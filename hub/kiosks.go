package hub

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"sort"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/wire"
)

// codeAlphabet has no letters or digits that are easy to confuse on a
// kiosk's screen or over the phone (no 0/O, 1/I/L, 2/Z, 5/S, 8/B).
const codeAlphabet = wire.CodeAlphabet

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
	LastAttempt         time.Time
	// Error is why the kiosk's syncs fail, as its last hello said; empty
	// while they work. FailingSince is when they began failing.
	ErrorCode, Error string
	FailingSince     time.Time
}

// ErrUnknownCommunity is returned when enrolling a kiosk for a community the
// hub does not publish.
var ErrUnknownCommunity = errors.New("no such community")

// Enroll registers a kiosk by name for a community and returns a one-time
// code (e.g. "ACDE-FGH3") that staff type on the kiosk within 24 hours. A
// kiosk enrolled again gets a new code; its old token stops working when
// the new code is used.
func (db *DB) Enroll(ctx context.Context, name, community string) (string, error) {
	if name == "" || community == "" {
		return "", fmt.Errorf("enroll: name and community are required")
	}
	if err := alliance.CheckText(name, 64, false); err != nil {
		return "", fmt.Errorf("enroll: name: %w", err)
	}
	if err := db.checkCommunity(ctx, community); err != nil {
		return "", fmt.Errorf("enroll %s: %w", name, err)
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

// checkCommunity refuses a community id the hub does not publish, naming
// the nearest ones: a kiosk enrolled for a typo would send its residents'
// suggestions nowhere.
func (db *DB) checkCommunity(ctx context.Context, id string) error {
	rows, err := db.read.QueryContext(ctx, "SELECT id, data FROM items WHERE kind = 'account' AND deleted = 0")
	if err != nil {
		return err
	}
	defer rows.Close()
	type cand struct {
		id, name string
		d        int
	}
	var cands []cand
	for rows.Next() {
		var aid string
		var data []byte
		if err := rows.Scan(&aid, &data); err != nil {
			return err
		}
		var a alliance.Account
		if err := json.Unmarshal(data, &a); err != nil {
			return fmt.Errorf("account %s in the change log: %w", aid, err)
		}
		if a.Kind != alliance.Community {
			continue
		}
		if aid == id {
			return nil
		}
		d := editDistance(id, aid)
		if strings.Contains(aid, id) || strings.Contains(id, aid) || a.Name == id || strings.Contains(a.Name, id) {
			d = 0
		}
		cands = append(cands, cand{aid, a.Name, d})
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if len(cands) == 0 {
		return fmt.Errorf("%w %q: the hub publishes no communities yet; import the content pack first", ErrUnknownCommunity, id)
	}
	sort.Slice(cands, func(i, j int) bool {
		if cands[i].d != cands[j].d {
			return cands[i].d < cands[j].d
		}
		return cands[i].id < cands[j].id
	})
	var near []string
	for _, c := range cands[:min(5, len(cands))] {
		near = append(near, c.id+" ("+c.name+")")
	}
	return fmt.Errorf("%w %q; the nearest are: %s", ErrUnknownCommunity, id, strings.Join(near, ", "))
}

// editDistance is the Levenshtein distance between two ids.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
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

// StillAuthorized reports whether a kiosk's token is still its current,
// unrevoked token: a sync checks it at every message, so revoking a kiosk
// stops a sync already under way.
func (db *DB) StillAuthorized(ctx context.Context, kiosk, token string) (bool, error) {
	var n int
	err := db.read.QueryRowContext(ctx, "SELECT count(*) FROM kiosks WHERE id = ? AND token_hash = ? AND revoked = 0", kiosk, hashToken(token)).Scan(&n)
	return n > 0, err
}

// Hello records a kiosk's hello: its program's version, and why its last
// sync failed. A kiosk that cannot finish a sync never says bye, so its
// failure is recorded here, before anything else can fail. A healthy
// kiosk's hello writes nothing (its bye records the sync): a quiet night
// costs the hub one write per kiosk, not two.
func (db *DB) Hello(ctx context.Context, kiosk, app string, last *wire.SyncError) error {
	var code string
	if err := db.read.QueryRowContext(ctx, "SELECT error_code FROM kiosks WHERE id = ?", kiosk).Scan(&code); err != nil {
		return err
	}
	if last == nil && code == "" {
		return nil
	}
	return db.tx(ctx, func(tx *sql.Tx) error {
		code, text, since := "", "", int64(0)
		if last != nil {
			code, text = sanitize(last.Code, 32), sanitize(last.Text, wire.MaxErrorText)
			since = last.Since.Unix()
			if last.Since.IsZero() || last.Since.After(db.Now()) {
				since = db.Now().Unix()
			}
		}
		_, err := tx.ExecContext(ctx, `UPDATE kiosks SET last_attempt = ?, app = coalesce(nullif(?, ''), app),
			error_code = ?, error_text = ?, failing_since = ? WHERE id = ?`,
			db.Now().Unix(), sanitize(app, 64), code, text, since, kiosk)
		return err
	})
}

// Seen records what a kiosk reported at the end of a sync.
func (db *DB) Seen(ctx context.Context, kiosk, app string, cursor int64, backlog int) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE kiosks SET last_seen = ?, last_attempt = ?, app = coalesce(nullif(?, ''), app),
			cursor = ?, backlog = ?, error_code = '', error_text = '', failing_since = 0 WHERE id = ?`,
			db.Now().Unix(), db.Now().Unix(), sanitize(app, 64), cursor, backlog, kiosk)
		return err
	})
}

// Kiosks lists every kiosk with its health as of its last sync.
func (db *DB) Kiosks(ctx context.Context) ([]Kiosk, error) {
	last, err := logEnd(ctx, db.read)
	if err != nil {
		return nil, fmt.Errorf("list kiosks: %w", err)
	}
	rows, err := db.read.QueryContext(ctx, `SELECT id, name, community, created, last_seen, revoked, app, cursor, backlog,
		last_attempt, error_code, error_text, failing_since FROM kiosks ORDER BY community, name`)
	if err != nil {
		return nil, fmt.Errorf("list kiosks: %w", err)
	}
	defer rows.Close()
	var out []Kiosk
	for rows.Next() {
		k, err := scanKiosk(rows, last)
		if err != nil {
			return nil, err
		}
		out = append(out, k)
	}
	return out, rows.Err()
}
