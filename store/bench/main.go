// Command bench measures the store on a generated 100k-post pack and prints
// each figure beside a baseline measured in the same run:
//
//   - import (load + validate + write + index) vs. bare SQL inserts of the
//     same rows and the same search-index entries in one transaction;
//   - search latency (p50/p95) by query length and frequency vs. LIKE '%q%'.
//
// Run it with `make bench`; -posts and -images scale it down for a quick look.
package main

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"slices"
	"time"

	_ "github.com/mattn/go-sqlite3"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/assets/packgen"
	"github.com/shinan-alliance/alliance/store"
)

func main() {
	posts := flag.Int("posts", 100_000, "posts in the generated pack")
	images := flag.Int("images", 2_000, "images in the generated pack")
	keep := flag.String("workdir", "", "work `folder` (default: a temporary one, removed afterwards)")
	flag.Parse()
	log.SetFlags(0)
	dir := *keep
	if dir == "" {
		d, err := os.MkdirTemp("", "alliance-bench-")
		if err != nil {
			log.Fatal(err)
		}
		defer os.RemoveAll(d)
		dir = d
	}
	ctx := context.Background()
	packDir := filepath.Join(dir, "pack")
	os.MkdirAll(packDir, 0o755)
	t0 := time.Now()
	if _, err := packgen.Write(packDir, packgen.Options{Posts: *posts, Images: *images, BodyRunes: 400, Seed: 1}); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("generated a pack of %d posts and %d images in %.1fs\n\n", *posts, *images, time.Since(t0).Seconds())

	// --- import ---
	t0 = time.Now()
	p, err := alliance.LoadPack(os.DirFS(packDir))
	if err != nil {
		log.Fatal(err)
	}
	load := time.Since(t0)
	db, err := store.Open(filepath.Join(dir, "kiosk.db"))
	if err != nil {
		log.Fatal(err)
	}
	t1 := time.Now()
	if _, err := db.ImportPack(ctx, p); err != nil {
		log.Fatal(err)
	}
	write := time.Since(t1)
	imp := load + write
	rows := len(p.Posts)

	base, err := baseline(ctx, filepath.Join(dir, "baseline.db"), p)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("IMPORT of the generated pack")
	fmt.Printf("  %-44s %9.0f posts/s  (%.1fs: load+validate %.1fs, write+index %.1fs)\n", "store.ImportPack (LoadPack + ImportPack)", float64(rows)/imp.Seconds(), imp.Seconds(), load.Seconds(), write.Seconds())
	fmt.Printf("  %-44s %9.0f posts/s  (%.1fs: rows %.1fs, search index %.1fs = %.0f%% of it)\n", "baseline: bare SQL, same rows + index terms", float64(rows)/base.total.Seconds(), base.total.Seconds(), base.rows.Seconds(), base.index.Seconds(), 100*base.index.Seconds()/base.total.Seconds())
	fmt.Printf("  %-44s %9.2f  (target ≥ 0.5)\n", "ratio import / baseline", base.total.Seconds()/imp.Seconds())
	fmt.Printf("  %-44s %9.2f  (target ≥ 0.5)\n", "ratio write+index only / baseline", base.total.Seconds()/write.Seconds())
	fmt.Printf("  %-44s %9.0f MB  (baseline %.0f MB)\n", "database size", dbMB(db.Path), dbMB(filepath.Join(dir, "baseline.db")))
	fmt.Println()

	// --- search ---
	raw, err := sql.Open("sqlite3", "file:"+db.Path+"?mode=ro")
	if err != nil {
		log.Fatal(err)
	}
	defer raw.Close()
	fmt.Println("SEARCH on the generated store (p50 / p95 over repeated runs)")
	fmt.Printf("  %-26s %8s %22s %22s\n", "query", "LIKE hits", "store.Search", "baseline LIKE '%q%'")
	for _, q := range []struct{ label, text string }{
		{"1 char, common", "社"}, {"1 char, rare", "鲸"},
		{"2 chars, common", "社区"}, {"2 chars, rare", "鲸鱼"},
		{"3+ chars, common", "老年人"}, {"3+ chars, rare", "看到了鲸鱼"},
		{"3+ chars, no match", "火星基地"},
		{"Simplified for Trad.", "微信达人"}, {"Latin/digits", "0532"},
	} {
		var n int
		raw.QueryRow("SELECT count(*) FROM posts WHERE title LIKE ?1 OR body LIKE ?1", "%"+q.text+"%").Scan(&n)
		s50, s95 := timeIt(200, func() {
			if _, err := db.Search(ctx, store.SearchQuery{Text: q.text, Limit: 20}); err != nil {
				log.Fatal(err)
			}
		})
		l50, l95 := timeIt(7, func() {
			rows, err := raw.Query("SELECT id FROM posts WHERE title LIKE ?1 OR body LIKE ?1 ORDER BY published DESC LIMIT 20", "%"+q.text+"%")
			if err != nil {
				log.Fatal(err)
			}
			for rows.Next() {
			}
			rows.Close()
		})
		fmt.Printf("  %-20s %-10s %7d   %7.2f / %6.2f ms   %7.1f / %6.1f ms\n", q.label, q.text, n, ms(s50), ms(s95), ms(l50), ms(l95))
	}
	fmt.Println("  (target: p95 ≤ 10 ms for every length; LIKE does not fold scripts, so 微信达人 finds none")
	fmt.Println("   of the Traditional 微信達人 that store.Search finds)")
	db.Close()
}

// dbMB is the database's logical size: pages in use, whether still in the
// WAL or already checkpointed.
func dbMB(path string) float64 {
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		return 0
	}
	defer db.Close()
	var pages, size int64
	db.QueryRow("PRAGMA page_count").Scan(&pages)
	db.QueryRow("PRAGMA page_size").Scan(&size)
	return float64(pages*size) / (1 << 20)
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func timeIt(n int, fn func()) (p50, p95 time.Duration) {
	fn() // warm the cache
	ds := make([]time.Duration, n)
	for i := range ds {
		t := time.Now()
		fn()
		ds[i] = time.Since(t)
	}
	slices.Sort(ds)
	return ds[n/2], ds[(n*95)/100]
}

type baselineTimes struct{ rows, index, total time.Duration }

// baseline writes the end state of the import with bare SQL: the same post,
// image and blob rows, the same search_docs rows and FTS terms, in one
// transaction, on the same schema. Terms are computed before the clock
// starts: this is the physical limit of the design.
func baseline(ctx context.Context, path string, p *alliance.Pack) (baselineTimes, error) {
	s, err := store.Open(path)
	if err != nil {
		return baselineTimes{}, err
	}
	s.Close()
	db, err := sql.Open("sqlite3", "file:"+path+"?_journal_mode=WAL&_synchronous=FULL&_foreign_keys=on")
	if err != nil {
		return baselineTimes{}, err
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
	var t baselineTimes
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
	t.rows = time.Since(start)
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
	t.index = time.Since(mid)
	t.total = time.Since(start)
	return t, nil
}
