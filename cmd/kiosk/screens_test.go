package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shinan-alliance/alliance/ui"
)

// geometry asks xdotool where the window titled title is, "" when there
// is none.
func geometry(display, title string) string {
	cmd := exec.Command("xdotool", "search", "--name", "^"+title+"$", "getwindowgeometry", "%@")
	cmd.Env = append(os.Environ(), "DISPLAY="+display)
	out, err := cmd.Output()
	if err != nil {
		return ""
	}
	return strings.Join(strings.Fields(string(out)), " ")
}

// TestPresenterOnSecondScreenReal starts the real kiosk on a 2560×800 X
// server of two 1280×800 screens, opens the presenter, and finds the
// kiosk's window on the first screen and the presenter's on the second,
// each filling it; leaving the presenter with a real click closes the
// second. The screens come from xrandr where this Xvfb keeps RANDR
// monitors made with --setmonitor, else from --monitors.
func TestPresenterOnSecondScreenReal(t *testing.T) {
	if testing.Short() {
		t.Skip("starts an X server: make test runs it on its own, after the rest")
	}
	for _, tool := range []string{"Xvfb", "xdotool", "xrandr"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed (make deps installs it)", tool)
		}
	}
	dir := t.TempDir()
	bin := kioskBinary(t)
	display := fmt.Sprintf(":%d", 250+os.Getpid()%100)
	xvfb := exec.Command("Xvfb", display, "-screen", "0", "2560x800x24", "-nolisten", "tcp")
	if err := xvfb.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { xvfb.Process.Kill(); xvfb.Wait() }()
	time.Sleep(time.Second)
	args := []string{"--monitors", "1280x800+0+0,1280x800+1280+0"}
	split := exec.Command("sh", "-c", "xrandr --setmonitor kiosk 1280/339x800/212+0+0 none && xrandr --setmonitor projector 1280/339x800/212+1280+0 none && xrandr --listmonitors")
	split.Env = append(os.Environ(), "DISPLAY="+display)
	if out, err := split.CombinedOutput(); err == nil && strings.HasPrefix(string(out), "Monitors: 2") {
		args = nil // xrandr reports both
	} else {
		t.Logf("this Xvfb keeps no --setmonitor monitors (%s): the screens are given with --monitors", strings.TrimSpace(string(out)))
	}
	k := &realKiosk{t: t, display: display, mapFile: filepath.Join(dir, "buttons.json")}
	kiosk := exec.Command(bin, append([]string{"--db", filepath.Join(dir, "kiosk.db"), "--screen", "presenter", "--button-map", k.mapFile}, args...)...)
	kiosk.Env = append(os.Environ(), "DISPLAY="+display, "LANG=en_US.UTF-8")
	if err := kiosk.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { kiosk.Process.Kill(); kiosk.Wait() }()
	for end := time.Now().Add(40 * time.Second); k.current().Screen == "" && time.Now().Before(end); {
		time.Sleep(300 * time.Millisecond) // the first start loads the sample content
	}
	k.wantScreen("presenter")

	want := map[string]string{
		ui.ProjectorTitle: "Position: 1280,0 (screen: 0) Geometry: 1280x800",
		"市南区社区微信联盟":       "Position: 0,0 (screen: 0) Geometry: 1280x800",
	}
	for title, w := range want {
		got := ""
		for end := time.Now().Add(20 * time.Second); time.Now().Before(end); time.Sleep(300 * time.Millisecond) {
			if got = geometry(display, title); strings.Contains(got, w) {
				break
			}
		}
		if !strings.Contains(got, w) {
			t.Errorf("window %q: %q, want %q", title, got, w)
		}
	}
	// The class's screen goes when the trainer leaves the presenter.
	k.press(ui.T("zh-Hans", "nav.back"))
	for end := time.Now().Add(10 * time.Second); geometry(display, ui.ProjectorTitle) != "" && time.Now().Before(end); {
		time.Sleep(300 * time.Millisecond)
	}
	if g := geometry(display, ui.ProjectorTitle); g != "" {
		t.Errorf("the presenter's window is still there after 返回: %s", g)
	}
}
