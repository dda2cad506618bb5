package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"
)

// FTS5 writes its in-memory terms out as a new segment whenever another
// statement of the transaction opens a statement journal (as an upsert
// does), and whenever a rowid is not above the last one. Interleaved with
// the content rows, a 100k-post import made thousands of tiny segments and
// ran four times slower than the same inserts done together. So the indexer
// queues its FTS5 work and does it in flush, at the end of the transaction:
// deletions first, then insertions in rowid order.
type indexer struct {
	ctx      context.Context
	tx       *sql.Tx
	seenKeys map[uint64]bool
	words    map[string]bool
	buf      strings.Builder
	next     map[int64]int64 // slot band start -> next free rowid, for this transaction
	removed  []int64
	pending  []pendingDoc
	hint     postHint
}

// postHint remembers where the last post went, so that posts of the same
// second, or of later seconds when nothing is above (an import, oldest
// first), need no query.
type postHint struct {
	valid bool
	date  int64 // the second of the last post placed
	next  int64 // the rowid after it
	limit int64 // the first rowid taken above it
	open  bool  // nothing above: limit is the end of the band
}

type pendingDoc struct {
	rowid       int64
	title, body string
	extra       []string
}

func newIndexer(ctx context.Context, tx *sql.Tx) *indexer {
	return &indexer{ctx: ctx, tx: tx, next: map[int64]int64{}}
}

// termWriter builds the space-separated term list handed to FTS5, each term
// once. Duplicates are dropped here, not in FTS5: with detail=none the index
// keeps no positions, and handing it each term once makes indexing several
// times faster.
type termWriter struct {
	prefix string // "" for body and title terms, "_t" for title-only ones
	seen   map[uint64]bool
	words  map[string]bool
	buf    *strings.Builder
}

// Keys for seen: the title flag in bit 63, a pair's first rune in bits
// 32–62, the (second) rune in bits 0–31.
func (w *termWriter) key(a, b rune) uint64 {
	k := uint64(a)<<32 | uint64(b)
	if w.prefix != "" {
		k |= 1 << 63
	}
	return k
}

func (w *termWriter) sep() {
	if w.buf.Len() > 0 {
		w.buf.WriteByte(' ')
	}
	w.buf.WriteString(w.prefix)
}

func (w *termWriter) han1(r rune) {
	if k := w.key(0, r); !w.seen[k] {
		w.seen[k] = true
		w.sep()
		w.buf.WriteRune(r)
	}
}

func (w *termWriter) han2(a, b rune) {
	if k := w.key(a, b); !w.seen[k] {
		w.seen[k] = true
		w.sep()
		w.buf.WriteRune(a)
		w.buf.WriteRune(b)
	}
}

func (w *termWriter) word(r []rune) {
	s := w.prefix + string(r)
	if !w.words[s] {
		w.words[s] = true
		w.sep()
		w.buf.WriteString(string(r))
	}
}

// indexTerms returns the terms of a document: its title and body terms, its
// title terms again with the "_t" prefix, and the filter terms.
func (ix *indexer) indexTerms(title, body string, extra []string) string {
	if ix.words == nil {
		ix.words = map[string]bool{}
		ix.seenKeys = map[uint64]bool{}
	}
	clear(ix.words)
	clear(ix.seenKeys)
	ix.buf.Reset()
	plain := &termWriter{seen: ix.seenKeys, words: ix.words, buf: &ix.buf}
	titled := &termWriter{prefix: "_t", seen: ix.seenKeys, words: ix.words, buf: &ix.buf}
	ft, fb := Fold(title), Fold(body)
	tokens(ft, plain)
	tokens(ft, titled)
	tokens(fb, plain)
	numberTerms(ft, plain)
	numberTerms(ft, titled)
	numberTerms(fb, plain)
	for _, e := range extra {
		ix.buf.WriteByte(' ')
		ix.buf.WriteString(e)
	}
	return ix.buf.String()
}

