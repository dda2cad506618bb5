package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shinan-alliance/alliance/store"
	"github.com/shinan-alliance/alliance/ui"
)

// realKiosk is the kiosk program running under Xvfb, pressed with real
// X input events (xdotool): what a finger on a touchscreen sends.
type realKiosk struct {
	t       *testing.T
	display string
	mapFile string
}

type buttonMap struct {
	Screen  string          `json:"screen"`
	Buttons []ui.ButtonRect `json:"buttons"`
}

func (k *realKiosk) current() buttonMap {
	var m buttonMap
	b, err := os.ReadFile(k.mapFile)
	if err == nil {
		json.Unmarshal(b, &m)
	}
	return m
}

// press finds the button by its words on the screen shown, as a resident
// would, and clicks its centre with the X pointer; then waits past the
// kiosk's settle time.
func (k *realKiosk) press(label string) {
	k.t.Helper()
	// She looks before she presses: taps in the first ScreenSettle after a
	// screen is drawn are ignored. The kiosk rewrites its button map when
	// it draws, so wait until the map has been still that long (a busy
	// machine draws later than the click that asked for it).
	settle := ui.ScreenSettle + 200*time.Millisecond
	time.Sleep(settle)
	for end := time.Now().Add(10 * time.Second); time.Now().Before(end); time.Sleep(100 * time.Millisecond) {
		if fi, err := os.Stat(k.mapFile); err == nil && time.Since(fi.ModTime()) >= settle {
			break
		}
	}
	var m buttonMap
	for end := time.Now().Add(10 * time.Second); time.Now().Before(end); time.Sleep(200 * time.Millisecond) {
		m = k.current()
		for _, b := range m.Buttons {
			if b.Label == label {
				k.xdotool("mousemove", fmt.Sprint(b.X), fmt.Sprint(b.Y), "click", "1")
				time.Sleep(300 * time.Millisecond) // a redraw
				return
			}
		}
	}
	k.t.Fatalf("no button %q on screen %q: %v", label, m.Screen, m.Buttons)
}

func (k *realKiosk) xdotool(args ...string) {
	k.t.Helper()
	cmd := exec.Command("xdotool", args...)
	cmd.Env = append(os.Environ(), "DISPLAY="+k.display)
	if out, err := cmd.CombinedOutput(); err != nil {
		k.t.Fatalf("xdotool %v: %v %s", args, err, out)
	}
}

func (k *realKiosk) wantScreen(name string) {
	k.t.Helper()
	for end := time.Now().Add(5 * time.Second); time.Now().Before(end); time.Sleep(200 * time.Millisecond) {
		if k.current().Screen == name {
			return
		}
	}
	k.t.Fatalf("screen %q, want %q", k.current().Screen, name)
}

// TestRealInputAt1280x800 starts the real kiosk full screen on a
// 1280×800 X server and goes through a sign-up and a lesson with real
// pointer events: where the kiosk draws a button is where a press lands.
func TestRealInputAt1280x800(t *testing.T) {
	if testing.Short() {
		t.Skip("starts an X server: make test runs it on its own, after the rest")
	}
	for _, tool := range []string{"Xvfb", "xdotool"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed (make deps installs it)", tool)
		}
	}
	dir := t.TempDir()
	bin := kioskBinary(t)
	display := fmt.Sprintf(":%d", 150+os.Getpid()%100)
	xvfb := exec.Command("Xvfb", display, "-screen", "0", "1280x800x24", "-nolisten", "tcp")
	if err := xvfb.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { xvfb.Process.Kill(); xvfb.Wait() }()
	time.Sleep(time.Second)
	k := &realKiosk{t: t, display: display, mapFile: filepath.Join(dir, "buttons.json")}
	dbPath := filepath.Join(dir, "kiosk.db")
	kiosk := exec.Command(bin, "--db", dbPath, "--screen", "event", "--button-map", k.mapFile)
	kiosk.Env = append(os.Environ(), "DISPLAY="+display, "LANG=en_US.UTF-8")
	if err := kiosk.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { kiosk.Process.Kill(); kiosk.Wait() }()
	k.wantScreen("event")
	tr := func(key string) string { return ui.T("zh-Hans", key) }

	// A sign-up, every press a real click.
	k.press(tr("event.signup"))
	k.wantScreen("signup")
	k.press(tr("form.next")) // nothing chosen: she is told, and stays
	k.press(tr("name.other"))
	k.press("H")
	k.press("侯")
	k.press(tr("form.next"))
	k.press("女士")
	k.press(tr("form.next"))
	for _, d := range "13912345678" {
		k.press(string(d))
	}
	k.press(tr("form.next"))
	k.press("2")
	k.press(tr("form.next"))
	k.press(tr("consent.agree"))
	k.press(tr("form.send"))
	k.wantScreen("receipt")
	db, err := store.Open(dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	items, err := db.PendingOutbox(context.Background(), 10)
	if err != nil || len(items) != 1 || !strings.Contains(string(items[0].Payload), "侯女士") || !strings.Contains(string(items[0].Payload), "13912345678") {
		t.Fatalf("the sign-up made by real clicks: %v, %d records", err, len(items))
	}

	// A lesson: home, 学用手机, the first lesson, two steps on and back.
	k.press(tr("nav.home"))
	k.wantScreen("home")
	k.press(tr("tile.lessons"))
	k.wantScreen("lessons")
	c, err := ui.DefaultCurriculum()
	if err != nil {
		t.Fatal(err)
	}
	k.press(c.Lessons[0].Title.In("zh-Hans"))
	time.Sleep(time.Second)
	if k.current().Screen == "phone-pick" { // which phone she has: she does not know
		k.press(tr("phone.unknown"))
		time.Sleep(time.Second)
	}
	first := k.current().Screen
	if !strings.HasPrefix(first, "lesson-") {
		t.Fatalf("the first lesson did not open: %q %v", first, k.current().Buttons)
	}
	k.press(tr("lesson.next"))
	k.press(tr("lesson.prev")) // where 上一步 always is: far left
	k.wantScreen(first)
}

var built struct {
	once sync.Once
	path string
	err  error
	out  []byte
}

// TestMain removes the kiosk program the X-server tests built.
func TestMain(m *testing.M) {
	code := m.Run()
	if built.path != "" {
		os.RemoveAll(filepath.Dir(built.path))
	}
	os.Exit(code)
}

// kioskBinary builds the kiosk program once for the tests that run it
// under a real X server.
func kioskBinary(t *testing.T) string {
	t.Helper()
	built.once.Do(func() {
		dir, err := os.MkdirTemp("", "kiosk-bin-")
		if err != nil {
			built.err = err
			return
		}
		built.path = filepath.Join(dir, "kiosk")
		built.out, built.err = exec.Command("go", "build", "-tags", "sqlite_fts5", "-o", built.path, ".").CombinedOutput()
	})
	if built.err != nil {
		t.Fatalf("build: %v\n%s", built.err, built.out)
	}
	return built.path
}
