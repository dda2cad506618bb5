package lessons_test

import (
	"image"
	"io/fs"
	"path"
	"strings"
	"testing"
	"time"

	"github.com/shinan-alliance/alliance/assets"
	"github.com/shinan-alliance/alliance/lessons"
)

// The embedded curriculum follows what the district's classes teach (see
// the newspaper report in shared/seed), in this order.
var wantCurriculum = []string{
	"phone-basics", "wechat-install", "care-mode", "add-family", "calls",
	"family-group", "voice-input", "photos", "moments", "follow-accounts",
	"suggestions", "activity-signup", "call-community", "scam-rehearsal",
	"scan-qr", "pay-safely", "scam-rehearsal-2", "taxi", "medical", "news",
	"favorites",
}

func TestEmbeddedCurriculum(t *testing.T) {
	c, err := lessons.LoadCurriculum(assets.Curriculum())
	if err != nil {
		t.Fatal(err)
	}
	if got := len(c.Lessons); got < 21 {
		t.Fatalf("curriculum has %d lessons, want at least 21", got)
	}
	// Staff see lessons whose check is more than a year old; the test
	// shows them too, without failing the build a year from now.
	for _, w := range c.Warnings() {
		t.Logf("warning: %s", w)
	}
	for i, id := range wantCurriculum {
		if got := c.Lessons[i].ID; got != id {
			t.Errorf("lesson %d is %q, want %q", i+1, got, id)
		}
	}
	for _, l := range c.Lessons {
		t.Run(l.ID, func(t *testing.T) {
			kinds := map[lessons.Kind]int{}
			for _, s := range l.Steps {
				kinds[s.Kind]++
			}
			if n := len(l.Steps); n < 6 || n > 14 {
				t.Errorf("%d steps, want 6 to 14", n)
			}
			if kinds[lessons.Quiz] < 1 || kinds[lessons.Recap] != 1 || kinds[lessons.Explain] < 1 {
				t.Errorf("step kinds %v, want explanations, at least one quiz and one recap", kinds)
			}
			if kinds[lessons.Practice] < 1 {
				t.Errorf("no practice step: seniors learn by doing")
			}
			if last := l.Steps[len(l.Steps)-1].Kind; last != lessons.Recap {
				t.Errorf("last step is %s, want recap", last)
			}
			if l.CoverImage() == nil {
				t.Errorf("no picture for the lesson list")
			}
			// What it was checked against, and the trainers' notes on
			// what changed and what could not be checked on a phone.
			if l.Checked.Date.IsZero() || l.Checked.How == "" {
				t.Errorf("checked %+v: want a date and how", l.Checked)
			}
			if _, err := fs.Stat(assets.Curriculum(), path.Join(l.Dir, "README.md")); err != nil {
				t.Errorf("no README.md for trainers: %v", err)
			}
			for _, f := range l.Phones {
				if _, ok := lessons.FamilyByID(f); !ok {
					t.Errorf("phone family %q", f)
				}
			}
			for name, img := range l.Images {
				if len(img.Data) > 30<<10 {
					t.Errorf("%s is %d bytes, want under 30 KB", name, len(img.Data))
				}
			}
			// Traditional is generated; make sure it really is converted.
			if l.Title.Hant == "" || l.Title.En == "" {
				t.Errorf("title %+v lacks a language", l.Title)
			}
		})
	}
	if c.Lesson("family-group").Title.Hant != "家庭群聊" {
		t.Errorf("traditional title %q", c.Lesson("family-group").Title.Hant)
	}
	if got := c.Lesson("follow-accounts").Title.Hant; !strings.Contains(got, "關注") || !strings.Contains(got, "社區") {
		t.Errorf("traditional title %q, want 關注 … 社區", got)
	}
}

// Each practice step can be finished by tapping the middle of its first
// area (the areas the YAML names are where the pictures show the buttons),
// by its swipe, hold or slide, or by typing its text.
func TestCurriculumPlaysThrough(t *testing.T) {
	c, err := lessons.LoadCurriculum(assets.Curriculum())
	if err != nil {
		t.Fatal(err)
	}
	for _, whole := range c.Lessons {
		for _, fam := range append([]string{""}, whole.Phones...) {
			playThrough(t, whole.ForPhone(fam))
		}
	}
}

// playThrough plays one phone form of a lesson by its right taps and
// answers; the middle of each right area is a right tap, never a place to
// avoid.
func playThrough(t *testing.T, l *lessons.Lesson) {
	t.Helper()
	p := lessons.NewPlayer(l)
	p.Settle = 0
	for {
		s := p.Step()
		switch s.Kind {
		case lessons.Practice:
			at := p.Index()
			if r := doPractice(p, s); r.Outcome != lessons.Right {
				t.Fatalf("%s (%s) step %d: %s: %v (%s)", l.ID, l.Family, at+1, s.Gesture, r.Outcome, r.Message.Hans)
			}
			if !p.AtEnd() && p.Index() == at {
				t.Fatalf("%s step %d: right tap did not move on", l.ID, at+1)
			}
			continue
		case lessons.Quiz:
			if r := p.Answer(s.RightAnswer()); r.Outcome != lessons.Right {
				t.Fatalf("%s step %d: right answer was %v", l.ID, p.Index()+1, r.Outcome)
			}
		}
		if !p.Next() {
			break
		}
	}
	if got := p.Progress().Status(); got != lessons.Completed {
		t.Errorf("%s (%s): status %v after a perfect run, want completed", l.ID, l.Family, got)
	}
}

// doPractice does a practice step as it asks: a tap in the middle of its
// first area, a straight swipe, a hold for its seconds from the middle of
// its place, a slide from the middle of the button to the middle of the
// cancel place, or its text typed a character at a time.
func doPractice(p *lessons.Player, s *lessons.Step) lessons.TapResult {
	mid := func(r image.Rectangle) image.Point { return r.Min.Add(r.Max).Div(2) }
	t0 := time.Unix(1000, 0)
	switch s.Gesture {
	case lessons.GestureSwipe:
		p.Press(s.Swipe.From.X, s.Swipe.From.Y, t0)
		return p.Release(s.Swipe.To.X, s.Swipe.To.Y, t0.Add(time.Second))
	case lessons.GestureHold:
		m := mid(s.Hold.Area)
		p.Press(m.X, m.Y, t0)
		return p.Release(m.X, m.Y, t0.Add(time.Duration(s.Hold.Seconds*float64(time.Second))))
	case lessons.GestureSlideCancel:
		a, c := mid(s.Slide.Area), mid(s.Slide.Cancel)
		p.Press(a.X, a.Y, t0)
		return p.Release(c.X, c.Y, t0.Add(2*time.Second))
	case lessons.GestureType:
		var typed string
		var r lessons.TapResult
		for _, c := range s.Type.Text {
			typed += string(c)
			r = p.Typed(typed)
		}
		return r
	}
	m := mid(s.Areas[0])
	return p.Tap(m.X, m.Y)
}
