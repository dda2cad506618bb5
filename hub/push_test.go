package hub_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/hub"
	"github.com/shinan-alliance/alliance/internal/testutil"
	"github.com/shinan-alliance/alliance/wire"
)

// pushHub is a hub with the sample content and an open event with room.
type pushHub struct {
	db    *hub.DB
	event alliance.Event
}

func newPushHub(t testing.TB) *pushHub {
	t.Helper()
	ctx := context.Background()
	db := testutil.OpenHub(t)
	if _, err := db.ImportPack(ctx, testutil.SamplePack(t)); err != nil {
		t.Fatal(err)
	}
	starts := time.Now().Add(72 * time.Hour).Truncate(time.Second)
	e := alliance.Event{ID: "push-test", Community: "yanchenglu", Title: "包饺子", Starts: starts, Ends: starts.Add(2 * time.Hour),
		Capacity: 100, Waitlist: true, Status: alliance.EventOpen}
	if _, err := db.Publish(ctx, "console", e); err != nil {
		t.Fatal(err)
	}
	return &pushHub{db: db, event: e}
}

func (p *pushHub) accept(t *testing.T, kiosk string, recs ...wire.Record) wire.Pushed {
	t.Helper()
	pushed, err := p.db.Accept(context.Background(), kiosk, recs, hub.Quota{})
	if err != nil {
		t.Fatalf("accept: %v (a push never makes the hub fail)", err)
	}
	return pushed
}

func raw(seq int64, id string, kind alliance.Kind, payload string) wire.Record {
	return wire.Record{Seq: seq, ID: id, Kind: kind, Payload: json.RawMessage(payload)}
}

func nested(depth int) string {
	return `{"id":"x","deep":` + strings.Repeat("[", depth) + strings.Repeat("]", depth) + `}`
}

// TestOneBadRecordIsRefusedAlone: each malformed record is refused with a
// reason, and the valid record pushed after it in the same push is taken
// and decided.
func TestOneBadRecordIsRefusedAlone(t *testing.T) {
	t.Parallel()
	p := newPushHub(t)
	k := enrolled(t, p.db, "k1", "yanchenglu")
	dup := uuid.NewString()
	for _, tc := range []struct {
		name   string
		bad    wire.Record
		reason alliance.Reason
	}{
		{"empty sign-up", raw(1, uuid.NewString(), alliance.KindSignUp, `{}`), alliance.ReasonMalformed},
		{"sign-up naming its own status", raw(1, dup, alliance.KindSignUp, mustJSON(t, signUp(p.event.ID, "13800001111", 1), `"status":"cancelled",`)), alliance.ReasonMalformed},
		{"suggestion without id", raw(1, uuid.NewString(), alliance.KindSuggestion, `{"community":"yanchenglu","category":"other","text":"路灯坏了","created":"2026-11-30T02:00:00Z","receipt":"123456"}`), alliance.ReasonMalformed},
		{"unknown kind", raw(1, uuid.NewString(), "bogus", `{"id":"x"}`), alliance.ReasonUnknownKind},
		{"party of -30", withID(raw(1, "", alliance.KindSignUp, mustJSON(t, party(signUp(p.event.ID, "13800001111", 1), -30), ""))), alliance.ReasonMalformed},
		{"party near the int64 limit", withID(raw(1, "", alliance.KindSignUp, mustJSON(t, party(signUp(p.event.ID, "13800001111", 1), 9223372036854775800), ""))), alliance.ReasonMalformed},
		{"nested 1,200 levels", raw(1, "x", alliance.KindLearner, nested(1200)), alliance.ReasonMalformed},
		{"id differs from the payload's", raw(1, uuid.NewString(), alliance.KindSuggestion, mustJSON(t, suggestion("yanchenglu"), "")), alliance.ReasonIDMismatch},
		{"too large", raw(1, uuid.NewString(), alliance.KindSuggestion, `{"text":"`+strings.Repeat("长", alliance.MaxRecordBytes)+`"}`), alliance.ReasonTooLarge},
		{"trailing data", withID(raw(1, "", alliance.KindSuggestion, mustJSON(t, suggestion("yanchenglu"), "")+` {}`)), alliance.ReasonMalformed},
		{"unknown community", withID(raw(1, "", alliance.KindSuggestion, mustJSON(t, suggestion("atlantis"), ""))), alliance.ReasonUnknownRef},
		{"cancel of a sign-up the hub never saw", withID(raw(1, "", alliance.KindSignUpCancel, mustJSON(t, &alliance.SignUpCancel{ID: uuid.NewString(), SignUpID: uuid.NewString(), At: time.Now()}, ""))), alliance.ReasonUnknownRef},
		{"check-in of an unknown learner", withID(raw(1, "", alliance.KindAttendance, mustJSON(t, &alliance.Attendance{ID: uuid.NewString(), SessionID: uuid.NewString(), LearnerID: uuid.NewString(), Present: true, At: time.Now()}, ""))), alliance.ReasonUnknownRef},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before, _ := p.db.SignUpCounts(context.Background(), p.event.ID)
			good := signUp(p.event.ID, "13900002222", 1)
			pushed := p.accept(t, k, tc.bad, record(t, 2, good))
			if pushed.Upto != 2 {
				t.Errorf("upto %d, want 2: both records are settled", pushed.Upto)
			}
			if len(pushed.Refused) != 1 || pushed.Refused[0].Seq != 1 || pushed.Refused[0].Reason != tc.reason {
				t.Fatalf("refused %+v, want record 1 for %s", pushed.Refused, tc.reason)
			}
			if strings.Contains(pushed.Refused[0].Message, "13800001111") {
				t.Errorf("the refusal repeats a phone number: %q", pushed.Refused[0].Message)
			}
			after, _ := p.db.SignUpCounts(context.Background(), p.event.ID)
			if after["confirmed"] != before["confirmed"]+1 {
				t.Errorf("the good sign-up behind the bad record was not confirmed: %v → %v", before, after)
			}
		})
	}
	t.Run("places taken stay sane", func(t *testing.T) {
		items, err := p.db.Content(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		e := items[alliance.KindEvent][p.event.ID].(alliance.Event)
		counts, _ := p.db.SignUpCounts(context.Background(), p.event.ID)
		if e.Taken != counts["confirmed"] || e.Taken < 0 || e.Taken > e.Capacity {
			t.Errorf("event publishes %d taken, with %d confirmed of %d places", e.Taken, counts["confirmed"], e.Capacity)
		}
	})
}

