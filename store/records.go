package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/mattn/go-sqlite3"

	"github.com/shinan-alliance/alliance"
)

// OutboxItem is a record waiting for (or acknowledged by) the hub.
type OutboxItem struct {
	Seq     int64
	ID      string
	Kind    alliance.Kind
	Payload []byte
	Created time.Time
}

// addOutbox writes the outbox row that carries a record, in the record's own
// transaction, and returns its sequence number. The record is checked by
// the same rules the hub applies (alliance.Record.Validate): what the kiosk
// saves, the hub accepts.
func addOutbox(ctx context.Context, tx *sql.Tx, rec alliance.Record, now time.Time) (int64, error) {
	if err := rec.Validate(); err != nil {
		return 0, err
	}
	b, err := json.Marshal(rec)
	if err != nil {
		return 0, err
	}
	if len(b) > alliance.MaxRecordBytes {
		return 0, fmt.Errorf("%s %s is %d bytes, limit %d", rec.RecordKind(), rec.RecordID(), len(b), alliance.MaxRecordBytes)
	}
	res, err := tx.ExecContext(ctx, "INSERT INTO outbox (id, kind, payload, created) VALUES (?, ?, ?, ?)", rec.RecordID(), rec.RecordKind(), b, now.Unix())
	if err != nil {
		return 0, err
	}
	return res.LastInsertId()
}

// withReceipt runs fn with a fresh receipt code inside a savepoint, and
// again with another code while the one drawn is taken on this kiosk.
func withReceipt(ctx context.Context, tx *sql.Tx, fn func(code string) error) error {
	attempt := func(code string) error {
		if _, err := tx.ExecContext(ctx, "SAVEPOINT receipt"); err != nil {
			return err
		}
		if err := fn(code); err != nil {
			if _, rerr := tx.ExecContext(ctx, "ROLLBACK TO receipt"); rerr != nil {
				return errors.Join(err, rerr) // the transaction cannot go on: it is rolled back whole
			}
			return err
		}
		_, err := tx.ExecContext(ctx, "RELEASE receipt")
		return err
	}
	for range 20 {
		err := attempt(alliance.NewReceipt())
		var se sqlite3.Error
		if errors.As(err, &se) && se.ExtendedCode == sqlite3.ErrConstraintUnique && strings.Contains(se.Error(), "receipt") {
			continue
		}
		return err
	}
	return fmt.Errorf("no free receipt code after 20 tries")
}

