package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/hub"
	"github.com/shinan-alliance/alliance/internal/testutil"
	"github.com/shinan-alliance/alliance/mirror"
	"github.com/shinan-alliance/alliance/store"
)

// status only reads: a mistyped path is not created.
func TestStatusCreatesNothing(t *testing.T) {
	dir := t.TempDir()
	typo := filepath.Join(dir, "typo.db")
	var out bytes.Buffer
	err := run(context.Background(), []string{"status", "--db", typo}, &out)
	if err == nil || !strings.Contains(err.Error(), typo) {
		t.Errorf("status of a missing database: got %v, want an error naming it", err)
	}
	if es, _ := os.ReadDir(dir); len(es) != 0 {
		t.Errorf("status left files behind: %v", es)
	}
	for _, cmd := range []string{"now", "daemon"} {
		if err := run(context.Background(), []string{cmd, "--db", typo}, &out); err == nil {
			t.Errorf("%s on a missing database: no error", cmd)
		}
		if es, _ := os.ReadDir(dir); len(es) != 0 {
			t.Errorf("%s left files behind: %v", cmd, es)
		}
	}
}

// A named pipe given as --db is refused at once; it used to hang the
// command (ignoring SIGTERM) until someone wrote to the pipe.
func TestStatusRefusesAPipe(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "kiosk.db")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip(err)
	}
	for _, cmd := range []string{"status", "now", "join"} {
		args := []string{cmd, "--db", fifo}
		if cmd == "join" {
			args = append(args, "--hub", "http://127.0.0.1:1", "--code", "X")
		}
		done := make(chan error, 1)
		go func() { done <- run(context.Background(), args, &bytes.Buffer{}) }()
		select {
		case err := <-done:
			if !errors.Is(err, store.ErrNotRegular) {
				t.Errorf("%s: got %v, want a refusal of the pipe", cmd, err)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("%s: still running after 5 s on a pipe", cmd)
		}
	}
}

// When the disk fills during a sync, the sync's error is still what status
// shows afterwards (it used to say "last error: none": recording the error
// needed disk space too).
func TestStatusAfterDiskFull(t *testing.T) {
	if path := os.Getenv("STATUS_DISK_FULL_CHILD"); path != "" {
		diskFullSyncChild(path)
		return
	}
	ctx := context.Background()
	hdb, err := hub.Open(filepath.Join(t.TempDir(), "hub.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer hdb.Close()
	if _, err := hdb.ImportPack(ctx, testutil.SamplePack(t)); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer((&hub.Server{DB: hdb}).Handler())
	defer srv.Close()
	path := filepath.Join(t.TempDir(), "kiosk.db")
	var out bytes.Buffer
	code, err := hdb.Enroll(ctx, "full-disk", "yanchenglu")
	if err != nil {
		t.Fatal(err)
	}
	if err := run(ctx, []string{"join", "--db", path, "--hub", srv.URL, "--code", code}, &out); err != nil {
		t.Fatal(err)
	}

	cmd := exec.Command(os.Args[0], "-test.run=^TestStatusAfterDiskFull$")
	cmd.Env = append(os.Environ(), "STATUS_DISK_FULL_CHILD="+path)
	child, err := cmd.CombinedOutput()
	if err == nil || !strings.Contains(string(child), "sync failed: ") || !strings.Contains(string(child), "disk full") {
		t.Fatalf("child: %v\n%s\nwant the sync to fail for a full disk", err, child)
	}

	out.Reset()
	if err := run(ctx, []string{"status", "--db", path}, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "last error:    ") || strings.Contains(out.String(), "last error:    none") || !strings.Contains(out.String(), "disk full") {
		t.Errorf("status after a sync that failed on a full disk:\n%s\nwant the disk-full error", out.String())
	}
	if strings.Contains(out.String(), "last attempt:  never") {
		t.Errorf("status does not know the attempt:\n%s", out.String())
	}
}

// status says how far the kiosk's clock is from the hub's, once a sync
// has measured it.
func TestStatusShowsClockSkew(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "kiosk.db")
	db, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	// As a sync on this machine two hours fast left it, after a reboot
	// (no boot id to follow): the offset alone counts.
	anchor := fmt.Sprintf(`{"offset_ms":%d,"hub_ms":%d,"boot_ms":0,"boot_id":""}`, -(2 * time.Hour).Milliseconds(), time.Now().UnixMilli())
	if err := db.SetSyncState(ctx, map[string]string{store.StateHubClock: anchor}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	var out bytes.Buffer
	if err := run(ctx, []string{"status", "--db", path}, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "clock:         2h0m0s off the hub's  (set this machine's clock") {
		t.Errorf("status:\n%s\nwant the clock two hours fast", out.String())
	}
}

// diskFullSyncChild syncs with no room left for the database to grow: any
// file may grow to one page, the side file's size, and no further.
func diskFullSyncChild(path string) {
	ctx := context.Background()
	db, err := store.OpenExisting(path)
	if err != nil {
		os.Stdout.WriteString("open: " + err.Error() + "\n")
		os.Exit(3)
	}
	c, err := mirror.FromStore(ctx, db)
	if err != nil {
		os.Stdout.WriteString("client: " + err.Error() + "\n")
		os.Exit(3)
	}
	// Writes past the limit fail with EFBIG instead of killing the process.
	signal.Ignore(syscall.SIGXFSZ)
	lim := uint64(4096)
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &syscall.Rlimit{Cur: lim, Max: lim}); err != nil {
		panic(err)
	}
	_, err = c.Sync(ctx)
	db.Close()
	if err == nil {
		os.Stdout.WriteString("sync succeeded\n")
		os.Exit(0)
	}
	os.Stdout.WriteString("sync failed: " + err.Error() + "\n")
	os.Exit(1)
}

// status lists the records the hub refused and the items the kiosk
// skipped, so staff at a shell see what the panel shows.
func TestStatusShowsRefusedAndSkipped(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "kiosk.db")
	db, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	s := alliance.Suggestion{Community: "atlantis", Category: "other", Text: "路灯坏了"}
	if err := db.SaveSuggestion(ctx, &s); err != nil {
		t.Fatal(err)
	}
	if err := db.AckOutbox(ctx, s.Seq, store.Refusal{Seq: s.Seq, Reason: alliance.ReasonUnknownRef, Message: `community "atlantis" is not published at the hub`}); err != nil {
		t.Fatal(err)
	}
	bad := store.DecodeChange(alliance.KindPost, "p", false, []byte(`{"id":"p"}`), "")
	if err := db.ApplyChanges(ctx, []store.Change{bad}, 7, false, false); err != nil {
		t.Fatal(err)
	}
	db.Close()
	var out bytes.Buffer
	if err := run(ctx, []string{"status", "--db", path}, &out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"refused:       1 records", "unknown_ref", "atlantis", "skipped:       1 items"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("status lacks %q:\n%s", want, out.String())
		}
	}
	out.Reset()
	if err := run(ctx, []string{"status", "--db", path, "--json"}, &out); err != nil {
		t.Fatal(err)
	}
	var st Status
	if err := json.Unmarshal(out.Bytes(), &st); err != nil || len(st.Refused) != 1 || st.Refused[0].ID != s.ID || st.Skipped != 1 {
		t.Errorf("status --json: %+v %v", st, err)
	}
}
