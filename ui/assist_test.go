package ui_test

import (
	"context"
	"strings"
	"testing"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/internal/staffpin"
	"github.com/shinan-alliance/alliance/ui"
)

// lastOutbox is the newest record waiting to upload, as its JSON.
func lastOutbox(t *testing.T, k *kiosk) (alliance.Kind, string) {
	t.Helper()
	items, err := k.DB.PendingOutbox(context.Background(), 100)
	if err != nil || len(items) == 0 {
		t.Fatalf("outbox: %v %v", items, err)
	}
	it := items[len(items)-1]
	return it.Kind, string(it.Payload)
}

// Staff open assisted mode with their PIN and their name; the banner is on
// every screen while it lasts; the records made then name them; 首页 and
// the idle reset end it, and what a resident then makes alone names no one.
func TestAssistedMode(t *testing.T) {
	k := newKiosk(t)
	if _, err := staffpin.Ensure(context.Background(), k.DB); err != nil {
		t.Fatal(err)
	}
	if err := k.ChangePIN("246810"); err != nil {
		t.Fatal(err)
	}
	k.tap(k.tr("staff.corner"))
	k.key("246810")
	k.tap(k.tr("staff.enter"))
	k.wantScreen("staff")
	k.tap(k.tr("assist.start"))
	if !k.InputOpen() {
		t.Fatalf("协助居民填表 asks no name: %s", k.texts())
	}
	k.tap(k.tr("input.pinyin"), "w", "a", "n", "g", "王", k.tr("input.done"))
	k.wantScreen("assist")
	banner := ui.T(k.Lang(), "assist.banner", "王")
	if k.AssistedBy() != "王" || !strings.Contains(k.texts(), banner) {
		t.Fatalf("assisted mode: by %q, banner %q missing: %s", k.AssistedBy(), banner, k.texts())
	}

	// A suggestion filled for her names who assisted.
	k.tap(strings.Split(k.tr("tile.suggest"), "\n")[0])
	if !strings.Contains(k.texts(), banner) {
		t.Errorf("the form has no banner: %s", k.texts())
	}
	k.tap(k.tr("form.next"), k.tr("cat.elderly"), k.tr("form.next"), k.tr("phrase.1"), k.tr("form.next"),
		k.tr("form.next"), k.tr("form.next"), k.tr("form.next"), k.tr("consent.agree"), k.tr("form.send"))
	k.wantScreen("receipt")
	if kind, payload := lastOutbox(t, k); kind != alliance.KindSuggestion || !strings.Contains(payload, `"assisted_by":"王"`) {
		t.Errorf("assisted suggestion: %s %s", kind, payload)
	}
	// The receipt's 首页 ends it.
	k.tap(k.tr("nav.home"))
	if k.AssistedBy() != "" || strings.Contains(k.texts(), banner) {
		t.Fatalf("assisted mode outlived 首页: by %q: %s", k.AssistedBy(), k.texts())
	}

	// A sign-up: assisted, then the idle reset ends the mode mid-form.
	k.StartAssisted("李明")
	e := openEvent(t, k)
	k.tap(k.tr("event.signup"), "王", k.tr("form.next"), "女士", k.tr("form.next"))
	k.key("13800001111")
	k.tap(k.tr("form.next"), "2", k.tr("form.next"), k.tr("consent.agree"), k.tr("form.send"))
	if kind, payload := lastOutbox(t, k); kind != alliance.KindSignUp || !strings.Contains(payload, `"assisted_by":"李明"`) {
		t.Errorf("assisted sign-up: %s %s", kind, payload)
	}
	k.StartAssisted("李明")
	k.OpenEventForTest(e.ID)
	k.tap(k.tr("event.signup"))
	k.now = k.now.Add(k.IdleTimeout())
	k.CheckIdle(k.now)
	k.now = k.now.Add(ui.IdleWarning)
	k.CheckIdle(k.now)
	k.wantScreen("home")
	if k.AssistedBy() != "" {
		t.Fatalf("assisted mode outlived the idle reset")
	}
	// Alone again: her sign-up names no one.
	k.OpenEventForTest(e.ID)
	k.tap(k.tr("event.signup"), "张", k.tr("form.next"), "先生", k.tr("form.next"))
	k.key("13800002222")
	k.tap(k.tr("form.next"), "1", k.tr("form.next"), k.tr("consent.agree"), k.tr("form.send"))
	if kind, payload := lastOutbox(t, k); kind != alliance.KindSignUp || strings.Contains(payload, "assisted_by") {
		t.Errorf("a sign-up made alone: %s %s", kind, payload)
	}
}

// A call-back request made in assisted mode names who assisted.
func TestAssistedCallback(t *testing.T) {
	k := newKiosk(t)
	if err := k.Open("phone"); err != nil {
		t.Fatal(err)
	}
	k.StartAssisted("王丽")
	if err := k.Open("callback"); err != nil { // Open starts at home, which ends it: start again over the screen
		t.Fatal(err)
	}
	if k.AssistedBy() != "" {
		t.Fatal("Open kept assisted mode")
	}
	k.StartAssisted("王丽")
	k.tap(strings.Split(k.tr("tile.services"), "\n")[0])
	d, err := k.DB.Directory(context.Background(), "community", "")
	if err != nil || len(d) == 0 {
		t.Fatal("no phone number", err)
	}
	k.tap(d[0].Name, k.tr("phone.callback"))
	k.key("13712345678")
	k.tap(k.tr("consent.agree"), k.tr("form.send"))
	k.wantScreen("receipt")
	if kind, payload := lastOutbox(t, k); kind != alliance.KindCallback || !strings.Contains(payload, `"assisted_by":"王丽"`) {
		t.Errorf("assisted call-back: %s %s", kind, payload)
	}
}
