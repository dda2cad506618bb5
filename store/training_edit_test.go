package store_test

import (
	"context"
	"encoding/json"
	"errors"
	"testing"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/lessons"
	"github.com/shinan-alliance/alliance/store"
)

// pendingOf returns the payloads of the unacknowledged outbox records of a
// kind, oldest first.
func pendingOf(t *testing.T, db *store.DB, kind alliance.Kind) []json.RawMessage {
	t.Helper()
	items, err := db.PendingOutbox(context.Background(), 1000)
	if err != nil {
		t.Fatal(err)
	}
	var out []json.RawMessage
	for _, it := range items {
		if it.Kind == kind {
			out = append(out, it.Payload)
		}
	}
	return out
}

// aClass is a course of two lessons with a session and two learners
// checked in at it.
func aClass(t *testing.T, db *store.DB) (alliance.Course, alliance.Session, []alliance.Learner) {
	t.Helper()
	ctx := context.Background()
	c := alliance.Course{Title: "冬季班", Lessons: []string{"phone-basics", "calls"}}
	if err := db.SaveCourse(ctx, &c); err != nil {
		t.Fatal(err)
	}
	s := alliance.Session{CourseID: c.ID, LessonID: "phone-basics", Day: "2026-11-20", Trainer: " 王老师 "}
	if err := db.SaveSession(ctx, &s); err != nil {
		t.Fatal(err)
	}
	var ls []alliance.Learner
	for _, n := range []string{"孙女士", "于先生"} {
		l := alliance.Learner{Name: n, ConsentVersion: "v1"}
		if err := db.SaveLearner(ctx, &l); err != nil {
			t.Fatal(err)
		}
		ls = append(ls, l)
	}
	if err := db.SetAttendance(ctx, s.ID, []string{ls[0].ID, ls[1].ID}, true, "k1"); err != nil {
		t.Fatal(err)
	}
	return c, s, ls
}

func TestSessionOfAnyDayWithItsTrainer(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openDB(t, "")
	_, s, _ := aClass(t, db) // 2026-11-20: a week before the test clock
	got, err := db.Session(ctx, s.ID)
	if err != nil || got.Day != "2026-11-20" || got.Trainer != "王老师" {
		t.Fatalf("session: got %+v, %v; want last week's, by 王老师", got, err)
	}
	var sent alliance.Session
	if p := pendingOf(t, db, alliance.KindSession); len(p) != 1 || json.Unmarshal(p[0], &sent) != nil || sent.Trainer != "王老师" {
		t.Errorf("the session sent to the hub: %s", p)
	}
	for _, tc := range []struct{ name, day, trainer string }{
		{"not a date", "2026-13-01", ""},
		{"trainer's name too long", "2026-11-20", "一二三四五六七八九十一二三四五六七八九十一"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			bad := alliance.Session{CourseID: s.CourseID, LessonID: "calls", Day: tc.day, Trainer: tc.trainer}
			if err := db.SaveSession(ctx, &bad); err == nil {
				t.Errorf("saved %+v, want a refusal", bad)
			}
			if err := db.UpdateSession(ctx, s.ID, "calls", tc.day, tc.trainer, "k1"); err == nil {
				t.Errorf("updated to %q %q, want a refusal", tc.day, tc.trainer)
			}
		})
	}
}

