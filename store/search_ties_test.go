package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"testing"
	"time"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/internal/testutil"
	"github.com/shinan-alliance/alliance/store"
)

// tiePost is a post published at second s, findable by its own word.
func tiePost(n int, s time.Time) alliance.Post {
	return alliance.Post{ID: fmt.Sprintf("tie-%05d", n), Account: "yanchenglu", Column: alliance.ColNotice,
		Title: fmt.Sprintf("通知 q%05d", n), Body: "明天上午停水，请提前储水。", Published: s}
}

// accountsOnly is the sample pack without its posts, places, events …
func accountsOnly(t *testing.T) *alliance.Pack {
	p := testutil.SamplePack(t)
	p.Posts, p.Places, p.Directory, p.Events, p.Blobs, p.Lessons = nil, nil, nil, nil, nil, nil
	return p
}

// checkSearchOrder checks that the search index orders posts as their dates
// do (rowid order is "newest first"), and that each post is found by its
// own word.
func checkSearchOrder(t *testing.T, db *store.DB, posts []alliance.Post) {
	t.Helper()
	ctx := context.Background()
	raw, err := sql.Open("sqlite3", "file:"+db.Path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	rows, err := raw.Query("SELECT rowid, date FROM search_docs WHERE kind = 'post' ORDER BY rowid")
	if err != nil {
		t.Fatal(err)
	}
	prev, n := int64(-1<<62), 0
	for rows.Next() {
		var id, date int64
		rows.Scan(&id, &date)
		if date < prev {
			t.Fatalf("search row %d is dated %d, before the row below it (%d): newest first is broken", id, date, prev)
		}
		prev = date
		n++
	}
	rows.Close()
	if n != len(posts) {
		t.Errorf("%d posts in the search index, want %d", n, len(posts))
	}
	hits, err := db.Search(ctx, store.SearchQuery{Text: "停水", Kinds: []string{"post"}, Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) != min(500, len(posts)) {
		t.Errorf("%d hits for a word in every post", len(hits))
	}
	for i := 1; i < len(hits); i++ {
		if hits[i].Date.After(hits[i-1].Date) {
			t.Fatalf("hit %d (%s, %v) is newer than hit %d (%v)", i, hits[i].Ref, hits[i].Date, i-1, hits[i-1].Date)
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 100 {
		p := posts[rng.IntN(len(posts))]
		hits, err := db.Search(ctx, store.SearchQuery{Text: p.Title[len("通知 "):]})
		if err != nil || len(hits) != 1 || hits[0].Ref != p.ID {
			t.Fatalf("post %s by its own word: got %+v, %v", p.ID, hits, err)
		}
	}
	if err := db.IntegrityCheck(ctx); err != nil {
		t.Fatal(err)
	}
	rw, err := sql.Open("sqlite3", db.Path)
	if err != nil {
		t.Fatal(err)
	}
	defer rw.Close()
	if _, err := rw.Exec("INSERT INTO search_fts (search_fts) VALUES ('integrity-check')"); err != nil {
		t.Fatalf("the full-text index after moving posts: %v", err)
	}
}

// More than 1,024 posts published in the same second (an editor who gives
// dates without times) used to pass `pack check` and then fail to import on
// every kiosk. Any number of them imports and lists newest first.
func TestFiveThousandPostsInOneSecond(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openDB(t, "")
	s0 := time.Date(2026, 5, 1, 0, 0, 0, 0, alliance.Location)
	p := accountsOnly(t)
	for i := range 5000 {
		p.Posts = append(p.Posts, tiePost(i, s0))
	}
	for i, d := range []int{-1, -1, 1, 2, 2} {
		p.Posts = append(p.Posts, tiePost(5000+i, s0.Add(time.Duration(d)*time.Second)))
	}
	if _, err := db.ImportPack(ctx, p); err != nil {
		t.Fatal(err)
	}
	checkSearchOrder(t, db, p.Posts)
	hits, _ := db.Search(ctx, store.SearchQuery{Text: "停水", Limit: 3})
	for _, h := range hits {
		if !h.Date.After(s0) {
			t.Errorf("newest first: %s of %v among the first three", h.Ref, h.Date)
		}
	}
	// Importing again changes nothing.
	if st, err := db.ImportPack(ctx, p); err != nil || st.Changed() {
		t.Errorf("import again: %v, %v", st, err)
	}
}

// The same through sync, in any order: later posts arrive first, so the
// earlier second's rowids run out and the later posts move up to make room.
func TestManyPostsInOneSecondBySync(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openDB(t, "")
	if _, err := db.ImportPack(ctx, accountsOnly(t)); err != nil {
		t.Fatal(err)
	}
	s0 := time.Date(2026, 5, 1, 0, 0, 0, 0, alliance.Location)
	var posts []alliance.Post
	add := func(from, n int, at time.Time) []alliance.Post {
		var out []alliance.Post
		for i := from; i < from+n; i++ {
			out = append(out, tiePost(i, at))
		}
		posts = append(posts, out...)
		return out
	}
	later := add(0, 1500, s0.Add(time.Second))
	same := add(1500, 3000, s0)
	mixed := append(add(4500, 700, s0.Add(-time.Second)), add(5200, 300, s0.Add(2*time.Second))...)
	mixed = append(mixed, add(5500, 500, s0)...)
	rng := rand.New(rand.NewPCG(7, 7))
	rng.Shuffle(len(mixed), func(i, j int) { mixed[i], mixed[j] = mixed[j], mixed[i] })
	cursor := int64(0)
	for _, batch := range [][]alliance.Post{later, same[:1000], same[1000:], mixed} {
		for start := 0; start < len(batch); start += 800 {
			var ch []store.Change
			for _, p := range batch[start:min(start+800, len(batch))] {
				ch = append(ch, store.Change{Kind: alliance.KindPost, ID: p.ID, Content: p})
			}
			cursor++
			if err := db.ApplyChanges(ctx, ch, cursor, false, false); err != nil {
				t.Fatal(err)
			}
		}
	}
	checkSearchOrder(t, db, posts)
	// An edit moves a post to another second; a deletion leaves no hole
	// in the order.
	edited := same[10]
	edited.Published = s0.Add(3 * time.Second)
	edited.Title += " 改"
	cursor++
	if err := db.ApplyChanges(ctx, []store.Change{{Kind: alliance.KindPost, ID: edited.ID, Content: edited}, {Kind: alliance.KindPost, ID: same[11].ID, Deleted: true}}, cursor, false, false); err != nil {
		t.Fatal(err)
	}
	hits, err := db.Search(ctx, store.SearchQuery{Text: "停水", Limit: 1})
	if err != nil || len(hits) != 1 || hits[0].Ref != edited.ID {
		t.Errorf("the post moved to the latest second is not first: %+v, %v", hits, err)
	}
}

// A database made before the dates were kept gets them, and takes many
// posts of one second afterwards.
func TestSearchDatesMigration(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "kiosk.db")
	old := openDB(t, path)
	p := testutil.SamplePack(t)
	if _, err := old.ImportPack(ctx, p); err != nil {
		t.Fatal(err)
	}
	old.Close()
	// Back to version 8, as that program left it: the same rows, no dates
	// (and none of what later migrations added).
	raw, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec("DROP INDEX search_docs_by_date; ALTER TABLE search_docs DROP COLUMN date; " +
		"DROP TABLE reply_lookups; ALTER TABLE callbacks DROP COLUMN status; ALTER TABLE callbacks DROP COLUMN status_at; " +
		"DROP TABLE roster_off; ALTER TABLE training_sessions DROP COLUMN trainer; ALTER TABLE learners DROP COLUMN print_name; PRAGMA user_version = 8"); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	db := openDB(t, path)
	more := testutil.SamplePack(t) // its next version, with 1,500 more posts of one second
	more.Manifest.Version++
	s0 := p.Posts[0].Published
	for i := range 1500 {
		more.Posts = append(more.Posts, tiePost(i, s0))
	}
	if _, err := db.ImportPack(ctx, more); err != nil {
		t.Fatal(err)
	}
	checkSearchOrder(t, db, more.Posts)
}
