package store_test

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/assets"
	"github.com/shinan-alliance/alliance/internal/testutil"
	"github.com/shinan-alliance/alliance/pack"
	"github.com/shinan-alliance/alliance/store"
)

// testNow is the kiosk clock in tests: the day the sample pack is first
// imported, so relative event dates are predictable.
var testNow = time.Date(2026, 11, 27, 10, 0, 0, 0, alliance.Location)

func openDB(t testing.TB, path string) *store.DB {
	t.Helper()
	if path == "" {
		path = filepath.Join(t.TempDir(), "kiosk.db")
	}
	db, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	db.Now = func() time.Time { return testNow }
	t.Cleanup(func() { db.Close() })
	return db
}

// sampleDB is a kiosk database holding the sample content.
func sampleDB(t testing.TB) *store.DB {
	t.Helper()
	db := openDB(t, "")
	if _, err := db.ImportPack(context.Background(), testutil.SamplePack(t)); err != nil {
		t.Fatal(err)
	}
	return db
}

func TestMigrateFromEveryVersion(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for v := 0; v < store.SchemaVersion(); v++ {
		t.Run("from version "+string(rune('0'+v)), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "old.db")
			old, err := store.OpenAt(path, v)
			if err != nil {
				t.Fatal(err)
			}
			old.Close()
			db := openDB(t, path)
			if err := db.IntegrityCheck(ctx); err != nil {
				t.Fatal(err)
			}
			if _, err := db.ImportPack(ctx, testutil.SamplePack(t)); err != nil {
				t.Fatalf("upgraded database cannot take content: %v", err)
			}
			raw, err := sql.Open("sqlite3", path)
			if err != nil {
				t.Fatal(err)
			}
			defer raw.Close()
			var got int
			raw.QueryRow("PRAGMA user_version").Scan(&got)
			if want := store.SchemaVersion(); got != want {
				t.Errorf("user_version: got %d, want %d", got, want)
			}
		})
	}
}

func TestOpenRefusesForeignFiles(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	text := filepath.Join(dir, "notes.db")
	os.WriteFile(text, []byte("this is a shopping list, not a database\n"), 0o644)

	other := filepath.Join(dir, "other.db")
	raw, _ := sql.Open("sqlite3", other)
	if _, err := raw.Exec("CREATE TABLE t (x); INSERT INTO t VALUES (1)"); err != nil {
		t.Fatal(err)
	}
	raw.Close()

	newer := filepath.Join(dir, "newer.db")
	db, err := store.Open(newer)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	raw, _ = sql.Open("sqlite3", newer)
	raw.Exec("PRAGMA user_version = 99")
	raw.Close()

	for _, tt := range []struct {
		path string
		want error
	}{{text, store.ErrForeignFile}, {other, store.ErrForeignFile}, {newer, store.ErrTooNew}} {
		t.Run(filepath.Base(tt.path), func(t *testing.T) {
			before, _ := os.ReadFile(tt.path)
			db, err := store.Open(tt.path)
			if err == nil {
				db.Close()
				t.Fatal("opened, want a refusal")
			}
			if !errors.Is(err, tt.want) || !strings.Contains(err.Error(), tt.path) {
				t.Errorf("got %v, want %v naming the path", err, tt.want)
			}
			after, _ := os.ReadFile(tt.path)
			if !bytes.Equal(before, after) {
				t.Error("the refused file was changed")
			}
		})
	}
}

func TestOpenMissingFolder(t *testing.T) {
	t.Parallel()
	_, err := store.Open(filepath.Join(t.TempDir(), "no", "such", "kiosk.db"))
	if err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Errorf("got %v, want a clear error about the folder", err)
	}
}

