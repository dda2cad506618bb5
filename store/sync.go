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

	"github.com/shinan-alliance/alliance"
)

// HubOrigin is the origin of rows that came from the hub by sync.
const HubOrigin = "hub"

// Change is one item from the hub, decoded: exactly one of the pointers is
// set, unless Deleted.
type Change struct {
	Kind    string // account, post, place, directory, event, blob, signup_status, suggestion_status
	ID      string
	Deleted bool
	Hash    string // the hub's digest of this version; "" to compute one

	Account   *alliance.Account
	Post      *alliance.Post
	Place     *alliance.Place
	Directory *alliance.DirectoryEntry
	Event     *alliance.Event
	Lesson    *alliance.LessonFolder
	Blob      *alliance.Blob // metadata only; the bytes come with PutBlob

	SignUpStatus     alliance.SignUpStatus
	SuggestionStatus alliance.SuggestionStatus
	Replies          []alliance.Reply
	At               time.Time
}

// table maps content kinds to their tables.
var kindTable = map[string]string{
	"account": "accounts", "post": "posts", "place": "places", "directory": "directory", "event": "events",
	"lesson": "lessons",
}

// ApplyChanges applies one batch from the hub and stores its cursor, in one
// transaction: a batch applied twice changes nothing, and the cursor is
// never ahead of what was applied. With reset, every content row is dropped
// first (the hub is about to send a fresh snapshot).
//
// more says another batch follows; the kiosk is "taking a snapshot" from
// its first pull (or a reset) until a batch without more is applied, and
// says so to the hub (see Snapshot).
func (db *DB) ApplyChanges(ctx context.Context, changes []Change, cursor int64, reset, more bool) error {
	err := db.tx(ctx, func(tx *sql.Tx) error {
		var prevCursor int64
		var snap string
		tx.QueryRowContext(ctx, "SELECT value FROM sync_state WHERE key = ?", StateCursor).Scan(&prevCursor)
		tx.QueryRowContext(ctx, "SELECT value FROM sync_state WHERE key = ?", StateSnapshot).Scan(&snap)
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
		for _, c := range changes {
			if err := w.apply(c); err != nil {
				return fmt.Errorf("apply %s %s: %w", c.Kind, c.ID, err)
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
	case "signup_status":
		if c.Deleted { // the hub's retention: the resident's data goes here too
			return w.exec("DELETE FROM signups WHERE id = ?", c.ID)
		}
		return w.exec("UPDATE signups SET status = ?, status_at = ? WHERE id = ?", string(c.SignUpStatus), c.At.Unix(), c.ID)
	case "suggestion_status":
		if c.Deleted {
			return w.exec("DELETE FROM suggestions WHERE id = ?", c.ID) // replies cascade
		}
		if err := w.exec("UPDATE suggestions SET status = ?, status_at = ? WHERE id = ?", string(c.SuggestionStatus), c.At.Unix(), c.ID); err != nil {
			return err
		}
		if err := w.exec("DELETE FROM suggestion_replies WHERE suggestion_id = ?", c.ID); err != nil {
			return err
		}
		for _, r := range c.Replies {
			if err := w.exec("INSERT INTO suggestion_replies (id, suggestion_id, body, by, created) SELECT ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM suggestions WHERE id = ?)",
				r.ID, c.ID, r.Body, r.By, r.Created.Unix(), c.ID); err != nil {
				return err
			}
		}
		return nil
	case "blob":
		if c.Deleted || c.Blob == nil {
			return nil // blobs are shared by rows; unreferenced ones are harmless
		}
		return w.exec("INSERT INTO blobs (sha256, size, mime, present) VALUES (?, ?, ?, 0) ON CONFLICT (sha256) DO NOTHING",
			c.Blob.SHA256, c.Blob.Size, c.Blob.MIME)
	}
	table, ok := kindTable[c.Kind]
	if !ok {
		return fmt.Errorf("unknown kind %q", c.Kind)
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
	switch {
	case c.Account != nil:
		return w.account(*c.Account, old)
	case c.Post != nil:
		return w.post(*c.Post, old)
	case c.Place != nil:
		return w.place(*c.Place, old)
	case c.Directory != nil:
		return w.directory(*c.Directory, old)
	case c.Event != nil:
		return w.event(*c.Event, old)
	case c.Lesson != nil:
		return w.lesson(*c.Lesson, old)
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

// MissingBlobs lists blobs named by content whose bytes have not arrived.
func (db *DB) MissingBlobs(ctx context.Context, limit int) ([]alliance.Blob, error) {
	rows, err := db.read.QueryContext(ctx, "SELECT sha256, size, mime FROM blobs WHERE present = 0 ORDER BY sha256 LIMIT ?", limit)
	if err != nil {
		return nil, fmt.Errorf("list missing blobs: %w", err)
	}
	defer rows.Close()
	var out []alliance.Blob
	for rows.Next() {
		var b alliance.Blob
		if err := rows.Scan(&b.SHA256, &b.Size, &b.MIME); err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, rows.Err()
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
	StateCAFile         = "ca_file"  // a certificate file to trust for the hub
	StateSnapshot       = "snapshot" // "1" while a whole snapshot is being taken
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
const DefaultRetention = 30 * 24 * time.Hour

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