func TestEditAndDeleteSession(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openDB(t, "")
	c, s, ls := aClass(t, db)

	if err := db.UpdateSession(ctx, s.ID, "calls", "2026-11-21", "李老师", "k1"); err != nil {
		t.Fatal(err)
	}
	got, _ := db.Session(ctx, s.ID)
	if got.LessonID != "calls" || got.Day != "2026-11-21" || got.Trainer != "李老师" {
		t.Errorf("after the edit: got %+v", got)
	}
	var edit alliance.SessionEdit
	if p := pendingOf(t, db, alliance.KindSessionEdit); len(p) != 1 || json.Unmarshal(p[0], &edit) != nil ||
		edit.SessionID != s.ID || edit.Day != "2026-11-21" || edit.Trainer != "李老师" || edit.LessonID != "calls" || edit.Deleted {
		t.Errorf("the edit sent to the hub: %s", p)
	}
	if err := db.UpdateSession(ctx, s.ID, "wechat-pay", "2026-11-21", "", "k1"); err == nil {
		t.Error("moved the session to a lesson not in its course")
	}
	// A lesson a session teaches cannot leave the course.
	if err := db.UpdateCourse(ctx, c.ID, c.Title, []string{"phone-basics"}, "k1"); !errors.Is(err, store.ErrInUse) {
		t.Errorf("took out a lesson with a session: got %v, want in use", err)
	}

	if n, err := db.SessionCheckIns(ctx, s.ID); err != nil || n != 2 {
		t.Errorf("check-ins: got %d, %v; want 2", n, err)
	}
	// Progress entered at the class is hers and stays.
	p := store.LessonProgress{LearnerID: ls[0].ID, LessonID: "calls", Status: alliance.LessonCompleted, Source: alliance.SourceTrainer, SessionID: s.ID}
	if err := db.SaveProgress(ctx, &p); err != nil {
		t.Fatal(err)
	}
	if err := db.DeleteSession(ctx, s.ID, "k1"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Session(ctx, s.ID); !errors.Is(err, alliance.ErrNotFound) {
		t.Errorf("the session is still there: %v", err)
	}
	if att, _ := db.AttendanceOf(ctx, s.ID); len(att) != 0 {
		t.Errorf("its check-ins are still there: %v", att)
	}
	if prog, _ := db.ProgressOf(ctx, ls[0].ID); prog[ls[0].ID]["calls"].Status != alliance.LessonCompleted {
		t.Errorf("her progress went with the session: %v", prog)
	}
	// The hub is told, after the session and its check-ins (which still
	// go up first, in order).
	items, _ := db.PendingOutbox(ctx, 100)
	last := items[len(items)-1]
	if err := json.Unmarshal(last.Payload, &edit); err != nil || last.Kind != alliance.KindSessionEdit || !edit.Deleted || edit.SessionID != s.ID {
		t.Errorf("the last record for the hub: %s %s, want the session's deletion", last.Kind, last.Payload)
	}
	if err := db.DeleteSession(ctx, s.ID, "k1"); !errors.Is(err, alliance.ErrNotFound) {
		t.Errorf("deleted twice: got %v, want not found", err)
	}
}

func TestEditAndDeleteCourse(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openDB(t, "")
	c, s, ls := aClass(t, db)
	if err := db.UpdateCourse(ctx, c.ID, "  冬季班（二）", []string{"phone-basics", "calls", "wechat-pay"}, "k1"); err != nil {
		t.Fatal(err)
	}
	got, _ := db.Course(ctx, c.ID)
	if got.Title != "冬季班（二）" || len(got.Lessons) != 3 {
		t.Errorf("after the edit: got %+v", got)
	}
	for _, bad := range []struct {
		title   string
		lessons []string
	}{{" ", []string{"calls"}}, {"x", nil}} {
		if err := db.UpdateCourse(ctx, c.ID, bad.title, bad.lessons, "k1"); err == nil {
			t.Errorf("updated to %q %v, want a refusal", bad.title, bad.lessons)
		}
	}

	// A course with a certificate stays.
	other, _, _ := aClass(t, db)
	for _, l := range other.Lessons {
		p := store.LessonProgress{LearnerID: ls[0].ID, LessonID: l, Status: alliance.LessonCompleted, Source: alliance.SourceTrainer}
		if err := db.SaveProgress(ctx, &p); err != nil {
			t.Fatal(err)
		}
	}
	done := alliance.Completion{LearnerID: ls[0].ID, CourseID: other.ID}
	if err := db.SaveCompletion(ctx, &done); err != nil {
		t.Fatal(err)
	}
	if err := db.DeleteCourse(ctx, other.ID, "k1"); !errors.Is(err, store.ErrInUse) {
		t.Errorf("deleted a course with a certificate: got %v, want in use", err)
	}

	if err := db.DeleteCourse(ctx, c.ID, "k1"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Course(ctx, c.ID); !errors.Is(err, alliance.ErrNotFound) {
		t.Errorf("the course is still there: %v", err)
	}
	if _, err := db.Session(ctx, s.ID); !errors.Is(err, alliance.ErrNotFound) {
		t.Errorf("its session is still there: %v", err)
	}
	if l, err := db.Learner(ctx, ls[1].ID); err != nil || l.ID != ls[1].ID {
		t.Errorf("a learner went with the course: %v", err)
	}
	var edits []alliance.CourseEdit
	for _, p := range pendingOf(t, db, alliance.KindCourseEdit) {
		var e alliance.CourseEdit
		if err := json.Unmarshal(p, &e); err != nil {
			t.Fatal(err)
		}
		edits = append(edits, e)
	}
	if len(edits) != 2 || edits[0].Title != "冬季班（二）" || len(edits[0].Lessons) != 3 || !edits[1].Deleted || edits[1].Title != "" {
		t.Errorf("the changes sent to the hub: %+v", edits)
	}
}

func TestLeaveRoster(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openDB(t, "")
	c, s, ls := aClass(t, db)
	if err := db.LeaveRoster(ctx, c.ID, ls[1].ID, "k1"); err != nil {
		t.Fatal(err)
	}
	if err := db.LeaveRoster(ctx, c.ID, ls[1].ID, "k1"); err != nil { // twice: nothing more
		t.Fatal(err)
	}
	roster, _ := db.CourseRoster(ctx, c.ID)
	if len(roster) != 1 || roster[0].ID != ls[0].ID {
		t.Errorf("roster after 于先生 left: got %+v", roster)
	}
	if p := pendingOf(t, db, alliance.KindRosterLeave); len(p) != 1 {
		t.Errorf("roster changes for the hub: got %d, want 1", len(p))
	}
	// What she did stays true.
	if att, _ := db.AttendanceOf(ctx, s.ID); !att[ls[1].ID] {
		t.Error("his check-in went with him")
	}
	// Checked in again (already present at this session): back, and the
	// hub hears of it from a new check-in.
	before := len(pendingOf(t, db, alliance.KindAttendance))
	if err := db.SetAttendance(ctx, s.ID, []string{ls[1].ID}, true, "k1"); err != nil {
		t.Fatal(err)
	}
	if roster, _ := db.CourseRoster(ctx, c.ID); len(roster) != 2 {
		t.Errorf("roster after he came back: got %d, want 2", len(roster))
	}
	if after := len(pendingOf(t, db, alliance.KindAttendance)); after != before+1 {
		t.Errorf("check-ins for the hub: %d then %d, want one more", before, after)
	}
	if err := db.LeaveRoster(ctx, c.ID, "00000000-0000-4000-8000-000000000000", "k1"); !errors.Is(err, alliance.ErrNotFound) {
		t.Errorf("unknown learner: got %v, want not found", err)
	}
	// Erasing her erases her roster changes too.
	if err := db.LeaveRoster(ctx, c.ID, ls[1].ID, "k1"); err != nil {
		t.Fatal(err)
	}
	if err := db.DeleteLearner(ctx, ls[1].ID); err != nil {
		t.Fatal(err)
	}
}

func TestTrailStatus(t *testing.T) {
	t.Parallel()
	seen := lessons.StepProgress{Seen: true, Done: true}
	for _, tc := range []struct {
		name  string
		steps []lessons.StepProgress
		want  string
	}{
		{"nothing yet", []lessons.StepProgress{{}, {}}, alliance.LessonNotStarted},
		{"under way", []lessons.StepProgress{seen, {}}, alliance.LessonInProgress},
		{"under way after two misses", []lessons.StepProgress{{Seen: true, Misses: 2, Shown: true}, {}}, alliance.LessonNeedsHelp},
		{"done alone", []lessons.StepProgress{seen, seen}, alliance.LessonCompleted},
		{"done, the place shown after misses", []lessons.StepProgress{{Seen: true, Done: true, Misses: 2, Shown: true}, seen}, alliance.LessonCompletedWithHelp},
		{"done, a wrong answer first", []lessons.StepProgress{seen, {Seen: true, Done: true, Wrong: 1, Answers: []int{2, 0}}}, alliance.LessonCompletedWithHelp},
		{"to the end, a step passed by", []lessons.StepProgress{{Seen: true, Skipped: true}, seen}, alliance.LessonNeedsHelp},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pr := lessons.Progress{Lesson: "calls", Version: 1, Steps: tc.steps}
			if got := store.TrailStatus(pr); got != tc.want {
				t.Errorf("got %s, want %s", got, tc.want)
			}
		})
	}
}

