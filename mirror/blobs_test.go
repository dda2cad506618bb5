package mirror_test

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"

	"github.com/shinan-alliance/alliance/internal/testutil"
	"github.com/shinan-alliance/alliance/mirror"
)

// An image whose transfer was cut short resumes where it stopped, and bytes
// that do not match the image's hash are never used.
func TestBlobResumeAndVerify(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	h := testutil.StartHub(t)
	img := pngBlob(t)
	p := testutil.SamplePack(t)
	p.Posts[0].Images = append(p.Posts[0].Images, img.SHA256)
	p.Blobs = append(p.Blobs, img)
	testutil.Import(t, h.DB, p)

	var mu sync.Mutex
	var ranges []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		if r.Header.Get("Range") != "" {
			ranges = append(ranges, r.Header.Get("Range"))
		}
		mu.Unlock()
		h.Server.Handler().ServeHTTP(w, r)
	}))
	defer srv.Close()

	db := testutil.SampleKiosk(t)
	code, _ := h.DB.Enroll(ctx, "kiosk-b", "yanchenglu")
	if err := mirror.Join(ctx, db, srv.URL, code, nil, ""); err != nil {
		t.Fatal(err)
	}
	c, _ := mirror.FromStore(ctx, db)

	// A corrupt partial file: the sync fails on the hash and drops it.
	partDir := db.Path + ".partial"
	os.MkdirAll(partDir, 0o700)
	part := filepath.Join(partDir, img.SHA256)
	os.WriteFile(part, bytes.Repeat([]byte{0xff}, len(img.Data)/2), 0o600)
	if _, err := c.Sync(ctx); err == nil {
		t.Fatal("sync used bytes that do not match the image's hash")
	}
	if b, _ := db.Blob(ctx, img.SHA256); b.Data != nil {
		t.Fatal("a blob that failed its hash is marked present")
	}
	if _, err := os.Stat(part); !os.IsNotExist(err) {
		t.Error("the corrupt partial file was kept")
	}

	// A good half: the next sync asks only for the rest.
	half := len(img.Data) / 2
	os.WriteFile(part, img.Data[:half], 0o600)
	mustSync(t, c)
	b, err := db.Blob(ctx, img.SHA256)
	if err != nil || !bytes.Equal(b.Data, img.Data) {
		t.Fatalf("resumed blob: %d bytes, %v", len(b.Data), err)
	}
	mu.Lock()
	defer mu.Unlock()
	if want := "bytes=" + itoa(half) + "-"; len(ranges) == 0 || ranges[len(ranges)-1] != want {
		t.Errorf("range requests: got %v, want the last to be %q", ranges, want)
	}
	if _, err := os.Stat(part); !os.IsNotExist(err) {
		t.Error("the partial file was not removed after the blob was stored")
	}
	// The post shows its text whether or not its image has arrived.
	if got, err := db.Post(ctx, p.Posts[0].ID); err != nil || got.Body == "" {
		t.Errorf("post: %v", err)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
