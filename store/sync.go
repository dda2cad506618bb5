package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"strconv"
	"strings"
	"testing/fstest"
	"time"
	"unicode/utf8"

	"github.com/shinan-alliance/alliance"
)

// HubOrigin is the origin of rows that came from the hub by sync.
const HubOrigin = "hub"

// Change is one item from the hub, decoded (see DecodeChange).
type Change struct {
	Kind    alliance.Kind
	ID      string
	Deleted bool
	Hash    string // the hub's digest of this version; "" to compute one

	// Content is set for content kinds: the record, canonical and valid.
	Content alliance.Content
	// SignUp, Suggestion and Callback are set for decisions.
	SignUp     *alliance.SignUpDecision
	Suggestion *alliance.SuggestionUpdate
	Callback   *alliance.CallbackUpdate
	// Lookup is set for a reply lookup (protocol 3): sealed, every kiosk.
	Lookup *alliance.ReplyLookup

	// Invalid is set when the hub sent something this kiosk cannot use (a
	// record that breaks the rules, an unknown kind): the change is applied
	// as a deletion, so the kiosk shows nothing rather than something
	// wrong, and counted for staff. It never stops a batch.
	Invalid error
}

// DecodeChange turns one item from the hub into a change. It never fails:
// what cannot be used is marked Invalid (see Change).
func DecodeChange(kind alliance.Kind, id string, deleted bool, data []byte, hash string) Change {
	ch := Change{Kind: kind, ID: id, Deleted: deleted, Hash: hash}
	if deleted {
		return ch
	}
	switch kind {
	case alliance.KindSignUpStatus:
		var d alliance.SignUpDecision
		if err := alliance.DecodeStrict(data, &d); err != nil {
			ch.Invalid = fmt.Errorf("%s %s: %w", kind, id, err)
			return ch
		}
		switch d.Status {
		case alliance.SignUpConfirmed, alliance.SignUpWaitlisted, alliance.SignUpRejected, alliance.SignUpCancelled:
		default:
			ch.Invalid = fmt.Errorf("%s %s: status %q", kind, id, d.Status)
			return ch
		}
		ch.SignUp = &d
		return ch
	case alliance.KindCallbackStatus:
		var u alliance.CallbackUpdate
		if err := alliance.DecodeStrict(data, &u); err != nil || !u.Status.Valid() {
			ch.Invalid = fmt.Errorf("%s %s: %v, status %q", kind, id, err, u.Status)
			return ch
		}
		ch.Callback = &u
		return ch
	case alliance.KindReplyLookup:
		var r alliance.ReplyLookup
		if err := alliance.DecodeStrict(data, &r); err != nil {
			ch.Invalid = fmt.Errorf("%s %s: %w", kind, id, err)
			return ch
		}
		if err := r.Validate(); err != nil || !alliance.IsLookupID(id) {
			ch.Invalid = fmt.Errorf("%s %s: not a lookup", kind, id)
			return ch
		}
		ch.Lookup = &r
		return ch
	case alliance.KindSuggestionStatus:
		var u alliance.SuggestionUpdate
		if err := alliance.DecodeStrict(data, &u); err != nil {
			ch.Invalid = fmt.Errorf("%s %s: %w", kind, id, err)
			return ch
		}
		for _, r := range u.Replies {
			if alliance.CheckText(r.Body, 4000, true) != nil || alliance.CheckText(r.By, alliance.MaxNameRunes, false) != nil || r.ID == "" {
				ch.Invalid = fmt.Errorf("%s %s: a reply that breaks the text rules", kind, id)
				return ch
			}
		}
		ch.Suggestion = &u
		return ch
	}
	c, err := alliance.DecodeContent(kind, data)
	switch {
	case err != nil:
		ch.Invalid = err
	case c.ContentID() != id:
		ch.Invalid = fmt.Errorf("%s %s carries the data of %q", kind, id, c.ContentID())
	default:
		ch.Content = c
	}
	return ch
}

