package store_test

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"testing"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/store"
)

func blobOf(s string) (string, []byte) {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:]), []byte(s)
}

// referencedBlobs lists every blob content names, from the tables.
func referencedBlobs(t *testing.T, db *store.DB) []string {
	t.Helper()
	raw, err := sql.Open("sqlite3", "file:"+db.Path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	rows, err := raw.Query(`SELECT sha256 FROM post_images UNION SELECT qr FROM accounts WHERE qr != ''
		UNION SELECT j.value FROM places p, json_each(CASE WHEN p.images = '' THEN '[]' ELSE p.images END) j`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		rows.Scan(&s)
		out = append(out, s)
	}
	return out
}

// The kiosk kept every blob it ever fetched (454 present against 232
// live). Unreferenced blobs go; none that content names does.
func TestCollectBlobs(t *testing.T) {
	ctx := context.Background()
	db := sampleDB(t)
	refs := referencedBlobs(t, db)
	if len(refs) == 0 {
		t.Fatal("the sample names no blobs")
	}
	// Garbage: one fetched, one announced but never fetched.
	gone, data := blobOf("an image no post uses any more")
	if err := db.PutBlob(ctx, gone, data); err != nil {
		t.Fatal(err)
	}
	never, _ := blobOf("announced, never fetched")
	// Named only in Markdown: kept.
	inline, idata := blobOf("a picture in a notice's text")
	if err := db.PutBlob(ctx, inline, idata); err != nil {
		t.Fatal(err)
	}
	p := samplePack(t).Posts[0]
	p.ID, p.Body, p.Images = "inline-picture", fmt.Sprintf("看图：![照片](sha256:%s)", inline), nil
	if err := db.ApplyChanges(ctx, []store.Change{
		{Kind: "blob", ID: never, Blob: &alliance.Blob{SHA256: never, Size: 10, MIME: "image/png"}},
		{Kind: "post", ID: p.ID, Post: &p},
	}, 1, false, false); err != nil {
		t.Fatal(err)
	}
	before, _ := db.Counts(ctx)
	n, err := db.CollectBlobs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	after, _ := db.Counts(ctx)
	if n != 2 || after.Blobs != before.Blobs-2 {
		t.Errorf("collected %d (blobs %d → %d), want the 2 unused", n, before.Blobs, after.Blobs)
	}
	for _, sha := range []string{gone, never} {
		if _, err := db.Blob(ctx, sha); !errors.Is(err, alliance.ErrNotFound) {
			t.Errorf("unused blob %s: %v, want it gone", sha[:8], err)
		}
	}
	for _, sha := range append(refs, inline) {
		if b, err := db.Blob(ctx, sha); err != nil || b.Data == nil {
			t.Errorf("referenced blob %s: %v", sha[:8], err)
		}
	}
	if missing, _ := db.MissingBlobs(ctx, 100); len(missing) != 0 {
		t.Errorf("still to fetch after collecting: %v", missing)
	}

	// The first sync replaces the sample content: its images go too.
	acc, err := db.Account(ctx, p.Account)
	if err != nil {
		t.Fatal(err)
	}
	acc.QR = ""
	if err := db.ApplyChanges(ctx, []store.Change{{Kind: "account", ID: acc.ID, Account: &acc}}, 2, false, false); err != nil {
		t.Fatal(err)
	}
	if err := db.ReplaceSampleContent(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := db.CollectBlobs(ctx); err != nil {
		t.Fatal(err)
	}
	if c, _ := db.Counts(ctx); c.Blobs != 1 {
		t.Errorf("after the sample was replaced: %d blobs, want the 1 the hub's post names", c.Blobs)
	}
}