func withID(r wire.Record) wire.Record {
	var v struct {
		ID string `json:"id"`
	}
	json.Unmarshal(r.Payload, &v)
	r.ID = v.ID
	return r
}

func party(s *alliance.SignUp, n int) *alliance.SignUp {
	s.PartySize = n
	return s
}

// mustJSON encodes a record, with extra inserted after its opening brace.
func mustJSON(t *testing.T, v any, extra string) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return "{" + extra + string(b[1:])
}

// TestRecordIdentityIsTheUUID: a kiosk replaced and enrolled again under the
// same name starts its sequence at 1; its new records are new records.
func TestRecordIdentityIsTheUUID(t *testing.T) {
	t.Parallel()
	p := newPushHub(t)
	ctx := context.Background()
	k := enrolled(t, p.db, "yanchenglu-1", "yanchenglu")
	var first, second []wire.Record
	for i := range 10 {
		first = append(first, record(t, int64(i+1), suggestion("yanchenglu")))
		second = append(second, record(t, int64(i+1), suggestion("yanchenglu")))
	}
	p.accept(t, k, first...)
	again := enrolled(t, p.db, "yanchenglu-1", "yanchenglu") // the replacement
	if pushed := p.accept(t, again, second...); pushed.Upto != 10 || len(pushed.Refused) > 0 {
		t.Fatalf("replacement's push: %+v", pushed)
	}
	if n, _ := p.db.RecordCount(ctx, ""); n != 20 {
		t.Errorf("%d records stored, want all 20", n)
	}
	t.Run("same id, other content", func(t *testing.T) {
		var s alliance.Suggestion
		json.Unmarshal(first[0].Payload, &s)
		s.Text = "改过的内容"
		pushed := p.accept(t, again, record(t, 11, &s))
		if len(pushed.Refused) != 1 || pushed.Refused[0].Reason != alliance.ReasonConflict {
			t.Errorf("got %+v, want a conflict refusal", pushed)
		}
	})
	t.Run("same id, same content", func(t *testing.T) {
		pushed := p.accept(t, again, wire.Record{Seq: 12, ID: first[0].ID, Kind: first[0].Kind, Payload: first[0].Payload})
		if len(pushed.Refused) != 0 || pushed.Upto != 12 {
			t.Errorf("got %+v, want a duplicate acknowledged", pushed)
		}
	})
}

