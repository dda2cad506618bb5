package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/shinan-alliance/alliance"
)

// ReplyAnswer is what a resident reads when she looks up her suggestion
// with its receipt and PIN: its status and staff's replies.
type ReplyAnswer struct {
	alliance.LookupAnswer
	Local bool // the suggestion was made at this kiosk (then Suggestion holds it)
	// Suggestion is the kiosk's own copy, for one made here: her words too.
	Suggestion *alliance.Suggestion
}

// LookupReply finds a suggestion's status and replies by its receipt and
// lookup PIN, at any kiosk: first among the suggestions made here, then in
// the sealed lookups the hub sends every kiosk (protocol 3). Both codes are
// needed: a receipt alone opens nothing (alliance.ErrNotFound).
func (db *DB) LookupReply(ctx context.Context, receipt, pin string) (ReplyAnswer, error) {
	receipt, pin = alliance.Digits(receipt), alliance.Digits(pin)
	if len(receipt) != 6 || len(pin) != 4 {
		return ReplyAnswer{}, fmt.Errorf("look up %s: %w", receipt, alliance.ErrNotFound)
	}
	if s, err := db.SuggestionByReceipt(ctx, receipt); err == nil && alliance.LookupPIN(s.ID) == pin {
		a := ReplyAnswer{Local: true, Suggestion: &s}
		a.Community, a.Category, a.Status, a.Replies = s.Community, s.Category, s.Status, s.Replies
		return a, nil
	} else if err != nil && !errors.Is(err, alliance.ErrNotFound) {
		return ReplyAnswer{}, err
	}
	id, key := alliance.LookupKey(receipt, pin)
	var sealed []byte
	err := db.read.QueryRowContext(ctx, "SELECT sealed FROM reply_lookups WHERE id = ?", id).Scan(&sealed)
	if errors.Is(err, sql.ErrNoRows) {
		return ReplyAnswer{}, fmt.Errorf("look up %s: %w", receipt, alliance.ErrNotFound)
	}
	if err != nil {
		return ReplyAnswer{}, err
	}
	ans, err := alliance.OpenLookup(key, alliance.ReplyLookup{Sealed: sealed})
	if err != nil {
		return ReplyAnswer{}, fmt.Errorf("look up %s: %w", receipt, alliance.ErrNotFound)
	}
	return ReplyAnswer{LookupAnswer: ans}, nil
}

// CallbackStatus returns a call-back request's status as the hub last
// sent it (requested until staff mark it), found by the resident's phone
// and receipt.
func (db *DB) CallbackStatus(ctx context.Context, phone, receipt string) (alliance.CallbackStatus, time.Time, error) {
	var status string
	var at int64
	err := db.read.QueryRowContext(ctx, "SELECT status, status_at FROM callbacks WHERE phone = ? AND receipt = ?",
		alliance.Digits(phone), strings.TrimSpace(receipt)).Scan(&status, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return "", time.Time{}, fmt.Errorf("call-back %s: %w", receipt, alliance.ErrNotFound)
	}
	if err != nil {
		return "", time.Time{}, err
	}
	var t time.Time
	if at > 0 {
		t = time.Unix(at, 0)
	}
	return alliance.CallbackStatus(status), t, nil
}

// Callbacks lists the call-back requests made with a phone number, newest
// first, with their status: for the resident's 我的记录.
func (db *DB) Callbacks(ctx context.Context, phone string) ([]CallbackView, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT id, community, receipt, created, status, status_at FROM callbacks
		WHERE phone = ? ORDER BY created DESC`, alliance.Digits(phone))
	if err != nil {
		return nil, fmt.Errorf("call-backs: %w", err)
	}
	defer rows.Close()
	var out []CallbackView
	for rows.Next() {
		var v CallbackView
		var created, at int64
		if err := rows.Scan(&v.ID, &v.Community, &v.Receipt, &created, &v.Status, &at); err != nil {
			return nil, err
		}
		v.Created = time.Unix(created, 0)
		if at > 0 {
			v.StatusAt = time.Unix(at, 0)
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// CallbackView is a call-back request as the resident sees it.
type CallbackView struct {
	ID, Community, Receipt string
	Created, StatusAt      time.Time
	Status                 alliance.CallbackStatus
}
