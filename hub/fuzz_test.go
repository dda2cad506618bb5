package hub_test

import (
	"context"
	"testing"
	"time"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/hub"
	"github.com/shinan-alliance/alliance/wire"
)

// FuzzAccept pushes arbitrary records: whatever they hold, the hub never
// fails the push (no internal error, no closed session), and a valid record
// from the same kiosk right behind still goes through and is decided.
func FuzzAccept(f *testing.F) {
	for _, s := range []struct {
		kind    string
		id      string
		payload string
	}{
		{"signup", "", `{}`},
		{"signup", "0d5c3e4e-9f5a-4f7c-9a39-6a2f1c3b9e10", `{"id":"0d5c3e4e-9f5a-4f7c-9a39-6a2f1c3b9e10","event_id":"push-test","name":"王女士","phone":"13800001111","party_size":-30,"consent_version":"c1","created":"2026-11-30T02:00:00Z","receipt":"123456"}`},
		{"suggestion", "x", `{"id":"x"}`},
		{"learner_delete", "y", `{"id":"y","learner_id":[[[[[[[[[[[[]]]]]]]]]]]]}`},
		{"bogus", "z", `null`},
		{"progress", "p", `{"id":"p","progress":{"steps":[{"answers":[1,2,3]}]}}`},
		{"signup_cancel", "c", `{"id":"c","signup_id":"\u202e","at":"0001-01-01T00:00:00Z"}`},
	} {
		f.Add(s.kind, s.id, []byte(s.payload))
	}
	p := newPushHub(f)
	k := enrolledTB(f, p.db, "fuzz", "yanchenglu")
	seq := int64(0)
	f.Fuzz(func(t *testing.T, kind, id string, payload []byte) {
		ctx := context.Background()
		seq += 2
		good := signUp(p.event.ID, "13900002222", 1)
		good.Created = time.Now()
		recs := []wire.Record{{Seq: seq - 1, ID: id, Kind: alliance.Kind(kind), Payload: payload}, record(t, seq, good)}
		pushed, err := p.db.Accept(ctx, k, recs, hub.Quota{RecordsPerDay: 1 << 30, BytesPerDay: 1 << 40})
		if err != nil {
			t.Fatalf("the push failed: %v", err)
		}
		if pushed.Upto != seq {
			t.Fatalf("upto %d, want %d", pushed.Upto, seq)
		}
		for _, r := range pushed.Refused {
			if r.Seq == seq {
				t.Fatalf("the valid record behind was refused: %+v", r)
			}
		}
		counts, err := p.db.SignUpCounts(ctx, p.event.ID)
		if err != nil {
			t.Fatal(err)
		}
		if counts["confirmed"]+counts["waitlisted"]+counts["rejected"] == 0 {
			t.Fatalf("no decision on the valid sign-up: %v", counts)
		}
	})
}
