package lessons

import (
	"encoding/json"
	"image"
	"reflect"
	"testing"
	"time"
)

// testLesson: explain, practice (area 100,700–200,800 on 540×960), quiz
// (right answer 0), recap.
func testLesson(t *testing.T) *Lesson {
	t.Helper()
	l, err := LoadLesson(lessonFS(t, goodLesson), ".")
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// clock is a fake time that moves a second at each reading, so no input
// falls within the settle time unless a test says so.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { c.t = c.t.Add(time.Second); return c.t }

func newTestPlayer(t *testing.T) *Player {
	p := NewPlayer(testLesson(t))
	p.now = (&clock{t: time.Unix(0, 0)}).now
	return p
}

func TestPlayerSteps(t *testing.T) {
	p := newTestPlayer(t)
	if p.Index() != 0 || p.Len() != 4 || p.CanBack() || !p.CanNext() {
		t.Fatalf("start: index %d of %d, back %v, next %v", p.Index(), p.Len(), p.CanBack(), p.CanNext())
	}
	if p.Back() {
		t.Errorf("Back on the first step moved")
	}
	for i := 1; i < 4; i++ {
		if !p.Next() || p.Index() != i {
			t.Fatalf("Next to step %d: index %d", i, p.Index())
		}
	}
	if p.Next() || p.Index() != 3 || !p.AtEnd() {
		t.Errorf("Next past the end: index %d, at end %v", p.Index(), p.AtEnd())
	}
	if !p.Back() || p.Index() != 2 {
		t.Errorf("Back from the end: index %d", p.Index())
	}
	if p.Goto(7) || p.Goto(-1) || !p.Goto(0) || p.Index() != 0 {
		t.Errorf("Goto: index %d", p.Index())
	}
	prog := p.Progress()
	if !prog.Steps[1].Skipped || !prog.Steps[2].Skipped {
		t.Errorf("practice and quiz passed by are not marked skipped: %+v", prog.Steps)
	}
	if got, want := prog.Status(), NeedsHelp; got != want {
		t.Errorf("status %v, want %v (steps passed by)", got, want)
	}
}

func TestPlayerTaps(t *testing.T) {
	// The area is x 100–200, y 700–800; the margin is 54 pixels (10% of 540).
	tests := []struct {
		name     string
		taps     []image.Point
		outcomes []Outcome
		misses   int
		done     bool
		shown    bool
	}{
		{"right in the middle", []image.Point{{150, 750}}, []Outcome{Right}, 0, true, false},
		{"on the edge", []image.Point{{100, 700}}, []Outcome{Right}, 0, true, false},
		{"within the margin", []image.Point{{50, 650}}, []Outcome{Right}, 0, true, false},
		{"within the margin, right side", []image.Point{{253, 853}}, []Outcome{Right}, 0, true, false},
		{"just past the margin", []image.Point{{45, 750}}, []Outcome{Wrong}, 1, false, false},
		{"far away", []image.Point{{400, 100}}, []Outcome{Wrong}, 1, false, false},
		{"two misses show the way", []image.Point{{400, 100}, {400, 200}}, []Outcome{Wrong, Wrong}, 2, false, true},
		{"two misses, then right", []image.Point{{400, 100}, {400, 200}, {150, 750}}, []Outcome{Wrong, Wrong, Right}, 2, true, true},
		{"outside the picture is ignored", []image.Point{{-3, 750}, {540, 10}, {10, 960}}, []Outcome{Ignored, Ignored, Ignored}, 0, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newTestPlayer(t)
			p.Next() // to the practice step
			var last TapResult
			for i, pt := range tt.taps {
				last = p.Tap(pt.X, pt.Y)
				if got, want := last.Outcome, tt.outcomes[i]; got != want {
					t.Errorf("tap %d at %v: got %v, want %v", i+1, pt, got, want)
				}
			}
			s := p.Progress().Steps[1]
			if s.Misses != tt.misses || s.Done != tt.done || s.Shown != tt.shown {
				t.Errorf("got misses %d done %v shown %v, want %d %v %v", s.Misses, s.Done, s.Shown, tt.misses, tt.done, tt.shown)
			}
			if tt.done {
				if !last.Moved || p.Index() != 2 {
					t.Errorf("a right tap did not move on: moved %v, index %d", last.Moved, p.Index())
				}
				if last.Message.IsZero() {
					t.Errorf("a right tap brought no praise")
				}
			}
		})
	}
}

