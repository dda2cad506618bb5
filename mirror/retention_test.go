package mirror_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/internal/testutil"
)

// Personal data is deleted on the hub after the retention period, and the
// deletion reaches the kiosk that collected it.
func TestRetentionReachesTheKiosk(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	h := testutil.StartHub(t)
	p := testutil.SamplePack(t)
	p.Events = append(p.Events, alliance.Event{ID: "soon", Community: "yanchenglu", Title: "健康讲座", Capacity: 30,
		Status: alliance.EventOpen, Starts: time.Now().Add(time.Hour), Ends: time.Now().Add(2 * time.Hour)})
	testutil.Import(t, h.DB, p)
	db := testutil.SampleKiosk(t)
	c := h.Join(t, db, "kiosk-r")
	mustSync(t, c)
	s := alliance.SignUp{EventID: "soon", Name: "刘先生", Phone: "13800001111", PartySize: 1, ConsentVersion: "v1"}
	if err := db.SaveSignUp(ctx, &s); err != nil {
		t.Fatal(err)
	}
	sg := alliance.Suggestion{Community: "yanchenglu", Category: "environment", Text: "楼道灯坏了", CallbackPhone: "13800001111", ConsentVersion: "v1"}
	if err := db.SaveSuggestion(ctx, &sg); err != nil {
		t.Fatal(err)
	}
	mustSync(t, c)
	if err := h.DB.Reply(ctx, sg.ID, "已修好", "居委会", alliance.SuggestionClosed); err != nil {
		t.Fatal(err)
	}

	// Not yet: the event has not ended 30 days ago.
	if st, _ := h.DB.Retain(ctx, 30*24*time.Hour); st.SignUps+st.Suggestions != 0 {
		t.Fatalf("deleted too early: %+v", st)
	}
	h.DB.Now = func() time.Time { return time.Now().Add(31 * 24 * time.Hour) }
	st, err := h.DB.Retain(ctx, 30*24*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if st.SignUps != 1 || st.Suggestions != 1 {
		t.Errorf("hub retention: got %+v, want 1 sign-up and 1 suggestion", st)
	}
	if n, _ := h.DB.RecordCount(ctx, c.KioskID); n != 0 {
		t.Errorf("hub still holds %d records of this kiosk", n)
	}
	mustSync(t, c)
	if _, err := db.SignUpByReceipt(ctx, s.Phone, s.Receipt); !errors.Is(err, alliance.ErrNotFound) {
		t.Errorf("kiosk still has the sign-up: %v", err)
	}
	if _, err := db.SuggestionByReceipt(ctx, sg.Receipt); !errors.Is(err, alliance.ErrNotFound) {
		t.Errorf("kiosk still has the suggestion: %v", err)
	}
}