func TestImportPack(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openDB(t, "")
	p := testutil.SamplePack(t)
	st, err := db.ImportPack(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	total := len(p.Accounts) + len(p.Posts) + len(p.Places) + len(p.Directory) + len(p.Events)
	if st.Added != total || st.Updated+st.Deleted+st.Unchanged != 0 {
		t.Errorf("first import: got %v, want %d added", st, total)
	}
	c, _ := db.Counts(ctx)
	if c.Accounts != 66 || c.Posts != len(p.Posts) || c.BlobsMissing != 0 {
		t.Errorf("counts: got %+v", c)
	}

	t.Run("again changes nothing", func(t *testing.T) {
		st, err := db.ImportPack(ctx, testutil.SamplePack(t))
		if err != nil {
			t.Fatal(err)
		}
		if st.Changed() || st.Unchanged != total {
			t.Errorf("got %v, want %d unchanged", st, total)
		}
	})

	t.Run("edit and removal", func(t *testing.T) {
		p := testutil.SamplePack(t)
		p.Posts[0].Title = "改过的标题"
		removed := p.Posts[1].ID
		p.Posts = append(p.Posts[:1], p.Posts[2:]...)
		st, err := db.ImportPack(ctx, p)
		if err != nil {
			t.Fatal(err)
		}
		if st.Updated != 1 || st.Deleted != 1 || st.Added != 0 {
			t.Errorf("got %v, want 1 updated, 1 deleted", st)
		}
		if got, _ := db.Post(ctx, p.Posts[0].ID); got.Title != "改过的标题" {
			t.Errorf("title: got %q", got.Title)
		}
		if _, err := db.Post(ctx, removed); !errors.Is(err, alliance.ErrNotFound) {
			t.Errorf("removed post: got %v, want not found", err)
		}
		hits, err := db.Search(ctx, store.SearchQuery{Text: "改过的标题"})
		if err != nil || len(hits) != 1 {
			t.Errorf("search for the new title: got %v, %v", hits, err)
		}
	})

	t.Run("relative dates stay put on a later import", func(t *testing.T) {
		ev, _ := db.UpcomingEvents(ctx, "", 1)
		db.Now = func() time.Time { return testNow.AddDate(0, 0, 5) }
		defer func() { db.Now = func() time.Time { return testNow } }()
		if _, err := db.ImportPack(ctx, testutil.SamplePack(t)); err != nil {
			t.Fatal(err)
		}
		again, _ := db.Event(ctx, ev[0].ID)
		if !again.Starts.Equal(ev[0].Starts) {
			t.Errorf("event moved from %v to %v", ev[0].Starts, again.Starts)
		}
	})
	if err := db.IntegrityCheck(ctx); err != nil {
		t.Fatal(err)
	}
}

func TestQueries(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := sampleDB(t)

	t.Run("posts by column, paged", func(t *testing.T) {
		var all []store.PostSummary
		page := store.Page{Limit: 7}
		for {
			list, err := db.PostsByColumn(ctx, alliance.ColNotice, page)
			if err != nil {
				t.Fatal(err)
			}
			all = append(all, list.Posts...)
			if list.Next == "" {
				break
			}
			page.After = list.Next
		}
		if len(all) < 10 {
			t.Fatalf("got %d notices", len(all))
		}
		seen := map[string]bool{}
		for i, p := range all {
			if seen[p.ID] {
				t.Errorf("post %s listed twice", p.ID)
			}
			seen[p.ID] = true
			if p.Column != alliance.ColNotice {
				t.Errorf("post %s is in column %s", p.ID, p.Column)
			}
			// Pinned first, then newest first.
			if i > 0 && p.Pinned == all[i-1].Pinned && p.Published.After(all[i-1].Published) {
				t.Errorf("post %s is newer than the one before it", p.ID)
			}
			if i > 0 && p.Pinned && !all[i-1].Pinned {
				t.Errorf("pinned post %s comes after one not pinned", p.ID)
			}
		}
	})

	t.Run("pinned posts", func(t *testing.T) {
		pinned, err := db.PinnedPosts(ctx, 10)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, p := range pinned {
			found = found || p.ID == "launch-report"
			if !p.Pinned {
				t.Errorf("post %s listed as pinned but not marked", p.ID)
			}
		}
		if !found {
			t.Errorf("the pinned launch report is not among %d pinned posts", len(pinned))
		}
	})

	t.Run("posts by community", func(t *testing.T) {
		list, err := db.PostsByAccount(ctx, "yanchenglu", store.Page{})
		if err != nil || len(list.Posts) == 0 {
			t.Fatalf("got %v, %v", list, err)
		}
	})

	t.Run("post with images", func(t *testing.T) {
		p, err := db.Post(ctx, "launch-report")
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(p.Body, "侯琳") || len(p.Images) != 1 {
			t.Errorf("launch report: body has 侯琳=%v, images=%d", strings.Contains(p.Body, "侯琳"), len(p.Images))
		}
		b, err := db.Blob(ctx, p.Images[0])
		if err != nil || b.MIME != "image/png" || len(b.Data) == 0 {
			t.Errorf("image: got %s %d bytes, %v", b.MIME, len(b.Data), err)
		}
	})

	t.Run("communities by street office", func(t *testing.T) {
		offices, err := db.CommunitiesByStreetOffice(ctx)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, o := range offices {
			n += len(o.Communities)
			for _, c := range o.Communities {
				if c.StreetOffice != o.Name {
					t.Errorf("%s listed under %s", c.Name, o.Name)
				}
			}
		}
		if n != 65 || len(offices) != 10 {
			t.Errorf("got %d communities in %d offices, want 65 in 10", n, len(offices))
		}
	})

	t.Run("upcoming events with places left", func(t *testing.T) {
		evs, err := db.UpcomingEvents(ctx, "", 100)
		if err != nil {
			t.Fatal(err)
		}
		if len(evs) < 20 {
			t.Fatalf("got %d upcoming events", len(evs))
		}
		nearlyFull := 0
		for i, e := range evs {
			if i > 0 && e.Starts.Before(evs[i-1].Starts) {
				t.Errorf("event %s out of order", e.ID)
			}
			if !e.Ends.After(testNow) {
				t.Errorf("event %s is over", e.ID)
			}
			if l := e.PlacesLeft(); l >= 0 && l <= 3 {
				nearlyFull++
			}
		}
		if nearlyFull == 0 {
			t.Error("no nearly full event in the sample")
		}
	})

	t.Run("directory by category", func(t *testing.T) {
		ds, err := db.Directory(ctx, "community", "yanchenglu")
		if err != nil {
			t.Fatal(err)
		}
		if len(ds) != 65 || ds[0].Community != "yanchenglu" {
			t.Errorf("got %d entries, first %+v; want 65 with the home community first", len(ds), ds[0])
		}
	})

	t.Run("places by kind", func(t *testing.T) {
		for _, k := range []alliance.PlaceKind{alliance.Food, alliance.Sight, alliance.Service} {
			ps, err := db.PlacesByKind(ctx, k)
			if err != nil || len(ps) == 0 {
				t.Errorf("%s: got %d places, %v", k, len(ps), err)
			}
		}
	})
}

// TestDiskFull runs an import in a child process whose file-size limit is
// too small for it: the import must fail with a clear error and leave the
// database exactly as it was.
func TestDiskFull(t *testing.T) {
	t.Parallel()
	if os.Getenv("STORE_DISK_FULL_CHILD") != "" {
		diskFullChild()
		return
	}
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "kiosk.db")
	db := openDB(t, path)
	small := testutil.SamplePack(t)
	small.Posts, small.Blobs = small.Posts[:3], nil
	for i := range small.Posts {
		small.Posts[i].Images = nil
	}
	small.Places, small.Events = nil, nil
	if _, err := db.ImportPack(ctx, small); err != nil {
		t.Fatal(err)
	}
	before, _ := db.Counts(ctx)
	db.Close()

	cmd := exec.Command(os.Args[0], "-test.run=^TestDiskFull$")
	cmd.Env = append(os.Environ(), "STORE_DISK_FULL_CHILD="+path)
	out, err := cmd.CombinedOutput()
	if err == nil || !strings.Contains(string(out), "disk full") {
		t.Fatalf("child: %v\n%s\nwant it to fail with a disk-full error", err, out)
	}
	db = openDB(t, path)
	after, _ := db.Counts(ctx)
	if after != before {
		t.Errorf("counts after the failed import: got %+v, want %+v", after, before)
	}
	if err := db.IntegrityCheck(ctx); err != nil {
		t.Error(err)
	}
}

