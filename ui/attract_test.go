package ui_test

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/ui"
)

// A resident's language and 大字 last until the idle reset; the next person
// starts in the kiosk's defaults, which staff set and which survive a
// restart.
func TestNextPersonStartsInTheDefaults(t *testing.T) {
	path := filepath.Join(t.TempDir(), "kiosk.db")
	k := newKioskAt(t, path)
	k.SetDefaults(alliance.Hant, false)
	if err := k.Open("events"); err != nil {
		t.Fatal(err)
	}
	k.SetLang(alliance.English)
	k.SetLargeText(true)
	if k.Lang() != alliance.English || !k.LargeText() {
		t.Fatal("the resident's switches did not take")
	}
	k.now = k.now.Add(k.IdleTimeout())
	k.CheckIdle(k.now)
	k.now = k.now.Add(ui.IdleWarning)
	k.CheckIdle(k.now)
	k.wantScreen("home")
	if got := k.Lang(); got != alliance.Hant {
		t.Errorf("language after the idle reset: got %s, want the default %s", got, alliance.Hant)
	}
	if k.LargeText() {
		t.Error("大字 stayed on for the next person")
	}
	again := newKioskAt(t, path)
	if got := again.Lang(); got != alliance.Hant {
		t.Errorf("default language after a restart: got %s, want %s", got, alliance.Hant)
	}
}

// Home left untouched for a while invites the next person; a tap starts.
func TestAttractScreen(t *testing.T) {
	k := newKiosk(t)
	k.now = k.now.Add(ui.AttractAfter - 1)
	k.CheckIdle(k.now)
	if k.Attracting() {
		t.Fatal("invitation shown too early")
	}
	k.now = k.now.Add(2)
	k.CheckIdle(k.now)
	if !k.Attracting() || !strings.Contains(k.texts(), k.tr("attract.touch")) {
		t.Fatalf("no invitation after %v at home: %s", ui.AttractAfter, k.texts())
	}
	k.tap(k.tr("attract.touch"))
	if k.Attracting() {
		t.Error("the invitation stayed after a tap")
	}
	k.wantScreen("home")
}

// The invitation goes at a tap anywhere on it, not only on its button,
// and that tap opens nothing on home under it.
func TestAttractClosesOnAnyTap(t *testing.T) {
	for _, at := range []fyne.Position{{X: 3, Y: 3}, {X: 1900, Y: 1060}, {X: 960, Y: 100}} {
		t.Run(fmt.Sprint(at), func(t *testing.T) {
			k := newKiosk(t)
			k.now = k.now.Add(ui.AttractAfter + time.Second)
			k.CheckIdle(k.now)
			if !k.Attracting() {
				t.Fatal("no invitation")
			}
			k.now = k.now.Add(time.Second)
			test.TapCanvas(k.Window.Canvas(), at)
			if k.Attracting() {
				t.Fatalf("the invitation stayed after a tap at %v", at)
			}
			k.wantScreen("home")
		})
	}
}

// The idle warning is cancelled by a tap anywhere on it, and any touch on
// a screen, a scroll included, counts as activity.
func TestIdleWarningAndActivity(t *testing.T) {
	if ui.DefaultIdle != 180*time.Second || ui.IdleWarning != 30*time.Second {
		t.Errorf("idle %v with a %v countdown, want 180 s and 30 s", ui.DefaultIdle, ui.IdleWarning)
	}
	for _, name := range []string{"signup-phone", "suggest-words", "lesson-practice", "reader"} {
		t.Run(name, func(t *testing.T) {
			k := newKiosk(t)
			if err := k.EnableLessons(nil); err != nil {
				t.Fatal(err)
			}
			if err := k.Open(name); err != nil {
				t.Fatal(err)
			}
			k.Touch()
			shown := k.Current()
			if k.IdleTimeout() != ui.DefaultIdle {
				t.Fatalf("idle time %v, want %v", k.IdleTimeout(), ui.DefaultIdle)
			}
			k.now = k.now.Add(ui.DefaultIdle - time.Second)
			k.CheckIdle(k.now)
			if k.Warning() {
				t.Fatal("warned before the idle time")
			}
			k.now = k.now.Add(2 * time.Second)
			k.CheckIdle(k.now)
			if !k.Warning() || !shows(k, ui.T(k.Lang(), "idle.left", 30)) {
				t.Fatalf("no 30 s countdown after the idle time: %s", k.texts())
			}
			k.now = k.now.Add(10 * time.Second)
			k.CheckIdle(k.now)
			if !shows(k, ui.T(k.Lang(), "idle.left", 20)) {
				t.Errorf("countdown after 10 s: %s", k.texts())
			}
			test.TapCanvas(k.Window.Canvas(), fyne.NewPos(4, 4)) // the corner, far from 我还在
			if k.Warning() {
				t.Fatal("a tap on the warning's corner did not cancel it")
			}
			k.wantScreen(shown)
			// Scrolling is using the kiosk too (where there is something to
			// scroll: the reader's notice).
			var sc *container.Scroll
			walk(k.content(), func(o fyne.CanvasObject) bool {
				if s, ok := o.(*container.Scroll); ok && sc == nil && s.Content.MinSize().Height > s.Size().Height {
					sc = s
				}
				return true
			})
			if sc == nil {
				return
			}
			k.now = k.now.Add(ui.DefaultIdle - time.Second)
			sc.Scrolled(&fyne.ScrollEvent{Scrolled: fyne.NewDelta(0, -40)})
			k.now = k.now.Add(2 * time.Second)
			k.CheckIdle(k.now)
			if k.Warning() {
				t.Error("warned although she was scrolling a moment ago")
			}
		})
	}
}

// shows reports whether the screen shows s, wrapped over lines or not.
func shows(k *kiosk, s string) bool {
	flat := strings.NewReplacer("|", "", " ", "").Replace
	return strings.Contains(flat(k.texts()), flat(s))
}
