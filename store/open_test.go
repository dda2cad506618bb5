package store_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/shinan-alliance/alliance/internal/testutil"
	"github.com/shinan-alliance/alliance/store"
)

// A named pipe, a device or a folder as the database is refused at once;
// a pipe used to block Open for ever.
func TestOpenRefusesWhatIsNotAFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	fifo := filepath.Join(dir, "kiosk.db")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip(err)
	}
	for _, path := range []string{fifo, os.DevNull, dir} {
		for name, open := range map[string]func(string) (*store.DB, error){"Open": store.Open, "OpenReadOnly": store.OpenReadOnly} {
			done := make(chan error, 1)
			go func() {
				db, err := open(path)
				if err == nil {
					db.Close()
				}
				done <- err
			}()
			select {
			case err := <-done:
				if !errors.Is(err, store.ErrNotRegular) || !strings.Contains(err.Error(), path) {
					t.Errorf("%s(%s): got %v, want ErrNotRegular naming the path", name, path, err)
				}
			case <-time.After(5 * time.Second):
				t.Fatalf("%s(%s): still opening after 5 s", name, path)
			}
		}
	}
}

// Opening to read creates nothing and writes nothing.
func TestOpenReadOnly(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	if _, err := store.OpenReadOnly(filepath.Join(dir, "typo.db")); !errors.Is(err, store.ErrNoDatabase) {
		t.Errorf("missing: got %v, want ErrNoDatabase", err)
	}
	if _, err := store.OpenExisting(filepath.Join(dir, "typo.db")); !errors.Is(err, store.ErrNoDatabase) {
		t.Errorf("missing: got %v, want ErrNoDatabase", err)
	}
	if es, _ := os.ReadDir(dir); len(es) != 0 {
		t.Fatalf("files appeared: %v", es)
	}
	path := filepath.Join(dir, "kiosk.db")
	w, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.ImportPack(ctx, testutil.SamplePack(t)); err != nil {
		t.Fatal(err)
	}
	w.Close()
	before, _ := os.ReadFile(path)
	ro, err := store.OpenReadOnly(path)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if c, err := ro.Counts(ctx); err != nil || c.Posts == 0 {
		t.Errorf("read: %+v, %v", c, err)
	}
	if err := ro.SetSetting(ctx, store.SettingLanguage, "en"); !errors.Is(err, store.ErrReadOnly) {
		t.Errorf("a write: got %v, want ErrReadOnly", err)
	}
	ro.Close()
	if after, _ := os.ReadFile(path); string(before) != string(after) {
		t.Error("a read-only open changed the database file")
	}
}