// TestCancelOnlyOwnSignUps: a kiosk may cancel only the sign-ups it took.
func TestCancelOnlyOwnSignUps(t *testing.T) {
	t.Parallel()
	p := newPushHub(t)
	a := enrolled(t, p.db, "a", "yanchenglu")
	b := enrolled(t, p.db, "b", "yanchenglu")
	s := signUp(p.event.ID, "13800003333", 2)
	p.accept(t, a, record(t, 1, s))
	pushed := p.accept(t, b, record(t, 1, &alliance.SignUpCancel{ID: uuid.NewString(), SignUpID: s.ID, At: time.Now()}))
	if len(pushed.Refused) != 1 || pushed.Refused[0].Reason != alliance.ReasonNotOwner {
		t.Fatalf("got %+v, want not_owner", pushed)
	}
	if c, _ := p.db.SignUpCounts(context.Background(), p.event.ID); c["confirmed"] != 1 {
		t.Errorf("counts %v: the sign-up was cancelled by another kiosk", c)
	}
	pushed = p.accept(t, a, record(t, 2, &alliance.SignUpCancel{ID: uuid.NewString(), SignUpID: s.ID, At: time.Now()}))
	if len(pushed.Refused) != 0 {
		t.Fatalf("own cancellation refused: %+v", pushed)
	}
	if c, _ := p.db.SignUpCounts(context.Background(), p.event.ID); c["cancelled"] != 1 {
		t.Errorf("counts %v, want the sign-up cancelled", c)
	}
}

// TestSignUpsAreDecidedInTheEventsWindow: the hub decides with its own
// clock; a sign-up that arrives after the event, or was made outside its
// sign-up window (a kiosk whose clock is a year slow), is rejected with
// the reason the resident will see.
func TestSignUpsAreDecidedInTheEventsWindow(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	p := newPushHub(t)
	k := enrolled(t, p.db, "k", "yanchenglu")
	closes := p.event.Starts.Add(-24 * time.Hour)
	windowed := p.event
	windowed.ID, windowed.SignupCloses = "windowed", closes
	windowed.SignupOpens = closes.Add(-48 * time.Hour)
	if _, err := p.db.Publish(ctx, "console", windowed); err != nil {
		t.Fatal(err)
	}
	decision := func(t *testing.T, id string) alliance.SignUpDecision {
		t.Helper()
		b, err := p.db.Batch(ctx, k, 0, 0, true)
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range b.Items {
			if it.Kind == alliance.KindSignUpStatus && it.ID == id {
				var d alliance.SignUpDecision
				if err := json.Unmarshal(it.Data, &d); err != nil {
					t.Fatal(err)
				}
				return d
			}
		}
		t.Fatalf("no decision for %s", id)
		return alliance.SignUpDecision{}
	}
	for _, tc := range []struct {
		name    string
		event   string
		created time.Time
		hubNow  time.Time
		status  alliance.SignUpStatus
		reason  alliance.Reason
	}{
		{"in time", windowed.ID, closes.Add(-time.Hour), closes.Add(-time.Hour), alliance.SignUpConfirmed, ""},
		{"arrives after the event ended", p.event.ID, p.event.Starts.Add(-time.Hour), p.event.Ends.Add(time.Hour), alliance.SignUpRejected, alliance.ReasonEventEnded},
		{"made after sign-up closed", windowed.ID, closes.Add(time.Hour), closes.Add(time.Hour), alliance.SignUpRejected, alliance.ReasonSignupClosed},
		{"kiosk clock a year slow", windowed.ID, closes.Add(-365 * 24 * time.Hour), closes.Add(-time.Hour), alliance.SignUpRejected, alliance.ReasonSignupClosed},
		{"kiosk clock a year fast", windowed.ID, closes.Add(365 * 24 * time.Hour), closes.Add(-time.Hour), alliance.SignUpConfirmed, ""},
		{"event the hub does not have", "no-such-event", time.Now(), time.Now(), alliance.SignUpRejected, alliance.ReasonEventUnknown},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p.db.Now = func() time.Time { return tc.hubNow }
			defer func() { p.db.Now = time.Now }()
			s := signUp(tc.event, "13800004444", 1)
			s.Created = tc.created
			if pushed := p.accept(t, k, record(t, 1, s)); len(pushed.Refused) > 0 {
				t.Fatalf("refused: %+v", pushed.Refused)
			}
			if d := decision(t, s.ID); d.Status != tc.status || d.Reason != tc.reason {
				t.Errorf("decision %+v, want %s %s", d, tc.status, tc.reason)
			}
		})
	}
	t.Run("a rejected sign-up's data goes after the retention period", func(t *testing.T) {
		s := signUp("no-such-event", "13800005555", 1)
		p.accept(t, k, record(t, 1, s))
		p.db.Now = func() time.Time { return time.Now().Add(31 * 24 * time.Hour) }
		defer func() { p.db.Now = time.Now }()
		if _, err := p.db.Retain(ctx, 30*24*time.Hour); err != nil {
			t.Fatal(err)
		}
		if c, _ := p.db.SignUpCounts(ctx, "no-such-event"); len(c) != 0 {
			t.Errorf("sign-ups for an unknown event kept for ever: %v", c)
		}
	})
}

