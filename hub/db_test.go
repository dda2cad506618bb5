package hub_test

import (
	"bytes"
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"

	"github.com/shinan-alliance/alliance/hub"
	"github.com/shinan-alliance/alliance/internal/testutil"
	"github.com/shinan-alliance/alliance/store"
)

// The hub refuses a database it did not make before writing anything to
// it: another program's SQLite file, a kiosk's database and a text file are
// left byte for byte as they were (switching to WAL used to rewrite the
// header first).
func TestOpenLeavesForeignFilesUnchanged(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	foreign := filepath.Join(dir, "foreign.db")
	raw, err := sql.Open("sqlite3", foreign)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec("CREATE TABLE notes (x); INSERT INTO notes VALUES ('keep me')"); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	kiosk := filepath.Join(dir, "kiosk.db")
	k, err := store.Open(kiosk)
	if err != nil {
		t.Fatal(err)
	}
	k.Close()
	text := filepath.Join(dir, "notes.txt")
	os.WriteFile(text, []byte("a shopping list\n"), 0o644)

	for _, path := range []string{foreign, kiosk, text} {
		before, _ := os.ReadFile(path)
		db, err := hub.Open(path)
		if err == nil {
			db.Close()
			t.Errorf("%s: opened, want a refusal", filepath.Base(path))
			continue
		}
		if !strings.Contains(err.Error(), path) {
			t.Errorf("%s: error %v does not name the path", filepath.Base(path), err)
		}
		if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
			t.Errorf("%s: the refused file was changed", filepath.Base(path))
		}
	}
}

// A named pipe as the hub's database is refused at once.
func TestOpenRefusesAPipe(t *testing.T) {
	t.Parallel()
	fifo := filepath.Join(t.TempDir(), "hub.db")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip(err)
	}
	done := make(chan error, 1)
	go func() {
		db, err := hub.Open(fifo)
		if err == nil {
			db.Close()
		}
		done <- err
	}()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "pipe") {
			t.Errorf("got %v, want a refusal naming a pipe", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("still opening a pipe after 5 s")
	}
}

func TestIntegrityCheck(t *testing.T) {
	t.Parallel()
	if err := testutil.OpenHub(t).IntegrityCheck(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// OpenExisting makes nothing at a mistyped path.
func TestOpenExistingCreatesNothing(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if _, err := hub.OpenExisting(filepath.Join(dir, "typo.db")); err == nil {
		t.Error("opened a hub database that does not exist")
	}
	if es, _ := os.ReadDir(dir); len(es) != 0 {
		t.Errorf("files appeared: %v", es)
	}
	path := filepath.Join(dir, "hub.db")
	db, err := hub.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	db, err = hub.OpenExisting(path)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
}