func (ix *indexer) rowid(kind string, date time.Time) (int64, error) {
	var lo, hi int64
	switch kind {
	case docPost:
		return ix.postRowid(date.Unix())
	case docPlace:
		lo, hi = placeBase, directoryBase-1
	default:
		lo, hi = directoryBase, directoryBase+placeBase-1
	}
	if n, ok := ix.next[lo]; ok && n <= hi {
		ix.next[lo] = n + 1
		return n, nil
	}
	var max sql.NullInt64
	if err := ix.tx.QueryRowContext(ix.ctx, "SELECT max(rowid) FROM search_docs WHERE rowid BETWEEN ? AND ?", lo, hi).Scan(&max); err != nil {
		return 0, err
	}
	n := lo
	if max.Valid {
		n = max.Int64 + 1
	}
	if n > hi {
		return 0, fmt.Errorf("no free search row in %d–%d", lo, hi)
	}
	ix.next[lo] = n + 1
	return n, nil
}

// postRowid places a post published at second date: above every post
// published at or before it, below every post published after it, at
// date×postSlots when that is free.
func (ix *indexer) postRowid(date int64) (int64, error) {
	pref := min(max(date, 0), maxPostSecond) * postSlots
	if h := &ix.hint; h.valid {
		switch {
		case date == h.date && h.next < h.limit:
			r := h.next
			h.next++
			return r, nil
		case date > h.date && h.open:
			r := max(h.next, pref)
			*h = postHint{valid: true, date: date, next: r + 1, limit: placeBase, open: true}
			return r, nil
		}
	}
	for range 2 {
		pred, succ, err := ix.neighbours(date)
		if err != nil {
			return 0, err
		}
		r := max(pred+1, pref)
		if r >= succ {
			r = pred + 1 // the second's own rowids are taken: the next free one
		}
		if r < succ {
			ix.hint = postHint{valid: true, date: date, next: r + 1, limit: succ, open: succ == placeBase}
			return r, nil
		}
		// No rowid free between the posts before and after: move the
		// later ones up, leaving room for as many again.
		if err := ix.shiftPosts(succ); err != nil {
			return 0, err
		}
	}
	return 0, fmt.Errorf("no room in the search index for a post of %d", date)
}

// neighbours returns the rowid of the last post published at or before
// date (0 when none) and of the first published after it (placeBase when
// none).
func (ix *indexer) neighbours(date int64) (pred, succ int64, err error) {
	// INDEXED BY: without statistics SQLite would rather walk the (kind,
	// ref) index and sort every post.
	err = ix.tx.QueryRowContext(ix.ctx, `SELECT
		coalesce((SELECT rowid FROM search_docs INDEXED BY search_docs_by_date WHERE kind = 'post' AND date <= ?1 ORDER BY date DESC, rowid DESC LIMIT 1), 0),
		coalesce((SELECT rowid FROM search_docs INDEXED BY search_docs_by_date WHERE kind = 'post' AND date > ?1 ORDER BY date, rowid LIMIT 1), ?2)`,
		date, placeBase).Scan(&pred, &succ)
	return pred, succ, err
}

