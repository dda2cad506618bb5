package store_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/internal/testutil"
	"github.com/shinan-alliance/alliance/pack"
	"github.com/shinan-alliance/alliance/store"
)

// foldPack holds words whose Traditional and Simplified spellings fold
// alike only by phrase (OpenCC's TSPhrases) or by variant tables, and phone
// numbers keyed in several styles.
func foldPack() *alliance.Pack {
	p := &alliance.Pack{
		Manifest: alliance.Manifest{Format: pack.Format, ID: "fold", Version: 1, Created: testNow},
		Accounts: []alliance.Account{{ID: "acct-fold", Kind: alliance.District, Name: "微市南"}},
	}
	post := func(id, title, body string) {
		p.Posts = append(p.Posts, alliance.Post{ID: id, Account: "acct-fold", Column: alliance.ColNotice, Title: title, Body: body, Published: testNow.Add(-testDay)})
	}
	post("trad-phrase", "歷史講座", "本週講乾隆年間的故事，還有沈沒的古船。")
	post("simp-phrase", "讲座预告", "下周讲一目了然的手机设置。")
	post("hk-variant", "電綫安全", "家中電綫老化要及時更換。")
	post("phone-post", "停水通知", "如有疑問請致電（0532）8288-1234，或到社區辦公室。")
	p.Directory = []alliance.DirectoryEntry{
		{ID: "dir-spaced", Name: "湛山社区服务站", Number: "0532 8388 5566", Category: "community"},
		{ID: "dir-plain", Name: "燃气抢修", Number: "053296777", Category: "repair"},
	}
	return p
}

const testDay = 24 * 60 * 60 * 1e9

func foldDB(t *testing.T) *store.DB {
	t.Helper()
	db := openDB(t, "")
	if _, err := db.ImportPack(context.Background(), foldPack()); err != nil {
		t.Fatal(err)
	}
	return db
}

// A query in either script finds text in the other, by phrase, and the
// highlight covers exactly the words as they are written.
func TestSearchFoldsPhrases(t *testing.T) {
	t.Parallel()
	db := foldDB(t)
	ctx := context.Background()
	for _, tc := range []struct {
		query, ref, marked string
	}{
		{"乾隆", "trad-phrase", "【乾隆】"},
		{"乾隆年间", "trad-phrase", "【乾隆年間】"},
		{"沉没", "trad-phrase", "【沈沒】"},
		{"讲座", "trad-phrase", "【講座】"},
		{"一目瞭然", "simp-phrase", "【一目了然】"},
		{"电线", "hk-variant", "【電綫】"},
		{"電線", "hk-variant", "【電綫】"},
	} {
		t.Run(tc.query, func(t *testing.T) {
			hits, err := db.Search(ctx, store.SearchQuery{Text: tc.query})
			if err != nil {
				t.Fatal(err)
			}
			for _, h := range hits {
				if h.Ref == tc.ref {
					if s := store.SnippetText(h.Snippet); !strings.Contains(s, tc.marked) {
						t.Errorf("snippet %q, want %s marked", s, tc.marked)
					}
					return
				}
			}
			t.Errorf("%s not among %d hits", tc.ref, len(hits))
		})
	}
	// A different word is not found.
	if hits, err := db.Search(ctx, store.SearchQuery{Text: "沈阳"}); err != nil || len(hits) != 0 {
		t.Errorf("沈阳: %d hits, %v; want none", len(hits), err)
	}
}

// A phone number is found however it is keyed, and by any four or more of
// its digits in a row; the highlight runs from its first digit to its last.
func TestSearchPhoneNumbers(t *testing.T) {
	t.Parallel()
	db := foldDB(t)
	ctx := context.Background()
	for _, tc := range []struct {
		query, ref, marked string
	}{
		{"0532 8288 1234", "phone-post", "【0532）8288-1234】"},
		{"053282881234", "phone-post", "【0532）8288-1234】"},
		{"0532-8288-1234", "phone-post", "【0532）8288-1234】"},
		{"8288", "phone-post", "【8288】"},
		{"2881", "phone-post", "【288-1】"},
		{"８２８８１２３４", "phone-post", "【8288-1234】"},
		{"053283885566", "dir-spaced", "【0532 8388 5566】"},
		{"8388-5566", "dir-spaced", "【8388 5566】"},
		{"5566", "dir-spaced", "【5566】"},
		{"0532 967", "dir-plain", "【0532967】"},
		{"96777", "dir-plain", "【96777】"},
	} {
		t.Run(tc.query, func(t *testing.T) {
			hits, err := db.Search(ctx, store.SearchQuery{Text: tc.query})
			if err != nil {
				t.Fatal(err)
			}
			for _, h := range hits {
				if h.Ref == tc.ref {
					if s := store.SnippetText(h.Snippet); !strings.Contains(s, tc.marked) {
						t.Errorf("snippet %q, want %s", s, tc.marked)
					}
					return
				}
			}
			t.Errorf("%s not among %d hits", tc.ref, len(hits))
		})
	}
	for _, q := range []string{"82881235", "1234 8288", "99999"} {
		hits, err := db.Search(ctx, store.SearchQuery{Text: q})
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range hits {
			if h.Ref == "phone-post" || h.Ref == "dir-spaced" || h.Ref == "dir-plain" {
				t.Errorf("%q found %s: %s", q, h.Ref, store.SnippetText(h.Snippet))
			}
		}
	}
}

