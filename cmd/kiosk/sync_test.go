package main

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/internal/testutil"
	"github.com/shinan-alliance/alliance/ui"
)

// The staff panel's sync: join with a code, sync now with progress, the
// status it shows, and a new hour for the nightly run.
func TestSyncerForTheStaffPanel(t *testing.T) {
	ctx := context.Background()
	srv := testutil.StartHub(t)
	h := srv.DB
	p := testutil.TinyPack(t)
	testutil.Import(t, h, p)
	db := testutil.OpenKiosk(t)

	s := newSyncer(db, "0 2 * * *")
	if st, _ := s.Status(ctx); st.Hub != "" || !st.LastSuccess.IsZero() {
		t.Errorf("before joining: %+v", st)
	}
	if err := s.SyncNow(ctx, nil); err == nil {
		t.Error("synced without having joined a hub")
	}
	code, _ := h.Enroll(ctx, "panel", "yanchenglu")
	if err := s.Join(ctx, srv.URL, code); err != nil {
		t.Fatal(err)
	}
	calls := 0
	if err := s.SyncNow(ctx, func(done, total int) { calls++ }); err != nil {
		t.Fatal(err)
	}
	st, err := s.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Hub != srv.URL || time.Since(st.LastSuccess) > time.Minute || st.LastError != "" || calls == 0 {
		t.Errorf("after a sync: %+v (progress calls %d)", st, calls)
	}
	if err := s.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer s.Stop()
	if err := s.Restart(ctx, "0 4 * * *"); err != nil {
		t.Fatal(err)
	}
	st, _ = s.Status(ctx)
	if got := st.NextRun.In(alliance.Location).Hour(); got != 4 {
		t.Errorf("next run at %d:00 after choosing 04:00", got)
	}
	if err := s.Restart(ctx, "not a schedule"); err == nil {
		t.Error("accepted a bad schedule")
	}
}

// A failed join carries the kind of failure the staff panel words it by.
func TestJoinErrorsAreClassified(t *testing.T) {
	ctx := context.Background()
	srv := testutil.StartHub(t)
	db := testutil.OpenKiosk(t)
	s := &syncer{db: db}
	for _, tc := range []struct {
		hub  string
		want error
	}{
		{srv.URL, ui.ErrHubRefusedCode},                // a code the hub never gave
		{"http://192.0.2.10:8443", ui.ErrHubPlainHTTP}, // plain http to another machine
		{"http://127.0.0.1:1", ui.ErrHubUnreachable},   // nothing listening
	} {
		if err := s.Join(ctx, tc.hub, "ACDE-FGH3"); !errors.Is(err, tc.want) {
			t.Errorf("join %s: %v, want %v", tc.hub, err, tc.want)
		}
	}
}
