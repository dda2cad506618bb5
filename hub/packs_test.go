package hub_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/internal/testutil"
	"github.com/shinan-alliance/alliance/pack"
)

// smallPack is a pack with one account (acct-ID) and the given posts,
// each showing the same image.
func smallPack(id string, version int, posts ...string) *alliance.Pack {
	acct := "acct-" + id
	img := alliance.Blob{SHA256: strings.Repeat("ab", 32), Size: 3, MIME: "image/png", Data: []byte("png")}
	p := &alliance.Pack{
		Manifest: alliance.Manifest{Format: pack.Format, ID: id, Version: version, Created: time.Now()},
		Accounts: []alliance.Account{{ID: acct, Kind: alliance.District, Name: "微市南"}},
		Blobs:    []alliance.Blob{img},
	}
	for _, pid := range posts {
		p.Posts = append(p.Posts, alliance.Post{ID: pid, Account: acct, Column: alliance.ColNotice, Title: pid,
			Published: time.Date(2026, 11, 1, 9, 0, 0, 0, alliance.Location), Images: []string{img.SHA256}})
	}
	return p
}

// Issue 9, item 11: a pack with a lower version than the one imported
// deleted newer content without a word.
func TestImportRefusesOlderVersion(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := testutil.OpenHub(t)
	if _, err := db.ImportPack(ctx, smallPack("a", 2, "p1", "p2")); err != nil {
		t.Fatal(err)
	}
	_, err := db.ImportPack(ctx, smallPack("a", 1, "p1"))
	if !errors.Is(err, alliance.ErrImportRefused) || !strings.Contains(err.Error(), "pack a version 1 is older than version 2") {
		t.Fatalf("got %v, want the older version refused", err)
	}
	seqs, _ := db.ItemSeqs(ctx, alliance.KindPost)
	if len(seqs) != 2 {
		t.Errorf("after the refusal: %d posts, want the newer version's 2", len(seqs))
	}
	// The same version again is a correction; a roll-back must be forced.
	if st, err := db.ImportPack(ctx, smallPack("a", 2, "p1", "p2")); err != nil || st.Unchanged != 4 {
		t.Errorf("same version again: %v, %v", st, err)
	}
	st, err := db.ImportPack(ctx, smallPack("a", 1, "p1"), alliance.AllowOlder)
	if err != nil || st.Deleted != 1 {
		t.Errorf("forced roll-back: %v, %v; want p2 deleted", st, err)
	}
	if v, err := db.PackVersion(ctx, "a"); v != 1 || err != nil {
		t.Errorf("version after the roll-back: %d, %v", v, err)
	}
}

// Issue 9, item 11: ids moved silently from one pack to another.
func TestImportIDOwnership(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := testutil.OpenHub(t)
	if _, err := db.ImportPack(ctx, smallPack("a", 1, "p1", "p2")); err != nil {
		t.Fatal(err)
	}
	// Pack b holds a's post p1 (and the same image, which any pack may hold).
	_, err := db.ImportPack(ctx, smallPack("b", 1, "p1", "p3"))
	if !errors.Is(err, alliance.ErrImportRefused) || !strings.Contains(err.Error(), `pack b holds 1 record(s) of pack a (post "p1")`) ||
		!strings.Contains(err.Error(), "replaces: [a]") {
		t.Fatalf("got %v, want the takeover refused, naming both packs", err)
	}
	b := smallPack("b", 1, "p1", "p3")
	b.Manifest.Replaces = []string{"a"}
	if _, err := db.ImportPack(ctx, b); err != nil {
		t.Fatalf("a pack that replaces a: %v", err)
	}
	// Now p1 is b's: a cannot take it back without saying so.
	_, err = db.ImportPack(ctx, smallPack("a", 2, "p1", "p2"))
	if err == nil || !strings.Contains(err.Error(), `pack a holds 1 record(s) of pack b (post "p1")`) {
		t.Errorf("got %v, want a refused", err)
	}
	// A record its pack deleted is free for another.
	b = smallPack("b", 2, "p3")
	b.Manifest.Replaces = []string{"a"}
	if _, err := db.ImportPack(ctx, b); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ImportPack(ctx, smallPack("a", 2, "p1", "p2")); err != nil {
		t.Errorf("p1 after b deleted it: %v", err)
	}
}