// table maps content kinds to their tables.
var kindTable = map[alliance.Kind]string{
	alliance.KindAccount: "accounts", alliance.KindPost: "posts", alliance.KindPlace: "places",
	alliance.KindDirectory: "directory", alliance.KindEvent: "events", alliance.KindLesson: "lessons",
}

// ApplyChanges applies one batch from the hub and stores its cursor, in one
// transaction: a batch applied twice changes nothing, and the cursor is
// never ahead of what was applied. With reset, every content row is dropped
// first (the hub is about to send a fresh snapshot).
//
// No batch fails because of the order of its items, or of the batches: a
// post may arrive before the account it names (references between content
// rows are soft, see migration 0007), and what the hub sends that the
// kiosk cannot use is skipped and counted (Change.Invalid), not fatal.
// Whatever the hub's history, a kiosk that has pulled to the end holds
// exactly the hub's content.
//
// more says another batch follows; the kiosk is "taking a snapshot" from
// its first pull (or a reset) until a batch without more is applied, and
// says so to the hub (see Snapshot).
func (db *DB) ApplyChanges(ctx context.Context, changes []Change, cursor int64, reset, more bool) error {
	err := db.tx(ctx, func(tx *sql.Tx) error {
		prevCursor, err := stateInt(ctx, tx, StateCursor)
		if err != nil {
			return err
		}
		snap, err := stateValue(ctx, tx, StateSnapshot)
		if err != nil {
			return err
		}
		taking := (snap == "1" || reset || prevCursor == 0) && more
		if err := setState(ctx, tx, StateSnapshot, map[bool]string{true: "1", false: ""}[taking]); err != nil {
			return err
		}
		var st ImportStats
		w := &writer{ctx: ctx, tx: tx, origin: HubOrigin, stats: &st, idx: newIndexer(ctx, tx)}
		if reset {
			if err := w.dropContent(""); err != nil {
				return fmt.Errorf("reset: %w", err)
			}
		}
		if err := w.preload(changes); err != nil {
			return err
		}
		invalid := 0
		var firstInvalid error
		for _, c := range changes {
			if c.Invalid != nil {
				invalid++
				if firstInvalid == nil {
					firstInvalid = c.Invalid
				}
				c.Deleted = true
			}
			if err := w.apply(c); err != nil {
				return fmt.Errorf("apply %s %s: %w", c.Kind, c.ID, err)
			}
		}
		if invalid > 0 {
			n, err := stateInt(ctx, tx, StateSkipped)
			if err != nil {
				return err
			}
			if err := setState(ctx, tx, StateSkipped, strconv.FormatInt(n+int64(invalid), 10)); err != nil {
				return err
			}
			if err := setState(ctx, tx, StateSkippedLast, truncate(firstInvalid.Error(), 300)); err != nil {
				return err
			}
		}
		if err := w.idx.flush(); err != nil {
			return err
		}
		return setState(ctx, tx, StateCursor, strconv.FormatInt(cursor, 10))
	})
	if err != nil {
		return fmt.Errorf("apply batch up to %d: %w", cursor, err)
	}
	return nil
}

