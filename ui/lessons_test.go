package ui_test

import (
	"context"
	"encoding/json"
	"image"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/lessons"
	"github.com/shinan-alliance/alliance/store"
	"github.com/shinan-alliance/alliance/ui"
)

// lessonKiosk is a kiosk with the embedded curriculum enabled.
func lessonKiosk(t *testing.T) (*kiosk, *lessons.Curriculum) {
	t.Helper()
	k := newKiosk(t)
	cur, err := ui.DefaultCurriculum()
	if err != nil {
		t.Fatal(err)
	}
	if err := k.EnableLessons(cur); err != nil {
		t.Fatal(err)
	}
	return k, cur
}

// picture finds the practice picture on screen.
func (k *kiosk) picture() *ui.TapPicture {
	k.t.Helper()
	var found *ui.TapPicture
	walk(k.content(), func(o fyne.CanvasObject) bool {
		if p, ok := o.(*ui.TapPicture); ok && found == nil {
			found = p
		}
		return true
	})
	if found == nil {
		k.t.Fatalf("no practice picture on screen %s", k.Current())
	}
	return found
}

// tapPicture taps the practice picture at picture pixel (x, y).
func (k *kiosk) tapPicture(x, y int) {
	k.t.Helper()
	p := k.picture()
	k.now = k.now.Add(500 * time.Millisecond)
	test.TapAt(p, p.ToScreen(x, y).AddXY(1, 1))
}

