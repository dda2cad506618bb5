package hub_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/hub"
	"github.com/shinan-alliance/alliance/internal/testutil"
	"github.com/shinan-alliance/alliance/wire"
)

func TestEnrolmentCodes(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := testutil.OpenHub(t)
	if _, err := db.ImportPack(ctx, testutil.SamplePack(t)); err != nil {
		t.Fatal(err)
	}
	code, err := db.Enroll(ctx, "k1", "yanchenglu")
	if err != nil {
		t.Fatal(err)
	}
	if len(code) != 9 || code[4] != '-' || strings.ContainsAny(code, "01258BILOSZ") {
		t.Errorf("code %q: want XXXX-XXXX in unambiguous characters", code)
	}
	// Staff may type it in lower case without the dash.
	typed := strings.ToLower(strings.ReplaceAll(code, "-", ""))
	id, community, token, err := db.Join(ctx, typed)
	if err != nil || id == "" || community != "yanchenglu" || len(token) < 40 {
		t.Fatalf("join: %q %q %q %v", id, community, token, err)
	}
	if got, err := db.Authenticate(ctx, token); err != nil || got != id {
		t.Errorf("authenticate: got %q, %v", got, err)
	}

	t.Run("expired", func(t *testing.T) {
		code, _ := db.Enroll(ctx, "k2", "zhanshan")
		db.Now = func() time.Time { return time.Now().Add(hub.EnrolmentTTL + time.Minute) }
		defer func() { db.Now = time.Now }()
		if _, _, _, err := db.Join(ctx, code); !errors.Is(err, hub.ErrUnauthorized) {
			t.Errorf("got %v, want unauthorized", err)
		}
	})
	t.Run("re-enrolment replaces the token", func(t *testing.T) {
		code, _ := db.Enroll(ctx, "k1", "yanchenglu")
		_, _, fresh, err := db.Join(ctx, code)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Authenticate(ctx, token); !errors.Is(err, hub.ErrUnauthorized) {
			t.Errorf("old token still works: %v", err)
		}
		if _, err := db.Authenticate(ctx, fresh); err != nil {
			t.Errorf("new token refused: %v", err)
		}
	})
}