func stateValue(ctx context.Context, tx *sql.Tx, key string) (string, error) {
	var v string
	err := tx.QueryRowContext(ctx, "SELECT value FROM sync_state WHERE key = ?", key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return v, err
}

func stateInt(ctx context.Context, tx *sql.Tx, key string) (int64, error) {
	v, err := stateValue(ctx, tx, key)
	if err != nil || v == "" {
		return 0, err
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("sync state %s: %w", key, err)
	}
	return n, nil
}

// truncate cuts s to at most n bytes at a character boundary.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// preload reads, in one query per table, the hashes of the rows a batch
// touches, so that applying it asks SQLite nothing row by row.
func (w *writer) preload(changes []Change) error {
	byTable := map[string][]any{}
	for _, c := range changes {
		if t, ok := kindTable[c.Kind]; ok {
			byTable[t] = append(byTable[t], c.ID)
		}
	}
	w.known = map[string]map[string]string{}
	for table, ids := range byTable {
		m := map[string]string{}
		for start := 0; start < len(ids); start += 500 {
			chunk := ids[start:min(start+500, len(ids))]
			q := "SELECT id, hash, origin FROM " + table + " WHERE id IN (?" + strings.Repeat(", ?", len(chunk)-1) + ")"
			rows, err := w.tx.QueryContext(w.ctx, q, chunk...)
			if err != nil {
				return err
			}
			for rows.Next() {
				var id, h, origin string
				if err := rows.Scan(&id, &h, &origin); err != nil {
					rows.Close()
					return err
				}
				if origin != w.origin {
					h = foreign + origin + ":" + h
				}
				m[id] = h
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
		}
		w.known[table] = m
	}
	return nil
}

// current returns the hash map existing() would give for one row.
func (w *writer) current(table, id string) (map[string]string, error) {
	if m, ok := w.known[table]; ok {
		if h, ok := m[id]; ok {
			return map[string]string{id: h}, nil
		}
		return map[string]string{}, nil
	}
	var h, origin string
	err := w.tx.QueryRowContext(w.ctx, "SELECT hash, origin FROM "+table+" WHERE id = ?", id).Scan(&h, &origin)
	if errors.Is(err, sql.ErrNoRows) {
		return map[string]string{}, nil
	}
	if err != nil {
		return nil, err
	}
	if origin != w.origin {
		h = foreign + origin + ":" + h
	}
	return map[string]string{id: h}, nil
}

func (w *writer) apply(c Change) error {
	switch c.Kind {
	case alliance.KindSignUpStatus:
		if c.Deleted { // the hub's retention: the resident's data goes here too
			return w.exec("DELETE FROM signups WHERE id = ?", c.ID)
		}
		return w.exec("UPDATE signups SET status = ?, reason = ?, status_at = ? WHERE id = ?",
			string(c.SignUp.Status), string(c.SignUp.Reason), c.SignUp.At.Unix(), c.ID)
	case alliance.KindCallbackStatus:
		if c.Deleted {
			return w.exec("DELETE FROM callbacks WHERE id = ?", c.ID)
		}
		return w.exec("UPDATE callbacks SET status = ?, status_at = ? WHERE id = ?", string(c.Callback.Status), c.Callback.At.Unix(), c.ID)
	case alliance.KindReplyLookup:
		if c.Deleted {
			return w.exec("DELETE FROM reply_lookups WHERE id = ?", c.ID)
		}
		return w.exec("INSERT INTO reply_lookups (id, sealed) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET sealed = excluded.sealed", c.ID, c.Lookup.Sealed)
	case alliance.KindSuggestionStatus:
		if c.Deleted {
			return w.exec("DELETE FROM suggestions WHERE id = ?", c.ID) // replies cascade
		}
		u := c.Suggestion
		if err := w.exec("UPDATE suggestions SET status = ?, status_at = ? WHERE id = ?", string(u.Status), u.At.Unix(), c.ID); err != nil {
			return err
		}
		if err := w.exec("DELETE FROM suggestion_replies WHERE suggestion_id = ?", c.ID); err != nil {
			return err
		}
		for _, r := range u.Replies {
			if err := w.exec(`INSERT INTO suggestion_replies (id, suggestion_id, body, by, created) SELECT ?, ?, ?, ?, ?
				WHERE EXISTS (SELECT 1 FROM suggestions WHERE id = ?) ON CONFLICT (id) DO NOTHING`,
				r.ID, c.ID, r.Body, r.By, r.Created.Unix(), c.ID); err != nil {
				return err
			}
		}
		return nil
	case alliance.KindBlob:
		if c.Deleted {
			return nil // blobs are shared by rows; unreferenced ones are collected later
		}
		b := c.Content.(alliance.Blob)
		return w.exec("INSERT INTO blobs (sha256, size, mime, present) VALUES (?, ?, ?, 0) ON CONFLICT (sha256) DO UPDATE SET mime = excluded.mime",
			b.SHA256, b.Size, b.MIME)
	}
	table, ok := kindTable[c.Kind]
	if !ok {
		return nil // an unknown kind was counted as invalid; there is nothing of it here
	}
	old, err := w.current(table, c.ID)
	if err != nil {
		return err
	}
	if c.Deleted {
		if len(old) == 0 {
			return nil
		}
		return w.remove(table, c.ID)
	}
	w.hash = c.Hash
	defer func() { w.hash = "" }()
	switch x := c.Content.(type) {
	case alliance.Account:
		return w.account(x, old)
	case alliance.Post:
		return w.post(x, old)
	case alliance.Place:
		return w.place(x, old)
	case alliance.DirectoryEntry:
		return w.directory(x, old)
	case alliance.Event:
		return w.event(x, old)
	case alliance.LessonFolder:
		return w.lesson(x, old)
	}
	return fmt.Errorf("%s %s has no data", c.Kind, c.ID)
}

// dropContent deletes content rows: those of one origin, or every row when
// origin is "". Children go before the accounts they refer to.
func (w *writer) dropContent(keepOrigin string) error {
	for _, table := range []string{"lessons", "events", "directory", "places", "posts", "accounts"} {
		q := "SELECT id FROM " + table
		args := []any{}
		if keepOrigin != "" {
			q += " WHERE origin != ?"
			args = append(args, keepOrigin)
		}
		rows, err := w.tx.QueryContext(w.ctx, q, args...)
		if err != nil {
			return err
		}
		var ids []string
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			ids = append(ids, id)
		}
		rows.Close()
		for _, id := range ids {
			if err := w.remove(table, id); err != nil {
				return err
			}
		}
	}
	if keepOrigin == "" {
		// The hub's sealed lookups come again with the snapshot.
		return w.exec("DELETE FROM reply_lookups")
	}
	return nil
}

// ReplaceSampleContent drops everything that did not come from the hub
// (the embedded sample pack), once the first full pull from a hub is in.
func (db *DB) ReplaceSampleContent(ctx context.Context) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		var st ImportStats
		w := &writer{ctx: ctx, tx: tx, origin: HubOrigin, stats: &st, idx: newIndexer(ctx, tx)}
		if err := w.dropContent(HubOrigin); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM packs"); err != nil {
			return err
		}
		if err := w.idx.flush(); err != nil {
			return err
		}
		return setState(ctx, tx, StateSampleReplaced, "1")
	})
}

