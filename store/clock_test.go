package store_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/internal/testutil"
	"github.com/shinan-alliance/alliance/store"
)

func near(a, b time.Time) bool { return a.Sub(b).Abs() < time.Minute }

// The kiosk works in hub time once a sync has told it the hub's: a kiosk a
// year fast lists upcoming events again and keeps residents' records as
// long as it should; setting its clock right later changes nothing; and
// before any sync it has only its own clock.
func TestHubTime(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "kiosk.db")
	db, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.LocalNow = func() time.Time { return testNow }
	if _, err := db.ImportPack(ctx, testutil.SamplePack(t)); err != nil {
		t.Fatal(err)
	}
	evs, err := db.UpcomingEvents(ctx, "", 500)
	if err != nil || len(evs) == 0 {
		t.Fatalf("upcoming events on the right clock: %d, %v", len(evs), err)
	}
	// A sign-up the hub acknowledged, for the first event.
	s := alliance.SignUp{EventID: evs[0].ID, Name: "赵女士", Phone: "13800000001", PartySize: 1, ConsentVersion: "v1"}
	if err := db.SaveSignUp(ctx, &s); err != nil {
		t.Fatal(err)
	}
	if err := db.AckOutbox(ctx, s.Seq); err != nil {
		t.Fatal(err)
	}

	fast := testNow.AddDate(1, 0, 0)
	db.LocalNow = func() time.Time { return fast }
	if _, known := db.ClockSkew(); known {
		t.Error("a clock skew is known before any sync")
	}
	if !near(db.Now(), fast) {
		t.Errorf("before any sync Now is %v, want the local clock %v", db.Now(), fast)
	}
	if got, _ := db.UpcomingEvents(ctx, "", 500); len(got) != 0 {
		t.Fatalf("a year fast and never synced: %d upcoming events, want none (the local clock is all there is)", len(got))
	}

	if err := db.RecordHubTime(ctx, testNow); err != nil {
		t.Fatal(err)
	}
	if !near(db.Now(), testNow) {
		t.Errorf("after a sync Now is %v, want the hub's %v", db.Now(), testNow)
	}
	if got, _ := db.UpcomingEvents(ctx, "", 500); len(got) != len(evs) {
		t.Errorf("in hub time: %d upcoming events, want %d", len(got), len(evs))
	}
	if skew, known := db.ClockSkew(); !known || !near(testNow.Add(skew), fast) {
		t.Errorf("clock skew %v (known %v), want a year", skew, known)
	}
	if _, err := db.Retain(ctx, store.DefaultRetention); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SignUpByReceipt(ctx, s.Phone, s.Receipt); err != nil {
		t.Errorf("retention on a clock a year fast deleted a sign-up for an event still to come: %v", err)
	}

	// Staff set the clock right: Now does not move with it.
	db.LocalNow = func() time.Time { return testNow }
	if !near(db.Now(), testNow) {
		t.Errorf("after the clock was set right Now is %v, want %v", db.Now(), testNow)
	}
	if skew, _ := db.ClockSkew(); skew.Abs() > time.Minute {
		t.Errorf("clock skew %v after the clock was set right", skew)
	}

	// Another process (alliance-sync now) sees the same hub time.
	other, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	other.LocalNow = func() time.Time { return fast }
	if !near(other.Now(), testNow) {
		t.Errorf("another handle: Now %v, want %v", other.Now(), testNow)
	}

	// After a reboot the offset measured at the sync is what is left.
	defer store.SetBootIDForTest("another boot")()
	if !near(other.Now(), testNow) {
		t.Errorf("after a reboot, on the same wrong clock: Now %v, want %v", other.Now(), testNow)
	}
}

// A hub that sends no time changes nothing.
func TestRecordZeroHubTime(t *testing.T) {
	db := openDB(t, "")
	if err := db.RecordHubTime(context.Background(), time.Time{}); err != nil {
		t.Fatal(err)
	}
	if _, known := db.ClockSkew(); known {
		t.Error("a zero hub time was recorded")
	}
}