func TestPlayerHint(t *testing.T) {
	p := newTestPlayer(t)
	p.Next()
	first := p.Tap(400, 100)
	if got, want := first.Message.Hans, "绿色按钮在左下角。"; got != want {
		t.Errorf("first miss: %q, want the hint %q", got, want)
	}
	if first.Highlight != nil || p.Highlight() != nil {
		t.Errorf("first miss highlights %v: give her a second try first", first.Highlight)
	}
	second := p.Tap(400, 100)
	if got, want := second.Message.Hans, "绿色按钮在左下角。\n"+ShowMe.Hans; got != want {
		t.Errorf("second miss: %q, want %q", got, want)
	}
	want := []image.Rectangle{image.Rect(100, 700, 200, 800)}
	if !reflect.DeepEqual(second.Highlight, want) || !reflect.DeepEqual(p.Highlight(), want) {
		t.Errorf("second miss highlights %v (player %v), want %v", second.Highlight, p.Highlight(), want)
	}
	if p.Current().NeedsHelp() != true {
		t.Errorf("two misses do not ask for help")
	}
	// Never a dead end: she may still go on without the right tap.
	if !p.Next() {
		t.Errorf("Next refused after misses")
	}
}

func TestPlayerPraiseOnLastStep(t *testing.T) {
	l := testLesson(t)
	l.Steps = l.Steps[:2] // the practice step is now the last
	p := NewPlayer(l)
	p.now = (&clock{}).now
	p.Next()
	r := p.Tap(150, 750)
	if r.Outcome != Right || r.Moved || p.Index() != 1 {
		t.Errorf("got %v moved %v index %d, want right, staying on the last step", r.Outcome, r.Moved, p.Index())
	}
	if again := p.Tap(150, 750); again.Outcome != Ignored {
		t.Errorf("tap on a done step: %v, want ignored", again.Outcome)
	}
}

func TestPlayerSettle(t *testing.T) {
	p := NewPlayer(testLesson(t))
	now := time.Unix(0, 0)
	p.now = func() time.Time { return now }
	p.Next()
	now = now.Add(time.Second)
	if r := p.Tap(400, 100); r.Outcome != Wrong {
		t.Fatalf("first tap %v, want wrong", r.Outcome)
	}
	now = now.Add(100 * time.Millisecond)
	if r := p.Tap(400, 100); r.Outcome != Ignored {
		t.Errorf("bounce 100 ms later: %v, want ignored", r.Outcome)
	}
	now = now.Add(time.Second)
	if r := p.Tap(150, 750); r.Outcome != Right {
		t.Errorf("tap a second later: %v, want right", r.Outcome)
	}
	// A double tap on the right place must not land on the next step.
	if r := p.Answer(1); r.Outcome != Ignored {
		t.Errorf("input right after moving on: %v, want ignored", r.Outcome)
	}
	if got := p.Current().Misses; got != 0 {
		t.Errorf("misses %d on the next step", got)
	}
}

func TestPlayerQuiz(t *testing.T) {
	tests := []struct {
		name     string
		answers  []int
		outcomes []Outcome
		done     bool
		wrong    int
		message  string // the Simplified feedback of the last answer
	}{
		{"right at once", []int{0}, []Outcome{Right}, true, 0, RightAnswerText.Hans + "\n绿色是接听。"},
		{"wrong, with the answer's own reason", []int{1}, []Outcome{Wrong}, false, 1, WrongAnswerText.Hans + "\n红色是挂断。"},
		{"wrong, then right", []int{1, 0}, []Outcome{Wrong, Right}, true, 1, RightAnswerText.Hans + "\n绿色是接听。"},
		{"answers after the right one are ignored", []int{0, 1}, []Outcome{Right, Ignored}, true, 0, ""},
		{"out of range", []int{5, -1}, []Outcome{Ignored, Ignored}, false, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newTestPlayer(t)
			p.Goto(2)
			if got := p.Revealed(); got != -1 {
				t.Errorf("right answer revealed before any answer: %d", got)
			}
			var last AnswerResult
			for i, a := range tt.answers {
				last = p.Answer(a)
				if got, want := last.Outcome, tt.outcomes[i]; got != want {
					t.Errorf("answer %d: got %v, want %v", a, got, want)
				}
			}
			if last.Right != 0 {
				t.Errorf("right answer %d, want 0", last.Right)
			}
			if last.Message.Hans != tt.message {
				t.Errorf("message %q, want %q", last.Message.Hans, tt.message)
			}
			s := p.Current()
			if s.Done != tt.done || s.Wrong != tt.wrong {
				t.Errorf("done %v wrong %d, want %v %d", s.Done, s.Wrong, tt.done, tt.wrong)
			}
			if tt.wrong > 0 && p.Revealed() != 0 {
				t.Errorf("right answer not revealed after a wrong one")
			}
		})
	}
}

