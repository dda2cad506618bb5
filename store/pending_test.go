package store_test

import (
	"context"
	"testing"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/internal/testutil"
)

// PendingPlaces counts the people of undecided sign-ups per event: not
// the cancelled ones, not the decided ones.
func TestPendingPlaces(t *testing.T) {
	ctx := context.Background()
	db := testutil.OpenKiosk(t)
	testutil.Import(t, db, testutil.SamplePack(t))
	evs, err := db.UpcomingEvents(ctx, "", 2)
	if err != nil || len(evs) < 2 {
		t.Fatalf("events: %v %v", evs, err)
	}
	save := func(event, phone string, party int) *alliance.SignUp {
		s := &alliance.SignUp{EventID: event, Name: "王女士", Phone: phone, PartySize: party, ConsentVersion: "1"}
		if err := db.SaveSignUp(ctx, s); err != nil {
			t.Fatal(err)
		}
		return s
	}
	save(evs[0].ID, "13800000001", 3)
	save(evs[0].ID, "13800000002", 2)
	c := save(evs[0].ID, "13800000003", 4)
	if _, err := db.CancelSignUp(ctx, c.Phone, c.Receipt); err != nil {
		t.Fatal(err)
	}
	save(evs[1].ID, "13800000001", 1)
	got, err := db.PendingPlaces(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got[evs[0].ID] != 5 || got[evs[1].ID] != 1 || len(got) != 2 {
		t.Errorf("pending places: got %v, want 5 for %s and 1 for %s", got, evs[0].ID, evs[1].ID)
	}
}
