package main

import (
	"context"
	"testing"
	"time"

	"github.com/shinan-alliance/alliance/internal/testutil"
)

// A sync tells the kiosk the hub's time (the welcome carries it): a kiosk
// a year fast then works in the hub's time and knows how far off it is.
func TestSyncBringsHubTime(t *testing.T) {
	ctx := context.Background()
	srv := testutil.StartHub(t)
	h := srv.DB
	p := testutil.TinyPack(t)
	testutil.Import(t, h, p)
	db := testutil.OpenKiosk(t)
	fast := func() time.Time { return time.Now().AddDate(1, 0, 0) }
	db.LocalNow = fast

	s := newSyncer(db, "0 2 * * *")
	code, _ := h.Enroll(ctx, "fast-clock", "yanchenglu")
	if err := s.Join(ctx, srv.URL, code); err != nil {
		t.Fatal(err)
	}
	if err := s.SyncNow(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if d := time.Until(db.Now()).Abs(); d > time.Minute {
		t.Errorf("after a sync the kiosk's time is %v off the hub's", d)
	}
	skew, known := db.ClockSkew()
	if !known || (skew-time.Until(fast())).Abs() > time.Minute {
		t.Errorf("clock skew %v (known %v), want a year", skew, known)
	}
	if evs, err := db.UpcomingEvents(ctx, "", 10); err != nil || len(evs) == 0 {
		t.Errorf("upcoming events after the sync: %d, %v", len(evs), err)
	}
}
