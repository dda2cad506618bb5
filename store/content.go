package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/shinan-alliance/alliance"
)

// ImportStats counts what an import changed.
type ImportStats = alliance.ImportStats

// PackOrigin is the origin recorded on rows imported from the pack id.
func PackOrigin(id string) string { return "pack:" + id }

// ImportPack writes a validated pack in one transaction: all of it or none.
// Rows whose content is unchanged are not touched, so importing the same
// pack twice changes nothing; rows the pack held before but holds no more
// are deleted. A pack older than the one imported before, or holding
// another pack's records, is refused (alliance.Pack.CheckImport; opts relax
// the first).
func (db *DB) ImportPack(ctx context.Context, p *alliance.Pack, opts ...alliance.ImportOption) (ImportStats, error) {
	var st ImportStats
	err := db.tx(ctx, func(tx *sql.Tx) error {
		if err := checkImport(ctx, tx, p, opts); err != nil {
			return err
		}
		now := db.Now()
		var first int64
		err := tx.QueryRowContext(ctx, "SELECT first_imported FROM packs WHERE id = ?", p.Manifest.ID).Scan(&first)
		switch {
		case err == sql.ErrNoRows:
			first = now.Unix()
		case err != nil:
			return err
		}
		p.ResolveDates(time.Unix(first, 0))
		if _, err := tx.ExecContext(ctx, `INSERT INTO packs (id, version, title, sample, first_imported, last_imported)
			VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET version = excluded.version, title = excluded.title,
				sample = excluded.sample, last_imported = excluded.last_imported`,
			p.Manifest.ID, p.Manifest.Version, p.Manifest.Title, p.Manifest.Sample, first, now.Unix()); err != nil {
			return err
		}
		w := &writer{ctx: ctx, tx: tx, origin: PackOrigin(p.Manifest.ID), stats: &st}
		return w.pack(p)
	})
	if err != nil {
		return ImportStats{}, fmt.Errorf("import pack %s version %d: %w", p.Manifest.ID, p.Manifest.Version, err)
	}
	return st, nil
}

// writer applies content rows inside one transaction. The sync code will
// use the same upserts for rows that arrive from the hub.
type writer struct {
	ctx    context.Context
	tx     *sql.Tx
	origin string
	stats  *ImportStats
	idx    *indexer
	stmts  map[string]*sql.Stmt         // closed with the transaction
	known  map[string]map[string]string // table -> id -> hash, preloaded for a sync batch
	hash   string                       // the hub's hash of the record being applied, if any
}

// exec runs a statement, preparing each distinct one once per transaction.
func (w *writer) exec(q string, args ...any) error {
	st, ok := w.stmts[q]
	if !ok {
		var err error
		if st, err = w.tx.PrepareContext(w.ctx, q); err != nil {
			return err
		}
		if w.stmts == nil {
			w.stmts = map[string]*sql.Stmt{}
		}
		w.stmts[q] = st
	}
	_, err := st.ExecContext(w.ctx, args...)
	return err
}

// existing returns id -> hash of every row of a table. The hash of a row
// from another origin is prefixed with it, so that taking the row over
// counts as an update.
func (w *writer) existing(table string) (map[string]string, error) {
	rows, err := w.tx.QueryContext(w.ctx, "SELECT id, hash, origin FROM "+table)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	m := map[string]string{}
	for rows.Next() {
		var id, h, origin string
		if err := rows.Scan(&id, &h, &origin); err != nil {
			return nil, err
		}
		if origin != w.origin {
			h = foreign + origin + ":" + h
		}
		m[id] = h
	}
	return m, rows.Err()
}

// foreign marks, in existing's map, rows another origin owns; a pack never
// deletes those.
const foreign = "\x00"

