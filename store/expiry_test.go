package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/internal/testutil"
	"github.com/shinan-alliance/alliance/store"
)

// Pinned posts come first in a list; a post whose time has not come yet
// (scheduled in the console) or whose expiry has passed is neither listed
// nor found.
func TestPinnedFirstExpiredGone(t *testing.T) {
	ctx := context.Background()
	db := openDB(t, t.TempDir()+"/kiosk.db")
	now := db.Now().Truncate(time.Second)
	post := func(id, title string, published, expires time.Time, pinned bool) alliance.Post {
		return alliance.Post{ID: id, Account: "yanchenglu", Column: alliance.ColNotice, Title: title, Body: title + "，请居民留意。",
			Published: published, Expires: expires, Pinned: pinned}
	}
	p := testutil.SamplePack(t)
	p.Manifest.Version++
	p.Posts = append(p.Posts,
		post("t-old-pinned", "旧的置顶通知停气", now.Add(-10*24*time.Hour), time.Time{}, true),
		post("t-new", "新的通知停气", now.Add(-time.Hour), time.Time{}, false),
		post("t-expired", "过期的通知停气", now.Add(-48*time.Hour), now.Add(-time.Hour), true),
		post("t-scheduled", "明天的通知停气", now.Add(24*time.Hour), time.Time{}, false),
	)
	if _, err := db.ImportPack(ctx, p); err != nil {
		t.Fatal(err)
	}
	list, err := db.PostsByAccount(ctx, "yanchenglu", store.Page{Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]int{}
	for i, x := range list.Posts {
		ids[x.ID] = i
	}
	if _, ok := ids["t-expired"]; ok {
		t.Error("an expired post is listed")
	}
	if _, ok := ids["t-scheduled"]; ok {
		t.Error("a post of tomorrow is listed today")
	}
	if ids["t-old-pinned"] > ids["t-new"] {
		t.Errorf("the pinned post is at %d, after the newest at %d", ids["t-old-pinned"], ids["t-new"])
	}
	hits, err := db.Search(ctx, store.SearchQuery{Text: "停气", Limit: 20})
	if err != nil {
		t.Fatal(err)
	}
	found := map[string]bool{}
	for _, h := range hits {
		found[h.Ref] = true
	}
	if !found["t-new"] || !found["t-old-pinned"] || found["t-expired"] || found["t-scheduled"] {
		t.Errorf("search finds %v", found)
	}
	pinned, err := db.PinnedPosts(ctx, 20)
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range pinned {
		if x.ID == "t-expired" {
			t.Error("an expired post is pinned on the home screen")
		}
	}
}
