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
	if !strings.Contains(out.String(), "sample-alliance version 2: ok") {
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

// The hub's operator commands, end to end on one hub database.
func TestHubCommands(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "hub.db")
	runOK := func(want string, args ...string) string {
		t.Helper()
		var out bytes.Buffer
		if err := run(ctx, args, &out); err != nil {
			t.Fatalf("%v: %v", args, err)
		}
		if !strings.Contains(out.String(), want) {
			t.Errorf("%v: got %q, want it to contain %q", args, out.String(), want)
		}
		return out.String()
	}
	runOK("added", "import", "--db", db, "../../assets/sample")
	runOK("0 added, 0 updated, 0 deleted", "import", "--db", db, "../../assets/sample")
	runOK("Enrolment code for k1:", "enroll", "--db", db, "--name", "k1", "--community", "yanchenglu")
	runOK("not synced yet", "kiosks", "--db", db)
	runOK("k1 revoked", "revoke", "--db", db, "k1")
	runOK("revoked", "kiosks", "--db", db)
	runOK("LEARNERS", "training", "--db", db)
	for _, bad := range [][]string{
		{"revoke", "--db", db},
		{"import", "--db", db},
		{"reply", "--db", db, "--suggestion", "x", "--status", "lost"},
		{"reply", "--db", db, "--suggestion", "no-such", "--text", "好"},
	} {
		if err := run(ctx, bad, &bytes.Buffer{}); err == nil {
			t.Errorf("%v: no error", bad)
		}
	}
}