// SaveSignUp validates and commits a sign-up with its outbox row. On return
// without error the sign-up is durable and s carries its ID, Seq, Receipt
// and provisional status: only then may the resident be told "saved".
func (db *DB) SaveSignUp(ctx context.Context, s *alliance.SignUp) error {
	if err := alliance.ValidatePhone(s.Phone); err != nil {
		return fmt.Errorf("save sign-up: %w", err)
	}
	if strings.TrimSpace(s.Name) == "" || s.PartySize < 1 || s.PartySize > 10 || s.ConsentVersion == "" {
		return fmt.Errorf("save sign-up: name, party size 1–10 and consent are required")
	}
	rec := *s
	rec.ID = uuid.NewString()
	rec.Created = db.Now()
	rec.Status = alliance.SignUpProvisional
	rec.StatusAt = rec.Created
	rec.Phone = alliance.Digits(rec.Phone)
	err := db.tx(ctx, func(tx *sql.Tx) error {
		var status string
		var starts, ends, opens, closes int64
		err := tx.QueryRowContext(ctx, "SELECT status, starts, ends, signup_opens, signup_closes FROM events WHERE id = ?", rec.EventID).
			Scan(&status, &starts, &ends, &opens, &closes)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("event %s: %w", rec.EventID, alliance.ErrNotFound)
		}
		if err != nil {
			return err
		}
		e := alliance.Event{ID: rec.EventID, Status: alliance.EventStatus(status), Starts: time.Unix(starts, 0), Ends: time.Unix(ends, 0),
			SignupOpens: timeOrZero(opens), SignupCloses: timeOrZero(closes)}
		if reason := e.SignUpReason(rec.Created, rec.Created); reason != "" {
			return &NotAcceptingError{EventID: rec.EventID, Reason: reason}
		}
		return withReceipt(ctx, tx, func(code string) error {
			rec.Receipt = code
			seq, err := addOutbox(ctx, tx, &rec, rec.Created)
			if err != nil {
				return err
			}
			rec.Seq = seq
			_, err = tx.ExecContext(ctx, `INSERT INTO signups (id, seq, event_id, name, phone, party_size, consent_version,
				created, kiosk_id, assisted_by, receipt, status, status_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				rec.ID, rec.Seq, rec.EventID, rec.Name, rec.Phone, rec.PartySize, rec.ConsentVersion, rec.Created.Unix(),
				rec.KioskID, rec.AssistedBy, rec.Receipt, string(rec.Status), rec.StatusAt.Unix())
			return err
		})
	})
	if err != nil {
		return fmt.Errorf("save sign-up: %w", err)
	}
	*s = rec
	return nil
}

const signupCols = "id, seq, event_id, name, phone, party_size, consent_version, created, kiosk_id, assisted_by, receipt, status, status_at, reason"

func scanSignUp(s interface{ Scan(...any) error }) (alliance.SignUp, error) {
	var r alliance.SignUp
	var created, at int64
	err := s.Scan(&r.ID, &r.Seq, &r.EventID, &r.Name, &r.Phone, &r.PartySize, &r.ConsentVersion, &created,
		&r.KioskID, &r.AssistedBy, &r.Receipt, &r.Status, &at, &r.Reason)
	r.Created, r.StatusAt = time.Unix(created, 0).In(alliance.Location), time.Unix(at, 0).In(alliance.Location)
	return r, err
}

// SignUpByReceipt finds a sign-up by the resident's phone and receipt code;
// both must match, so a code alone reveals nothing.
func (db *DB) SignUpByReceipt(ctx context.Context, phone, receipt string) (alliance.SignUp, error) {
	r, err := scanSignUp(db.read.QueryRowContext(ctx, "SELECT "+signupCols+" FROM signups WHERE receipt = ? AND phone = ?",
		strings.TrimSpace(receipt), alliance.Digits(phone)))
	if errors.Is(err, sql.ErrNoRows) {
		return r, fmt.Errorf("sign-up %s: %w", receipt, alliance.ErrNotFound)
	}
	return r, err
}

// SignUpsByPhone lists a resident's sign-ups, newest first, with their
// latest status.
func (db *DB) SignUpsByPhone(ctx context.Context, phone string) ([]alliance.SignUp, error) {
	return db.signUps(ctx, "WHERE phone = ? ORDER BY created DESC", alliance.Digits(phone))
}

// signUps lists sign-ups matching a WHERE clause written in this package.
func (db *DB) signUps(ctx context.Context, where string, args ...any) ([]alliance.SignUp, error) {
	rows, err := db.read.QueryContext(ctx, "SELECT "+signupCols+" FROM signups "+where, args...)
	if err != nil {
		return nil, fmt.Errorf("list sign-ups: %w", err)
	}
	defer rows.Close()
	var out []alliance.SignUp
	for rows.Next() {
		r, err := scanSignUp(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// SaveSuggestion commits a suggestion with its outbox row; s gets its ID,
// Seq and Receipt.
func (db *DB) SaveSuggestion(ctx context.Context, s *alliance.Suggestion) error {
	if strings.TrimSpace(s.Text) == "" && len(s.Phrases) == 0 {
		return fmt.Errorf("save suggestion: nothing to say")
	}
	if s.CallbackPhone != "" {
		if err := alliance.ValidatePhone(s.CallbackPhone); err != nil {
			return fmt.Errorf("save suggestion: %w", err)
		}
	}
	if s.Community == "" || s.Category == "" {
		return fmt.Errorf("save suggestion: community and category are required")
	}
	rec := *s
	rec.ID = uuid.NewString()
	rec.Created = db.Now()
	rec.Status = alliance.SuggestionSubmitted
	rec.CallbackPhone = alliance.Digits(rec.CallbackPhone)
	rec.Replies = nil
	err := db.tx(ctx, func(tx *sql.Tx) error {
		return withReceipt(ctx, tx, func(code string) error {
			rec.Receipt = code
			seq, err := addOutbox(ctx, tx, &rec, rec.Created)
			if err != nil {
				return err
			}
			rec.Seq = seq
			_, err = tx.ExecContext(ctx, `INSERT INTO suggestions (id, seq, community, category, text, phrases, callback_phone,
				anonymous, consent_version, created, kiosk_id, receipt, status, status_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				rec.ID, rec.Seq, rec.Community, rec.Category, rec.Text, jsonList(rec.Phrases), rec.CallbackPhone,
				rec.Anonymous, rec.ConsentVersion, rec.Created.Unix(), rec.KioskID, rec.Receipt, string(rec.Status), rec.Created.Unix())
			return err
		})
	})
	if err != nil {
		return fmt.Errorf("save suggestion: %w", err)
	}
	*s = rec
	return nil
}

