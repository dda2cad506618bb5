package hub_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/hub"
	"github.com/shinan-alliance/alliance/internal/testutil"
	"github.com/shinan-alliance/alliance/wire"
)

// TestCompletedWithHelpCounted: a lesson completed with help is a lesson
// completed, and counted apart as well, in both reports; kiosks that never
// send the new status are counted as before.
func TestCompletedWithHelpCounted(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := testutil.OpenHub(t)
	if _, err := db.ImportPack(ctx, testutil.SamplePack(t)); err != nil {
		t.Fatal(err)
	}
	k := enrolled(t, db, "k1", "yanchenglu")
	l1, l2, l3 := learner("王阿姨"), learner("李大爷"), learner("孙女士")
	course := &alliance.Course{ID: uuid.NewString(), Title: "学用手机", Lessons: []string{"calls", "phone-basics"}, Created: time.Now()}
	session := &alliance.Session{ID: uuid.NewString(), CourseID: course.ID, LessonID: "calls", Day: "2026-11-20", Trainer: "王老师", Created: time.Now()}
	var recs []wire.Record
	add := func(r alliance.Record) { recs = append(recs, record(t, int64(len(recs)+1), r)) }
	add(l1)
	add(l2)
	add(l3)
	add(course)
	add(session)
	for _, l := range []*alliance.Learner{l1, l2, l3} {
		add(&alliance.Attendance{ID: uuid.NewString(), SessionID: session.ID, LearnerID: l.ID, Present: true, At: time.Now()})
	}
	add(progress(l1, "calls", alliance.LessonCompleted))
	add(progress(l2, "calls", alliance.LessonNeedsHelp))
	later := progress(l2, "calls", alliance.LessonCompletedWithHelp)
	later.Updated = later.Updated.Add(time.Minute)
	add(later)
	add(progress(l3, "phone-basics", alliance.LessonNeedsHelp))
	if pushed, err := db.Accept(ctx, k, recs, hub.Quota{}); err != nil || len(pushed.Refused) > 0 {
		t.Fatal(pushed, err)
	}
	got, err := db.TrainingReport(ctx)
	want := hub.CommunityTraining{Community: "yanchenglu", Learners: 3, LessonsCompleted: 2, CompletedWithHelp: 1}
	if err != nil || len(got) != 1 || got[0] != want {
		t.Errorf("community: got %+v, %v; want %+v", got, err, want)
	}
	courses, err := db.CourseReport(ctx, "")
	wantCourse := hub.CourseTraining{Community: "yanchenglu", CourseID: course.ID, Title: "学用手机", Lessons: 2, Sessions: 1, Learners: 3,
		Attendance: 3, LessonsCompleted: 2, CompletedWithHelp: 1, NeedsHelp: 1}
	if err != nil || len(courses) != 1 || courses[0] != wantCourse {
		t.Errorf("course: got %+v, %v; want %+v", courses, err, wantCourse)
	}
}