func TestPlayerShowAnswer(t *testing.T) {
	p := newTestPlayer(t)
	p.Next()
	p.ShowAnswer()
	if len(p.Highlight()) != 1 {
		t.Errorf("trainer's show answer did not highlight")
	}
	p.Tap(150, 750)
	p.ShowAnswer()
	if p.Revealed() != 0 {
		t.Errorf("trainer's show answer did not reveal the quiz answer")
	}
	if got := p.Progress().NeedsHelp(); len(got) != 0 {
		t.Errorf("shown by the trainer counts against her: steps %v", got)
	}
}

func TestProgressStatus(t *testing.T) {
	tests := []struct {
		name  string
		steps []StepProgress
		want  Status
	}{
		{"nothing", nil, NotStarted},
		{"not seen", []StepProgress{{}, {}}, NotStarted},
		{"halfway", []StepProgress{{Seen: true, Done: true}, {}}, InProgress},
		{"all seen", []StepProgress{{Seen: true, Done: true}, {Seen: true, Done: true}}, Completed},
		{"missed taps", []StepProgress{{Seen: true, Done: true, Misses: 2}, {}}, NeedsHelp},
		{"one miss is fine", []StepProgress{{Seen: true, Done: true, Misses: 1}, {Seen: true}}, Completed},
		{"wrong answer", []StepProgress{{Seen: true, Done: true, Wrong: 1}, {Seen: true}}, NeedsHelp},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := (Progress{Steps: tt.steps}).Status(); got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestResume(t *testing.T) {
	l := testLesson(t)
	p := NewPlayer(l)
	p.now = (&clock{}).now
	p.Next()
	p.Tap(400, 100)
	p.Tap(150, 750) // right: on to the quiz
	p.Answer(1)

	// The caller saves the progress as JSON and gives it back next visit.
	data, err := json.Marshal(p.Progress())
	if err != nil {
		t.Fatal(err)
	}
	var saved Progress
	if err := json.Unmarshal(data, &saved); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name      string
		change    func(*Progress)
		wantStep  int
		resumed   bool
		wantError bool
	}{
		{"where she left off", func(*Progress) {}, 2, true, false},
		{"step out of range", func(s *Progress) { s.Step = 99 }, 3, true, false},
		{"another version", func(s *Progress) { s.Version++ }, 0, false, false},
		{"other steps", func(s *Progress) { s.Steps = s.Steps[:2] }, 0, false, false},
		{"another lesson", func(s *Progress) { s.Lesson = "other" }, 0, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := saved
			s.Steps = append([]StepProgress(nil), saved.Steps...)
			tt.change(&s)
			r, err := Resume(l, s)
			if tt.wantError {
				if err == nil {
					t.Errorf("resumed progress of another lesson")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if r.Index() != tt.wantStep || r.Resumed() != tt.resumed {
				t.Errorf("got step %d resumed %v, want %d %v", r.Index(), r.Resumed(), tt.wantStep, tt.resumed)
			}
			if tt.resumed {
				got := r.Progress().Steps
				if got[1].Misses != 1 || !got[1].Done || got[2].Wrong != 1 || !reflect.DeepEqual(got[2].Answers, []int{1}) {
					t.Errorf("resumed steps %+v, want the saved misses and answers", got)
				}
			}
		})
	}
}
