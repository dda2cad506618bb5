package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/pack"
)

// smallPack is a pack with one account (acct-ID) and the given posts.
func smallPack(id string, version int, posts ...string) *alliance.Pack {
	acct := "acct-" + id
	p := &alliance.Pack{
		Manifest: alliance.Manifest{Format: pack.Format, ID: id, Version: version, Created: testNow},
		Accounts: []alliance.Account{{ID: acct, Kind: alliance.District, Name: "微市南"}},
	}
	for _, pid := range posts {
		p.Posts = append(p.Posts, alliance.Post{ID: pid, Account: acct, Column: alliance.ColNotice, Title: pid, Published: testNow})
	}
	return p
}

// Issue 9, item 11, on the kiosk (alliance-sync pack import): an older
// version is refused unless forced, and a record belongs to one pack.
func TestImportPackVersionsAndOwnership(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openDB(t, "")
	if _, err := db.ImportPack(ctx, smallPack("a", 2, "p1", "p2")); err != nil {
		t.Fatal(err)
	}
	_, err := db.ImportPack(ctx, smallPack("a", 1, "p1"))
	if !errors.Is(err, alliance.ErrImportRefused) || !strings.Contains(err.Error(), "pack a version 1 is older than version 2") {
		t.Fatalf("got %v, want the older version refused", err)
	}
	if _, err := db.Post(ctx, "p2"); err != nil {
		t.Errorf("the newer version's post is gone after a refused import: %v", err)
	}
	if st, err := db.ImportPack(ctx, smallPack("a", 1, "p1"), alliance.AllowOlder); err != nil || st.Deleted != 1 {
		t.Errorf("forced roll-back: %v, %v", st, err)
	}
	if v, _ := db.PackVersion(ctx, "a"); v != 1 {
		t.Errorf("version after the roll-back: %d", v)
	}

	_, err = db.ImportPack(ctx, smallPack("b", 1, "p1"))
	if !errors.Is(err, alliance.ErrImportRefused) || !strings.Contains(err.Error(), `pack b holds 1 record(s) of pack a (post "p1")`) {
		t.Fatalf("got %v, want the takeover refused, naming both packs", err)
	}
	b := smallPack("b", 1, "p1")
	b.Manifest.Replaces = []string{"a"}
	if _, err := db.ImportPack(ctx, b); err != nil {
		t.Fatalf("a pack that replaces a: %v", err)
	}
}
