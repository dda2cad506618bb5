package hub

import (
	"context"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/shinan-alliance/alliance"
)

// Suggestion is a suggestion (征求意见) as the console's inbox shows it.
// An anonymous one carries no call-back phone, whatever the kiosk sent.
type Suggestion struct {
	ID, Kiosk, KioskName       string
	Community, OriginCommunity string // where it is now; where the resident addressed it
	Category, Body             string
	Phrases                    []string
	Anonymous                  bool
	CallbackPhone              string
	Receipt                    string
	Status                     alliance.SuggestionStatus
	DuplicateOf                string
	Created, Received, Updated time.Time
	Closed                     time.Time // zero while open
	Replies                    []alliance.Reply
}

// ErrNotAllowed is returned for a change the state of a record forbids (a
// transfer to the community it is in, a duplicate of itself).
var ErrNotAllowed = errors.New("not allowed")

// insertSuggestion stores an accepted suggestion with what the inbox lists,
// and its lookup key (see alliance.LookupKey).
func (db *DB) insertSuggestion(ctx context.Context, tx *sql.Tx, kiosk string, r *alliance.Suggestion) error {
	body := strings.TrimSpace(r.Text)
	if body == "" {
		body = strings.Join(r.Phrases, "；")
	} else if len(r.Phrases) > 0 {
		body = strings.Join(r.Phrases, "；") + "\n" + body
	}
	phone := r.CallbackPhone
	if r.Anonymous {
		phone = "" // anonymous stays anonymous: nobody at the hub sees who she is
	}
	lookupID, key := alliance.LookupKey(r.Receipt, alliance.LookupPIN(r.ID))
	var taken int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM suggestions WHERE lookup_id = ?", lookupID).Scan(&taken); err != nil {
		return err
	}
	keyHex := hex.EncodeToString(key)
	if taken > 0 {
		// Two suggestions with the same receipt and PIN (about one in
		// 10^10 per pair): the second is looked up at its own kiosk only.
		slog.Warn("reply lookup: codes already in use; this suggestion is looked up at its kiosk only", "suggestion", r.ID)
		lookupID, keyHex = "", ""
	}
	now := db.Now().Unix()
	_, err := tx.ExecContext(ctx, `INSERT INTO suggestions (id, kiosk, community, origin_community, status, updated, category, body,
			anonymous, callback_phone, receipt, created, received, lookup_id, lookup_key, assisted_by)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.ID, kiosk, r.Community, r.Community, string(alliance.SuggestionReceived), now, r.Category, body,
		r.Anonymous, phone, r.Receipt, r.Created.Unix(), now, lookupID, keyHex, r.AssistedBy)
	return err
}

// emitSuggestion sends a suggestion's status and replies to the kiosk that
// took it, and its sealed lookup item to every kiosk.
func (db *DB) emitSuggestion(ctx context.Context, tx *sql.Tx, id string) error {
	var kiosk, status, raw, community, category, lookupID, keyHex string
	var updated int64
	if err := tx.QueryRowContext(ctx, `SELECT kiosk, status, replies, updated, community, category, lookup_id, lookup_key
		FROM suggestions WHERE id = ?`, id).Scan(&kiosk, &status, &raw, &updated, &community, &category, &lookupID, &keyHex); err != nil {
		return err
	}
	var replies []alliance.Reply
	if err := json.Unmarshal([]byte(raw), &replies); err != nil {
		return fmt.Errorf("replies of suggestion %s: %w", id, err)
	}
	at := time.Unix(updated, 0).UTC()
	data, err := json.Marshal(alliance.SuggestionUpdate{Status: alliance.SuggestionStatus(status), At: at, Replies: replies})
	if err != nil {
		return err
	}
	if _, err := putItem(ctx, tx, alliance.KindSuggestionStatus, id, kiosk, "", "", false, data); err != nil {
		return err
	}
	if lookupID == "" {
		return nil
	}
	key, err := hex.DecodeString(keyHex)
	if err != nil {
		return fmt.Errorf("lookup key of suggestion %s: %w", id, err)
	}
	sealed, err := alliance.SealLookup(key, alliance.LookupAnswer{Community: community, Category: category,
		Status: alliance.SuggestionStatus(status), At: at, Replies: replies})
	if err != nil {
		return err
	}
	data, err = json.Marshal(sealed)
	if err != nil {
		return err
	}
	_, err = putItem(ctx, tx, alliance.KindReplyLookup, lookupID, "", "", "", false, data)
	return err
}

// fillLookups gives suggestions accepted before protocol 3 their lookup
// key and item (migration 0003): their kiosks can show the PIN once they
// are upgraded.
func fillLookups(tx *sql.Tx) error {
	ctx := context.Background()
	rows, err := tx.QueryContext(ctx, "SELECT id, receipt FROM suggestions WHERE lookup_id = '' AND receipt != ''")
	if err != nil {
		return err
	}
	type sug struct{ id, receipt string }
	var all []sug
	for rows.Next() {
		var s sug
		if err := rows.Scan(&s.id, &s.receipt); err != nil {
			rows.Close()
			return err
		}
		all = append(all, s)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	db := &DB{Now: time.Now}
	for _, s := range all {
		lookupID, key := alliance.LookupKey(s.receipt, alliance.LookupPIN(s.id))
		res, err := tx.ExecContext(ctx, `UPDATE suggestions SET lookup_id = ?, lookup_key = ? WHERE id = ?
			AND NOT EXISTS (SELECT 1 FROM suggestions WHERE lookup_id = ?)`, lookupID, hex.EncodeToString(key), s.id, lookupID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 1 {
			if err := db.emitSuggestion(ctx, tx, s.id); err != nil {
				return err
			}
		}
	}
	return nil
}

// InboxFilter selects suggestions for the inbox.
type InboxFilter struct {
	Community string // "" for every community
	Status    string // a status, "open" (staff owe an answer), "overdue", or "" for all
	Category  string
	// OlderThan keeps suggestions received before it (zero: any age).
	OlderThan time.Time
	// OverdueBefore is when an open suggestion becomes overdue: received
	// before it (see WorkingDaysBefore). Needed for Status "overdue".
	OverdueBefore time.Time
	Limit, Offset int
}

func (f InboxFilter) where() (string, []any) {
	var conds []string
	var args []any
	if f.Community != "" {
		conds = append(conds, "s.community = ?")
		args = append(args, f.Community)
	}
	open := "s.status IN ('received', 'in_progress', 'transferred')"
	switch f.Status {
	case "":
	case "open":
		conds = append(conds, open)
	case "overdue":
		conds = append(conds, open, "s.received < ?")
		args = append(args, f.OverdueBefore.Unix())
	default:
		conds = append(conds, "s.status = ?")
		args = append(args, f.Status)
	}
	if f.Category != "" {
		conds = append(conds, "s.category = ?")
		args = append(args, f.Category)
	}
	if !f.OlderThan.IsZero() {
		conds = append(conds, "s.received < ?")
		args = append(args, f.OlderThan.Unix())
	}
	if len(conds) == 0 {
		return "", args
	}
	return "WHERE " + strings.Join(conds, " AND "), args
}

// InboxQuery is the SQL the inbox runs for a filter, for the benchmark to
// time beside the page.
func InboxQuery(f InboxFilter) (string, []any) {
	where, args := f.where()
	if f.Limit <= 0 {
		f.Limit = 50
	}
	return `SELECT s.id, s.kiosk, coalesce(k.name, ''), s.community, s.origin_community, s.category, s.body, s.anonymous,
			s.callback_phone, s.receipt, s.status, s.duplicate_of, s.created, s.received, s.updated, s.closed, s.replies
		FROM suggestions s LEFT JOIN kiosks k ON k.id = s.kiosk ` + where + `
		ORDER BY s.received DESC, s.id DESC LIMIT ? OFFSET ?`, append(args, f.Limit, f.Offset)
}

func scanSuggestion(sc interface{ Scan(...any) error }) (Suggestion, error) {
	var s Suggestion
	var created, received, updated, closed int64
	var raw string
	err := sc.Scan(&s.ID, &s.Kiosk, &s.KioskName, &s.Community, &s.OriginCommunity, &s.Category, &s.Body, &s.Anonymous,
		&s.CallbackPhone, &s.Receipt, &s.Status, &s.DuplicateOf, &created, &received, &updated, &closed, &raw)
	if err != nil {
		return s, err
	}
	s.Created, s.Received, s.Updated = time.Unix(created, 0), time.Unix(received, 0), time.Unix(updated, 0)
	if closed > 0 {
		s.Closed = time.Unix(closed, 0)
	}
	if err := json.Unmarshal([]byte(raw), &s.Replies); err != nil {
		return s, fmt.Errorf("replies of suggestion %s: %w", s.ID, err)
	}
	if s.Anonymous {
		s.CallbackPhone = ""
	}
	return s, nil
}

// Inbox lists suggestions newest first, and how many the filter matches.
func (db *DB) Inbox(ctx context.Context, f InboxFilter) ([]Suggestion, int, error) {
	q, args := InboxQuery(f)
	rows, err := db.read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("inbox: %w", err)
	}
	defer rows.Close()
	var out []Suggestion
	for rows.Next() {
		s, err := scanSuggestion(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 50 // as InboxQuery
	}
	if len(out) < limit && (len(out) > 0 || f.Offset == 0) {
		return out, f.Offset + len(out), nil // the last page: the rows are the count
	}
	where, cargs := f.where()
	var total int
	// Counted up to MaxCount: a page says "1000+" rather than walk 50,000.
	if err := db.read.QueryRowContext(ctx, "SELECT count(*) FROM (SELECT 1 FROM suggestions s "+where+" LIMIT ?)",
		append(cargs, MaxCount+1)...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("inbox: %w", err)
	}
	return out, total, nil
}

// MaxCount is as far as lists count what matches: past it, pages say
// "more than MaxCount".
const MaxCount = 1000

// SuggestionByID returns one suggestion (alliance.ErrNotFound if none).
func (db *DB) SuggestionByID(ctx context.Context, id string) (Suggestion, error) {
	q, args := InboxQuery(InboxFilter{Limit: 1})
	q = strings.Replace(q, "ORDER BY", "WHERE s.id = ? ORDER BY", 1)
	s, err := scanSuggestion(db.read.QueryRowContext(ctx, q, append([]any{id}, args...)...))
	if errors.Is(err, sql.ErrNoRows) {
		return s, fmt.Errorf("suggestion %s: %w", id, alliance.ErrNotFound)
	}
	return s, err
}

// SuggestionChange is what staff do to a suggestion in one step: reply,
// set its status, transfer it to another community (the reason is a reply
// the resident reads), or mark it a duplicate of another.
type SuggestionChange struct {
	Status      alliance.SuggestionStatus // "" keeps it (a reply alone moves received to answered)
	Reply       string
	By          string // who answers, as the resident sees it: the community office's name
	TransferTo  string // a community id
	DuplicateOf string // another suggestion's id
}

// Closing statuses start the retention clock (30 days by default): the
// resident has her answer.
func closing(s alliance.SuggestionStatus) bool {
	return s == alliance.SuggestionAnswered || s == alliance.SuggestionClosed || s == alliance.SuggestionDuplicate
}

// UpdateSuggestion applies staff's change and sends it to the kiosk it
// came from, and to every kiosk's lookup.
func (db *DB) UpdateSuggestion(ctx context.Context, id string, ch SuggestionChange) error {
	if err := alliance.CheckText(ch.Reply, 2000, true); err != nil {
		return fmt.Errorf("reply to suggestion %s: %w", id, err)
	}
	if err := alliance.CheckText(ch.By, alliance.MaxNameRunes, false); err != nil {
		return fmt.Errorf("reply to suggestion %s: %w", id, err)
	}
	if ch.Status != "" && ch.Status != alliance.SuggestionSubmitted {
		known := false
		for _, s := range alliance.StaffStatuses {
			known = known || s == ch.Status
		}
		if !known {
			return fmt.Errorf("suggestion %s: %w: status %q", id, ErrNotAllowed, ch.Status)
		}
	}
	return db.tx(ctx, func(tx *sql.Tx) error {
		var raw, community, status string
		err := tx.QueryRowContext(ctx, "SELECT replies, community, status FROM suggestions WHERE id = ?", id).Scan(&raw, &community, &status)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("suggestion %s: %w", id, alliance.ErrNotFound)
		}
		if err != nil {
			return err
		}
		var replies []alliance.Reply
		if err := json.Unmarshal([]byte(raw), &replies); err != nil {
			return fmt.Errorf("replies of suggestion %s: %w", id, err)
		}
		next := alliance.SuggestionStatus(status)
		if ch.Status != "" {
			next = ch.Status
		}
		reply := strings.TrimSpace(ch.Reply)
		switch {
		case ch.TransferTo != "":
			if ch.TransferTo == community {
				return fmt.Errorf("suggestion %s: %w: it is in %s already", id, ErrNotAllowed, community)
			}
			if err := db.needAccount(ctx, tx, ch.TransferTo); err != nil {
				return fmt.Errorf("transfer suggestion %s: %w", id, ErrNotAllowed)
			}
			if reply == "" {
				return fmt.Errorf("transfer suggestion %s: %w: say why; the resident reads it", id, ErrNotAllowed)
			}
			next = alliance.SuggestionTransferred
			community = ch.TransferTo
		case ch.DuplicateOf != "":
			var other string
			err := tx.QueryRowContext(ctx, "SELECT community FROM suggestions WHERE id = ?", ch.DuplicateOf).Scan(&other)
			if errors.Is(err, sql.ErrNoRows) || ch.DuplicateOf == id {
				return fmt.Errorf("suggestion %s: %w: no other suggestion %s", id, ErrNotAllowed, ch.DuplicateOf)
			}
			if err != nil {
				return err
			}
			next = alliance.SuggestionDuplicate
		case reply != "" && ch.Status == "" && alliance.SuggestionStatus(status).Open():
			next = alliance.SuggestionAnswered
		}
		if reply != "" {
			replies = append(replies, alliance.Reply{ID: uuid.NewString(), Body: reply, By: ch.By, Created: db.Now().UTC().Truncate(time.Second)})
		}
		b, err := json.Marshal(replies)
		if err != nil {
			return err
		}
		closed := int64(0)
		if closing(next) {
			closed = db.Now().Unix()
		}
		if _, err := tx.ExecContext(ctx, `UPDATE suggestions SET replies = ?, status = ?, updated = ?, closed = ?, community = ?,
			duplicate_of = CASE WHEN ? != '' THEN ? ELSE duplicate_of END WHERE id = ?`,
			string(b), string(next), db.Now().Unix(), closed, community, ch.DuplicateOf, ch.DuplicateOf, id); err != nil {
			return err
		}
		return db.emitSuggestion(ctx, tx, id)
	})
}

// Reply records staff's answer to a suggestion with a status, and sends it
// to the kiosk (the command line's reply; the console uses UpdateSuggestion).
func (db *DB) Reply(ctx context.Context, suggestionID, body, by string, status alliance.SuggestionStatus) error {
	return db.UpdateSuggestion(ctx, suggestionID, SuggestionChange{Status: status, Reply: body, By: by})
}

// SuggestionCount is a number of suggestions by community, category and
// status, for the statistics page.
type SuggestionCount struct {
	Community, Category string
	Status              alliance.SuggestionStatus
	N                   int
}

// SuggestionStats counts suggestions by community, category and status
// (one community's when community is not "").
func (db *DB) SuggestionStats(ctx context.Context, community string) ([]SuggestionCount, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT community, category, status, count(*) FROM suggestions
		WHERE ? = '' OR community = ? GROUP BY community, category, status ORDER BY community, category, status`, community, community)
	if err != nil {
		return nil, fmt.Errorf("suggestion statistics: %w", err)
	}
	defer rows.Close()
	var out []SuggestionCount
	for rows.Next() {
		var c SuggestionCount
		if err := rows.Scan(&c.Community, &c.Category, &c.Status, &c.N); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// WorkingDaysBefore is the moment n working days (Monday to Friday, in
// district time) before now: a suggestion received earlier and still open
// is overdue. Public holidays are not known to the hub and count as
// working days.
func WorkingDaysBefore(now time.Time, n int) time.Time {
	t := now.In(alliance.Location)
	for n > 0 {
		t = t.AddDate(0, 0, -1)
		if wd := t.Weekday(); wd != time.Saturday && wd != time.Sunday {
			n--
		}
	}
	return t
}

// ReplyTemplate is a reply staff start from, per category; Community "" is
// the district's, offered to every community.
type ReplyTemplate struct {
	ID                  int64
	Community, Category string
	Title, Body         string
	Updated             time.Time
}

// ReplyTemplates lists the templates a community's staff may use: its own
// and the district's ("" lists the district's only; "*" every one).
func (db *DB) ReplyTemplates(ctx context.Context, community string) ([]ReplyTemplate, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT id, community, category, title, body, updated FROM reply_templates
		WHERE community = '' OR community = ? OR ? = '*' ORDER BY category, community, title`, community, community)
	if err != nil {
		return nil, fmt.Errorf("reply templates: %w", err)
	}
	defer rows.Close()
	var out []ReplyTemplate
	for rows.Next() {
		var t ReplyTemplate
		var at int64
		if err := rows.Scan(&t.ID, &t.Community, &t.Category, &t.Title, &t.Body, &at); err != nil {
			return nil, err
		}
		t.Updated = time.Unix(at, 0)
		out = append(out, t)
	}
	return out, rows.Err()
}

// ReplyTemplate returns one template.
func (db *DB) ReplyTemplate(ctx context.Context, id int64) (ReplyTemplate, error) {
	var t ReplyTemplate
	var at int64
	err := db.read.QueryRowContext(ctx, "SELECT id, community, category, title, body, updated FROM reply_templates WHERE id = ?", id).
		Scan(&t.ID, &t.Community, &t.Category, &t.Title, &t.Body, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return t, fmt.Errorf("reply template %d: %w", id, alliance.ErrNotFound)
	}
	t.Updated = time.Unix(at, 0)
	return t, err
}

// SaveReplyTemplate creates (ID 0) or changes a template; it returns its id.
func (db *DB) SaveReplyTemplate(ctx context.Context, t ReplyTemplate) (int64, error) {
	if err := alliance.CheckText(t.Title, alliance.MaxNameRunes, false); err != nil || strings.TrimSpace(t.Title) == "" {
		return 0, fmt.Errorf("template title: %w", errOr(err, "missing"))
	}
	if err := alliance.CheckText(t.Body, 2000, true); err != nil || strings.TrimSpace(t.Body) == "" {
		return 0, fmt.Errorf("template text: %w", errOr(err, "missing"))
	}
	known := false
	for _, c := range alliance.SuggestionCategories {
		known = known || c == t.Category
	}
	if !known {
		return 0, fmt.Errorf("template category %q: %w", t.Category, ErrNotAllowed)
	}
	id := t.ID
	err := db.tx(ctx, func(tx *sql.Tx) error {
		if id == 0 {
			res, err := tx.ExecContext(ctx, "INSERT INTO reply_templates (community, category, title, body, updated) VALUES (?, ?, ?, ?, ?)",
				t.Community, t.Category, t.Title, t.Body, db.Now().Unix())
			if err != nil {
				return err
			}
			id, err = res.LastInsertId()
			return err
		}
		_, err := tx.ExecContext(ctx, "UPDATE reply_templates SET category = ?, title = ?, body = ?, updated = ? WHERE id = ?",
			t.Category, t.Title, t.Body, db.Now().Unix(), id)
		return err
	})
	return id, err
}

// DeleteReplyTemplate deletes a template.
func (db *DB) DeleteReplyTemplate(ctx context.Context, id int64) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "DELETE FROM reply_templates WHERE id = ?", id)
		return err
	})
}

type textError string

func (e textError) Error() string { return string(e) }

func errOr(err error, msg string) error {
	if err != nil {
		return err
	}
	return textError(msg)
}
