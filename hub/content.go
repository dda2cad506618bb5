package hub

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/wire"
)

// ImportStats counts what a publication changed in the change log.
type ImportStats = alliance.ImportStats

// ErrInUse is returned when withdrawing content other live content refers
// to (an account with posts, an image a post shows).
var ErrInUse = errors.New("still in use")

// ErrBadContent wraps every refusal of content that breaks a rule.
var ErrBadContent = errors.New("bad content")

// publisher writes content into the change log inside one transaction,
// checking each record's rules and its references against what is live
// (including what the same transaction published before).
type publisher struct {
	db     *DB
	ctx    context.Context
	tx     *sql.Tx
	origin string
	st     ImportStats
	live   map[alliance.Kind]map[string]bool // memo of existence checks
}

func (db *DB) publisher(ctx context.Context, tx *sql.Tx, origin string) *publisher {
	return &publisher{db: db, ctx: ctx, tx: tx, origin: origin, live: map[alliance.Kind]map[string]bool{}}
}

// exists reports whether a live item of a kind has the id.
func (p *publisher) exists(kind alliance.Kind, id string) (bool, error) {
	m := p.live[kind]
	if m == nil {
		m = map[string]bool{}
		p.live[kind] = m
	}
	if v, ok := m[id]; ok {
		return v, nil
	}
	var n int
	err := p.tx.QueryRowContext(p.ctx, "SELECT count(*) FROM items WHERE kind = ? AND id = ? AND deleted = 0 AND audience = ''", kind, id).Scan(&n)
	if err != nil {
		return false, err
	}
	m[id] = n > 0
	return n > 0, nil
}

func (p *publisher) mark(kind alliance.Kind, id string, live bool) {
	if p.live[kind] == nil {
		p.live[kind] = map[string]bool{}
	}
	p.live[kind][id] = live
}

// refs lists what a content record refers to: the parents that must be
// live for it to be published.
func refs(c alliance.Content) [][2]string {
	var out [][2]string
	add := func(kind alliance.Kind, ids ...string) {
		for _, id := range ids {
			if id != "" {
				out = append(out, [2]string{string(kind), id})
			}
		}
	}
	switch x := c.(type) {
	case alliance.Account:
		add(alliance.KindBlob, x.QR)
	case alliance.Post:
		add(alliance.KindAccount, x.Account)
		add(alliance.KindBlob, x.Images...)
	case alliance.Place:
		add(alliance.KindAccount, x.Community)
		add(alliance.KindBlob, x.Images...)
	case alliance.DirectoryEntry:
		add(alliance.KindAccount, x.Community)
	case alliance.Event:
		add(alliance.KindAccount, x.Community)
	}
	return out
}

// put publishes one record: validated, references checked, canonical, and
// written under a new sequence only if its hash changed.
func (p *publisher) put(c alliance.Content) error {
	c = alliance.Canonical(c)
	kind, id := c.ContentKind(), c.ContentID()
	if err := c.Validate(); err != nil {
		return fmt.Errorf("%w: %v", ErrBadContent, err)
	}
	for _, r := range refs(c) {
		ok, err := p.exists(alliance.Kind(r[0]), r[1])
		if err != nil {
			return err
		}
		if !ok {
			return fmt.Errorf("%w: %s %s refers to %s %q, which is not published", ErrBadContent, kind, id, r[0], r[1])
		}
	}
	if a, ok := c.(alliance.Account); ok {
		// An account that changes kind would leave its posts in the
		// wrong section; ids are for life.
		var data []byte
		err := p.tx.QueryRowContext(p.ctx, "SELECT data FROM items WHERE kind = ? AND id = ? AND deleted = 0", kind, id).Scan(&data)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if err == nil {
			var old alliance.Account
			if json.Unmarshal(data, &old) == nil && old.Kind != a.Kind {
				return fmt.Errorf("%w: account %s cannot change from %s to %s", ErrBadContent, id, old.Kind, a.Kind)
			}
		}
	}
	data, err := json.Marshal(c)
	if err != nil {
		return err
	}
	h, err := alliance.HashJSON(data)
	if err != nil {
		return err
	}
	var prev string
	var deleted bool
	err = p.tx.QueryRowContext(p.ctx, "SELECT hash, deleted FROM items WHERE kind = ? AND id = ?", kind, id).Scan(&prev, &deleted)
	switch {
	case errors.Is(err, sql.ErrNoRows) || (err == nil && deleted):
		p.st.Added++
	case err != nil:
		return err
	case prev == h:
		p.st.Unchanged++
		// The record may move to another origin (a console edit of
		// what a pack published) without a new version.
		_, err := p.tx.ExecContext(p.ctx, "UPDATE items SET origin = ? WHERE kind = ? AND id = ? AND origin != ?", p.origin, kind, id, p.origin)
		p.mark(kind, id, true)
		return err
	default:
		p.st.Updated++
	}
	if _, err := putItem(p.ctx, p.tx, kind, id, "", p.origin, h, false, data); err != nil {
		return err
	}
	p.mark(kind, id, true)
	return nil
}