// shiftPosts moves every post from rowid from up, by as many rowids as
// there are of them (at least postSlots), so that the insertions that made
// this necessary are paid back before it is needed again. Their index
// entries are redone with the new rowids at flush.
func (ix *indexer) shiftPosts(from int64) error {
	rows, err := ix.tx.QueryContext(ix.ctx, `SELECT d.rowid, p.title, p.body, p.account, p.col
		FROM search_docs d JOIN posts p ON p.id = d.ref
		WHERE d.kind = 'post' AND d.rowid >= ? AND d.rowid < ? ORDER BY d.rowid DESC`, from, placeBase)
	if err != nil {
		return err
	}
	type moved struct {
		rowid                     int64
		title, body, account, col string
	}
	var ms []moved
	for rows.Next() {
		var m moved
		if err := rows.Scan(&m.rowid, &m.title, &m.body, &m.account, &m.col); err != nil {
			rows.Close()
			return err
		}
		ms = append(ms, m)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	by := max(int64(len(ms)), postSlots)
	if len(ms) > 0 && ms[0].rowid+by >= placeBase {
		return fmt.Errorf("the search index has no room left for posts")
	}
	queued := map[int64]int{}
	for i, d := range ix.pending {
		queued[d.rowid] = i
	}
	upd, err := ix.tx.PrepareContext(ix.ctx, "UPDATE search_docs SET rowid = ? WHERE rowid = ?")
	if err != nil {
		return err
	}
	defer upd.Close()
	for _, m := range ms { // highest first: no row lands on one not yet moved
		if _, err := upd.ExecContext(ix.ctx, m.rowid+by, m.rowid); err != nil {
			return err
		}
		if i, ok := queued[m.rowid]; ok {
			ix.pending[i].rowid = m.rowid + by // not in FTS5 yet
			continue
		}
		ix.removed = append(ix.removed, m.rowid)
		ix.pending = append(ix.pending, pendingDoc{rowid: m.rowid + by, title: m.title, body: m.body,
			extra: filters(docPost, m.account, m.col)})
	}
	ix.hint = postHint{}
	return nil
}

// put indexes one document; replace says it may be indexed already.
func (ix *indexer) put(kind, ref string, date time.Time, title, body string, extra []string, replace bool) error {
	if replace {
		if err := ix.remove(kind, ref); err != nil {
			return err
		}
	}
	id, err := ix.rowid(kind, date)
	if err != nil {
		return err
	}
	var when int64 // posts only
	if kind == docPost {
		when = date.Unix()
	}
	if _, err := ix.tx.ExecContext(ix.ctx, "INSERT INTO search_docs (rowid, kind, ref, date) VALUES (?, ?, ?, ?)", id, kind, ref, when); err != nil {
		return err
	}
	ix.pending = append(ix.pending, pendingDoc{rowid: id, title: title, body: body, extra: extra})
	return nil
}

// flush does the queued FTS5 work; call it once, last in the transaction.
func (ix *indexer) flush() error {
	if len(ix.removed) > 0 {
		del, err := ix.tx.PrepareContext(ix.ctx, "DELETE FROM search_fts WHERE rowid = ?")
		if err != nil {
			return err
		}
		defer del.Close()
		for _, id := range ix.removed {
			if _, err := del.ExecContext(ix.ctx, id); err != nil {
				return fmt.Errorf("unindex %d: %w", id, err)
			}
		}
	}
	if len(ix.pending) > 0 {
		slices.SortFunc(ix.pending, func(a, b pendingDoc) int { return cmp.Compare(a.rowid, b.rowid) })
		ins, err := ix.tx.PrepareContext(ix.ctx, "INSERT INTO search_fts (rowid, tokens) VALUES (?, ?)")
		if err != nil {
			return err
		}
		defer ins.Close()
		// Terms are computed on another goroutine while SQLite inserts the
		// previous ones: on two cores that hides most of the Go work.
		terms := make(chan string, 256)
		done := make(chan struct{})
		defer close(done)
		go func() {
			defer close(terms)
			tw := &indexer{}
			for _, d := range ix.pending {
				select {
				case terms <- tw.indexTerms(d.title, d.body, d.extra):
				case <-done:
					return
				}
			}
		}()
		for _, d := range ix.pending {
			if _, err := ins.ExecContext(ix.ctx, d.rowid, <-terms); err != nil {
				return fmt.Errorf("index %d: %w", d.rowid, err)
			}
		}
	}
	ix.removed, ix.pending = nil, nil
	return nil
}

func (ix *indexer) remove(kind, ref string) error {
	var id int64
	err := ix.tx.QueryRowContext(ix.ctx, "DELETE FROM search_docs WHERE kind = ? AND ref = ? RETURNING rowid", kind, ref).Scan(&id)
	if err == sql.ErrNoRows {
		return nil
	}
	if err != nil {
		return err
	}
	// A document queued in this transaction is simply dropped from the queue.
	for i, d := range ix.pending {
		if d.rowid == id {
			ix.pending = slices.Delete(ix.pending, i, i+1)
			return nil
		}
	}
	ix.removed = append(ix.removed, id)
	return nil
}