// MissingBlobs lists blobs named by content whose bytes have not arrived
// (blobs nothing names are not fetched: see CollectBlobs).
func (db *DB) MissingBlobs(ctx context.Context, limit int) ([]alliance.Blob, error) {
	out, err := db.missingBlobs(ctx, limit)
	if err != nil {
		return nil, fmt.Errorf("list missing blobs: %w", err)
	}
	return out, nil
}

// ErrHashMismatch is returned when blob bytes do not match their name.
var ErrHashMismatch = errors.New("blob bytes do not match their SHA-256")

// PutBlob stores a blob's bytes after checking them against its hash; only
// then is it marked present.
func (db *DB) PutBlob(ctx context.Context, sha string, data []byte) error {
	return db.PutBlobs(ctx, []alliance.Blob{{SHA256: sha, Data: data}})
}

// PutBlobs stores several blobs in one transaction (one disk sync for many
// small images), each checked against its hash first: if any does not
// match, none is stored.
func (db *DB) PutBlobs(ctx context.Context, blobs []alliance.Blob) error {
	for _, b := range blobs {
		if !alliance.SHA256Pattern.MatchString(b.SHA256) {
			return fmt.Errorf("put blob %q: not a SHA-256", b.SHA256)
		}
		sum := sha256.Sum256(b.Data)
		if hex.EncodeToString(sum[:]) != b.SHA256 {
			return fmt.Errorf("put blob %s: %w", b.SHA256, ErrHashMismatch)
		}
	}
	return db.tx(ctx, func(tx *sql.Tx) error {
		for _, b := range blobs {
			if _, err := tx.ExecContext(ctx, `INSERT INTO blobs (sha256, size, mime, present, data) VALUES (?, ?, '', 1, ?)
				ON CONFLICT (sha256) DO UPDATE SET data = excluded.data, present = 1, size = excluded.size`, b.SHA256, len(b.Data), b.Data); err != nil {
				return fmt.Errorf("put blob %s: %w", b.SHA256, err)
			}
		}
		return nil
	})
}