// SuggestionByReceipt returns a suggestion with its replies, oldest reply
// first.
func (db *DB) SuggestionByReceipt(ctx context.Context, receipt string) (alliance.Suggestion, error) {
	var s alliance.Suggestion
	var phrases string
	var created int64
	err := db.read.QueryRowContext(ctx, `SELECT id, seq, community, category, text, phrases, callback_phone, anonymous,
		consent_version, created, kiosk_id, receipt, status FROM suggestions WHERE receipt = ?`, strings.TrimSpace(receipt)).
		Scan(&s.ID, &s.Seq, &s.Community, &s.Category, &s.Text, &phrases, &s.CallbackPhone, &s.Anonymous,
			&s.ConsentVersion, &created, &s.KioskID, &s.Receipt, &s.Status)
	if errors.Is(err, sql.ErrNoRows) {
		return s, fmt.Errorf("suggestion %s: %w", receipt, alliance.ErrNotFound)
	}
	if err != nil {
		return s, fmt.Errorf("suggestion %s: %w", receipt, err)
	}
	s.Phrases, s.Created = parseList(phrases), time.Unix(created, 0).In(alliance.Location)
	rows, err := db.read.QueryContext(ctx, "SELECT id, body, by, created FROM suggestion_replies WHERE suggestion_id = ? ORDER BY created, id", s.ID)
	if err != nil {
		return s, fmt.Errorf("suggestion %s replies: %w", receipt, err)
	}
	defer rows.Close()
	for rows.Next() {
		var r alliance.Reply
		var at int64
		if err := rows.Scan(&r.ID, &r.Body, &r.By, &at); err != nil {
			return s, err
		}
		r.Created = time.Unix(at, 0).In(alliance.Location)
		s.Replies = append(s.Replies, r)
	}
	return s, rows.Err()
}

// PendingOutbox returns up to limit unacknowledged records, oldest first.
func (db *DB) PendingOutbox(ctx context.Context, limit int) ([]OutboxItem, error) {
	rows, err := db.read.QueryContext(ctx, "SELECT seq, id, kind, payload, created FROM outbox WHERE acked = 0 AND refused = '' ORDER BY seq LIMIT ?", limit)
	if err != nil {
		return nil, fmt.Errorf("read outbox: %w", err)
	}
	defer rows.Close()
	var out []OutboxItem
	for rows.Next() {
		var it OutboxItem
		var created int64
		if err := rows.Scan(&it.Seq, &it.ID, &it.Kind, &it.Payload, &created); err != nil {
			return nil, err
		}
		it.Created = time.Unix(created, 0)
		out = append(out, it)
	}
	return out, rows.Err()
}

// Refusal is a record the hub refused, with its reason.
type Refusal struct {
	Seq     int64
	Reason  alliance.Reason
	Message string
}

// AckOutbox settles every record up to and including seq, in one
// transaction: acknowledged by the hub, or refused (those in refused keep
// the hub's reason for staff and are never sent again; a refused sign-up
// shows as rejected, with the reason). Nothing is deleted here: the records
// stay for the resident to look up until retention removes them.
func (db *DB) AckOutbox(ctx context.Context, seq int64, refused ...Refusal) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		now := db.Now().Unix()
		for _, r := range refused {
			if r.Seq > seq {
				return fmt.Errorf("refusal of record %d beyond the acknowledgement %d", r.Seq, seq)
			}
			if _, err := tx.ExecContext(ctx, "UPDATE outbox SET refused = ?, refused_message = ? WHERE seq = ? AND acked = 0",
				string(r.Reason), r.Message, r.Seq); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, "UPDATE signups SET status = ?, reason = ?, status_at = ? WHERE seq = ?",
				string(alliance.SignUpRejected), string(r.Reason), now, r.Seq); err != nil {
				return err
			}
		}
		_, err := tx.ExecContext(ctx, "UPDATE outbox SET acked = ? WHERE seq <= ? AND acked = 0", now, seq)
		return err
	})
}