func TestBatchesAndReset(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := testutil.OpenHub(t)
	if _, err := db.ImportPack(ctx, testutil.SamplePack(t)); err != nil {
		t.Fatal(err)
	}
	// Bounded batches that together hold every item once, in order.
	var cursor int64
	seen := map[string]bool{}
	for {
		b, err := db.Batch(ctx, "k", cursor, 50, cursor == 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(b.Items) > 50 {
			t.Fatalf("batch of %d items, limit 50", len(b.Items))
		}
		for _, it := range b.Items {
			if it.Seq <= cursor || seen[string(it.Kind)+it.ID] {
				t.Fatalf("item %s %s (seq %d) out of order or repeated", it.Kind, it.ID, it.Seq)
			}
			seen[string(it.Kind)+it.ID] = true
			cursor = it.Seq
		}
		cursor = b.Cursor
		if !b.More {
			break
		}
	}
	p := testutil.SamplePack(t)
	if want := len(p.Accounts) + len(p.Posts) + len(p.Places) + len(p.Directory) + len(p.Events) + len(p.Blobs); len(seen) != want {
		t.Errorf("pulled %d items, want %d", len(seen), want)
	}

	// A deletion, then the tombstone is purged: a kiosk behind it is told
	// to reset and gets a snapshot without tombstones.
	p.Posts = p.Posts[1:]
	if _, err := db.ImportPack(ctx, p); err != nil {
		t.Fatal(err)
	}
	db.Now = func() time.Time { return time.Now().Add(100 * 24 * time.Hour) }
	n, err := db.PurgeTombstones(ctx, 90*24*time.Hour)
	if err != nil || n != 1 {
		t.Fatalf("purge: %d, %v", n, err)
	}
	b, err := db.Batch(ctx, "k", 5, 40, false)
	if err != nil {
		t.Fatal(err)
	}
	if !b.Reset || !b.More {
		t.Fatalf("a cursor behind the horizon: reset=%v more=%v, want a reset and a snapshot in several batches", b.Reset, b.More)
	}
	// The snapshot goes on from its own cursors, older than the horizon,
	// without resetting again, and ends at the log's end.
	for b.More {
		for _, it := range b.Items {
			if it.Deleted {
				t.Errorf("snapshot carries a tombstone for %s", it.ID)
			}
		}
		if b, err = db.Batch(ctx, "k", b.Cursor, 40, true); err != nil {
			t.Fatal(err)
		}
		if b.Reset {
			t.Fatal("reset again in the middle of a snapshot")
		}
	}
	up, err := db.Batch(ctx, "k", b.Cursor, 0, false)
	if err != nil || up.Reset {
		t.Errorf("the cursor a snapshot ended with got reset=%v, %v", up.Reset, err)
	}
}

func TestAcceptIsIdempotent(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := testutil.OpenHub(t)
	if _, err := db.ImportPack(ctx, testutil.SamplePack(t)); err != nil {
		t.Fatal(err)
	}
	k := enrolled(t, db, "k1", "yanchenglu")
	sug := suggestion("yanchenglu")
	cb := &alliance.CallbackRequest{ID: uuid.NewString(), Community: "yanchenglu", Phone: "13800001234", ConsentVersion: "c1",
		Created: time.Now(), Receipt: "123456"}
	recs := []wire.Record{record(t, 1, sug), record(t, 2, cb)}
	for range 3 {
		pushed, err := db.Accept(ctx, k, recs, hub.Quota{})
		if err != nil || pushed.Upto != 2 || len(pushed.Refused) != 0 {
			t.Fatalf("accept: %+v, %v", pushed, err)
		}
	}
	// The same UUID under another sequence is a duplicate too.
	if _, err := db.Accept(ctx, k, []wire.Record{record(t, 3, sug)}, hub.Quota{}); err != nil {
		t.Fatal(err)
	}
	if n, _ := db.RecordCount(ctx, k); n != 2 {
		t.Errorf("stored %d records, want 2", n)
	}
}

func TestTrainingReport(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := testutil.OpenHub(t)
	if _, err := db.ImportPack(ctx, testutil.SamplePack(t)); err != nil {
		t.Fatal(err)
	}
	id := enrolled(t, db, "k1", "yanchenglu")
	l1, l2 := learner("王阿姨"), learner("李大爷")
	course := &alliance.Course{ID: uuid.NewString(), Title: "学用手机", Lessons: []string{"calls"}, Created: time.Now()}
	recs := []wire.Record{
		record(t, 1, l1), record(t, 2, l2),
		record(t, 3, progress(l1, "calls", alliance.LessonCompleted)),
		record(t, 4, progress(l1, "calls", alliance.LessonCompleted)),
		record(t, 5, progress(l2, "calls", alliance.LessonNeedsHelp)),
		record(t, 6, course),
		record(t, 7, &alliance.Completion{ID: uuid.NewString(), LearnerID: l1.ID, CourseID: course.ID, Certificate: "SN-0001", Completed: time.Now()}),
	}
	if pushed, err := db.Accept(ctx, id, recs, hub.Quota{}); err != nil || len(pushed.Refused) > 0 {
		t.Fatal(pushed, err)
	}
	got, err := db.TrainingReport(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := []hub.CommunityTraining{{Community: "yanchenglu", Learners: 2, LessonsCompleted: 1, CoursesCompleted: 1}}
	if len(got) != 1 || got[0] != want[0] {
		t.Errorf("got %+v, want %+v", got, want)
	}
}

func TestLearnerErasure(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := testutil.OpenHub(t)
	if _, err := db.ImportPack(ctx, testutil.SamplePack(t)); err != nil {
		t.Fatal(err)
	}
	k := enrolled(t, db, "k1", "yanchenglu")
	l1, l2 := learner("王阿姨"), learner("李大爷")
	l1.Phone = "13800001234"
	recs := []wire.Record{
		record(t, 1, l1),
		record(t, 2, progress(l1, "calls", alliance.LessonCompleted)),
		record(t, 3, l2),
		record(t, 4, &alliance.LearnerDelete{ID: uuid.NewString(), LearnerID: l1.ID, At: time.Now()}),
	}
	if pushed, err := db.Accept(ctx, k, recs, hub.Quota{}); err != nil || len(pushed.Refused) > 0 {
		t.Fatal(pushed, err)
	}
	// Left: the other learner and the erasure request itself.
	if n, _ := db.RecordCount(ctx, k); n != 2 {
		t.Errorf("records after erasure: got %d, want 2", n)
	}
}

// Training records go with their learner's retention, not the 30 days of
// residents' requests: the per-community counts survive a month.
func TestTrainingRetention(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := testutil.OpenHub(t)
	if _, err := db.ImportPack(ctx, testutil.SamplePack(t)); err != nil {
		t.Fatal(err)
	}
	id := enrolled(t, db, "k1", "yanchenglu")
	l1 := learner("王阿姨")
	if pushed, err := db.Accept(ctx, id, []wire.Record{
		record(t, 1, l1),
		record(t, 2, progress(l1, "calls", alliance.LessonCompleted)),
		record(t, 3, &alliance.CallbackRequest{ID: uuid.NewString(), Community: "yanchenglu", Phone: "13800001234", ConsentVersion: "c1",
			Created: time.Now(), Receipt: "123456"}),
	}, hub.Quota{}); err != nil || len(pushed.Refused) > 0 {
		t.Fatal(pushed, err)
	}
	db.Now = func() time.Time { return time.Now().Add(60 * 24 * time.Hour) }
	if _, err := db.Retain(ctx, 30*24*time.Hour); err != nil {
		t.Fatal(err)
	}
	if n, _ := db.RecordCount(ctx, id); n != 2 {
		t.Errorf("after 60 days: %d records, want the learner's 2 (the call-back request gone)", n)
	}
	db.Now = func() time.Time { return time.Now().Add(alliance.LearnerRetention + 24*time.Hour) }
	if _, err := db.Retain(ctx, 30*24*time.Hour); err != nil {
		t.Fatal(err)
	}
	if n, _ := db.RecordCount(ctx, id); n != 0 {
		t.Errorf("after the learner retention: %d records, want 0", n)
	}
}

// A kiosk enrolled for a community the hub does not publish would send its
// residents' suggestions nowhere: enrolment refuses it, naming the nearest
// communities, and refuses every community before a pack is imported.
func TestEnrolRefusesUnknownCommunity(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := testutil.OpenHub(t)
	if _, err := db.Enroll(ctx, "k1", "yanchenglu"); !errors.Is(err, hub.ErrUnknownCommunity) || !strings.Contains(err.Error(), "import the content pack first") {
		t.Errorf("before any import: got %v, want ErrUnknownCommunity asking for the pack", err)
	}
	if _, err := db.ImportPack(ctx, testutil.SamplePack(t)); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ community, near string }{
		{"yanchengl", "yanchenglu ("},   // a letter short
		{"yanchenglu2", "yanchenglu ("}, // a letter too many
		{"weishinan", ""},               // the district's news account is not a community
	} {
		t.Run(tc.community, func(t *testing.T) {
			_, err := db.Enroll(ctx, "k-"+tc.community, tc.community)
			if !errors.Is(err, hub.ErrUnknownCommunity) {
				t.Fatalf("got %v, want ErrUnknownCommunity", err)
			}
			if !strings.Contains(err.Error(), "the nearest are:") || !strings.Contains(err.Error(), tc.near) {
				t.Errorf("%v: want the nearest communities named (%q among them)", err, tc.near)
			}
		})
	}
	if ks, err := db.Kiosks(ctx); err != nil || len(ks) != 0 {
		t.Errorf("refused enrolments left kiosks behind: %v %v", ks, err)
	}
}