// Sync state keys.
const (
	StateKioskID        = "kiosk_id"
	StateHubURL         = "hub_url"
	StateToken          = "token"
	StateCommunity      = "community"
	StateCursor         = "cursor"
	StateLastSuccess    = "last_success" // unix seconds
	StateLastAttempt    = "last_attempt"
	StateLastError      = "last_error"
	StateSampleReplaced = "sample_replaced"
	StateCAFile         = "ca_file"    // a certificate file to trust for the hub
	StateSnapshot       = "snapshot"   // "1" while a whole snapshot is being taken
	StateLog            = "log"        // the id of the hub's change log the cursor counts in
	StateAllowHTTP      = "allow_http" // "1": staff allowed plain http to a hub on another machine
	StateHubPin         = "hub_pin"    // the hub's public-key fingerprint (wire.KeyPin), pinned when the kiosk joined; "" when the system trusts the hub
	StateFailingSince   = "failing_since"
	StateLastErrorCode  = "last_error_code"
	StateSkipped        = "skipped"      // items from the hub this kiosk could not use, ever
	StateSkippedLast    = "skipped_last" // why the last of them was skipped
)

func setState(ctx context.Context, tx *sql.Tx, key, value string) error {
	_, err := tx.ExecContext(ctx, "INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", key, value)
	return err
}

// SetSyncState stores sync state values, all in one transaction.
func (db *DB) SetSyncState(ctx context.Context, kv map[string]string) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		for k, v := range kv {
			if err := setState(ctx, tx, k, v); err != nil {
				return err
			}
		}
		return nil
	})
}

// SyncState returns every sync state value.
func (db *DB) SyncState(ctx context.Context) (map[string]string, error) {
	rows, err := db.read.QueryContext(ctx, "SELECT key, value FROM sync_state")
	if err != nil {
		return nil, fmt.Errorf("read sync state: %w", err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return nil, err
		}
		out[k] = v
	}
	return out, rows.Err()
}

// Cursor returns the last hub sequence applied (0 before the first sync).
func (db *DB) Cursor(ctx context.Context) (int64, error) {
	st, err := db.SyncState(ctx)
	if err != nil {
		return 0, err
	}
	n, _ := strconv.ParseInt(st[StateCursor], 10, 64)
	return n, nil
}

// Snapshot reports whether the kiosk is in the middle of taking a whole
// snapshot from the hub (or has never pulled at all).
func (db *DB) Snapshot(ctx context.Context) (bool, error) {
	st, err := db.SyncState(ctx)
	if err != nil {
		return false, err
	}
	return st[StateSnapshot] == "1" || st[StateCursor] == "" || st[StateCursor] == "0", nil
}

// OutboxBacklog counts records the hub has not acknowledged.
func (db *DB) OutboxBacklog(ctx context.Context) (int, error) {
	var n int
	err := db.read.QueryRowContext(ctx, "SELECT count(*) FROM outbox WHERE acked = 0").Scan(&n)
	return n, err
}

