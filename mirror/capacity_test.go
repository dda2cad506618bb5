package mirror_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/internal/testutil"
	"github.com/shinan-alliance/alliance/mirror"
	"github.com/shinan-alliance/alliance/store"
)

// Five kiosks, offline, sign up 30 residents for a 20-place class, then sync
// in random order: the hub confirms exactly 20 and waitlists 10, and every
// kiosk shows its own residents' true status. One cancellation promotes
// exactly one resident from the waitlist.
func TestCapacityAcrossKiosks(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for seed := uint64(1); seed <= 3; seed++ {
		t.Run(fmt.Sprintf("seed %d", seed), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(seed, 99))
			h := testutil.StartHub(t)
			p := testutil.SamplePack(t)
			p.Events = append(p.Events, alliance.Event{
				ID: "class-20", Community: "yanchenglu", Title: "学用智能手机：视频通话", Capacity: 20, Waitlist: true,
				Status: alliance.EventOpen, Starts: time.Now().Add(72 * time.Hour), Ends: time.Now().Add(74 * time.Hour),
			})
			testutil.Import(t, h.DB, p)

			type kiosk struct {
				db *store.DB
				c  *mirror.Client
				s  []alliance.SignUp
			}
			ks := make([]*kiosk, 5)
			for i := range ks {
				db := testutil.SampleKiosk(t)
				k := &kiosk{db: db, c: h.Join(t, db, fmt.Sprintf("kiosk-%d", i))}
				mustSync(t, k.c)
				ks[i] = k
			}
			for n := range 30 {
				k := ks[rng.IntN(len(ks))]
				s := alliance.SignUp{EventID: "class-20", Name: "李女士", Phone: fmt.Sprintf("1380000%04d", n), PartySize: 1, ConsentVersion: "v1", KioskID: k.c.KioskID}
				if err := k.db.SaveSignUp(ctx, &s); err != nil {
					t.Fatal(err)
				}
				k.s = append(k.s, s)
			}
			for _, i := range rng.Perm(len(ks)) {
				mustSync(t, ks[i].c)
			}
			for _, k := range ks {
				mustSync(t, k.c) // decisions made after this kiosk's sync
			}
			counts, _ := h.DB.SignUpCounts(ctx, "class-20")
			if counts["confirmed"] != 20 || counts["waitlisted"] != 10 {
				t.Fatalf("hub: got %v, want 20 confirmed and 10 waitlisted", counts)
			}
			local := map[alliance.SignUpStatus]int{}
			var confirmed *kiosk
			var confirmedS alliance.SignUp
			for _, k := range ks {
				for _, s := range k.s {
					got, err := k.db.SignUpByReceipt(ctx, s.Phone, s.Receipt)
					if err != nil {
						t.Fatal(err)
					}
					local[got.Status]++
					if got.Status == alliance.SignUpConfirmed && confirmed == nil {
						confirmed, confirmedS = k, got
					}
				}
			}
			if local[alliance.SignUpConfirmed] != 20 || local[alliance.SignUpWaitlisted] != 10 {
				t.Errorf("kiosks show %v, want 20 confirmed and 10 waitlisted", local)
			}
			ev, _ := ks[0].db.Event(ctx, "class-20")
			if ev.Taken != 20 || ev.PlacesLeft() != 0 {
				t.Errorf("kiosk shows %d taken, %d left; want 20 and 0", ev.Taken, ev.PlacesLeft())
			}

			if _, err := confirmed.db.CancelSignUp(ctx, confirmedS.Phone, confirmedS.Receipt); err != nil {
				t.Fatal(err)
			}
			mustSync(t, confirmed.c)
			counts, _ = h.DB.SignUpCounts(ctx, "class-20")
			if counts["confirmed"] != 20 || counts["waitlisted"] != 9 || counts["cancelled"] != 1 {
				t.Errorf("after one cancellation: got %v, want 20 confirmed, 9 waitlisted, 1 cancelled", counts)
			}
			clear(local)
			for _, k := range ks {
				mustSync(t, k.c)
				for _, s := range k.s {
					got, _ := k.db.SignUpByReceipt(ctx, s.Phone, s.Receipt)
					local[got.Status]++
				}
			}
			if local[alliance.SignUpConfirmed] != 20 || local[alliance.SignUpWaitlisted] != 9 || local[alliance.SignUpCancelled] != 1 {
				t.Errorf("kiosks show %v after the cancellation, want 20 confirmed, 9 waitlisted, 1 cancelled", local)
			}
		})
	}
}
