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

	"github.com/shinan-alliance/alliance/assets/packgen"
	"github.com/shinan-alliance/alliance/pack"
	"github.com/shinan-alliance/alliance/store"
	"github.com/shinan-alliance/alliance/store/benchutil"
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
	p, err := pack.LoadDir(ctx, packDir)
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

	base, err := benchutil.Baseline(ctx, filepath.Join(dir, "baseline.db"), p)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("IMPORT of the generated pack")
	fmt.Printf("  %-44s %9.0f posts/s  (%.1fs: load+validate %.1fs, write+index %.1fs)\n", "store.ImportPack (LoadPack + ImportPack)", float64(rows)/imp.Seconds(), imp.Seconds(), load.Seconds(), write.Seconds())
	fmt.Printf("  %-44s %9.0f posts/s  (%.1fs: rows %.1fs, search index %.1fs = %.0f%% of it)\n", "baseline: bare SQL, same rows + index terms", float64(rows)/base.Total.Seconds(), base.Total.Seconds(), base.Rows.Seconds(), base.Index.Seconds(), 100*base.Index.Seconds()/base.Total.Seconds())
	fmt.Printf("  %-44s %9.2f  (target ≥ 0.5)\n", "ratio import / baseline", base.Total.Seconds()/imp.Seconds())
	fmt.Printf("  %-44s %9.2f  (target ≥ 0.5)\n", "ratio write+index only / baseline", base.Total.Seconds()/write.Seconds())
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