// withdraw replaces a record by its tombstone, refusing while live content
// refers to it.
func (p *publisher) withdraw(kind alliance.Kind, id string) error {
	ok, err := p.exists(kind, id)
	if err != nil || !ok {
		return err // withdrawing what is not there changes nothing
	}
	var users int
	switch kind {
	case alliance.KindAccount:
		err = p.tx.QueryRowContext(p.ctx, `SELECT count(*) FROM items WHERE deleted = 0 AND audience = '' AND (
			(kind = 'post' AND json_extract(data, '$.account') = ?1) OR
			(kind IN ('event', 'place', 'directory') AND json_extract(data, '$.community') = ?1))`, id).Scan(&users)
	case alliance.KindBlob:
		err = p.tx.QueryRowContext(p.ctx, `SELECT count(*) FROM items WHERE deleted = 0 AND audience = '' AND (
			(kind IN ('post', 'place') AND EXISTS (SELECT 1 FROM json_each(data, '$.images') WHERE value = ?1)) OR
			(kind = 'account' AND json_extract(data, '$.qr') = ?1))`, id).Scan(&users)
	}
	if err != nil {
		return err
	}
	if users > 0 {
		return fmt.Errorf("withdraw %s %s: %w by %d other records", kind, id, ErrInUse, users)
	}
	if err := tombstone(p.ctx, p.tx, kind, id, p.db.Now()); err != nil {
		return err
	}
	p.mark(kind, id, false)
	p.st.Deleted++
	return nil
}

// Publish puts content into the change log as origin (a pack's "pack:ID",
// or "console" for the console's editors), in one transaction: all of it
// or none. Each record is validated by its kind's rules and must refer
// only to live records (or to records published before it in the same
// call); unchanged records write nothing. Blobs' bytes must be given.
func (db *DB) Publish(ctx context.Context, origin string, items ...alliance.Content) (ImportStats, error) {
	var st ImportStats
	err := db.tx(ctx, func(tx *sql.Tx) error {
		p := db.publisher(ctx, tx, origin)
		for _, c := range items {
			if b, ok := c.(alliance.Blob); ok {
				if err := storeBlob(ctx, tx, b); err != nil {
					return err
				}
			}
			if e, ok := alliance.Canonical(c).(alliance.Event); ok {
				// The hub counts the places taken; an editor's form does not.
				taken, err := takenNow(ctx, tx, e.ID)
				if err != nil {
					return err
				}
				e.Taken = taken
				c = e
			}
			if err := p.put(c); err != nil {
				return err
			}
			if e, ok := c.(alliance.Event); ok {
				// A capacity raised confirms the waitlist, in order.
				if err := db.promote(ctx, tx, e); err != nil {
					return err
				}
			}
		}
		st = p.st
		return nil
	})
	if err != nil {
		return ImportStats{}, fmt.Errorf("publish: %w", err)
	}
	return st, nil
}

// Withdraw removes published content: each record becomes a tombstone that
// kiosks apply as a deletion. It refuses (ErrInUse) while live content
// refers to a record, unless the same call withdraws that content first.
func (db *DB) Withdraw(ctx context.Context, kind alliance.Kind, ids ...string) (int, error) {
	var n int
	err := db.tx(ctx, func(tx *sql.Tx) error {
		p := db.publisher(ctx, tx, "")
		for _, id := range ids {
			if err := p.withdraw(kind, id); err != nil {
				return err
			}
		}
		n = p.st.Deleted
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("withdraw: %w", err)
	}
	return n, nil
}

// storeBlob keeps a blob's bytes for GET /blobs, once per hash.
func storeBlob(ctx context.Context, tx *sql.Tx, b alliance.Blob) error {
	if b.Data == nil {
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM blobs WHERE sha256 = ?", b.SHA256).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return fmt.Errorf("%w: blob %s has no bytes", ErrBadContent, b.SHA256)
		}
		return nil
	}
	if int64(len(b.Data)) != b.Size {
		return fmt.Errorf("%w: blob %s is %d bytes, not %d", ErrBadContent, b.SHA256, len(b.Data), b.Size)
	}
	_, err := tx.ExecContext(ctx, "INSERT INTO blobs (sha256, mime, size, data) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
		b.SHA256, b.MIME, b.Size, b.Data)
	return err
}

