package benchutil

import (
	"context"
	"database/sql"
	"slices"
	"time"

	_ "github.com/mattn/go-sqlite3" // the baseline talks to SQLite directly

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/store"
)

// Times is how long the baseline took: rows, search index, and in all.
type Times struct{ Rows, Index, Total time.Duration }

// Baseline writes the end state of the import with bare SQL: the same post,
// image and blob rows, the same search_docs rows and FTS terms, in one
// transaction, on the same schema. Terms are computed before the clock
// starts: this is the physical limit of the design.
func Baseline(ctx context.Context, path string, p *alliance.Pack) (Times, error) {
	s, err := store.Open(path)
	if err != nil {
		return Times{}, err
	}
	s.Close()
	db, err := sql.Open("sqlite3", "file:"+path+"?_journal_mode=WAL&_synchronous=FULL&_foreign_keys=on")
	if err != nil {
		return Times{}, err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	p.ResolveDates(time.Now())
	type prepared struct {
		rowid int64
		terms string
	}
	pre := make([]prepared, len(p.Posts))
	used := map[int64]bool{}
	// Rows go in date order, as the import writes them: FTS5 is fastest
	// when rowids ascend within a transaction.
	p.Posts = slices.Clone(p.Posts)
	slices.SortStableFunc(p.Posts, func(a, b alliance.Post) int { return a.Published.Compare(b.Published) })
	for i, post := range p.Posts {
		b, terms := store.PostSearchTerms(post)
		for used[b] {
			b++
		}
		used[b] = true
		pre[i] = prepared{b, terms}
	}
	var t Times
	start := time.Now()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return t, err
	}
	exec := func(q string, args ...any) {
		if err == nil {
			_, err = tx.Exec(q, args...)
		}
	}
	for _, a := range p.Accounts {
		exec("INSERT INTO accounts (id, kind, name, street_office, origin, hash) VALUES (?, ?, ?, ?, 'x', 'x')", a.ID, a.Kind, a.Name, a.StreetOffice)
	}
	for _, b := range p.Blobs {
		exec("INSERT INTO blobs (sha256, size, mime, present, data) VALUES (?, ?, ?, 1, ?)", b.SHA256, b.Size, b.MIME, b.Data)
	}
	insPost, _ := tx.Prepare("INSERT INTO posts (id, account, col, title, body, published, origin, hash) VALUES (?, ?, ?, ?, ?, ?, 'x', 'x')")
	insImg, _ := tx.Prepare("INSERT INTO post_images (post_id, pos, sha256) VALUES (?, ?, ?)")
	insDoc, _ := tx.Prepare("INSERT INTO search_docs (rowid, kind, ref) VALUES (?, 'post', ?)")
	for i, post := range p.Posts {
		if err == nil {
			_, err = insPost.Exec(post.ID, post.Account, string(post.Column), post.Title, post.Body, post.Published.Unix())
		}
		for k, img := range post.Images {
			if err == nil {
				_, err = insImg.Exec(post.ID, k, img)
			}
		}
		if err == nil {
			_, err = insDoc.Exec(pre[i].rowid, post.ID)
		}
	}
	t.Rows = time.Since(start)
	mid := time.Now()
	insFTS, _ := tx.Prepare("INSERT INTO search_fts (rowid, tokens) VALUES (?, ?)")
	for _, pr := range pre {
		if err == nil {
			_, err = insFTS.Exec(pr.rowid, pr.terms)
		}
	}
	if err != nil {
		tx.Rollback()
		return t, err
	}
	if err := tx.Commit(); err != nil {
		return t, err
	}
	t.Index = time.Since(mid)
	t.Total = time.Since(start)
	return t, nil
}