// TestTrainingEditsAgree: the hub's course report follows what trainers
// changed at the kiosk: a renamed course with a lesson more, a session
// deleted with its check-ins, a learner off the roster (her check-ins
// stay, she came), the course deleted; a change from another community's
// kiosk, or about a course the hub lacks, is refused alone.
func TestTrainingEditsAgree(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := testutil.OpenHub(t)
	if _, err := db.ImportPack(ctx, testutil.SamplePack(t)); err != nil {
		t.Fatal(err)
	}
	k := enrolled(t, db, "k1", "yanchenglu")
	other := enrolled(t, db, "k2", "zhanshan")
	l1, l2 := learner("王阿姨"), learner("李大爷")
	course := &alliance.Course{ID: uuid.NewString(), Title: "学用手机", Lessons: []string{"calls"}, Created: time.Now()}
	s1 := &alliance.Session{ID: uuid.NewString(), CourseID: course.ID, LessonID: "calls", Day: "2026-11-20", Created: time.Now()}
	s2 := &alliance.Session{ID: uuid.NewString(), CourseID: course.ID, LessonID: "calls", Day: "2026-11-21", Trainer: "李老师", Created: time.Now()}
	seq := int64(0)
	push := func(kiosk string, rs ...alliance.Record) wire.Pushed {
		t.Helper()
		var recs []wire.Record
		for _, r := range rs {
			seq++
			recs = append(recs, record(t, seq, r))
		}
		pushed, err := db.Accept(ctx, kiosk, recs, hub.Quota{})
		if err != nil {
			t.Fatal(err)
		}
		return pushed
	}
	report := func() []hub.CourseTraining {
		t.Helper()
		got, err := db.CourseReport(ctx, "yanchenglu")
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	at := time.Now()
	check := func(s *alliance.Session, l *alliance.Learner) alliance.Record {
		return &alliance.Attendance{ID: uuid.NewString(), SessionID: s.ID, LearnerID: l.ID, Present: true, At: at}
	}
	if p := push(k, l1, l2, course, s1, s2, check(s1, l1), check(s1, l2), check(s2, l1)); len(p.Refused) > 0 {
		t.Fatal(p.Refused)
	}
	if got := report(); len(got) != 1 || got[0].Sessions != 2 || got[0].Attendance != 3 || got[0].Learners != 2 || got[0].Title != "学用手机" {
		t.Fatalf("before any change: %+v", got)
	}

	// Renamed, a lesson more; a session deleted; a learner off the roster.
	p := push(k,
		&alliance.CourseEdit{ID: uuid.NewString(), CourseID: course.ID, Title: "学用手机（冬）", Lessons: []string{"calls", "phone-basics"}, At: at.Add(time.Minute)},
		&alliance.SessionEdit{ID: uuid.NewString(), SessionID: s2.ID, LessonID: "calls", Day: "2026-11-22", Trainer: "王老师", At: at.Add(time.Minute)},
		&alliance.SessionEdit{ID: uuid.NewString(), SessionID: s1.ID, Deleted: true, At: at.Add(2 * time.Minute)},
		&alliance.RosterLeave{ID: uuid.NewString(), CourseID: course.ID, LearnerID: l2.ID, At: at.Add(2 * time.Minute)},
	)
	if len(p.Refused) > 0 {
		t.Fatal(p.Refused)
	}
	want := hub.CourseTraining{Community: "yanchenglu", CourseID: course.ID, Title: "学用手机（冬）", Lessons: 2, Sessions: 1, Learners: 1, Attendance: 1}
	if got := report(); len(got) != 1 || got[0] != want {
		t.Errorf("after the changes: got %+v, want %+v", got, want)
	}

	for _, tc := range []struct {
		name   string
		kiosk  string
		rec    alliance.Record
		reason alliance.Reason
	}{
		{"another community's kiosk", other, &alliance.CourseEdit{ID: uuid.NewString(), CourseID: course.ID, Deleted: true, At: at}, alliance.ReasonNotOwner},
		{"a session the hub lacks", k, &alliance.SessionEdit{ID: uuid.NewString(), SessionID: uuid.NewString(), Deleted: true, At: at}, alliance.ReasonUnknownRef},
		{"a learner the hub lacks", k, &alliance.RosterLeave{ID: uuid.NewString(), CourseID: course.ID, LearnerID: uuid.NewString(), At: at}, alliance.ReasonUnknownRef},
		{"a deletion with a title", k, &alliance.CourseEdit{ID: uuid.NewString(), CourseID: course.ID, Title: "x", Deleted: true, At: at}, alliance.ReasonMalformed},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := push(tc.kiosk, tc.rec)
			if len(p.Refused) != 1 || p.Refused[0].Reason != tc.reason {
				t.Errorf("got %+v, want refused %s", p.Refused, tc.reason)
			}
		})
	}

	// Erasing a learner erases her roster change with her card and her
	// check-in: three records go, the erasure request stays.
	before, _ := db.RecordCount(ctx, k)
	if p := push(k, &alliance.LearnerDelete{ID: uuid.NewString(), LearnerID: l2.ID, At: at}); len(p.Refused) > 0 {
		t.Fatal(p.Refused)
	}
	if after, _ := db.RecordCount(ctx, k); after != before-3+1 {
		t.Errorf("records after erasing 李大爷: %d, then %d; want 2 fewer", before, after)
	}
	if p := push(k, &alliance.CourseEdit{ID: uuid.NewString(), CourseID: course.ID, Deleted: true, At: at.Add(3 * time.Minute)}); len(p.Refused) > 0 {
		t.Fatal(p.Refused)
	}
	if got := report(); len(got) != 0 {
		t.Errorf("a deleted course is still reported: %+v", got)
	}
}
