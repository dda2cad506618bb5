package ui_test

import (
	"path/filepath"
	"strings"
	"testing"

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