// TestLessonByTapsAlone makes a learner card, then goes through a whole
// lesson by taps: two misses that light up the right area, right taps,
// a wrong and a right quiz answer, and the recap; the progress is saved
// under her card and waits in the outbox.
func TestLessonByTapsAlone(t *testing.T) {
	k, cur := lessonKiosk(t)
	k.tap(k.tr("tile.lessons"))
	k.wantScreen("lessons")
	checkSizes(t, k.content(), 1)

	// A new learner card, by taps.
	k.tap(k.tr("learner.use"))
	k.wantScreen("learner-card")
	checkSizes(t, k.content(), 1)
	k.tap(k.tr("learner.new"))
	k.wantScreen("learner-new")
	k.tap("王", "女士", k.tr("form.next"), k.tr("form.next")) // no full name for the certificate
	k.key("13812345678")
	k.tap(k.tr("form.next"))
	if got := k.texts(); !strings.Contains(got, "138****5678") || strings.Contains(got, "13812345678") {
		t.Errorf("the summary does not mask the phone: %s", got)
	}
	k.tap(k.tr("consent.agree"), k.tr("form.send"))
	k.wantScreen("learner-number")
	k.tap(k.tr("learner.start"))
	k.wantScreen("lessons")
	if got := k.texts(); !strings.Contains(got, "王女士") {
		t.Errorf("the list does not greet the learner: %s", got)
	}

	// The first lesson differs by phone: it asks hers first, and her
	// card remembers it.
	whole := cur.Lessons[0]
	if len(whole.Phones) == 0 {
		t.Fatalf("lesson %s does not vary by phone", whole.ID)
	}
	k.tap(whole.Title.Hans)
	k.wantScreen("phone-pick")
	checkSizes(t, k.content(), 1)
	k.tap("华为手机")
	l := whole.ForPhone("huawei")
	missed := false
	for i, s := range l.Steps {
		k.wantScreen("lesson-" + string(s.Kind))
		checkSizes(t, k.content(), 1)
		if got := k.texts(); !strings.Contains(got, k.tr("form.step")[:3]) {
			t.Fatalf("step %d: no step count: %s", i+1, got)
		}
		if whole.Steps[i].Varies() {
			if got := k.texts(); !strings.Contains(got, ui.T(alliance.Hans, "phone.step", "华为手机")) {
				t.Errorf("step %d varies by phone but does not say which: %s", i+1, got)
			}
		}
		if !s.Safety.IsZero() {
			if got := strings.ReplaceAll(k.texts(), "|", ""); !strings.Contains(got, s.Safety.Hans) {
				t.Errorf("step %d: its safety note is not shown: %s", i+1, got)
			}
		}
		switch s.Kind {
		case lessons.Practice:
			if s.Gesture == lessons.GestureSwipe { // unlocking: a swipe up
				k.now = k.now.Add(time.Second)
				k.dragPath([]image.Point{s.Swipe.From, s.Swipe.To}, 300*time.Millisecond)
				continue
			}
			if !missed {
				// Two misses far from the button light it up.
				far := image.Pt(5, 5)
				if s.Areas[0].Min.Y < 300 {
					far = image.Pt(5, l.Images[s.Image].Height-5)
				}
				k.tapPicture(far.X, far.Y)
				k.wantScreen("lesson-practice")
				// Wrapped lines come as separate texts.
				if got := strings.ReplaceAll(k.texts(), "|", ""); !strings.Contains(got, s.Hint.Hans) {
					t.Errorf("step %d: a miss shows no hint: %s", i+1, got)
				}
				if len(k.picture().Highlighted()) != 0 {
					t.Errorf("step %d: highlighted after one miss", i+1)
				}
				k.tapPicture(far.X, far.Y)
				if got, want := k.picture().Highlighted(), s.Areas; !slices.Equal(got, want) {
					t.Errorf("step %d: highlight after two misses: got %v, want %v", i+1, got, want)
				}
				missed = true
			}
			mid := s.Areas[0].Min.Add(s.Areas[0].Max).Div(2)
			k.tapPicture(mid.X, mid.Y)
		case lessons.Quiz:
			right := s.Answers[s.RightAnswer()].Text.Hans
			var wrong string
			for _, a := range s.Answers {
				if !a.Right {
					wrong = a.Text.Hans
					break
				}
			}
			k.tap(wrong)
			if got := k.texts(); !strings.Contains(got, k.tr("quiz.right_mark")+right) {
				t.Errorf("step %d: a wrong answer does not mark the right one: %s", i+1, got)
			}
			k.tap(right)
			if got := k.texts(); !strings.Contains(got, lessons.RightAnswerText.Hans) {
				t.Errorf("step %d: the right answer is not praised: %s", i+1, got)
			}
			k.tap(k.tr("lesson.next"))
		case lessons.Recap:
			// The recap says what the status saved says: finished, with
			// help on some steps; not the lesson's 学得很好.
			got := strings.ReplaceAll(k.texts(), "|", "")
			if !strings.Contains(got, strings.SplitN(k.tr("recap.with_help"), "%", 2)[0]) || (!s.Text.IsZero() && strings.Contains(got, s.Text.Hans)) {
				t.Errorf("the recap after help does not say so: %s", got)
			}
			k.tap(k.tr("lesson.finish"))
		default:
			k.tap(k.tr("lesson.next"))
		}
	}
	k.wantScreen("lessons")

	ctx := context.Background()
	items, err := k.DB.PendingOutbox(ctx, 1000)
	if err != nil {
		t.Fatal(err)
	}
	var learner alliance.Learner
	var last store.LessonProgress
	for _, it := range items {
		switch it.Kind {
		case alliance.KindLearner:
			if err := json.Unmarshal(it.Payload, &learner); err != nil {
				t.Fatal(err)
			}
		case alliance.KindProgress:
			if err := json.Unmarshal(it.Payload, &last); err != nil {
				t.Fatal(err)
			}
		}
	}
	if learner.Name != "王女士" || learner.Phone != "13812345678" || learner.ConsentVersion == "" {
		t.Errorf("learner in the outbox: got %q, consent %q", learner.Name, learner.ConsentVersion)
	}
	if got, err := k.DB.Learner(ctx, learner.ID); err != nil || got.PhoneFamily != "huawei" {
		t.Errorf("her card's phone: %q, %v; want huawei", got.PhoneFamily, err)
	}
	if got := k.texts(); !strings.Contains(got, ui.T(alliance.Hans, "phone.mine", "华为手机")) {
		t.Errorf("the list does not show her phone: %s", got)
	}
	if last.LearnerID != learner.ID || last.LessonID != l.ID || last.Source != alliance.SourceSelfStudy || last.Progress == nil {
		t.Fatalf("last progress in the outbox: got %+v", last)
	}
	// The practice misses and the wrong answer, every step then done:
	// completed with help (the trainer sees which steps), not "needs
	// help" until a trainer says otherwise.
	if got, want := last.Status, alliance.LessonCompletedWithHelp; got != want || !last.Progress.Completed() {
		t.Errorf("status: got %v (completed %v), want %v after every step", got, last.Progress.Completed(), want)
	}
	if got := k.texts(); !strings.Contains(got, k.tr("status.lesson.completed_with_help")) {
		t.Errorf("the list does not show her standing: %s", got)
	}
}

// TestAnonymousPracticeSavesNothing: without a card nothing is written.
func TestAnonymousPracticeSavesNothing(t *testing.T) {
	k, cur := lessonKiosk(t)
	k.tap(k.tr("tile.lessons"), cur.Lessons[1].Title.Hans)
	k.wantScreen("phone-pick")
	k.tap(k.tr("phone.unknown"), k.tr("lesson.next"), k.tr("lesson.next"))
	if items, _ := k.DB.PendingOutbox(context.Background(), 10); len(items) != 0 {
		t.Errorf("anonymous practice wrote %d records", len(items))
	}
	// Back on the first step 上一步 does nothing and the list is one 返回 away.
	k.tap(k.tr("lesson.prev"), k.tr("lesson.prev"), k.tr("nav.back"))
	k.wantScreen("lessons")
}

