package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/store"
)

func TestKioskRetention(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := sampleDB(t)
	evs, _ := db.UpcomingEvents(ctx, "", 100)
	var ev alliance.Event
	for _, e := range evs {
		if e.Status == alliance.EventOpen {
			ev = e
			break
		}
	}
	save := func(phone string) alliance.SignUp {
		s := alliance.SignUp{EventID: ev.ID, Name: "赵女士", Phone: phone, PartySize: 1, ConsentVersion: "v1"}
		if err := db.SaveSignUp(ctx, &s); err != nil {
			t.Fatal(err)
		}
		return s
	}
	acked := save("13800000001")
	if err := db.AckOutbox(ctx, acked.Seq); err != nil {
		t.Fatal(err)
	}
	pending := save("13800000002")

	// Long after the event: the acknowledged sign-up goes; the one the hub
	// never received stays, whatever its age.
	db.Now = func() time.Time { return ev.Ends.Add(store.DefaultRetention + time.Hour) }
	if _, err := db.Retain(ctx, store.DefaultRetention); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SignUpByReceipt(ctx, acked.Phone, acked.Receipt); !errors.Is(err, alliance.ErrNotFound) {
		t.Errorf("acknowledged sign-up past retention: got %v, want it deleted", err)
	}
	if _, err := db.SignUpByReceipt(ctx, pending.Phone, pending.Receipt); err != nil {
		t.Errorf("unacknowledged sign-up was deleted: %v", err)
	}
	if out, _ := db.PendingOutbox(ctx, 10); len(out) != 1 || out[0].ID != pending.ID {
		t.Errorf("pending outbox: got %+v, want the unacknowledged sign-up", out)
	}
}