// TestSelfStudyRecordsWhatItsTrailSays: a self-study save carries the
// trail's status whatever it was given, so the status and the steps sent
// to the hub never disagree; the trainer's word is taken as given.
func TestSelfStudyRecordsWhatItsTrailSays(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openDB(t, "")
	l := alliance.Learner{Name: "孙女士", ConsentVersion: "v1"}
	if err := db.SaveLearner(ctx, &l); err != nil {
		t.Fatal(err)
	}
	pr := lessons.Progress{Lesson: "calls", Version: 1, Step: 1, Steps: []lessons.StepProgress{{Seen: true, Done: true, Misses: 3, Shown: true}, {Seen: true, Done: true}}}
	p := store.LessonProgress{LearnerID: l.ID, LessonID: "calls", Status: alliance.LessonNeedsHelp, Progress: &pr, Source: alliance.SourceSelfStudy}
	if err := db.SaveProgress(ctx, &p); err != nil {
		t.Fatal(err)
	}
	if p.Status != alliance.LessonCompletedWithHelp {
		t.Errorf("recorded %s, want completed_with_help", p.Status)
	}
	var sent alliance.LessonProgress
	if ps := pendingOf(t, db, alliance.KindProgress); len(ps) != 1 || json.Unmarshal(ps[0], &sent) != nil || sent.Status != alliance.LessonCompletedWithHelp {
		t.Errorf("sent to the hub: %s", ps)
	}
	if got := store.ParseStatus(p.Status); got != lessons.Completed {
		t.Errorf("read back as %v, want completed", got)
	}
	// A course of that lesson can be finished.
	c := alliance.Course{Title: "一课", Lessons: []string{"calls"}}
	if err := db.SaveCourse(ctx, &c); err != nil {
		t.Fatal(err)
	}
	done := alliance.Completion{LearnerID: l.ID, CourseID: c.ID}
	if err := db.SaveCompletion(ctx, &done); err != nil {
		t.Errorf("completion after a lesson completed with help: %v", err)
	}
	// The trainer's word is hers to give.
	tp := store.LessonProgress{LearnerID: l.ID, LessonID: "calls", Status: alliance.LessonNeedsHelp, Progress: &pr, Source: alliance.SourceTrainer}
	if err := db.SaveProgress(ctx, &tp); err != nil || tp.Status != alliance.LessonNeedsHelp {
		t.Errorf("trainer's status: got %s, %v", tp.Status, err)
	}
}
