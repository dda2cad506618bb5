package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"image"
	"image/png"
	"testing"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/internal/testutil"
)

// A kiosk keeps only the blobs its content names: an image whose post the
// hub withdrew goes at the next sync.
func TestSyncCollectsUnusedBlobs(t *testing.T) {
	ctx := context.Background()
	srv := testutil.StartHub(t)
	h := srv.DB
	p := testutil.TinyPack(t)
	testutil.Import(t, h, p)
	db := testutil.OpenKiosk(t)
	if err := loadSampleIfEmpty(ctx, db); err != nil {
		t.Fatal(err)
	}
	s := newSyncer(db, "0 2 * * *")
	code, _ := h.Enroll(ctx, "blobs", "yanchenglu")
	if err := s.Join(ctx, srv.URL, code); err != nil {
		t.Fatal(err)
	}
	if err := s.SyncNow(ctx, nil); err != nil {
		t.Fatal(err)
	}

	// The hub publishes a post with an image of its own, then withdraws it.
	img := image.NewGray(image.Rect(0, 0, 2, 2))
	var buf bytes.Buffer
	png.Encode(&buf, img)
	sum := sha256.Sum256(buf.Bytes())
	sha := hex.EncodeToString(sum[:])
	extra := p.Posts[0]
	extra.ID, extra.Images = "withdrawn-with-image", []string{sha}
	all := p.Posts
	p.Posts = append(append([]alliance.Post{}, all...), extra)
	p.Blobs = append(p.Blobs, alliance.Blob{SHA256: sha, Size: int64(buf.Len()), MIME: "image/png", Data: buf.Bytes()})
	if _, err := h.ImportPack(ctx, p); err != nil {
		t.Fatal(err)
	}
	if err := s.SyncNow(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if b, err := db.Blob(ctx, sha); err != nil || b.Data == nil {
		t.Fatalf("the new post's image did not arrive: %v", err)
	}
	p.Posts = all
	if _, err := h.ImportPack(ctx, p); err != nil {
		t.Fatal(err)
	}
	if err := s.SyncNow(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if b, err := db.Blob(ctx, sha); err != nil || b.Data != nil {
		t.Errorf("the image of a withdrawn post is still kept (%d bytes, %v)", len(b.Data), err)
	}
	kept := all
	c, _ := db.Counts(ctx)
	named := map[string]bool{}
	for _, x := range kept {
		for _, img := range x.Images {
			named[img] = true
		}
	}
	for _, x := range p.Places {
		for _, img := range x.Images {
			named[img] = true
		}
	}
	for _, a := range p.Accounts {
		if a.QR != "" {
			named[a.QR] = true
		}
	}
	if c.Blobs != len(named) || c.BlobsMissing != 0 {
		t.Errorf("the kiosk holds %d blobs (%d missing), its content names %d", c.Blobs, c.BlobsMissing, len(named))
	}
}