// SwitchHubLog records the id of the hub's change log the kiosk's cursor now
// counts in. With resend, the hub's log changed under the kiosk (a hub
// database restored from a backup, or started afresh): every record the
// kiosk still holds in full is marked unacknowledged, to be pushed again,
// since the hub may have lost the ones it acknowledged after its backup.
// The hub stores each UUID once, so what it kept is only acknowledged
// again. Refused records stay refused. It returns how many go again.
func (db *DB) SwitchHubLog(ctx context.Context, log string, resend bool) (int, error) {
	n := 0
	err := db.tx(ctx, func(tx *sql.Tx) error {
		if resend {
			res, err := tx.ExecContext(ctx, "UPDATE outbox SET acked = 0 WHERE acked > 0 AND refused = '' AND payload != x'7b7d'")
			if err != nil {
				return err
			}
			k, err := res.RowsAffected()
			if err != nil {
				return err
			}
			n = int(k)
		}
		return setState(ctx, tx, StateLog, log)
	})
	if err != nil {
		return 0, fmt.Errorf("switch to hub log %s: %w", log, err)
	}
	return n, nil
}

// RefusedRecord is a record the hub refused, as the staff panel lists it.
type RefusedRecord struct {
	Seq     int64
	ID      string
	Kind    alliance.Kind
	Reason  alliance.Reason
	Message string
	Created time.Time
}

// RefusedOutbox lists the records the hub refused, newest first, for staff.
func (db *DB) RefusedOutbox(ctx context.Context) ([]RefusedRecord, error) {
	rows, err := db.read.QueryContext(ctx, "SELECT seq, id, kind, refused, refused_message, created FROM outbox WHERE refused != '' ORDER BY seq DESC LIMIT 500")
	if err != nil {
		return nil, fmt.Errorf("list refused records: %w", err)
	}
	defer rows.Close()
	var out []RefusedRecord
	for rows.Next() {
		var r RefusedRecord
		var created int64
		if err := rows.Scan(&r.Seq, &r.ID, &r.Kind, &r.Reason, &r.Message, &created); err != nil {
			return nil, err
		}
		r.Created = time.Unix(created, 0).In(alliance.Location)
		out = append(out, r)
	}
	return out, rows.Err()
}

// OutboxCounts counts unacknowledged records by kind.
func (db *DB) OutboxCounts(ctx context.Context) (map[string]int, error) {
	rows, err := db.read.QueryContext(ctx, "SELECT kind, count(*) FROM outbox WHERE acked = 0 GROUP BY kind")
	if err != nil {
		return nil, fmt.Errorf("count outbox: %w", err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var k string
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			return nil, err
		}
		out[k] = n
	}
	return out, rows.Err()
}

// CancelSignUp cancels a resident's sign-up, found by phone and receipt
// code: the sign-up shows as cancelled at once, and the cancellation goes to
// the hub through the outbox, where it frees the places.
func (db *DB) CancelSignUp(ctx context.Context, phone, receipt string) (alliance.SignUp, error) {
	s, err := db.SignUpByReceipt(ctx, phone, receipt)
	if err != nil {
		return s, fmt.Errorf("cancel sign-up: %w", err)
	}
	if s.Status == alliance.SignUpCancelled || s.Status == alliance.SignUpRejected {
		return s, nil
	}
	now := db.Now()
	err = db.tx(ctx, func(tx *sql.Tx) error {
		if _, err := addOutbox(ctx, tx, &alliance.SignUpCancel{ID: uuid.NewString(), SignUpID: s.ID, At: now}, now); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, "UPDATE signups SET status = ?, status_at = ? WHERE id = ?", string(alliance.SignUpCancelled), now.Unix(), s.ID)
		return err
	})
	if err != nil {
		return s, fmt.Errorf("cancel sign-up: %w", err)
	}
	s.Status, s.StatusAt = alliance.SignUpCancelled, now
	return s, nil
}

// OutboxIDs lists every record id in the outbox, acknowledged or not.
func (db *DB) OutboxIDs(ctx context.Context) (map[string]bool, error) {
	rows, err := db.read.QueryContext(ctx, "SELECT id FROM outbox")
	if err != nil {
		return nil, fmt.Errorf("list outbox: %w", err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out[id] = true
	}
	return out, rows.Err()
}

// NotAcceptingError says why an event takes no sign-up now.
type NotAcceptingError struct {
	EventID string
	Reason  alliance.Reason
}

func (e *NotAcceptingError) Error() string {
	return fmt.Sprintf("event %s takes no sign-up: %s", e.EventID, e.Reason)
}

func timeOrZero(unix int64) time.Time {
	if unix == 0 {
		return time.Time{}
	}
	return time.Unix(unix, 0)
}
