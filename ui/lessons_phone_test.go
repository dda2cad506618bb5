package ui_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/ui"
)

// Every step of every lesson, as a learner who does not know her phone
// sees it: no placeholder is left in braces, and the community's name is
// the kiosk's own.
func TestLessonsShowTheCommunitysOwnDetails(t *testing.T) {
	k, cur := lessonKiosk(t)
	ctx := context.Background()
	offices, err := k.DB.CommunitiesByStreetOffice(ctx)
	if err != nil || len(offices) == 0 || len(offices[0].Communities) == 0 {
		t.Fatalf("no communities: %v", err)
	}
	home := offices[0].Communities[0]
	filled := false
	k.tap(k.tr("tile.lessons"))
	for _, l := range cur.Lessons {
		k.tap(l.Title.Hans)
		if k.Current() == "phone-pick" {
			k.tap(k.tr("phone.unknown"))
		}
		for i := range l.Steps {
			got := strings.ReplaceAll(k.texts(), "|", "")
			if strings.Contains(got, "{") {
				t.Errorf("%s step %d: a placeholder is left: %s", l.ID, i+1, got)
			}
			if strings.Contains(l.Steps[i].Text.Hans, "{community}") && strings.Contains(got, home.Name) {
				filled = true
			}
			if i < len(l.Steps)-1 {
				k.now = k.now.Add(time.Second)
				k.tap(k.tr("lesson.next"))
			}
		}
		k.tap(k.tr("lesson.finish"))
		k.wantScreen("lessons")
	}
	if !filled {
		t.Errorf("no step named the home community %s", home.Name)
	}
}

// She can change her phone in the middle of a lesson: the same step, as
// on the other phone.
func TestChangePhoneInALesson(t *testing.T) {
	k, cur := lessonKiosk(t)
	l := cur.Lessons[0]
	if !l.Steps[1].Varies() {
		t.Fatalf("step 2 of %s does not vary by phone", l.ID)
	}
	k.tap(k.tr("tile.lessons"), l.Title.Hans, "华为手机", k.tr("lesson.next"))
	if got := k.texts(); !strings.Contains(got, ui.T(alliance.Hans, "phone.step", "华为手机")) {
		t.Fatalf("step 2 does not say it is for Huawei: %s", got)
	}
	k.tap(k.tr("phone.change"))
	k.wantScreen("phone-pick")
	k.tap("苹果手机（iPhone）")
	k.wantScreen("lesson-explain")
	got := k.texts()
	if !strings.Contains(got, ui.T(alliance.Hans, "phone.step", "苹果手机（iPhone）")) || !strings.Contains(got, ui.T(alliance.Hans, "form.step", 2, len(l.Steps))) {
		t.Errorf("after changing phone: %s", got)
	}
	if !strings.Contains(strings.ReplaceAll(got, "|", ""), "侧边键") {
		t.Errorf("step 2 is not the iPhone's: %s", got)
	}
	// The list remembers it for the rest of the visit.
	k.tap(k.tr("nav.back"))
	if got := k.texts(); !strings.Contains(got, ui.T(alliance.Hans, "phone.mine", "苹果手机（iPhone）")) {
		t.Errorf("the list forgot the phone: %s", got)
	}
}

// The trainer picks the class's phone on the session screen; the
// presenter shows that phone's steps.
func TestPresenterShowsTheClassPhone(t *testing.T) {
	k, cur := lessonKiosk(t)
	ctx := context.Background()
	c := &alliance.Course{Title: "手机班", Lessons: []string{cur.Lessons[0].ID}}
	if err := k.DB.SaveCourse(ctx, c); err != nil {
		t.Fatal(err)
	}
	if err := k.Open("staff"); err != nil {
		t.Fatal(err)
	}
	k.tap(k.tr("staff.training"), c.Title+"  ·  "+ui.T(k.Lang(), "trainer.lessons_n", 1))
	k.wantScreen("trainer-course")
	k.tap(k.tr("trainer.new_session"), k.tr("trainer.save"))
	k.wantScreen("trainer-session")
	// The class phone is a button on the session screen (issue 14).
	k.tap(ui.T(k.Lang(), "trainer.phone_is", k.tr("trainer.all_phones")))
	k.wantScreen("trainer-phone")
	k.tap("OPPO 或一加手机")
	k.wantScreen("trainer-session")
	if got, _ := k.DB.Course(ctx, c.ID); got.PhoneFamily != "oppo" {
		t.Errorf("class phone %q, want oppo", got.PhoneFamily)
	}
	if got := k.texts(); !strings.Contains(got, ui.T(k.Lang(), "trainer.phone_is", "OPPO 或一加手机")) {
		t.Errorf("the session screen does not show the class phone: %s", got)
	}
	k.tap(k.tr("trainer.present"))
	k.wantScreen("presenter")
	k.tap(k.tr("lesson.next"))
	got := strings.ReplaceAll(k.texts(), "|", "")
	if !strings.Contains(got, ui.T(alliance.Hans, "phone.step", "OPPO 或一加手机")) || !strings.Contains(got, "一加手机") {
		t.Errorf("the presenter's step 2 is not OPPO's: %s", got)
	}
}

// `kiosk --screen lesson:ID:STEP[:PHONE]` opens a step for screenshots.
func TestOpenLessonStep(t *testing.T) {
	k, _ := lessonKiosk(t)
	if err := k.Open("lesson:scan-qr:4"); err != nil {
		t.Fatal(err)
	}
	k.wantScreen("lesson-practice")
	if err := k.Open("lesson:phone-basics:3:oppo"); err != nil {
		t.Fatal(err)
	}
	if got := k.texts(); !strings.Contains(got, ui.T(alliance.Hans, "phone.step", "OPPO 或一加手机")) {
		t.Errorf("not OPPO's step: %s", got)
	}
	if err := k.Open("lesson:phone-basics:pick"); err != nil {
		t.Fatal(err)
	}
	k.wantScreen("phone-pick")
	for _, bad := range []string{"lesson:nope:1", "lesson:scan-qr:99", "lesson:scan-qr:1:nokia", "lesson:scan-qr"} {
		if err := k.Open(bad); err == nil {
			t.Errorf("%s opened", bad)
		}
	}
}
