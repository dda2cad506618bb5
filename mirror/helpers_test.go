package mirror_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"image"
	"image/png"
	"io"
	"log/slog"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/assets"
	"github.com/shinan-alliance/alliance/hub"
	"github.com/shinan-alliance/alliance/mirror"
	"github.com/shinan-alliance/alliance/pack"
	"github.com/shinan-alliance/alliance/store"
)

// quiet is a logger for loops that would otherwise print thousands of
// expected warnings.
var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// testHub is a real hub: its own SQLite file and an HTTP server on loopback.
type testHub struct {
	DB     *hub.DB
	Server *hub.Server
	HTTP   *httptest.Server
}

func newHub(t testing.TB) *testHub {
	t.Helper()
	db, err := hub.Open(filepath.Join(t.TempDir(), "hub.db"))
	if err != nil {
		t.Fatal(err)
	}
	s := &hub.Server{DB: db, HelloTimeout: 2 * time.Second, ReadTimeout: 5 * time.Second}
	h := &testHub{DB: db, Server: s, HTTP: httptest.NewServer(s.Handler())}
	t.Cleanup(func() {
		h.HTTP.Close()
		s.Shutdown(context.Background())
		db.Close()
	})
	return h
}

func (h *testHub) importPack(t testing.TB, p *alliance.Pack) hub.ImportStats {
	t.Helper()
	st, err := h.DB.ImportPack(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func samplePack(t testing.TB) *alliance.Pack {
	t.Helper()
	p, err := pack.Load(context.Background(), assets.SamplePack())
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// newKiosk is a kiosk database as on first start: the sample content loaded.
func newKiosk(t testing.TB) *store.DB {
	t.Helper()
	db, err := store.Open(filepath.Join(t.TempDir(), "kiosk.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.ImportPack(context.Background(), samplePack(t)); err != nil {
		t.Fatal(err)
	}
	return db
}

// join enrols a kiosk on the hub and returns a client for it.
func (h *testHub) join(t testing.TB, db *store.DB, name string) *mirror.Client {
	t.Helper()
	ctx := context.Background()
	code, err := h.DB.Enroll(ctx, name, "yanchenglu")
	if err != nil {
		t.Fatal(err)
	}
	if err := mirror.Join(ctx, db, h.HTTP.URL, code, nil, ""); err != nil {
		t.Fatal(err)
	}
	c, err := mirror.FromStore(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// pngBlob is an image no sample pack holds.
func pngBlob(t testing.TB) alliance.Blob {
	img := image.NewNRGBA(image.Rect(0, 0, 40, 30))
	for i := range img.Pix {
		img.Pix[i] = byte(i * 7)
	}
	var b bytes.Buffer
	png.Encode(&b, img)
	sum := sha256.Sum256(b.Bytes())
	return alliance.Blob{SHA256: hex.EncodeToString(sum[:]), Size: int64(b.Len()), MIME: "image/png", Data: b.Bytes()}
}

func mustSync(t testing.TB, c *mirror.Client) mirror.Result {
	t.Helper()
	res, err := c.Sync(context.Background())
	if err != nil {
		t.Fatalf("sync: %v", err)
	}
	return res
}
