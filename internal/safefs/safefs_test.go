package safefs

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"testing/fstest"
	"time"
)

func TestOnlyRegularFilesAndFolders(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "ok.txt"), []byte("hello"), 0o644)
	os.Mkdir(filepath.Join(dir, "sub"), 0o755)
	os.WriteFile(filepath.Join(dir, "sub", "big.txt"), make([]byte, 100), 0o644)
	os.Symlink("/dev/zero", filepath.Join(dir, "zero"))
	os.Symlink("ok.txt", filepath.Join(dir, "link.txt"))
	os.Symlink("sub", filepath.Join(dir, "linkdir"))
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe"), 0o644); err != nil {
		t.Skip(err)
	}
	g, err := OpenDir(context.Background(), dir, 50)
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	if b, err := fs.ReadFile(g, "ok.txt"); err != nil || string(b) != "hello" {
		t.Errorf("ok.txt: %q, %v", b, err)
	}
	for name, want := range map[string]error{
		"zero": ErrNotRegular, "link.txt": ErrNotRegular, "linkdir/big.txt": ErrNotRegular, "pipe": ErrNotRegular,
		"missing": fs.ErrNotExist, "../x": fs.ErrInvalid,
	} {
		done := make(chan error, 1)
		go func() { _, err := g.Open(name); done <- err }()
		select {
		case err := <-done:
			if !errors.Is(err, want) {
				t.Errorf("open %s: got %v, want %v", name, err, want)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("open %s blocked", name)
		}
	}
	var se *SizeError
	if _, err := g.Open("sub/big.txt"); !errors.As(err, &se) || se.Size != 100 || se.Limit != 50 {
		t.Errorf("over the FS's limit: %v", err)
	}
	if _, err := ReadFile(g, "ok.txt", 3); !errors.As(err, &se) || se.Size != 5 {
		t.Errorf("over ReadFile's limit: %v", err)
	}
	entries, err := fs.ReadDir(g, ".")
	if err != nil || len(entries) != 6 {
		t.Errorf("list: %d entries, %v", len(entries), err)
	}
	if _, err := fs.ReadDir(g, "linkdir"); !errors.Is(err, ErrNotRegular) {
		t.Errorf("listing a linked folder: %v", err)
	}
	sub, _ := fs.Sub(g, "sub")
	if _, err := fs.ReadFile(sub, "big.txt"); err == nil {
		t.Error("a sub-folder's view lost the limit")
	}
}

func TestContextAndMapFS(t *testing.T) {
	m := fstest.MapFS{"a": {Data: []byte("x")}, "l": {Mode: fs.ModeSymlink, Data: []byte("a")}}
	ctx, cancel := context.WithCancel(context.Background())
	g := New(ctx, m, 10)
	if _, err := ReadFile(g, "a", 10); err != nil {
		t.Fatal(err)
	}
	if _, err := g.Open("l"); !errors.Is(err, ErrNotRegular) {
		t.Errorf("symlink in a MapFS: %v", err)
	}
	cancel()
	if _, err := g.Open("a"); !errors.Is(err, context.Canceled) {
		t.Errorf("after cancel: %v", err)
	}
}