func diskFullChild() {
	path := os.Getenv("STORE_DISK_FULL_CHILD")
	// Writes past the limit fail with EFBIG instead of killing the process.
	signalIgnoreXFSZ()
	st, _ := os.Stat(path)
	lim := uint64(st.Size()) + 256<<10
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &syscall.Rlimit{Cur: lim, Max: lim}); err != nil {
		panic(err)
	}
	db, err := store.Open(path)
	if err != nil {
		os.Stdout.WriteString("open: " + err.Error() + "\n")
		os.Exit(3)
	}
	p, err := pack.Load(context.Background(), assets.SamplePack())
	if err != nil {
		panic(err)
	}
	_, err = db.ImportPack(context.Background(), p)
	db.Close()
	if err != nil {
		if errors.Is(err, store.ErrDiskFull) {
			os.Stdout.WriteString("disk full: " + err.Error() + "\n")
		} else {
			os.Stdout.WriteString("other error: " + err.Error() + "\n")
		}
		os.Exit(1)
	}
	os.Exit(0)
}

func TestOpenReadOnlyFolder(t *testing.T) {
	t.Parallel()
	if os.Geteuid() == 0 {
		// Root writes through permission bits; TestDiskFull covers a
		// failing write for CI, which runs as root.
		t.Skip("permission bits do not stop root")
	}
	dir := t.TempDir()
	os.Chmod(dir, 0o500)
	defer os.Chmod(dir, 0o700)
	_, err := store.Open(filepath.Join(dir, "kiosk.db"))
	if err == nil {
		t.Fatal("opened a database in a read-only folder")
	}
	if !strings.Contains(err.Error(), dir) {
		t.Errorf("error %v does not name the path", err)
	}
}
