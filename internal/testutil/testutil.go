package testutil

import (
	"context"
	"embed"
	"errors"
	"io/fs"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/assets"
	"github.com/shinan-alliance/alliance/hub"
	"github.com/shinan-alliance/alliance/mirror"
	"github.com/shinan-alliance/alliance/pack"
	"github.com/shinan-alliance/alliance/store"
)

// Community is the community kiosks enrol for: both packs have it.
const Community = "yanchenglu"

// SamplePack loads the embedded sample pack: the district account and 65
// communities, about 165 posts, places, phones and events. Each call loads
// a copy of its own (importing a pack sets its relative event dates, and
// tests change packs), in about 10 ms.
func SamplePack(t testing.TB) *alliance.Pack {
	t.Helper()
	return load(t, assets.SamplePack())
}

//go:embed testdata/tiny
var tiny embed.FS

// TinyPack loads a small pack (testdata/tiny): the district account and
// the community yanchenglu, a post with a picture, a place, a phone number
// and an event two days after the pack's first import.
func TinyPack(t testing.TB) *alliance.Pack {
	t.Helper()
	sub, err := fs.Sub(tiny, "testdata/tiny")
	if err != nil {
		t.Fatal(err)
	}
	return load(t, sub)
}

func load(t testing.TB, fsys fs.FS) *alliance.Pack {
	t.Helper()
	p, err := pack.Load(context.Background(), fsys)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// OpenHub opens a new hub database in the test's temporary folder.
func OpenHub(t testing.TB) *hub.DB {
	t.Helper()
	db, err := hub.Open(filepath.Join(t.TempDir(), "hub.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// OpenKiosk opens a new kiosk database in the test's temporary folder.
func OpenKiosk(t testing.TB) *store.DB {
	t.Helper()
	return OpenKioskAt(t, filepath.Join(t.TempDir(), "kiosk.db"))
}

// OpenKioskAt opens (or creates) the kiosk database at path.
func OpenKioskAt(t testing.TB, path string) *store.DB {
	t.Helper()
	db, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// Import imports p into db (a *hub.DB or a *store.DB).
func Import(t testing.TB, db interface {
	ImportPack(context.Context, *alliance.Pack, ...alliance.ImportOption) (alliance.ImportStats, error)
}, p *alliance.Pack) alliance.ImportStats {
	t.Helper()
	st, err := db.ImportPack(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// Hub is a real hub: its own database and its server on loopback.
type Hub struct {
	DB     *hub.DB
	Server *hub.Server
	HTTP   *httptest.Server
	URL    string
}

// StartHub serves a new hub database on loopback with short hello and
// read timeouts, as tests want them.
func StartHub(t testing.TB) *Hub {
	t.Helper()
	return Serve(t, &hub.Server{DB: OpenHub(t), HelloTimeout: 2 * time.Second, ReadTimeout: 5 * time.Second})
}

// Serve serves s (its DB set) on loopback until the test ends.
func Serve(t testing.TB, s *hub.Server) *Hub {
	t.Helper()
	h := &Hub{DB: s.DB, Server: s, HTTP: httptest.NewServer(s.Handler())}
	h.URL = h.HTTP.URL
	t.Cleanup(func() {
		h.HTTP.Close()
		s.Shutdown(context.Background())
	})
	return h
}

// Enroll makes a one-time enrolment code for a kiosk named name in
// Community.
func (h *Hub) Enroll(t testing.TB, name string) string {
	t.Helper()
	code, err := h.DB.Enroll(context.Background(), name, Community)
	if err != nil {
		t.Fatal(err)
	}
	return code
}

// Join enrols the kiosk database db on the hub as name, and returns a
// sync client for it.
func (h *Hub) Join(t testing.TB, db *store.DB, name string) *mirror.Client {
	t.Helper()
	ctx := context.Background()
	if err := mirror.Join(ctx, db, h.URL, h.Enroll(t, name), nil, ""); err != nil {
		t.Fatal(err)
	}
	c, err := mirror.FromStore(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// SampleKiosk is a kiosk database as on its first start: the sample
// content loaded.
func SampleKiosk(t testing.TB) *store.DB {
	t.Helper()
	return SampleKioskAt(t, filepath.Join(t.TempDir(), "kiosk.db"))
}

// SampleKioskAt opens the kiosk database at path, first putting there a
// copy of one with the sample content loaded if there is none. The sample
// is imported once per test binary, into a template, and copied: an
// import builds the search index of 165 posts, which took most of the
// time of a test that only needs a kiosk to tap through.
func SampleKioskAt(t testing.TB, path string) *store.DB {
	t.Helper()
	if _, err := os.Lstat(path); errors.Is(err, os.ErrNotExist) {
		template.once.Do(makeTemplate)
		if template.err != nil {
			t.Fatalf("sample kiosk template: %v", template.err)
		}
		if err := os.WriteFile(path, template.data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return OpenKioskAt(t, path)
}

var template struct {
	once sync.Once
	data []byte // a closed kiosk database file, the sample imported
	err  error
}

func makeTemplate() {
	dir, err := os.MkdirTemp("", "sample-kiosk-")
	if err != nil {
		template.err = err
		return
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "kiosk.db")
	template.err = func() error {
		db, err := store.Open(path)
		if err != nil {
			return err
		}
		p, err := pack.Load(context.Background(), assets.SamplePack())
		if err == nil {
			_, err = db.ImportPack(context.Background(), p)
		}
		if cerr := db.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return err
		}
		// Closing the last connection checkpoints the write-ahead log
		// into the file and removes it: the file alone is the database.
		if _, err := os.Stat(path + "-wal"); err == nil {
			return errors.New("the template's write-ahead log was left behind")
		}
		template.data, err = os.ReadFile(path)
		return err
	}()
}
