package store_test

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"testing"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/internal/testutil"
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
	t.Parallel()
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
	p := testutil.SamplePack(t).Posts[0]
	p.ID, p.Body, p.Images = "inline-picture", fmt.Sprintf("看图：![照片](sha256:%s)", inline), nil
	if err := db.ApplyChanges(ctx, []store.Change{
		{Kind: alliance.KindBlob, ID: never, Content: alliance.Blob{SHA256: never, Size: 10, MIME: "image/png"}},
		{Kind: alliance.KindPost, ID: p.ID, Content: p},
	}, 1, false, false); err != nil {
		t.Fatal(err)
	}
	before, _ := db.Counts(ctx)
	if missing, _ := db.MissingBlobs(ctx, 100); len(missing) != 0 {
		t.Errorf("a blob nothing names is to be fetched: %v", missing)
	}
	n, err := db.CollectBlobs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	after, _ := db.Counts(ctx)
	if n != 1 || after.Blobs != before.Blobs-1 {
		t.Errorf("collected %d (blobs held %d → %d), want the 1 unused one held", n, before.Blobs, after.Blobs)
	}
	for _, sha := range []string{gone, never} {
		if b, err := db.Blob(ctx, sha); err != nil || b.Data != nil {
			t.Errorf("unused blob %s: %d bytes kept (%v), want none", sha[:8], len(b.Data), err)
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

	// Named again later (the hub describes a blob only once): fetched again.
	again := p
	again.ID, again.Body, again.Images = "again", "又用上了", []string{gone}
	if err := db.ApplyChanges(ctx, []store.Change{{Kind: alliance.KindPost, ID: again.ID, Content: again}}, 2, false, false); err != nil {
		t.Fatal(err)
	}
	if missing, _ := db.MissingBlobs(ctx, 100); len(missing) != 1 || missing[0].SHA256 != gone {
		t.Errorf("an image named again is not to be fetched: %v", missing)
	}
	if err := db.ApplyChanges(ctx, []store.Change{{Kind: alliance.KindPost, ID: again.ID, Deleted: true}}, 3, false, false); err != nil {
		t.Fatal(err)
	}

	// The first sync replaces the sample content: its images go too.
	acc, err := db.Account(ctx, p.Account)
	if err != nil {
		t.Fatal(err)
	}
	acc.QR = ""
	if err := db.ApplyChanges(ctx, []store.Change{{Kind: alliance.KindAccount, ID: acc.ID, Content: acc}}, 4, false, false); err != nil {
		t.Fatal(err)
	}
	if err := db.ReplaceSampleContent(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := db.CollectBlobs(ctx); err != nil {
		t.Fatal(err)
	}
	if c, _ := db.Counts(ctx); c.Blobs != 1 {
		t.Errorf("after the sample was replaced: %d blobs held, want the 1 the hub's post names", c.Blobs)
	}
}