// TestPoisonDoesNotBreakOthers: nothing a kiosk pushes breaks retention,
// the training report, or another kiosk's erasure request.
func TestPoisonDoesNotBreakOthers(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	p := newPushHub(t)
	evil := enrolled(t, p.db, "evil", "yanchenglu")
	good := enrolled(t, p.db, "good", "yanchenglu")
	other := enrolled(t, p.db, "other", "yanchenglu")
	p.accept(t, evil, raw(1, "x", alliance.KindProgress, nested(1200)), raw(2, "y", alliance.KindLearner, `{"id":"y","learner_id":`+strings.Repeat("[", 900)+strings.Repeat("]", 900)+`}`))
	l := learner("王阿姨")
	p.accept(t, good, record(t, 1, l), record(t, 2, progress(l, "calls", alliance.LessonCompleted)))
	if _, err := p.db.Retain(ctx, 30*24*time.Hour); err != nil {
		t.Errorf("retention: %v", err)
	}
	if _, err := p.db.TrainingReport(ctx); err != nil {
		t.Errorf("training report: %v", err)
	}
	pushed := p.accept(t, other, record(t, 1, &alliance.LearnerDelete{ID: uuid.NewString(), LearnerID: l.ID, At: time.Now()}))
	if len(pushed.Refused) > 0 {
		t.Fatalf("erasure refused: %+v", pushed.Refused)
	}
	if n, _ := p.db.RecordCount(ctx, good); n != 0 {
		t.Errorf("%d records of the erased learner remain", n)
	}
	t.Run("not from another community", func(t *testing.T) {
		far := enrolled(t, p.db, "far", "zhanshan")
		l2 := learner("李大爷")
		p.accept(t, good, record(t, 3, l2))
		pushed := p.accept(t, far, record(t, 1, &alliance.LearnerDelete{ID: uuid.NewString(), LearnerID: l2.ID, At: time.Now()}))
		if len(pushed.Refused) != 1 || pushed.Refused[0].Reason != alliance.ReasonNotOwner {
			t.Errorf("got %+v, want not_owner", pushed)
		}
	})
}

// TestDailyQuota: past its quota a kiosk's records are deferred, not
// refused: they wait at the kiosk for the next day.
func TestDailyQuota(t *testing.T) {
	t.Parallel()
	p := newPushHub(t)
	k := enrolled(t, p.db, "k", "yanchenglu")
	var recs []wire.Record
	for i := range 5 {
		recs = append(recs, record(t, int64(i+1), suggestion("yanchenglu")))
	}
	pushed, err := p.db.Accept(context.Background(), k, recs, hub.Quota{RecordsPerDay: 3, BytesPerDay: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	if pushed.Upto != 3 || pushed.Defer == nil || pushed.Defer.Reason != alliance.ReasonQuota || len(pushed.Refused) > 0 {
		t.Errorf("got %+v, want records 1–3 taken and the rest deferred", pushed)
	}
	p.db.Now = func() time.Time { return time.Now().Add(25 * time.Hour) }
	defer func() { p.db.Now = time.Now }()
	pushed, _ = p.db.Accept(context.Background(), k, recs[3:], hub.Quota{RecordsPerDay: 3, BytesPerDay: 1 << 20})
	if pushed.Upto != 5 || pushed.Defer != nil {
		t.Errorf("next day: %+v, want the rest taken", pushed)
	}
}