// ImportPack publishes a validated pack: every new or changed record becomes
// one change-log entry, every record the pack held before and holds no more
// becomes a tombstone, and unchanged records write nothing. One transaction.
// A pack older than the one imported before, or holding another pack's
// records, is refused (alliance.Pack.CheckImport; opts relax the first).
func (db *DB) ImportPack(ctx context.Context, p *alliance.Pack, opts ...alliance.ImportOption) (ImportStats, error) {
	var st ImportStats
	err := db.tx(ctx, func(tx *sql.Tx) error {
		var err error
		st, err = db.importPack(ctx, tx, p, opts)
		return err
	})
	if err != nil {
		return ImportStats{}, fmt.Errorf("import pack %s into hub: %w", p.Manifest.ID, err)
	}
	return st, nil
}

// importPack is ImportPack inside a transaction (PlanPack rolls it back).
func (db *DB) importPack(ctx context.Context, tx *sql.Tx, p *alliance.Pack, opts []alliance.ImportOption) (ImportStats, error) {
	var st ImportStats
	origin := "pack:" + p.Manifest.ID
	err := func() error {
		if err := checkImport(ctx, tx, p, opts); err != nil {
			return err
		}
		firstKey := "pack_first:" + p.Manifest.ID
		first, err := getMeta(ctx, tx, firstKey)
		if err != nil {
			return err
		}
		base := db.Now()
		if first != "" {
			n, err := strconv.ParseInt(first, 10, 64)
			if err != nil {
				return fmt.Errorf("meta %s: %w", firstKey, err)
			}
			base = time.Unix(n, 0)
		} else if err := setMeta(ctx, tx, firstKey, strconv.FormatInt(base.Unix(), 10)); err != nil {
			return err
		}
		p.ResolveDates(base)

		old := map[[2]string]bool{}
		rows, err := tx.QueryContext(ctx, "SELECT kind, id FROM items WHERE origin = ? AND deleted = 0", origin)
		if err != nil {
			return err
		}
		for rows.Next() {
			var k, id string
			if err := rows.Scan(&k, &id); err != nil {
				rows.Close()
				return err
			}
			old[[2]string{k, id}] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}

		pub := db.publisher(ctx, tx, origin)
		put := func(c alliance.Content) error {
			delete(old, [2]string{string(c.ContentKind()), c.ContentID()})
			return pub.put(c)
		}
		// Parents first, so every reference finds what it names.
		for _, b := range p.Blobs {
			if err := storeBlob(ctx, tx, b); err != nil {
				return err
			}
			if err := put(b); err != nil {
				return err
			}
		}
		for _, a := range p.Accounts {
			if err := put(a); err != nil {
				return err
			}
		}
		for _, x := range p.Posts {
			if err := put(x); err != nil {
				return err
			}
		}
		for _, x := range p.Places {
			if err := put(x); err != nil {
				return err
			}
		}
		for _, x := range p.Directory {
			if err := put(x); err != nil {
				return err
			}
		}
		for _, lf := range p.Lessons {
			if err := put(lf); err != nil {
				return err
			}
		}
		for _, e := range p.Events {
			if _, err := tx.ExecContext(ctx, "INSERT INTO event_base (event_id, taken) VALUES (?, ?) ON CONFLICT DO UPDATE SET taken = excluded.taken", e.ID, e.Taken); err != nil {
				return err
			}
			e.Taken, err = takenNow(ctx, tx, e.ID)
			if err != nil {
				return err
			}
			if err := put(e); err != nil {
				return err
			}
			if err := db.promote(ctx, tx, alliance.Canonical(e).(alliance.Event)); err != nil {
				return err
			}
		}
		// What the pack no longer holds becomes a tombstone. Children
		// first, so nothing still refers to an account when it goes.
		for _, kind := range []alliance.Kind{alliance.KindLesson, alliance.KindEvent, alliance.KindDirectory, alliance.KindPlace,
			alliance.KindPost, alliance.KindAccount, alliance.KindBlob} {
			for key := range old {
				if key[0] != string(kind) {
					continue
				}
				if err := pub.withdraw(kind, key[1]); err != nil {
					return err
				}
			}
		}
		st = pub.st
		return nil
	}()
	return st, err
}

