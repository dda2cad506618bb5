package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/shinan-alliance/alliance/store"
)

func TestSearchSeedReport(t *testing.T) {
	t.Parallel()
	db := sampleDB(t)
	ctx := context.Background()
	// The launch report is in Traditional script; residents type either.
	for _, q := range []string{"聯盟", "联盟", "一键拨号", "一鍵撥號", "微信达人", "湛山", "侯琳", "湛", "社区", "征求意見", "QQ群", "qq"} {
		t.Run(q, func(t *testing.T) {
			hits, err := db.Search(ctx, store.SearchQuery{Text: q, Kinds: []string{"post"}, Limit: 500})
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, h := range hits {
				if h.Ref == "launch-report" {
					found = true
					if !strings.Contains(store.SnippetText(h.Snippet), "【") {
						t.Errorf("snippet %q marks no match", store.SnippetText(h.Snippet))
					}
				}
			}
			if !found {
				t.Errorf("the launch report is not among %d hits", len(hits))
			}
		})
	}
}

func TestSearchFindsOnlyWhatMatches(t *testing.T) {
	t.Parallel()
	db := sampleDB(t)
	ctx := context.Background()
	tests := []struct {
		name  string
		q     store.SearchQuery
		check func(store.Hit) bool
		min   int
	}{
		{"three characters are a phrase, not three words", store.SearchQuery{Text: "微信达人"}, func(h store.Hit) bool {
			return strings.Contains(store.SnippetText(h.Snippet), "【微信達人】") || strings.Contains(store.SnippetText(h.Snippet), "【微信达人】")
		}, 1},
		{"places only", store.SearchQuery{Text: "锅贴", Kinds: []string{"place"}}, func(h store.Hit) bool { return h.Kind == "place" }, 1},
		{"phone numbers by digits", store.SearchQuery{Text: "0101", Kinds: []string{"directory"}}, func(h store.Hit) bool {
			return h.Kind == "directory" && strings.Contains(store.SnippetText(h.Snippet), "【0101】")
		}, 1},
		{"community filter", store.SearchQuery{Text: "社区", Kinds: []string{"post"}, Community: "yanchenglu"}, func(h store.Hit) bool { return h.Kind == "post" }, 1},
		{"column filter", store.SearchQuery{Text: "社区", Kinds: []string{"post"}, Column: "notice"}, func(h store.Hit) bool { return h.Kind == "post" }, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hits, err := db.Search(ctx, tt.q)
			if err != nil {
				t.Fatal(err)
			}
			if len(hits) < tt.min {
				t.Fatalf("got %d hits, want at least %d", len(hits), tt.min)
			}
			for _, h := range hits {
				if !tt.check(h) {
					t.Errorf("unexpected hit %s %s: %s", h.Kind, h.Ref, store.SnippetText(h.Snippet))
				}
			}
		})
	}

	t.Run("community filter excludes other communities", func(t *testing.T) {
		hits, _ := db.Search(ctx, store.SearchQuery{Text: "社区", Kinds: []string{"post"}, Community: "yanchenglu", Limit: 100})
		for _, h := range hits {
			p, _ := db.Post(ctx, h.Ref)
			if p.Account != "yanchenglu" {
				t.Errorf("post %s of %s found with filter yanchenglu", p.ID, p.Account)
			}
		}
	})
	t.Run("title matches rank first", func(t *testing.T) {
		hits, _ := db.Search(ctx, store.SearchQuery{Text: "认证", Kinds: []string{"post"}})
		if len(hits) == 0 || !strings.Contains(hits[0].Title, "认证") && !strings.Contains(hits[0].Title, "認證") {
			t.Errorf("first hit %q has no 认证 in its title", hits[0].Title)
		}
	})
	t.Run("nothing to search", func(t *testing.T) {
		if _, err := db.Search(ctx, store.SearchQuery{Text: " ，。! "}); err != store.ErrEmptyQuery {
			t.Errorf("got %v, want ErrEmptyQuery", err)
		}
	})
	t.Run("no match", func(t *testing.T) {
		hits, err := db.Search(ctx, store.SearchQuery{Text: "火星基地"})
		if err != nil || len(hits) != 0 {
			t.Errorf("got %d hits, %v", len(hits), err)
		}
	})
}

func TestFold(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"社區聯盟":    "社区联盟",
		"一鍵撥號":    "一键拨号",
		"ＷｉＦｉ":    "wifi",
		"鹽城路社區":   "盐城路社区",
		"already": "already",
	} {
		if got := store.Fold(in); got != want {
			t.Errorf("Fold(%q): got %q, want %q", in, got, want)
		}
	}
}

func FuzzFold(f *testing.F) {
	for _, s := range []string{"社區", "ＷｉＦｉ", "\xff", "a\u3000b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := len([]rune(store.Fold(s))), len([]rune(s)); got != want {
			t.Fatalf("Fold(%q) has %d runes, want %d", s, got, want)
		}
	})
}

// FuzzSearch feeds arbitrary text to the query parser and the index: no
// input may produce an FTS5 syntax error, a panic, or a hit without a match.
func FuzzSearch(f *testing.F) {
	for _, s := range []string{"社区", `"`, "a*", "NEAR(", "AND OR NOT", "^", "社 区", "ｑｑ", "0532-0000", "微信達人", "(", "-", "_kpost"} {
		f.Add(s)
	}
	db := sampleDB(f)
	ctx := context.Background()
	f.Fuzz(func(t *testing.T, q string) {
		hits, err := db.Search(ctx, store.SearchQuery{Text: q, Limit: 5})
		if err == store.ErrEmptyQuery {
			return
		}
		if err != nil {
			t.Fatalf("Search(%q): %v", q, err)
		}
		for _, h := range hits {
			if h.Ref == "" {
				t.Fatalf("Search(%q): a hit without a record", q)
			}
		}
	})
}
