package ui_test

import (
	"context"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/internal/chinese"
	"github.com/shinan-alliance/alliance/lessons"
	"github.com/shinan-alliance/alliance/store"
	"github.com/shinan-alliance/alliance/ui"
)

// classOf30 makes 30 learners who came to an earlier class of a course:
// the roster the trainer finds at the next one.
func classOf30(t *testing.T, db *store.DB) []alliance.Learner {
	t.Helper()
	ctx := context.Background()
	var out []alliance.Learner
	for i := range 30 {
		l := alliance.Learner{Name: ui.Surnames[i%len(ui.Surnames)] + ui.Titles[i/len(ui.Surnames)], ConsentVersion: "v1"}
		if err := db.SaveLearner(ctx, &l); err != nil {
			t.Fatal(err)
		}
		out = append(out, l)
	}
	c := alliance.Course{Title: "上期课程", Lessons: []string{"phone-basics"}}
	if err := db.SaveCourse(ctx, &c); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestTrainerRunsAClass: behind the staff PIN a trainer makes a course
// and a session, checks in a class of 30 with one tap, adds a learner,
// presents the lesson, marks progress in the class overview, exports the
// reports and prints a certificate; every record waits in the outbox.
func TestTrainerRunsAClass(t *testing.T) {
	k, cur := lessonKiosk(t)
	ctx := context.Background()
	visit := func(name string) {
		t.Helper()
		k.wantScreen(name)
		checkSizes(t, k.content(), 1)
	}
	if err := k.Open("staff"); err != nil {
		t.Fatal(err)
	}
	k.tap(k.tr("staff.training"))
	visit("trainer")
	k.tap(k.tr("trainer.new_course"))
	visit("trainer-new-course")
	k.tap(k.tr("trainer.save"))
	visit("trainer-course")
	courses, err := k.DB.Courses(ctx)
	if err != nil || len(courses) != 1 || len(courses[0].Lessons) != len(cur.Lessons) {
		t.Fatalf("courses: got %+v, %v; want one of every lesson", courses, err)
	}
	course := courses[0]
	k.tap(k.tr("trainer.new_session"))
	visit("trainer-new-session")
	k.tap(k.tr("trainer.save"))
	visit("trainer-session")
	sessions, _ := k.DB.Sessions(ctx, course.ID)
	if len(sessions) != 1 || sessions[0].LessonID != cur.Lessons[0].ID || sessions[0].Day != k.now.In(alliance.Location).Format(time.DateOnly) {
		t.Fatalf("sessions: got %+v, want today's first lesson", sessions)
	}
	session := sessions[0]

	// A class of 30 who came before (added to this course's roster by an
	// earlier check-in), then everyone present with one tap.
	learners := classOf30(t, k.DB)
	var ids []string
	for _, l := range learners {
		ids = append(ids, l.ID)
	}
	if err := k.DB.SetAttendance(ctx, session.ID, ids, false, ""); err != nil {
		t.Fatal(err)
	}
	k.tap(ui.T(k.Lang(), "lang.name")) // the language switch redraws the screen
	start := k.now
	k.tap(k.tr("trainer.all_present"))
	// One did not come after all: a tap on her name undoes her check-in.
	k.tap(chinese.Script(k.Lang(), learners[29].Name))
	if took := k.now.Sub(start); took > 2*time.Minute {
		t.Errorf("check-in took %v of taps", took)
	}
	att, _ := k.DB.AttendanceOf(ctx, session.ID)
	present := 0
	for _, here := range att {
		if here {
			present++
		}
	}
	if present != 29 || att[learners[29].ID] {
		t.Errorf("after 全部到齐 and one undo: %d present, want 29", present)
	}
	if got := k.texts(); !strings.Contains(got, ui.T(k.Lang(), "trainer.present_n", 29, 30)) {
		t.Errorf("the count is not shown: %s", got)
	}

	// A newcomer gets a card and is checked in.
	k.tap(k.tr("trainer.add_learner"))
	visit("trainer-add-learner")
	k.tap(chinese.Script(k.Lang(), "曲"), k.tr("name.title1"), ui.T(k.Lang(), "trainer.new_card", chinese.Script(k.Lang(), "曲")+k.tr("name.title1")))
	visit("trainer-new-learner")
	k.tap(k.tr("trainer.agree_and_add"))
	visit("trainer-session")
	if got := k.texts(); !strings.Contains(got, ui.T(k.Lang(), "trainer.present_n", 30, 31)) {
		t.Errorf("the newcomer is not checked in: %s", got)
	}

	// Presenter: next, show the answer on a practice step, jump, back.
	k.tap(k.tr("trainer.present"))
	visit("presenter")
	k.tap(k.tr("lesson.next"), k.tr("lesson.next"))
	k.tap(k.tr("present.show"))
	if len(k.picture().Highlighted()) == 0 {
		t.Error("show the answer lit up nothing")
	}
	k.tap(k.tr("present.jump"))
	visit("present-jump")
	last := len(cur.Lessons[0].Steps)
	k.tap(ui.T(k.Lang(), "present.step", last, k.tr("kind.recap")))
	visit("presenter")
	if got := k.texts(); !strings.Contains(got, ui.T(k.Lang(), "form.step", last, last)) {
		t.Errorf("jump did not reach the recap: %s", got)
	}
	k.tap(k.tr("nav.back"))

	// Progress in the class overview.
	k.tap(k.tr("trainer.overview"))
	visit("class-overview")
	wang := chinese.Script(k.Lang(), learners[0].Name)
	k.tap(wang + "/" + cur.Lessons[0].ID)
	visit("trainer-progress")
	k.tap(k.tr("status.class.completed"))
	visit("class-overview")
	if b := k.find(wang + "/" + cur.Lessons[0].ID); b.Text != k.tr("status.class.completed") {
		t.Errorf("cell after marking completed: got %q", b.Text)
	}
	// A learner who asks to be forgotten is erased, here and (by the
	// outbox) at the hub.
	gone := chinese.Script(k.Lang(), learners[1].Name)
	k.tap(gone + "/" + cur.Lessons[0].ID)
	visit("trainer-progress")
	k.tap(k.tr("trainer.erase"))
	visit("trainer-erase")
	k.tap(k.tr("trainer.erase_yes"))
	visit("class-overview")
	if strings.Contains(k.texts(), gone) {
		t.Errorf("%s is still in the class overview after erasure", gone)
	}
	if _, err := k.DB.Learner(context.Background(), learners[1].ID); err == nil {
		t.Error("the erased learner is still in the database")
	}
	k.tap(k.tr("nav.back"))

	// The session report and the course report (printing and saving them
	// are TestReportSavesToAUSBStick's and TestReportPrintsThroughCUPS's).
	k.tap(k.tr("trainer.session_report"))
	visit("trainer-report")
	if got := k.texts(); !strings.Contains(got, k.tr("print.register")) || !strings.Contains(got, chinese.Script(k.Lang(), learners[0].Name)) {
		t.Errorf("session report: %s", got)
	}

	// She finishes the course; the course report offers her certificate.
	for _, id := range course.Lessons {
		if err := k.DB.SaveProgress(ctx, &store.LessonProgress{LearnerID: learners[0].ID, LessonID: id, Status: "completed", Source: alliance.SourceTrainer}); err != nil {
			t.Fatal(err)
		}
	}
	k.ShowHome()
	if err := k.Open("staff"); err != nil {
		t.Fatal(err)
	}
	k.tap(k.tr("staff.training"), course.Title, k.tr("trainer.course_report"))
	visit("trainer-report")
	k.tap(k.tr("trainer.certificate"))
	visit("certificate")
	if _, err := k.DB.CompletionOf(ctx, learners[0].ID, course.ID); err != nil {
		t.Errorf("no completion after the certificate: %v", err)
	}

	items, err := k.DB.PendingOutbox(ctx, 1000)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[alliance.Kind]int{}
	for _, it := range items {
		kinds[it.Kind]++
	}
	for _, kind := range []alliance.Kind{alliance.KindLearner, alliance.KindCourse, alliance.KindSession, alliance.KindAttendance, alliance.KindProgress, alliance.KindCompletion} {
		if kinds[kind] == 0 {
			t.Errorf("no %s record in the outbox: %v", kind, kinds)
		}
	}
	if got, want := kinds[alliance.KindLearner], 31; got != want {
		t.Errorf("learners in the outbox: got %d, want %d", got, want)
	}
}

// TestClassKeepsTheTrainerScreensUp: a class talks for minutes between
// taps; the presenter stays, but not for ever.
func TestClassKeepsTheTrainerScreensUp(t *testing.T) {
	k, _ := lessonKiosk(t)
	if err := k.Open("presenter"); err != nil {
		t.Fatal(err)
	}
	k.Touch()
	step := func(d time.Duration) {
		for end := k.now.Add(d); k.now.Before(end); {
			k.now = k.now.Add(10 * time.Second)
			k.HoldForClass()
			k.CheckIdle(k.now)
		}
	}
	step(10 * time.Minute)
	k.wantScreen("presenter")
	step(ui.ClassIdle)
	k.wantScreen("home")
}

func TestCertificateSaysWhoFinishedWhat(t *testing.T) {
	info := ui.CertificateInfo{Name: "王女士", Course: "智能手机课", Lessons: 14, Number: "20261127-123456",
		Date: time.Date(2026, 11, 27, 10, 0, 0, 0, alliance.Location), Community: "盐城路社区"}
	for _, lang := range alliance.Langs {
		t.Run(string(lang), func(t *testing.T) {
			img, err := ui.DrawCertificate(info, lang)
			if err != nil {
				t.Fatal(err)
			}
			// Ink where the name is drawn: the middle of the page is not blank.
			inked := 0
			for x := 500; x < 1250; x += 2 {
				for y := 400; y < 520; y += 2 {
					if r, _, _, _ := img.At(x, y).RGBA(); r < 0x4000 {
						inked++
					}
				}
			}
			if inked < 200 {
				t.Errorf("the name line has %d inked pixels", inked)
			}
			if out := os.Getenv("CERT_OUT"); out != "" {
				f, _ := os.Create(filepath.Join(out, "certificate-"+string(lang)+".png"))
				png.Encode(f, img)
				f.Close()
			}
		})
	}
	_ = lessons.Completed
}
