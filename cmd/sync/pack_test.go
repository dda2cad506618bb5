package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// miniPack writes a pack with one account and one post per title, at a
// version, and returns its folder.
func miniPack(t *testing.T, version int, titles ...string) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"manifest.yaml": fmt.Sprintf("format: alliance-pack/1\nid: mini\nversion: %d\ncreated: 2026-11-27T09:00:00+08:00\n", version),
		"accounts.yaml": "- id: weishinan\n  kind: district\n  name: 微市南\n",
	}
	for i, title := range titles {
		files[fmt.Sprintf("posts/p%d.md", i)] = fmt.Sprintf("---\nid: p%d\naccount: weishinan\ncolumn: 通知公告\ntitle: %s\npublished: 2026-11-27T09:00:00+08:00\n---\n正文\n", i, title)
	}
	for name, data := range files {
		os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755)
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// Issue 9, item 11: an older pack is refused at the hub unless forced, and
// a changed re-import of the same version is pointed out.
func TestImportOlderNeedsForce(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "hub.db")
	v2, v1 := miniPack(t, 2, "通知一", "通知二"), miniPack(t, 1, "通知一")
	var out bytes.Buffer
	if err := run(ctx, []string{"import", "--db", db, v2}, &out); err != nil {
		t.Fatal(err)
	}
	err := run(ctx, []string{"import", "--db", db, v1}, &out)
	if err == nil || !strings.Contains(err.Error(), "pack mini version 1 is older than version 2") || !strings.Contains(err.Error(), "--force") {
		t.Fatalf("got %v, want the older version refused, with the way to force it", err)
	}
	out.Reset()
	if err := run(ctx, []string{"import", "--force", "--db", db, v1}, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "1 deleted") || !strings.Contains(out.String(), "rolled back from version 2") {
		t.Errorf("forced: got %q", out.String())
	}
	out.Reset()
	if err := run(ctx, []string{"import", "--db", db, miniPack(t, 1, "通知一（更正）")}, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "version 1 was imported before, and this import changed it") {
		t.Errorf("same version, changed: got %q", out.String())
	}

	// The kiosk's pack import keeps the same rule.
	kdb := filepath.Join(t.TempDir(), "kiosk.db")
	if err := run(ctx, []string{"pack", "import", "--db", kdb, v2}, &out); err != nil {
		t.Fatal(err)
	}
	if err := run(ctx, []string{"pack", "import", "--db", kdb, v1}, &out); err == nil {
		t.Error("the kiosk imported an older version")
	}
	if err := run(ctx, []string{"pack", "import", "--force", "--db", kdb, v1}, &out); err != nil {
		t.Error(err)
	}
}

// Issue 9, item 9: pack check ignored SIGTERM while it worked (and while
// it blocked on a pipe). Now it stops at once, even mid-file.
func TestPackCheckStopsOnSIGTERM(t *testing.T) {
	dir := miniPack(t, 1, "通知")
	var b strings.Builder
	for i := 0; b.Len() < 24<<20; i++ {
		fmt.Fprintf(&b, "- id: d%d\n  name: 热线%d\n  number: 0532-0000-%04d\n  category: hotline\n", i, i, i%10000)
	}
	if err := os.WriteFile(filepath.Join(dir, "directory.yaml"), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	// A pipe where a post should be: never opened, so never waited on.
	if err := syscall.Mkfifo(filepath.Join(dir, "posts", "pipe.md"), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := program("pack", "check", dir)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond)
	sent := time.Now()
	cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if d := time.Since(sent); d > 1500*time.Millisecond {
			t.Errorf("pack check took %v to stop after SIGTERM", d)
		}
		if err == nil {
			t.Errorf("pack check exited 0 after SIGTERM; stderr: %s", stderr.String())
		}
	case <-time.After(10 * time.Second):
		cmd.Process.Kill()
		t.Fatal("pack check ignored SIGTERM for 10 s")
	}
}

// Issue 9, item 9's class elsewhere: lessons check DIR read a lesson.yaml
// linked to /dev/zero until memory ran out.
func TestLessonsCheckRefusesLinks(t *testing.T) {
	dir := t.TempDir()
	if err := os.Symlink("/dev/zero", filepath.Join(dir, "lesson.yaml")); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- run(context.Background(), []string{"lessons", "check", dir}, &bytes.Buffer{}) }()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "lesson.yaml: is a symbolic link") {
			t.Errorf("got %v, want the link refused", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("lessons check still reading after 10 s")
	}
}
