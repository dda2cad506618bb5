package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/shinan-alliance/alliance/store"
)

// A pasted page as a query (30,000 bytes took 81 s, on the screen's own
// goroutine) costs no more than a short one: the text is cut, its terms
// deduplicated and bounded.
func TestLongQueryIsBounded(t *testing.T) {
	t.Parallel()
	db := sampleDB(t)
	long := strings.Repeat("社区服务中心老年人活动报名通知，", 1100) // about 30,000 bytes
	if len(long) < 30000 {
		t.Fatalf("query of %d bytes", len(long))
	}
	done := make(chan error, 1)
	start := time.Now()
	go func() {
		_, err := db.Search(context.Background(), store.SearchQuery{Text: long, Limit: 30})
		done <- err
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("a 30,000-byte query took %v", d)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("a 30,000-byte query still runs after 10 s")
	}
	terms, err := store.QueryTermsForTest(long)
	if err != nil || len(terms) > 12 {
		t.Errorf("%d terms looked up for a long query (%v), want at most 12", len(terms), err)
	}
}

func TestDuplicateQueryTermsAreLookedUpOnce(t *testing.T) {
	t.Parallel()
	for _, q := range []string{"停水 停水 停水", "停水停水", "wifi WiFi wifi"} {
		terms, err := store.QueryTermsForTest(q)
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		for _, term := range terms {
			if seen[term] {
				t.Errorf("%q: term %s looked up twice (%v)", q, term, terms)
			}
			seen[term] = true
		}
	}
}

// Filter values (a community, a column, a kind) go into the FTS5 query as
// single terms, whatever characters they hold: no syntax error, no
// operator smuggled in.
func TestFilterValuesAreEscaped(t *testing.T) {
	t.Parallel()
	db := sampleDB(t)
	ctx := context.Background()
	all, err := db.Search(ctx, store.SearchQuery{Text: "社区", Limit: 500})
	if err != nil || len(all) == 0 {
		t.Fatalf("unfiltered: %d hits, %v", len(all), err)
	}
	for _, sq := range []store.SearchQuery{
		{Text: "社区", Community: `"`},
		{Text: "社区", Community: `yanchenglu" OR "社区`},
		{Text: "社区", Community: `x OR _kpost`},
		{Text: "社区", Column: `notice" NOT "x`},
		{Text: "社区", Column: `*`},
		{Text: "社区", Kinds: []string{`post" OR "_kplace`}},
		{Text: "社区", Community: "NEAR(a b)"},
	} {
		hits, err := db.Search(ctx, sq)
		if err != nil {
			t.Errorf("%+v: %v", sq, err)
		}
		if len(hits) != 0 {
			t.Errorf("%+v: %d hits, want none (no such community, column or kind)", sq, len(hits))
		}
	}
	// Real values still filter.
	if hits, err := db.Search(ctx, store.SearchQuery{Text: "社区", Community: "yanchenglu", Kinds: []string{"post"}}); err != nil || len(hits) == 0 {
		t.Errorf("a real community: %d hits, %v", len(hits), err)
	}
}
