package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestSessionRestartsTheKiosk runs the kiosk session's script
// (packaging/kiosk/shinan-kiosk-session) with a stand-in for the kiosk:
// a kiosk killed with SIGKILL is started again within seconds; one that
// exits with ExitMaintenance (the staff panel's exit) is followed by the
// maintenance screen, and after it by the kiosk again, never by nothing.
func TestSessionRestartsTheKiosk(t *testing.T) {
	dir := t.TempDir()
	log := filepath.Join(dir, "log")
	stub := filepath.Join(dir, "kiosk")
	// The stand-in logs each start with its pid and its mode; a kiosk
	// waits to be killed, or exits 10 when the test asks it to.
	os.WriteFile(stub, []byte(`#!/bin/sh
mode=kiosk
for a in "$@"; do [ "$a" = --maintenance ] && mode=maintenance; done
echo "$mode $$ $*" >>`+log+`
if [ $mode = maintenance ]; then exit 0; fi
while :; do
	if [ -e `+dir+`/leave ]; then rm -f `+dir+`/leave; exit `+strconv.Itoa(ExitMaintenance)+`; fi
	sleep 0.05
done
`), 0o755)
	cmd := exec.Command("sh", "../../packaging/kiosk/shinan-kiosk-session")
	cmd.Env = append(os.Environ(), "SHINAN_KIOSK_BIN="+stub, "SHINAN_KIOSK_DB="+filepath.Join(dir, "kiosk.db"), "SHINAN_KIOSK_RESTART_DELAY=1")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		cmd.Wait()
	}()
	starts := func() []string {
		b, _ := os.ReadFile(log)
		return strings.Split(strings.TrimSpace(string(b)), "\n")
	}
	waitFor := func(n int, within time.Duration) []string {
		t.Helper()
		deadline := time.Now().Add(within)
		for time.Now().Before(deadline) {
			if s := starts(); len(s) >= n && s[0] != "" {
				return s
			}
			time.Sleep(20 * time.Millisecond)
		}
		t.Fatalf("after %s: %d starts, want %d: %q", within, len(starts()), n, starts())
		return nil
	}
	s := waitFor(1, 5*time.Second)
	if !strings.HasPrefix(s[0], "kiosk ") || !strings.Contains(s[0], "--session") || !strings.Contains(s[0], "--db "+filepath.Join(dir, "kiosk.db")) {
		t.Fatalf("the session started %q, want the kiosk with --session and its database", s[0])
	}
	pid, _ := strconv.Atoi(strings.Fields(s[0])[1])
	t0 := time.Now()
	syscall.Kill(pid, syscall.SIGKILL)
	s = waitFor(2, 5*time.Second)
	if !strings.HasPrefix(s[1], "kiosk ") {
		t.Fatalf("after the kiosk was killed the session started %q", s[1])
	}
	t.Logf("a killed kiosk was running again after %s", time.Since(t0).Round(100*time.Millisecond))

	// The staff panel's exit: the maintenance screen, then the kiosk.
	os.WriteFile(filepath.Join(dir, "leave"), nil, 0o644)
	s = waitFor(4, 5*time.Second)
	if !strings.HasPrefix(s[2], "maintenance ") || !strings.HasPrefix(s[3], "kiosk ") {
		t.Fatalf("after the staff panel's exit: %q, want the maintenance screen, then the kiosk", s[2:])
	}
}
