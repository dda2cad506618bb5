package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestPackCheck(t *testing.T) {
	ctx := context.Background()
	var out bytes.Buffer
	if err := run(ctx, []string{"pack", "check", "../../assets/sample"}, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "sample-alliance version 1: ok") {
		t.Errorf("got %q", out.String())
	}

	broken := t.TempDir()
	os.WriteFile(filepath.Join(broken, "manifest.yaml"), []byte("format: alliance-pack/9\nid: x\nversion: 1\ncreated: 2026-01-01\n"), 0o644)
	err := run(ctx, []string{"pack", "check", broken}, &out)
	if err == nil || !strings.Contains(err.Error(), "manifest.yaml:1: pack format") {
		t.Errorf("got %v, want the problem located at manifest.yaml:1", err)
	}
}

func TestPackImport(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "kiosk.db")
	for i, want := range []string{" added, 0 updated, 0 deleted, 0 unchanged", "0 added, 0 updated, 0 deleted, "} {
		var out bytes.Buffer
		if err := run(ctx, []string{"pack", "import", "--db", db, "../../assets/sample"}, &out); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(out.String(), want) {
			t.Errorf("import %d: got %q, want %q", i+1, out.String(), want)
		}
	}
}

func TestLessonsCheck(t *testing.T) {
	ctx := context.Background()
	var out bytes.Buffer
	if err := run(ctx, []string{"lessons", "check", "../../assets/curriculum"}, &out); err != nil {
		t.Fatalf("the curriculum does not validate: %v", err)
	}
	broken := t.TempDir()
	os.WriteFile(filepath.Join(broken, "lesson.yaml"), []byte("id: x\nsteps:\n  - kind: dance\n"), 0o644)
	err := run(ctx, []string{"lessons", "check", broken}, &out)
	if err == nil || !strings.Contains(err.Error(), "lesson.yaml:") {
		t.Errorf("got %v, want problems located in lesson.yaml", err)
	}
}