func (w *writer) pack(p *alliance.Pack) error {
	w.idx = newIndexer(w.ctx, w.tx)
	for _, b := range p.Blobs {
		if err := w.blob(b); err != nil {
			return fmt.Errorf("blob %s: %w", b.SHA256, err)
		}
	}
	type step struct {
		table string
		ids   []string
		put   func(i int, old map[string]string) error
	}
	// FTS5 flushes its in-memory terms whenever a rowid is not above the
	// previous one in the transaction; posts' rowids follow their dates, so
	// writing posts oldest first keeps the flushes (and merges) few. Out of
	// order, the same import ran four times slower.
	posts := slices.Clone(p.Posts)
	slices.SortStableFunc(posts, func(a, b alliance.Post) int { return a.Published.Compare(b.Published) })
	ids := func(n int, id func(int) string) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = id(i)
		}
		return out
	}
	steps := []step{
		{"accounts", ids(len(p.Accounts), func(i int) string { return p.Accounts[i].ID }), func(i int, old map[string]string) error { return w.account(p.Accounts[i], old) }},
		{"posts", ids(len(posts), func(i int) string { return posts[i].ID }), func(i int, old map[string]string) error { return w.post(posts[i], old) }},
		{"places", ids(len(p.Places), func(i int) string { return p.Places[i].ID }), func(i int, old map[string]string) error { return w.place(p.Places[i], old) }},
		{"directory", ids(len(p.Directory), func(i int) string { return p.Directory[i].ID }), func(i int, old map[string]string) error { return w.directory(p.Directory[i], old) }},
		{"events", ids(len(p.Events), func(i int) string { return p.Events[i].ID }), func(i int, old map[string]string) error { return w.event(p.Events[i], old) }},
		{"lessons", ids(len(p.Lessons), func(i int) string { return p.Lessons[i].ID }), func(i int, old map[string]string) error { return w.lesson(p.Lessons[i], old) }},
	}
	olds := map[string]map[string]string{}
	for _, s := range steps {
		old, err := w.existing(s.table)
		if err != nil {
			return err
		}
		olds[s.table] = old
		for i, id := range s.ids {
			if err := s.put(i, old); err != nil {
				return fmt.Errorf("%s %s: %w", s.table, id, err)
			}
			delete(old, id)
		}
	}
	// Deletions go in reverse order so that nothing still refers to an
	// account when it goes.
	for i := len(steps) - 1; i >= 0; i-- {
		for id, h := range olds[steps[i].table] {
			if strings.HasPrefix(h, foreign) {
				continue
			}
			if err := w.remove(steps[i].table, id); err != nil {
				return fmt.Errorf("delete %s %s: %w", steps[i].table, id, err)
			}
		}
	}
	return w.idx.flush()
}

// hashOf is the hash of the record being written: the hub's, when it sent
// one, else our own digest.
func (w *writer) hashOf(v any) string {
	if w.hash != "" {
		return w.hash
	}
	return hashOf(v)
}

// hashOf digests a record's content; equal hashes mean nothing to write.
func hashOf(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // plain structs always marshal
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:16])
}

// changed counts the row and reports whether it must be written.
func (w *writer) changed(id, hash string, old map[string]string) bool {
	prev, ok := old[id]
	switch {
	case !ok:
		w.stats.Added++
	case prev == hash:
		w.stats.Unchanged++
		return false
	default:
		w.stats.Updated++
	}
	return true
}

func (w *writer) blob(b alliance.Blob) error {
	return w.exec(`INSERT INTO blobs (sha256, size, mime, present, data) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (sha256) DO UPDATE SET data = excluded.data, present = excluded.present
		WHERE blobs.present = 0 AND excluded.present = 1`,
		b.SHA256, b.Size, b.MIME, b.Data != nil, b.Data)
}

func (w *writer) account(a alliance.Account, old map[string]string) error {
	h := w.hashOf(a)
	if !w.changed(a.ID, h, old) {
		return nil
	}
	return w.exec(`INSERT INTO accounts (id, kind, name, street_office, address, office_hours, phone, wechat, link, qr, origin, hash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, name = excluded.name, street_office = excluded.street_office,
			address = excluded.address, office_hours = excluded.office_hours, phone = excluded.phone,
			wechat = excluded.wechat, link = excluded.link, qr = excluded.qr, origin = excluded.origin, hash = excluded.hash`,
		a.ID, a.Kind, a.Name, a.StreetOffice, a.Address, a.OfficeHours, a.Phone, a.WeChat, a.Link, a.QR, w.origin, h)
}

func (w *writer) post(p alliance.Post, old map[string]string) error {
	h := w.hashOf(p)
	if !w.changed(p.ID, h, old) {
		return nil
	}
	if err := w.exec(`INSERT INTO posts (id, account, col, title, body, published, expires, pinned, link, source, origin, hash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET account = excluded.account, col = excluded.col, title = excluded.title,
			body = excluded.body, published = excluded.published, expires = excluded.expires, pinned = excluded.pinned,
			link = excluded.link, source = excluded.source, origin = excluded.origin, hash = excluded.hash`,
		p.ID, p.Account, string(p.Column), p.Title, p.Body, p.Published.Unix(), unixOrZero(p.Expires), p.Pinned,
		p.Link, p.Source, w.origin, h); err != nil {
		return err
	}
	if _, existed := old[p.ID]; existed {
		if err := w.exec("DELETE FROM post_images WHERE post_id = ?", p.ID); err != nil {
			return err
		}
	}
	for i, sum := range p.Images {
		if err := w.exec("INSERT INTO post_images (post_id, pos, sha256) VALUES (?, ?, ?)", p.ID, i, sum); err != nil {
			return err
		}
	}
	title, body := postDoc(p)
	_, existed := old[p.ID]
	return w.idx.put(docPost, p.ID, p.Published, title, body, filters(docPost, p.Account, string(p.Column)), existed)
}