// A database indexed before phrase folding and number terms is indexed
// again when it is opened: every kind is found, the phone number by its
// digits.
func TestSearchReindexedOnUpgrade(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "kiosk.db")
	old, err := store.OpenAt(path, store.SchemaVersion()-1)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := old.ImportPack(ctx, testutil.SamplePack(t)); err != nil {
		t.Fatal(err)
	}
	if _, err := old.ImportPack(ctx, foldPack()); err != nil {
		t.Fatal(err)
	}
	// The index as the previous version left it is not what this one
	// writes; emptied, it shows that the upgrade makes it whole again.
	old.Close()
	raw, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`INSERT INTO search_fts (search_fts) VALUES ('delete-all')`); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	db := openDB(t, path)
	if err := db.IntegrityCheck(ctx); err != nil {
		t.Fatal(err)
	}
	for q, ref := range map[string]string{"053282881234": "phone-post", "沉没": "trad-phrase", "0101": "", "联盟": "launch-report"} {
		hits, err := db.Search(ctx, store.SearchQuery{Text: q, Limit: 500})
		if err != nil {
			t.Fatal(err)
		}
		if ref == "" {
			if len(hits) == 0 {
				t.Errorf("%q: no hits after reindexing", q)
			}
			continue
		}
		found := false
		for _, h := range hits {
			found = found || h.Ref == ref
		}
		if !found {
			t.Errorf("%q: %s not found after reindexing (%d hits)", q, ref, len(hits))
		}
	}
}

// Lessons are searched in memory as content is in the index: folded,
// phrases and numbers, title matches first, highlights exact.
func TestSearchTexts(t *testing.T) {
	t.Parallel()
	docs := []store.TextDoc{
		{Kind: "lesson", Ref: "wechat-video", Title: "微信视频通话", Body: "打开微信，点右上角的加号。"},
		{Kind: "lesson", Ref: "taxi", Title: "手机叫车", Body: "在微信里也能叫车。客服电话 0532-8288 1234。"},
		{Kind: "lesson", Ref: "photos", Title: "拍照片", Body: "打开相机。"},
	}
	for _, tc := range []struct {
		query   string
		refs    []string
		snippet string // of the first hit
	}{
		{"微信", []string{"wechat-video", "taxi"}, "打开【微信】，点右上角的加号。"},
		{"視頻通話", []string{"wechat-video"}, "微信【视频通话】"}, // found in the title only
		{"叫車", []string{"taxi"}, "在微信里也能【叫车】。客服电话 0532-8288 1234。"},
		{"82881234", []string{"taxi"}, "…叫车。客服电话 0532-【8288 1234】。"},
		{"飞机", nil, ""},
	} {
		t.Run(tc.query, func(t *testing.T) {
			hits, err := store.SearchTexts(tc.query, docs, 0)
			if err != nil {
				t.Fatal(err)
			}
			var refs []string
			for _, h := range hits {
				refs = append(refs, h.Ref)
			}
			if strings.Join(refs, " ") != strings.Join(tc.refs, " ") {
				t.Fatalf("hits %v, want %v", refs, tc.refs)
			}
			if len(hits) > 0 {
				if got := store.SnippetText(hits[0].Snippet); got != tc.snippet {
					t.Errorf("snippet %q, want %q", got, tc.snippet)
				}
			}
		})
	}
	if _, err := store.SearchTexts(" 。", docs, 0); err != store.ErrEmptyQuery {
		t.Errorf("got %v, want ErrEmptyQuery", err)
	}
}