// DefaultRetention is how long after an event or a request residents'
// personal data is kept, on the kiosk and the hub alike, unless configured.
const DefaultRetention = alliance.RecordRetention

// Retain deletes residents' personal data the kiosk no longer needs, even
// when it has not heard from the hub: sign-ups whose event ended more than
// after ago (or, for events no longer listed, made more than after ago plus
// a year), suggestions and call-back requests made more than after ago plus
// a year, and the payloads of acknowledged outbox records older than after.
// Records the hub has not acknowledged are never deleted.
func (db *DB) Retain(ctx context.Context, after time.Duration) (int, error) {
	cut := db.Now().Add(-after).Unix()
	longCut := db.Now().Add(-after - 365*24*time.Hour).Unix()
	n := 0
	err := db.tx(ctx, func(tx *sql.Tx) error {
		for _, q := range []struct {
			sql  string
			args []any
		}{
			{`DELETE FROM signups WHERE seq IN (SELECT seq FROM outbox WHERE acked > 0) AND (
				event_id IN (SELECT id FROM events WHERE ends < ?) OR
				(event_id NOT IN (SELECT id FROM events) AND created < ?))`, []any{cut, longCut}},
			{`DELETE FROM suggestions WHERE seq IN (SELECT seq FROM outbox WHERE acked > 0) AND created < ?`, []any{longCut}},
			{`DELETE FROM callbacks WHERE seq IN (SELECT seq FROM outbox WHERE acked > 0) AND created < ?`, []any{cut}},
			{`UPDATE outbox SET payload = x'7b7d' WHERE acked > 0 AND created < ? AND payload != x'7b7d'`, []any{cut}}, // {}
		} {
			res, err := tx.ExecContext(ctx, q.sql, q.args...)
			if err != nil {
				return err
			}
			k, _ := res.RowsAffected()
			n += int(k)
		}
		k, err := retainLearners(ctx, tx, db.Now().Add(-alliance.LearnerRetention).Unix())
		n += k
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("retention: %w", err)
	}
	return n, nil
}

// retainLearners erases learners idle since before cut, unless the hub has
// yet to acknowledge something about them.
func retainLearners(ctx context.Context, tx *sql.Tx, cut int64) (int, error) {
	rows, err := tx.QueryContext(ctx, `SELECT l.id FROM learners l WHERE max(l.created,
			coalesce((SELECT max(at) FROM attendance a WHERE a.learner_id = l.id), 0),
			coalesce((SELECT max(updated) FROM lesson_progress p WHERE p.learner_id = l.id), 0)) < ?
		AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.acked = 0 AND (o.id = l.id OR json_extract(o.payload, '$.learner_id') = l.id))`, cut)
	if err != nil {
		return 0, err
	}
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return 0, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	for _, id := range ids {
		if err := eraseLearner(ctx, tx, id); err != nil {
			return 0, err
		}
	}
	return len(ids), nil
}

// Lessons returns the lessons the hub distributed, as a file system of
// lesson folders for lessons.LoadCurriculum; ok is false when there are
// none, and the kiosk teaches the curriculum it embeds.
func (db *DB) Lessons(ctx context.Context) (fsys fs.FS, ok bool, err error) {
	rows, err := db.read.QueryContext(ctx, "SELECT folder FROM lessons ORDER BY dir")
	if err != nil {
		return nil, false, fmt.Errorf("read lessons: %w", err)
	}
	defer rows.Close()
	m := fstest.MapFS{}
	for rows.Next() {
		var b []byte
		if err := rows.Scan(&b); err != nil {
			return nil, false, err
		}
		var lf alliance.LessonFolder
		if err := json.Unmarshal(b, &lf); err != nil {
			return nil, false, fmt.Errorf("read lessons: %w", err)
		}
		for name, data := range lf.Files {
			m[lf.Dir+"/"+name] = &fstest.MapFile{Data: data, Mode: 0o444}
		}
		ok = true
	}
	return m, ok, rows.Err()
}
