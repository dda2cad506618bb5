package store_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/lessons"
	"github.com/shinan-alliance/alliance/store"
)

func TestTrainingRecords(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openDB(t, "")

	wang := alliance.Learner{Name: "王女士", Phone: "138-1234-5678", ConsentVersion: "v1", KioskID: "k1"}
	li := alliance.Learner{Name: "李先生", ConsentVersion: "v1"}
	for _, l := range []*alliance.Learner{&wang, &li} {
		if err := db.SaveLearner(ctx, l); err != nil {
			t.Fatal(err)
		}
		if l.ID == "" || l.Seq == 0 || len(l.Number) != 6 {
			t.Errorf("saved learner: got %+v", l)
		}
	}
	if wang.Phone != "13812345678" {
		t.Errorf("phone: got %q, want digits only", wang.Phone)
	}
	t.Run("learner card", func(t *testing.T) {
		for _, tc := range []struct {
			name, last4 string
			want        int
		}{{"王女士", "5678", 1}, {"王女士", "1234", 0}, {"王先生", "5678", 0}, {"王女士", "567", 0}} {
			got, err := db.FindLearners(ctx, tc.name, tc.last4)
			if err != nil || len(got) != tc.want {
				t.Errorf("find %s %s: got %d, %v; want %d", tc.name, tc.last4, len(got), err, tc.want)
			}
		}
		got, err := db.LearnerByNumber(ctx, li.Number)
		if err != nil || got.ID != li.ID {
			t.Errorf("by number: got %+v, %v", got, err)
		}
		if _, err := db.LearnerByNumber(ctx, "x"); !errors.Is(err, alliance.ErrNotFound) {
			t.Errorf("unknown number: got %v, want not found", err)
		}
	})
	t.Run("refused learners", func(t *testing.T) {
		for _, bad := range []alliance.Learner{{Name: " ", ConsentVersion: "v"}, {Name: "赵女士"}, {Name: "赵女士", ConsentVersion: "v", Phone: "123"}} {
			if err := db.SaveLearner(ctx, &bad); err == nil {
				t.Errorf("saved %+v, want a refusal", bad)
			}
		}
	})

	course := alliance.Course{Title: "智能手机入门", Lessons: []string{"phone-basics", "wechat-install"}}
	if err := db.SaveCourse(ctx, &course); err != nil {
		t.Fatal(err)
	}
	if err := db.SaveCourse(ctx, &alliance.Course{Title: "空"}); err == nil {
		t.Error("saved a course without lessons")
	}
	s := alliance.Session{CourseID: course.ID, LessonID: "phone-basics", Day: "2026-11-27"}
	if err := db.SaveSession(ctx, &s); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []alliance.Session{
		{CourseID: course.ID, LessonID: "taxi", Day: "2026-11-27"},
		{CourseID: course.ID, LessonID: "phone-basics", Day: "明天"},
		{CourseID: "nope", LessonID: "phone-basics", Day: "2026-11-27"},
	} {
		if err := db.SaveSession(ctx, &bad); err == nil {
			t.Errorf("saved session %+v, want a refusal", bad)
		}
	}
	if got, _ := db.Sessions(ctx, course.ID); len(got) != 1 || got[0].ID != s.ID {
		t.Errorf("sessions: got %+v", got)
	}

	if err := db.SetAttendance(ctx, s.ID, []string{wang.ID, li.ID}, true, "k1"); err != nil {
		t.Fatal(err)
	}
	// Again: nothing changes, nothing more to send.
	if err := db.SetAttendance(ctx, s.ID, []string{wang.ID}, true, "k1"); err != nil {
		t.Fatal(err)
	}
	if err := db.SetAttendance(ctx, s.ID, []string{li.ID}, false, "k1"); err != nil {
		t.Fatal(err)
	}
	att, err := db.AttendanceOf(ctx, s.ID)
	if err != nil || !att[wang.ID] || att[li.ID] || len(att) != 2 {
		t.Errorf("attendance: got %v, %v", att, err)
	}
	roster, err := db.CourseRoster(ctx, course.ID)
	if err != nil || len(roster) != 2 {
		t.Errorf("roster: got %d learners, %v; want 2", len(roster), err)
	}

	p := lessons.Progress{Lesson: "phone-basics", Version: 1, Step: 2, Steps: []lessons.StepProgress{{Seen: true, Done: true}, {Seen: true}, {}}}
	self := store.LessonProgress{LearnerID: wang.ID, LessonID: "phone-basics", LessonVersion: 1, Status: store.StatusCode(p.Status()), Progress: &p, Source: alliance.SourceSelfStudy}
	if err := db.SaveProgress(ctx, &self); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []store.LessonProgress{
		{LearnerID: wang.ID, LessonID: "x", Status: "done", Source: alliance.SourceTrainer},
		{LearnerID: wang.ID, LessonID: "x", Status: "completed", Source: "robot"},
		{LearnerID: wang.ID, LessonID: "taxi", Status: "completed", Source: alliance.SourceTrainer, Progress: &p},
	} {
		if err := db.SaveProgress(ctx, &bad); err == nil {
			t.Errorf("saved progress %+v, want a refusal", bad)
		}
	}
	prog, err := db.ProgressOf(ctx, wang.ID, li.ID)
	if err != nil {
		t.Fatal(err)
	}
	got := prog[wang.ID]["phone-basics"]
	if got.LessonStatus() != lessons.InProgress || got.Progress == nil || got.Progress.Step != 2 || len(got.Progress.Steps) != 3 {
		t.Errorf("progress: got %+v", got)
	}

	c := alliance.Completion{LearnerID: wang.ID, CourseID: course.ID}
	if err := db.SaveCompletion(ctx, &c); !errors.Is(err, store.ErrCourseNotFinished) {
		t.Errorf("completion of an unfinished course: got %v, want ErrCourseNotFinished", err)
	}
	for _, l := range course.Lessons {
		tp := store.LessonProgress{LearnerID: wang.ID, LessonID: l, Status: store.StatusCode(lessons.Completed), Source: alliance.SourceTrainer, SessionID: s.ID}
		if err := db.SaveProgress(ctx, &tp); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.SaveCompletion(ctx, &c); err != nil {
		t.Fatal(err)
	}
	again := alliance.Completion{LearnerID: wang.ID, CourseID: course.ID}
	if err := db.SaveCompletion(ctx, &again); err != nil || again.Certificate != c.Certificate || again.ID != c.ID {
		t.Errorf("second completion: got %+v, %v; want the first one", again, err)
	}

	// Every record travels: 2 learners, a course, a session, 3 attendance
	// changes, 3 progress saves and a completion.
	items, err := db.PendingOutbox(ctx, 100)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{}
	for _, it := range items {
		kinds[string(it.Kind)]++
	}
	want := map[string]int{"learner": 2, "course": 1, "session": 1, "attendance": 3, "progress": 3, "completion": 1}
	for k, n := range want {
		if kinds[k] != n {
			t.Errorf("outbox %s: got %d, want %d (all: %v)", k, kinds[k], n, kinds)
		}
	}
	for _, it := range items {
		if it.Kind != alliance.KindProgress {
			continue
		}
		var lp store.LessonProgress
		if err := json.Unmarshal(it.Payload, &lp); err != nil || lp.LearnerID != wang.ID || lp.ID != it.ID {
			t.Errorf("progress payload: got %+v, %v", lp, err)
		}
	}
}

func TestStatusCodes(t *testing.T) {
	t.Parallel()
	for _, s := range []lessons.Status{lessons.NotStarted, lessons.InProgress, lessons.Completed, lessons.NeedsHelp} {
		t.Run(s.String(), func(t *testing.T) {
			if got := store.ParseStatus(store.StatusCode(s)); got != s {
				t.Errorf("got %v, want %v", got, s)
			}
		})
	}
}

func TestDeleteLearner(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openDB(t, "")
	l := alliance.Learner{Name: "王女士", Phone: "13800001234", ConsentVersion: "v1"}
	if err := db.SaveLearner(ctx, &l); err != nil {
		t.Fatal(err)
	}
	p := store.LessonProgress{LearnerID: l.ID, LessonID: "calls", Status: "completed", Source: alliance.SourceTrainer}
	if err := db.SaveProgress(ctx, &p); err != nil {
		t.Fatal(err)
	}
	out, _ := db.PendingOutbox(ctx, 10)
	if err := db.AckOutbox(ctx, out[len(out)-1].Seq); err != nil {
		t.Fatal(err)
	}
	if err := db.DeleteLearner(ctx, l.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Learner(ctx, l.ID); err == nil {
		t.Error("the learner is still there")
	}
	if prog, _ := db.ProgressOf(ctx, l.ID); len(prog[l.ID]) != 0 {
		t.Errorf("her progress is still there: %v", prog)
	}
	pending, _ := db.PendingOutbox(ctx, 10)
	if len(pending) != 1 || pending[0].Kind != alliance.KindLearnerDelete || !strings.Contains(string(pending[0].Payload), l.ID) {
		t.Fatalf("outbox: got %+v, want one learner_delete for the hub", pending)
	}
	ids, _ := db.OutboxIDs(ctx)
	if !ids[l.ID] {
		t.Error("the acknowledged outbox row itself was deleted; only its payload should be emptied")
	}
}

func TestLearnerRetention(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openDB(t, "")
	old := alliance.Learner{Name: "孙女士", ConsentVersion: "v1"}
	if err := db.SaveLearner(ctx, &old); err != nil {
		t.Fatal(err)
	}
	out, _ := db.PendingOutbox(ctx, 10)
	db.AckOutbox(ctx, out[len(out)-1].Seq)
	later := db.Now().Add(alliance.LearnerRetention + 24*time.Hour)
	db.Now = func() time.Time { return later }
	active := alliance.Learner{Name: "周先生", ConsentVersion: "v1"}
	if err := db.SaveLearner(ctx, &active); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Retain(ctx, store.DefaultRetention); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Learner(ctx, old.ID); err == nil {
		t.Error("a learner idle past the retention period is still there")
	}
	if _, err := db.Learner(ctx, active.ID); err != nil {
		t.Errorf("an active learner was erased: %v", err)
	}
}
