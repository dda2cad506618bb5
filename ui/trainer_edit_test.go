package ui_test

import (
	"context"
	"encoding/json"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/internal/chinese"
	"github.com/shinan-alliance/alliance/store"
	"github.com/shinan-alliance/alliance/ui"
)

// tapsCounted taps like tap and adds the taps to n.
func (k *kiosk) tapsCounted(n *int, labels ...string) {
	k.t.Helper()
	k.tap(labels...)
	*n += len(labels)
}

// outboxOf returns the pending outbox payloads of a kind.
func outboxOf(t *testing.T, db *store.DB, kind alliance.Kind) []json.RawMessage {
	t.Helper()
	items, err := db.PendingOutbox(context.Background(), 10000)
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

// TestTrainerChangesAClass: last week's class recorded after the fact by
// taps (a week back, then the calendar), with its trainer's name written
// on the input panel; learners added in a few taps; check-ins that read
// at a glance; a learner taken off the roster; the session moved, then
// deleted; the course changed, then deleted; every change waits in the
// outbox for the hub.
func TestTrainerChangesAClass(t *testing.T) {
	k, cur := lessonKiosk(t)
	ctx := context.Background()
	h := func(s string) string { return chinese.Script(k.Lang(), s) }
	visit := func(name string) {
		t.Helper()
		k.wantScreen(name)
		checkSizes(t, k.content(), 1)
	}
	if err := k.Open("staff"); err != nil {
		t.Fatal(err)
	}
	k.tap(k.tr("staff.training"), k.tr("trainer.new_course"))
	visit("trainer-new-course")
	k.tap(k.tr("trainer.save"))
	visit("trainer-course")
	courses, _ := k.DB.Courses(ctx)
	course := courses[0]

	// A session a week ago, then moved by the calendar to the 1st of the
	// month before: any day can be chosen.
	k.tap(k.tr("trainer.new_session"))
	visit("trainer-new-session")
	today := time.Date(k.now.Year(), k.now.Month(), k.now.Day(), 0, 0, 0, 0, alliance.Location)
	k.tap(k.tr("date.prev_week"))
	if got := k.texts(); !strings.Contains(got, k.tr("weekday."+fmt.Sprint(int(today.AddDate(0, 0, -7).Weekday())))) {
		t.Errorf("a week back does not show its weekday: %s", got)
	}
	k.tap(k.tr("date.calendar"))
	visit("trainer-calendar")
	k.tap(k.tr("date.prev_month"))
	first := time.Date(today.Year(), today.Month(), 1, 0, 0, 0, 0, alliance.Location).AddDate(0, -1, 0)
	if today.AddDate(0, 0, -7).Month() != today.Month() {
		first = first.AddDate(0, -1, 0) // the calendar opened on last week's month
	}
	k.tap(first.Format(time.DateOnly))
	visit("trainer-new-session")
	// The trainer's name on the input panel, by pinyin.
	k.tap(k.tr("trainer.trainer_none"))
	k.wantScreen("input")
	k.tap("w", "a", "n", "g", h("王"), "l", "a", "o", "s", "h", "i", h("老师"), k.tr("input.done"))
	visit("trainer-new-session")
	k.tap(k.tr("trainer.save"))
	visit("trainer-session")
	sessions, _ := k.DB.Sessions(ctx, course.ID)
	if len(sessions) != 1 || sessions[0].Day != first.Format(time.DateOnly) || sessions[0].Trainer != "王老师" {
		t.Fatalf("session: got %+v, want %s by 王老师", sessions, first.Format(time.DateOnly))
	}
	s := sessions[0]
	if got := k.texts(); !strings.Contains(got, h("王老师")) {
		t.Errorf("the class does not name its trainer: %s", got)
	}

	// Learners: one who has a card on this kiosk, found by her surname
	// (3 taps), a newcomer (5 taps, no phone), and a namesake of the
	// first, with a phone.
	sun := alliance.Learner{Name: "孙女士", ConsentVersion: "v1"}
	sun2 := alliance.Learner{Name: "孙女士", Phone: "13800005678", ConsentVersion: "v1"}
	for _, l := range []*alliance.Learner{&sun, &sun2} {
		if err := k.DB.SaveLearner(ctx, l); err != nil {
			t.Fatal(err)
		}
	}
	taps := 0
	k.tapsCounted(&taps, k.tr("trainer.add_learner"), h("孙"))
	visit("trainer-add-learner")
	if got := k.texts(); !strings.Contains(got, ui.T(k.Lang(), "trainer.known_n", 2)) {
		t.Errorf("the surname does not narrow the learners to two: %s", got)
	}
	k.tapsCounted(&taps, h("孙女士")+"（") // the namesakes are told apart in words
	visit("trainer-session")
	if taps != 3 {
		t.Errorf("adding a known learner took %d taps, want 3", taps)
	}
	taps = 0
	k.tapsCounted(&taps, k.tr("trainer.add_learner"), h("曲"), k.tr("name.title1"), ui.T(k.Lang(), "trainer.new_card", h("曲")+k.tr("name.title1")))
	visit("trainer-new-learner")
	k.tapsCounted(&taps, k.tr("trainer.agree_and_add"))
	visit("trainer-session")
	if taps != 5 {
		t.Errorf("adding a newcomer took %d taps, want 5", taps)
	}
	all, _ := k.DB.Learners(ctx)
	var qu alliance.Learner
	for _, l := range all {
		if l.Name == "曲女士" {
			qu = l
		}
	}
	if qu.ID == "" || qu.ConsentVersion == "" {
		t.Fatalf("the newcomer's card: %+v", qu)
	}
	if got := k.texts(); !strings.Contains(got, ui.T(k.Lang(), "trainer.added", h("曲女士"), qu.Number)) {
		t.Errorf("her learner number is not shown: %s", got)
	}
	k.tap(k.tr("trainer.noted"))
	k.tapsCounted(&taps, k.tr("trainer.add_learner"), h("孙"), h("孙女士"))
	visit("trainer-session")

	// Check-ins read at a glance: ✓ 已到 on green, 未到 plain, and no
	// number after a name unless two share it, and then said in words.
	roster, _ := k.DB.CourseRoster(ctx, course.ID)
	if len(roster) != 3 {
		t.Fatalf("roster: got %d, want 3", len(roster))
	}
	k.tap(h("曲女士")) // not here after all
	here := ui.ChosenMark + k.tr("trainer.here_mark")
	absent := k.tr("trainer.absent_mark")
	if got := k.tile(h("曲女士")); got != h("曲女士")+"|"+absent {
		t.Errorf("an absent learner's tile: %q", got)
	}
	digits := regexp.MustCompile(`[0-9]`)
	for _, l := range roster {
		name := k.namesOf(l, roster)
		got := k.tile(name)
		if l.ID != qu.ID && got != name+"|"+here {
			t.Errorf("a present learner's tile: %q", got)
		}
		if l.ID == qu.ID && digits.MatchString(got) {
			t.Errorf("a number after a name no one shares: %q", got)
		}
	}
	if got := k.tile(h("孙女士") + ui.T(k.Lang(), "trainer.tell_phone", "5678")); got == "" {
		t.Errorf("namesakes are not told apart: %s", k.texts())
	}

	// 整理名单: 曲女士 leaves the class.
	k.tap(k.tr("trainer.roster"))
	visit("trainer-roster")
	k.tap(k.tr("trainer.leave") + " " + h("曲女士"))
	visit("trainer-confirm")
	k.tap(k.tr("trainer.erase_yes"))
	visit("trainer-roster")
	if got := k.texts(); strings.Contains(got, h("曲女士")) {
		t.Errorf("she is still on the roster: %s", got)
	}
	if p := outboxOf(t, k.DB, alliance.KindRosterLeave); len(p) != 1 || !strings.Contains(string(p[0]), qu.ID) {
		t.Errorf("the roster change for the hub: %s", p)
	}
	k.tap(k.tr("nav.back"))

	// The session moved a day on, then deleted, saying what goes.
	k.tap(k.tr("trainer.edit_session"))
	visit("trainer-edit-session")
	k.tap(k.tr("date.next_day"), k.tr("trainer.save"))
	visit("trainer-session")
	if got, _ := k.DB.Session(ctx, s.ID); got.Day != first.AddDate(0, 0, 1).Format(time.DateOnly) || got.Trainer != "王老师" {
		t.Errorf("after moving it a day: %+v", got)
	}
	if p := outboxOf(t, k.DB, alliance.KindSessionEdit); len(p) != 1 {
		t.Errorf("session changes for the hub: %d, want 1", len(p))
	}
	k.tap(k.tr("trainer.edit_session"), k.tr("trainer.delete_session"))
	visit("trainer-confirm")
	moved, _ := k.DB.Session(ctx, s.ID)
	squeeze := strings.NewReplacer("|", "", " ", "")
	if got := squeeze.Replace(k.texts()); !strings.Contains(got, squeeze.Replace(ui.T(k.Lang(), "trainer.delete_session_what", k.App.SessionLabel(moved), 2))) {
		t.Errorf("the question does not say how many check-ins go: %s", got)
	}
	k.tap(k.tr("trainer.erase_yes"))
	visit("trainer-course")
	if _, err := k.DB.Session(ctx, s.ID); err == nil {
		t.Error("the session is still there")
	}
	if got := k.texts(); !strings.Contains(got, k.tr("trainer.no_sessions")) {
		t.Errorf("the course still lists the session: %s", got)
	}

	// The course: a lesson fewer, then deleted.
	k.tap(k.tr("trainer.edit_course"))
	visit("trainer-edit-course")
	last := len(cur.Lessons)
	k.tap(ui.T(k.Lang(), "lesson.number", last) + " " + h(cur.Lessons[last-1].Title.Hans))
	k.tap(k.tr("trainer.save"))
	visit("trainer-course")
	if got, _ := k.DB.Course(ctx, course.ID); len(got.Lessons) != last-1 {
		t.Errorf("lessons after taking one out: %d, want %d", len(got.Lessons), last-1)
	}
	k.tap(k.tr("trainer.edit_course"), k.tr("trainer.delete_course"))
	visit("trainer-confirm")
	k.tap(k.tr("trainer.erase_yes"))
	visit("trainer")
	if _, err := k.DB.Course(ctx, course.ID); err == nil {
		t.Error("the course is still there")
	}
	edits := outboxOf(t, k.DB, alliance.KindCourseEdit)
	if len(edits) != 2 || !strings.Contains(string(edits[1]), `"deleted":true`) {
		t.Errorf("course changes for the hub: %s", edits)
	}
}

// tile returns the words of the check-in tile of the learner shown as
// name, "name|state", or "" if there is none.
func (k *kiosk) tile(name string) string {
	k.t.Helper()
	got := ""
	walk(k.content(), func(o fyne.CanvasObject) bool {
		c, ok := o.(*fyne.Container)
		if !ok || got != "" || len(c.Objects) < 2 {
			return true
		}
		first := c.Objects[0]
		if o, ok := first.(*container.ThemeOverride); ok {
			first = o.Content
		}
		if b, ok := first.(*ui.BigButton); !ok || b.Name != name {
			return true
		}
		var words []string
		walk(c.Objects[1], func(x fyne.CanvasObject) bool {
			if l, ok := x.(*widget.Label); ok {
				words = append(words, l.Text)
				return false
			}
			return true
		})
		got = strings.Join(words, "|")
		return false
	})
	return got
}

// namesOf is how l is shown on a roster.
func (k *kiosk) namesOf(l alliance.Learner, roster []alliance.Learner) string {
	n := 0
	for _, o := range roster {
		if o.Name == l.Name {
			n++
		}
	}
	name := chinese.Script(k.Lang(), l.Name)
	if n > 1 {
		if l.Phone != "" {
			return name + ui.T(k.Lang(), "trainer.tell_phone", l.Phone[len(l.Phone)-4:])
		}
		return name + ui.T(k.Lang(), "trainer.tell_number", l.Number)
	}
	return name
}

// TestClassOverviewInWords: the overview says each learner's standing in
// words, 在帮助下完成 among them, and a trainer can set it.
func TestClassOverviewInWords(t *testing.T) {
	k, cur := lessonKiosk(t)
	ctx := context.Background()
	c := alliance.Course{Title: "冬季班", Lessons: []string{cur.Lessons[0].ID, cur.Lessons[1].ID, cur.Lessons[2].ID}}
	if err := k.DB.SaveCourse(ctx, &c); err != nil {
		t.Fatal(err)
	}
	s := alliance.Session{CourseID: c.ID, LessonID: c.Lessons[0], Day: "2026-11-20"}
	if err := k.DB.SaveSession(ctx, &s); err != nil {
		t.Fatal(err)
	}
	l := alliance.Learner{Name: "孙女士", ConsentVersion: "v1"}
	if err := k.DB.SaveLearner(ctx, &l); err != nil {
		t.Fatal(err)
	}
	if err := k.DB.SetAttendance(ctx, s.ID, []string{l.ID}, true, ""); err != nil {
		t.Fatal(err)
	}
	for i, st := range []string{alliance.LessonCompletedWithHelp, alliance.LessonNeedsHelp} {
		p := store.LessonProgress{LearnerID: l.ID, LessonID: c.Lessons[i], Status: st, Source: alliance.SourceTrainer}
		if err := k.DB.SaveProgress(ctx, &p); err != nil {
			t.Fatal(err)
		}
	}
	if err := k.Open("staff"); err != nil {
		t.Fatal(err)
	}
	k.tap(k.tr("staff.training"), "冬季班", k.tr("trainer.overview"))
	k.wantScreen("class-overview")
	for i, want := range []string{"status.class.completed_with_help", "status.class.needs_help", "status.class.not_started"} {
		if b := k.find("孙女士/" + c.Lessons[i]); b.Text != k.tr(want) {
			t.Errorf("lesson %d: %q, want %q", i+1, b.Text, k.tr(want))
		}
	}
	if got := k.texts(); strings.Contains(got, "|帮|") || strings.Contains(got, "|会|") || strings.Contains(got, "|未|") {
		t.Errorf("one-character codes remain: %s", got)
	}
	k.tap("孙女士/" + c.Lessons[1])
	k.wantScreen("trainer-progress")
	k.tap(k.tr("status.class.completed_with_help"))
	k.wantScreen("class-overview")
	prog, _ := k.DB.ProgressOf(ctx, l.ID)
	if got := prog[l.ID][c.Lessons[1]].Status; got != alliance.LessonCompletedWithHelp {
		t.Errorf("set by the trainer: %s", got)
	}
}

// TestTrainerScreensFit1280: the new trainer screens at 1280×800, with
// 大字 off and on, need no more room than the window has. With
// TRAINER_SHOTS set to a folder, each is saved there as a PNG.
func TestTrainerScreensFit1280(t *testing.T) {
	for _, large := range []bool{false, true} {
		t.Run(fmt.Sprintf("large=%v", large), func(t *testing.T) {
			k, cur := lessonKiosk(t)
			k.Window.Resize(fyne.NewSize(1280, 800))
			k.SetLargeText(large)
			ctx := context.Background()
			c := alliance.Course{Title: "智能手机入门（冬季班）", Community: "yanchenglu"}
			for _, l := range cur.Lessons {
				c.Lessons = append(c.Lessons, l.ID)
			}
			if err := k.DB.SaveCourse(ctx, &c); err != nil {
				t.Fatal(err)
			}
			s := alliance.Session{CourseID: c.ID, LessonID: c.Lessons[2], Day: k.now.AddDate(0, 0, -7).Format(time.DateOnly), Trainer: "王老师"}
			if err := k.DB.SaveSession(ctx, &s); err != nil {
				t.Fatal(err)
			}
			var ids []string
			for i, n := range []string{"王女士", "张先生", "刘女士", "李女士", "于先生", "孙女士", "杨先生", "赵女士", "徐女士", "孙女士", "陈女士", "马先生"} {
				l := alliance.Learner{Name: n, ConsentVersion: "v1"}
				if i == 9 {
					l.Phone = "13800005678"
				}
				if err := k.DB.SaveLearner(ctx, &l); err != nil {
					t.Fatal(err)
				}
				ids = append(ids, l.ID)
				for j, lesson := range c.Lessons[:4] {
					st := []string{alliance.LessonCompleted, alliance.LessonCompletedWithHelp, alliance.LessonInProgress, alliance.LessonNeedsHelp}[(i+j)%4]
					if j > i%4 {
						break
					}
					if err := k.DB.SaveProgress(ctx, &store.LessonProgress{LearnerID: l.ID, LessonID: lesson, Status: st, Source: alliance.SourceTrainer}); err != nil {
						t.Fatal(err)
					}
				}
			}
			if err := k.DB.SetAttendance(ctx, s.ID, ids[:9], true, ""); err != nil {
				t.Fatal(err)
			}
			if err := k.DB.SetAttendance(ctx, s.ID, ids[9:], false, ""); err != nil {
				t.Fatal(err)
			}
			shots := os.Getenv("TRAINER_SHOTS")
			shoot := func(name string) {
				t.Helper()
				checkFits(t, name, k)
				if shots == "" {
					return
				}
				suffix := ""
				if large {
					suffix = "-large"
				}
				f, err := os.Create(filepath.Join(shots, name+"-1280x800"+suffix+".png"))
				if err != nil {
					t.Fatal(err)
				}
				defer f.Close()
				if err := png.Encode(f, k.Window.Canvas().Capture()); err != nil {
					t.Fatal(err)
				}
			}
			if err := k.Open("staff"); err != nil {
				t.Fatal(err)
			}
			k.tap(k.tr("staff.training"))
			shoot("trainer")
			k.tap(c.Title)
			shoot("trainer-course")
			k.tap(chinese.Script(k.Lang(), k.App.SessionLabel(s)))
			shoot("trainer-session")
			k.tap(k.tr("trainer.add_learner"), chinese.Script(k.Lang(), "孙"))
			shoot("trainer-add-learner")
			k.tap(k.tr("name.title1"), ui.T(k.Lang(), "trainer.new_card", chinese.Script(k.Lang(), "孙")+k.tr("name.title1")))
			shoot("trainer-new-learner")
			k.tap(k.tr("nav.back"))
			k.tap(k.tr("trainer.roster"))
			shoot("trainer-roster")
			k.tap(k.tr("nav.back"), k.tr("trainer.edit_session"))
			shoot("trainer-edit-session")
			k.tap(k.tr("date.calendar"))
			shoot("trainer-calendar")
			k.tap(k.tr("nav.back"), k.tr("trainer.delete_session"))
			shoot("trainer-confirm")
			k.tap(k.tr("nav.back"), k.tr("nav.back"), k.tr("trainer.overview"))
			shoot("class-overview")
			k.tap(chinese.Script(k.Lang(), "王女士") + "/" + c.Lessons[0])
			shoot("trainer-progress")
			k.tap(k.tr("nav.back"), k.tr("nav.back"), k.tr("nav.back"), k.tr("trainer.edit_course"))
			shoot("trainer-edit-course")
		})
	}
}

// TestEveryRecordKindHasAName: the refused-records screen names each kind
// a kiosk pushes, the changes to classes among them, in every language.
func TestEveryRecordKindHasAName(t *testing.T) {
	for _, l := range alliance.Langs {
		for _, k := range alliance.RecordKinds {
			if ui.Catalog(l)["kind."+string(k)] == "" {
				t.Errorf("%s: no name for kind %s", l, k)
			}
		}
	}
}
