package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

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