func (w *writer) place(p alliance.Place, old map[string]string) error {
	h := w.hashOf(p)
	if !w.changed(p.ID, h, old) {
		return nil
	}
	if err := w.exec(`INSERT INTO places (id, name, kind, community, address, hours, phone, tags, description, images, origin, hash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET name = excluded.name, kind = excluded.kind, community = excluded.community,
			address = excluded.address, hours = excluded.hours, phone = excluded.phone, tags = excluded.tags,
			description = excluded.description, images = excluded.images, origin = excluded.origin, hash = excluded.hash`,
		p.ID, p.Name, string(p.Kind), p.Community, p.Address, p.Hours, p.Phone, jsonList(p.Tags), p.Description,
		jsonList(p.Images), w.origin, h); err != nil {
		return err
	}
	title, body := placeDoc(p)
	_, existed := old[p.ID]
	return w.idx.put(docPlace, p.ID, time.Time{}, title, body, filters(docPlace, p.Community, string(p.Kind)), existed)
}

func (w *writer) directory(d alliance.DirectoryEntry, old map[string]string) error {
	h := w.hashOf(d)
	if !w.changed(d.ID, h, old) {
		return nil
	}
	if err := w.exec(`INSERT INTO directory (id, name, number, hours, category, community, note, origin, hash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET name = excluded.name, number = excluded.number, hours = excluded.hours,
			category = excluded.category, community = excluded.community, note = excluded.note,
			origin = excluded.origin, hash = excluded.hash`,
		d.ID, d.Name, d.Number, d.Hours, d.Category, d.Community, d.Note, w.origin, h); err != nil {
		return err
	}
	title, body := directoryDoc(d)
	_, existed := old[d.ID]
	return w.idx.put(docDirectory, d.ID, time.Time{}, title, body, filters(docDirectory, d.Community, d.Category), existed)
}

func (w *writer) event(e alliance.Event, old map[string]string) error {
	h := w.hashOf(e)
	if !w.changed(e.ID, h, old) {
		return nil
	}
	return w.exec(`INSERT INTO events (id, community, title, description, starts, ends, place, capacity, taken,
			signup_opens, signup_closes, waitlist, status, tags, origin, hash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET community = excluded.community, title = excluded.title,
			description = excluded.description, starts = excluded.starts, ends = excluded.ends, place = excluded.place,
			capacity = excluded.capacity, taken = excluded.taken, signup_opens = excluded.signup_opens,
			signup_closes = excluded.signup_closes, waitlist = excluded.waitlist, status = excluded.status,
			tags = excluded.tags, origin = excluded.origin, hash = excluded.hash`,
		e.ID, e.Community, e.Title, e.Description, e.Starts.Unix(), e.Ends.Unix(), e.Place, e.Capacity, e.Taken,
		unixOrZero(e.SignupOpens), unixOrZero(e.SignupCloses), e.Waitlist, string(e.Status), jsonList(e.Tags), w.origin, h)
}

func (w *writer) lesson(l alliance.LessonFolder, old map[string]string) error {
	h := w.hashOf(l)
	if !w.changed(l.ID, h, old) {
		return nil
	}
	folder, err := json.Marshal(l)
	if err != nil {
		return err
	}
	return w.exec(`INSERT INTO lessons (id, dir, version, folder, origin, hash) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET dir = excluded.dir, version = excluded.version, folder = excluded.folder,
			origin = excluded.origin, hash = excluded.hash`, l.ID, l.Dir, l.Version, folder, w.origin, h)
}

// remove deletes a content row and its search entry.
func (w *writer) remove(table, id string) error {
	w.stats.Deleted++
	switch table {
	case "posts":
		if err := w.idx.remove(docPost, id); err != nil {
			return err
		}
	case "places":
		if err := w.idx.remove(docPlace, id); err != nil {
			return err
		}
	case "directory":
		if err := w.idx.remove(docDirectory, id); err != nil {
			return err
		}
	}
	return w.exec("DELETE FROM "+table+" WHERE id = ?", id)
}

func unixOrZero(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.Unix()
}

func jsonList(s []string) string {
	if len(s) == 0 {
		return ""
	}
	b, _ := json.Marshal(s)
	return string(b)
}

func parseList(s string) []string {
	if s == "" {
		return nil
	}
	var out []string
	_ = json.Unmarshal([]byte(s), &out) // written by jsonList
	return out
}
