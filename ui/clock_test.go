package ui_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/internal/staffpin"
	"github.com/shinan-alliance/alliance/store"
	"github.com/shinan-alliance/alliance/ui"
)

// Three wrong PINs cost nothing, as the policy says; the fourth locks.
func TestThreeFreePINTries(t *testing.T) {
	k := newKiosk(t)
	if _, err := staffpin.Ensure(context.Background(), k.DB); err != nil {
		t.Fatal(err)
	}
	if err := k.ChangePIN("246810"); err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		if _, err := k.CheckPIN("000000"); !errors.Is(err, staffpin.ErrWrong) {
			t.Fatalf("wrong PIN %d: got %v", i+1, err)
		}
	}
	if _, err := k.CheckPIN("246810"); err != nil {
		t.Fatalf("the right PIN after three wrong ones: got %v, want it to open", err)
	}
	for range 4 {
		k.CheckPIN("000000")
	}
	if _, err := k.CheckPIN("246810"); !errors.Is(err, staffpin.ErrLocked) {
		t.Fatalf("after four wrong PINs: got %v, want ErrPINLocked", err)
	}
}

// A lockout taken while the clock was a year fast ends at most an hour
// after the clock is put right, not 8,760 hours later.
func TestPINLockoutFromAFastClockIsCapped(t *testing.T) {
	k := newKiosk(t)
	if _, err := staffpin.Ensure(context.Background(), k.DB); err != nil {
		t.Fatal(err)
	}
	if err := k.ChangePIN("246810"); err != nil {
		t.Fatal(err)
	}
	right := k.now
	k.now = right.AddDate(1, 0, 0)
	for range 6 {
		k.CheckPIN("000000")
	}
	k.now = right // the clock is corrected
	if _, err := k.CheckPIN("246810"); !errors.Is(err, staffpin.ErrLocked) {
		t.Fatalf("right after the correction: got %v, want still locked", err)
	}
	k.now = right.Add(time.Hour + time.Second)
	if _, err := k.CheckPIN("246810"); err != nil {
		t.Fatalf("an hour after the correction: got %v, want the panel to open", err)
	}
}

// endedEvent adds an event of the home community that ended an hour ago
// (by the real clock), with no sign-up window of its own.
func endedEvent(t *testing.T, k *kiosk) alliance.Event {
	t.Helper()
	now := time.Now().In(alliance.Location)
	e := alliance.Event{ID: "ended-yesterday", Community: "yanchenglu", Title: "昨天的太极拳", Place: "社区广场",
		Starts: now.Add(-3 * time.Hour), Ends: now.Add(-time.Hour), Capacity: 20, Status: alliance.EventOpen}
	if err := k.DB.ApplyChanges(context.Background(), []store.Change{{Kind: alliance.KindEvent, ID: e.ID, Content: e}}, 1, false, false); err != nil {
		t.Fatal(err)
	}
	return e
}

// A kiosk whose clock is a year slow offered sign-up for an event that had
// ended. Once a sync has told it the hub's time it works in that time.
func TestKioskWorksInHubTime(t *testing.T) {
	k := newKiosk(t)
	if err := k.DB.SetSetting(context.Background(), store.SettingHomeCommunity, "yanchenglu"); err != nil {
		t.Fatal(err)
	}
	k.App = ui.New(k.DB, k.Window, nil) // the default clock: the store's
	e := endedEvent(t, k)
	k.DB.LocalNow = func() time.Time { return time.Now().AddDate(-1, 0, 0) }

	listed := func() bool {
		evs, err := k.DB.UpcomingEvents(context.Background(), "", 500)
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range evs {
			if x.ID == e.ID {
				return true
			}
		}
		return false
	}
	if !listed() {
		t.Fatal("before any sync the kiosk has only its own clock: the ended event should still look upcoming")
	}
	hasSignUp := func() bool {
		k.ShowHome()
		k.OpenEventForTest(e.ID)
		k.wantScreen("event")
		return strings.Contains(k.texts(), k.tr("event.signup"))
	}
	if !hasSignUp() {
		t.Fatal("before any sync, on its own clock a year slow, the kiosk should offer sign-up")
	}
	if err := k.DB.RecordHubTime(context.Background(), time.Now()); err != nil {
		t.Fatal(err)
	}
	if listed() {
		t.Error("in hub time the event has ended, but it is still listed as upcoming")
	}
	if hasSignUp() {
		t.Error("in hub time the event has ended, but the kiosk offers sign-up for it")
	}
	k.ShowHome()
	k.tap(k.tr("tile.events"))
	if strings.Contains(k.texts(), e.Title) {
		t.Errorf("the events screen lists the ended event: %s", k.texts())
	}
	if err := k.Open("staff"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(k.texts(), "比中心慢了36") {
		t.Errorf("the staff panel does not warn about a clock a year slow: %s", k.texts())
	}
	// Staff set the clock right: the warning goes at once.
	k.DB.LocalNow = time.Now
	k.Open("staff")
	if strings.Contains(k.texts(), "比中心慢了") || strings.Contains(k.texts(), "比中心快了") {
		t.Errorf("the warning stays after the clock was set right: %s", k.texts())
	}
}