// TestLearnerCardFindsHerAgain finds a card by name and the last four
// digits, and by number; she resumes where she left off.
func TestLearnerCardFindsHerAgain(t *testing.T) {
	k, cur := lessonKiosk(t)
	ctx := context.Background()
	l := &alliance.Learner{Name: "张先生", Phone: "13900001234", ConsentVersion: "v1"}
	if err := k.DB.SaveLearner(ctx, l); err != nil {
		t.Fatal(err)
	}
	// He said once he has an iPhone: lessons that differ by phone
	// do not ask him again.
	if err := k.DB.SetLearnerPhone(ctx, l.ID, "iphone"); err != nil {
		t.Fatal(err)
	}
	lesson := cur.Lessons[2]
	p := lessons.NewPlayer(lesson)
	p.Goto(3)
	pr := p.Progress()
	if err := k.DB.SaveProgress(ctx, &store.LessonProgress{LearnerID: l.ID, LessonID: lesson.ID, LessonVersion: lesson.Version,
		Status: store.StatusCode(pr.Status()), Progress: &pr, Source: alliance.SourceSelfStudy}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		find func()
	}{
		{"name and phone", func() {
			k.tap("张", "先生")
			k.key("1234")
			k.tap(k.tr("records.find"))
		}},
		{"number", func() {
			k.tap(k.tr("learner.by_number"))
			k.key(l.Number)
			k.tap(k.tr("records.find"))
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			k.t = t
			k.ShowHome()
			k.tap(k.tr("tile.lessons"), k.tr("learner.use"))
			tc.find()
			k.wantScreen("lessons")
			if got := k.texts(); !strings.Contains(got, "张先生") || !strings.Contains(got, k.tr("status.lesson.in_progress")) {
				t.Fatalf("the card was not found: %s", got)
			}
			if got := k.texts(); !strings.Contains(got, ui.T(alliance.Hans, "phone.mine", "苹果手机（iPhone）")) {
				t.Errorf("the list does not show his phone: %s", got)
			}
			k.tap(lesson.Title.Hans)
			if got := k.texts(); !strings.Contains(got, ui.T(alliance.Hans, "form.step", 4, len(lesson.Steps))) {
				t.Errorf("did not resume at step 4: %s", got)
			}
		})
	}
	// Going home forgets the card: the next person starts anonymous.
	k.t = t
	k.ShowHome()
	k.tap(k.tr("tile.lessons"))
	if got := k.texts(); strings.Contains(got, "张先生") {
		t.Errorf("the next person sees the last learner's card: %s", got)
	}
}

func TestQuizAnswersAreShuffled(t *testing.T) {
	cur, err := ui.DefaultCurriculum()
	if err != nil {
		t.Fatal(err)
	}
	quizzes, first := 0, 0
	for _, l := range cur.Lessons {
		for i, s := range l.Steps {
			if s.Kind != lessons.Quiz {
				continue
			}
			quizzes++
			order := ui.AnswerOrder(l.ID, i, len(s.Answers))
			if again := ui.AnswerOrder(l.ID, i, len(s.Answers)); !slices.Equal(order, again) {
				t.Errorf("%s step %d: order %v then %v, want the same", l.ID, i+1, order, again)
			}
			if sorted := slices.Sorted(slices.Values(order)); len(order) != len(s.Answers) || sorted[0] != 0 || sorted[len(sorted)-1] != len(s.Answers)-1 {
				t.Errorf("%s step %d: order %v is not a shuffle of %d answers", l.ID, i+1, order, len(s.Answers))
			}
			if order[0] == s.RightAnswer() {
				first++
			}
		}
	}
	if first*2 > quizzes {
		t.Errorf("the right answer comes first in %d of %d quizzes", first, quizzes)
	}
}

// TestLessonScreensFitWithLargeText: with 大字 on, in every language, the
// lesson and trainer screens still fit a 1920×1080 screen.
func TestLessonScreensFitWithLargeText(t *testing.T) {
	k, _ := lessonKiosk(t)
	k.SetLargeText(true)
	for _, lang := range alliance.Langs {
		k.SetLang(lang)
		for _, name := range []string{"lessons", "lesson-practice", "lesson-quiz", "presenter", "class-overview"} {
			t.Run(string(lang)+"/"+name, func(t *testing.T) {
				k.t = t
				if err := k.Open(name); err != nil {
					t.Fatal(err)
				}
				if got := k.Window.Content().MinSize(); got.Height > 1080 || got.Width > 1920 {
					t.Errorf("needs %v, more than the screen", got)
				}
				checkSizes(t, k.content(), ui.LargeTextScale)
				if name == "lesson-practice" {
					k.tap(k.tr("lesson.prev")) // an explanation with its picture
					k.wantScreen("lesson-explain")
					if got := k.Window.Content().MinSize(); got.Height > 1080 {
						t.Errorf("an explanation needs %v, more than the screen", got)
					}
				}
			})
		}
	}
}