// tombstone replaces an item by its deletion, dated so it can be purged.
func tombstone(ctx context.Context, tx *sql.Tx, kind alliance.Kind, id string, at time.Time) error {
	var audience string
	err := tx.QueryRowContext(ctx, "SELECT audience FROM items WHERE kind = ? AND id = ?", kind, id).Scan(&audience)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	_, err = putItem(ctx, tx, kind, id, audience, "", "", true, []byte(strconv.FormatInt(at.Unix(), 10)))
	return err
}

// takenNow is an event's places taken: the pack's base plus confirmed
// sign-ups' parties. Both are bounded (capacity and party size), so the
// sum cannot overflow.
func takenNow(ctx context.Context, tx *sql.Tx, eventID string) (int, error) {
	var base, confirmed int
	err := tx.QueryRowContext(ctx, "SELECT taken FROM event_base WHERE event_id = ?", eventID).Scan(&base)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return 0, err
	}
	err = tx.QueryRowContext(ctx, "SELECT coalesce(sum(party), 0) FROM signups WHERE event_id = ? AND status = 'confirmed'", eventID).Scan(&confirmed)
	return base + confirmed, err
}

// LogEnd is the newest sequence the change log has used.
func (db *DB) LogEnd(ctx context.Context) (int64, error) { return logEnd(ctx, db.read) }

// logEnd is the newest sequence the log has used: purged tombstones
// included, so a sequence is never given twice.
func logEnd(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}) (int64, error) {
	var last sql.NullInt64
	if err := q.QueryRowContext(ctx, "SELECT max(seq) FROM items").Scan(&last); err != nil {
		return 0, err
	}
	horizon, err := getMeta(ctx, q, "horizon")
	if err != nil {
		return 0, err
	}
	h, _ := strconv.ParseInt(horizon, 10, 64)
	return max(last.Int64, h), nil
}

// Batch returns the items a kiosk should receive after cursor, at most
// maxItems (and wire.MaxBatchBytes), or a reset when the cursor cannot be
// continued from: older than the horizon (purged tombstones), or beyond the
// log's end (a cursor from another or a restored log).
func (db *DB) Batch(ctx context.Context, kiosk string, after int64, maxItems int, snapshot bool) (wire.Batch, error) {
	return db.BatchFor(ctx, kiosk, wire.Version, after, maxItems, snapshot)
}

// protocol3Kinds are the item kinds a kiosk speaking protocol 2 is not
// sent: it would skip them and count them for staff as errors.
const protocol3Kinds = "'" + string(alliance.KindReplyLookup) + "', '" + string(alliance.KindCallbackStatus) + "'"

// BatchFor is Batch for a kiosk speaking a given protocol version: a
// version 2 kiosk gets no protocol 3 kinds, and suggestion statuses it
// does not know as the nearest it knows (alliance.Protocol2Status).
func (db *DB) BatchFor(ctx context.Context, kiosk string, version int, after int64, maxItems int, snapshot bool) (wire.Batch, error) {
	if maxItems <= 0 || maxItems > wire.MaxBatchItems {
		maxItems = wire.MaxBatchItems
	}
	// One read transaction: the items and the log's end must come from the
	// same snapshot, or a change committed in between would be skipped.
	rtx, err := db.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return wire.Batch{}, err
	}
	defer rtx.Rollback()
	horizonText, err := getMeta(ctx, rtx, "horizon")
	if err != nil {
		return wire.Batch{}, err
	}
	horizon, _ := strconv.ParseInt(horizonText, 10, 64)
	end, err := logEnd(ctx, rtx)
	if err != nil {
		return wire.Batch{}, err
	}
	b := wire.Batch{Cursor: after}
	if after > end || (after > 0 && after < horizon && !snapshot) {
		b.Reset, after = true, 0
	}
	skip := ""
	if version < 3 {
		skip = " AND kind NOT IN (" + protocol3Kinds + ")"
	}
	rows, err := rtx.QueryContext(ctx, `SELECT seq, kind, id, deleted, data, hash FROM items
		WHERE seq > ? AND audience IN ('', ?) AND NOT (? = 0 AND deleted = 1)`+skip+`
		ORDER BY seq LIMIT ?`, after, kiosk, after, maxItems+1)
	if err != nil {
		return b, fmt.Errorf("read change log after %d: %w", after, err)
	}
	defer rows.Close()
	size := 0
	b.Cursor = after
	for rows.Next() {
		var it wire.Item
		var data []byte
		if err := rows.Scan(&it.Seq, &it.Kind, &it.ID, &it.Deleted, &data, &it.Hash); err != nil {
			return b, err
		}
		if !it.Deleted {
			it.Data = data
			if version < 3 && it.Kind == alliance.KindSuggestionStatus {
				if it.Data, it.Hash, err = protocol2Update(data, it.Hash); err != nil {
					return b, err
				}
			}
		}
		if len(b.Items) == maxItems || (len(b.Items) > 0 && size+len(it.Data)+64 > wire.MaxBatchBytes) {
			b.More = true
			break
		}
		size += len(it.Data) + 64
		b.Items = append(b.Items, it)
		b.Cursor = it.Seq
	}
	if err := rows.Err(); err != nil {
		return b, err
	}
	if !b.More {
		// Nothing more for this kiosk, but the log may have moved on with
		// other kiosks' decisions, or purged tombstones: the cursor goes to
		// the log's end, which is never below the horizon.
		b.Cursor = max(b.Cursor, end)
	}
	return b, nil
}

// BlobData returns a blob's bytes and type.
func (db *DB) BlobData(ctx context.Context, sha string) ([]byte, string, error) {
	var data []byte
	var mime string
	err := db.read.QueryRowContext(ctx, "SELECT data, mime FROM blobs WHERE sha256 = ?", sha).Scan(&data, &mime)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, "", fmt.Errorf("blob %s: %w", sha, alliance.ErrNotFound)
	}
	return data, mime, err
}

// ItemSeqs returns the sequence of every live item of a kind everyone
// receives, by id: what a kiosk at a given cursor must already hold.
func (db *DB) ItemSeqs(ctx context.Context, kind alliance.Kind) (map[string]int64, error) {
	rows, err := db.read.QueryContext(ctx, "SELECT id, seq FROM items WHERE kind = ? AND deleted = 0 AND audience = ''", kind)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var id string
		var seq int64
		if err := rows.Scan(&id, &seq); err != nil {
			return nil, err
		}
		out[id] = seq
	}
	return out, rows.Err()
}

// Content returns every live content record the hub publishes, by kind and
// id, decoded: the state every kiosk converges to.
func (db *DB) Content(ctx context.Context) (map[alliance.Kind]map[string]alliance.Content, error) {
	rows, err := db.read.QueryContext(ctx, "SELECT kind, id, data FROM items WHERE deleted = 0 AND audience = ''")
	if err != nil {
		return nil, fmt.Errorf("read content: %w", err)
	}
	defer rows.Close()
	out := map[alliance.Kind]map[string]alliance.Content{}
	for rows.Next() {
		var kind alliance.Kind
		var id string
		var data []byte
		if err := rows.Scan(&kind, &id, &data); err != nil {
			return nil, err
		}
		if alliance.NewContent(kind) == nil {
			continue // a reply lookup: every kiosk gets it, but it is not content
		}
		c, err := alliance.DecodeContent(kind, data)
		if err != nil {
			return nil, fmt.Errorf("read content %s %s: %w", kind, id, err)
		}
		if out[kind] == nil {
			out[kind] = map[string]alliance.Content{}
		}
		out[kind][id] = c
	}
	return out, rows.Err()
}

// RecordIDs lists the ids of the records a kiosk pushed, with how many
// times each is stored (always once).
func (db *DB) RecordIDs(ctx context.Context, kiosk string) (map[string]int, error) {
	rows, err := db.read.QueryContext(ctx, "SELECT id, count(*) FROM records WHERE kiosk = ? GROUP BY id", kiosk)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var id string
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, err
		}
		out[id] = n
	}
	return out, rows.Err()
}

// sanitize trims a kiosk-supplied text for storing and logging: valid
// UTF-8, no control characters, at most n bytes.
func sanitize(s string, n int) string {
	s = strings.ToValidUTF8(s, "?")
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || alliance.IsBidiControl(r) {
			return ' '
		}
		return r
	}, s)
	for len(s) > n {
		_, size := lastRune(s)
		s = s[:len(s)-size]
	}
	return s
}

func lastRune(s string) (rune, int) {
	for i := len(s) - 1; i >= 0; i-- {
		if s[i]&0xc0 != 0x80 {
			return rune(s[i]), len(s) - i
		}
	}
	return 0, 1
}

// protocol2Update rewrites a suggestion status for a protocol 2 kiosk, with
// its hash, when its status is one protocol 3 added.
func protocol2Update(data []byte, hash string) ([]byte, string, error) {
	var u alliance.SuggestionUpdate
	if err := json.Unmarshal(data, &u); err != nil {
		return nil, "", fmt.Errorf("suggestion status in the change log: %w", err)
	}
	old := u.Status
	if u.Status = old.Protocol2Status(); u.Status == old {
		return data, hash, nil
	}
	out, err := json.Marshal(u)
	if err != nil {
		return nil, "", err
	}
	h, err := alliance.HashJSON(out)
	return out, h, err
}
