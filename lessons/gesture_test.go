package lessons

import (
	"image"
	"strings"
	"testing"
	"time"
)

// gestureLesson has, on the 540×960 test picture: a swipe from (270, 800)
// up to (270, 300); a hold on [200, 400, 140, 140] for 2 seconds; a
// slide-cancel pressing [170, 820, 200, 100] with its cancel place at
// [170, 300, 200, 160]; typing 你好; and a recap.
const gestureLesson = `id: gestures
version: 1
title: {zh-Hans: 手势, en: Gestures}
level: 1
minutes: 10
goals: [会滑会按]
checked: {date: 2025-06-30}
steps:
  - kind: practice
    text: 从下往上滑。
    image: screen.png
    swipe: {from: [270, 800], to: [270, 300]}
    hint: 手指放在下面，往上滑。
  - kind: practice
    text: 按住照片。
    image: screen.png
    hold: {area: [200, 400, 140, 140], seconds: 2}
    hint: 按住照片中间。
  - kind: practice
    text: 按住说话，往上滑取消。
    image: screen.png
    slide-cancel: {area: [170, 820, 200, 100], cancel: [170, 300, 200, 160]}
    hint: 按住下面的按钮，往上滑。
  - kind: practice
    text: 打出“你好”。
    type: {text: 你好, keyboard: full}
    hint: 打 nihao，再点“你好”。
  - kind: recap
    learned: [会滑会按]
    home: [给家人发语音]
`

func gesturePlayer(t *testing.T) *Player {
	t.Helper()
	l, err := LoadLesson(lessonFS(t, gestureLesson), ".")
	if err != nil {
		t.Fatal(err)
	}
	p := NewPlayer(l)
	p.now = (&clock{t: time.Unix(0, 0)}).now
	p.last = time.Time{} // NewPlayer read the wall clock
	return p
}

// pt is a point of a finger's path, at ms milliseconds after the press.
type pt struct{ x, y, ms int }

// drag presses at the path's first point, moves along it and lets go at
// its last, at the times given.
func drag(p *Player, path []pt) TapResult {
	t0 := time.Unix(100, 0)
	at := func(q pt) time.Time { return t0.Add(time.Duration(q.ms) * time.Millisecond) }
	p.Press(path[0].x, path[0].y, at(path[0]))
	for _, q := range path[1 : len(path)-1] {
		p.Move(q.x, q.y, at(q))
	}
	last := path[len(path)-1]
	return p.Release(last.x, last.y, at(last))
}

// shaky is a slow swipe up the middle from y0 to y1 in n steps over ms
// milliseconds, wobbling side to side by wobble pixels, with a pause
// half way.
func shaky(y0, y1, n, ms, wobble int) []pt {
	var path []pt
	for i := 0; i <= n; i++ {
		x := 270 + wobble*((i%3)-1)
		y := y0 + (y1-y0)*i/n
		t := ms * i / n
		if i > n/2 {
			t += 1500 // a pause
		}
		path = append(path, pt{x, y, t})
	}
	return path
}

func TestPlayerSwipe(t *testing.T) {
	tests := []struct {
		name string
		path []pt
		want Outcome
		why  Text
	}{
		{"quick and straight", []pt{{270, 800, 0}, {270, 550, 100}, {270, 300, 200}}, Right, Text{}},
		{"slow, shaky and with a pause", shaky(800, 300, 40, 8000, 70), Right, Text{}},
		{"started a little off", []pt{{330, 760, 0}, {320, 500, 900}, {335, 330, 2000}}, Right, Text{}},
		{"stopped at two thirds", []pt{{270, 800, 0}, {270, 470, 3000}}, Right, Text{}},
		{"overshot the end", []pt{{270, 800, 0}, {270, 100, 500}}, Right, Text{}},
		{"wobbled too far", shaky(800, 300, 40, 8000, 100), Wrong, SwipeWay},
		{"stopped at a third", []pt{{270, 800, 0}, {270, 630, 3000}}, Wrong, SwipeFurther},
		{"the wrong way", []pt{{270, 800, 0}, {270, 950, 500}}, Wrong, SwipeWay},
		{"sideways", []pt{{270, 800, 0}, {500, 800, 500}}, Wrong, SwipeWay},
		{"a tap", []pt{{270, 800, 0}, {272, 801, 120}}, Wrong, SwipeWay},
		{"started far away", []pt{{270, 200, 0}, {270, 20, 500}}, Wrong, SwipeWay},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := gesturePlayer(t)
			r := drag(p, tt.path)
			if r.Outcome != tt.want {
				t.Fatalf("got %v (%q), want %v", r.Outcome, r.Message.Hans, tt.want)
			}
			if tt.want == Right && (!r.Moved || p.Index() != 1) {
				t.Errorf("a right swipe did not move on: %+v, index %d", r, p.Index())
			}
			if tt.want == Wrong {
				if !strings.HasPrefix(r.Message.Hans, tt.why.Hans) || !strings.Contains(r.Message.Hans, "手指放在下面") {
					t.Errorf("message %q, want %q and the hint", r.Message.Hans, tt.why.Hans)
				}
				if p.Current().Misses != 1 {
					t.Errorf("misses %d, want 1", p.Current().Misses)
				}
			}
		})
	}
}

func TestPlayerGestureMissesShowTheWay(t *testing.T) {
	p := gesturePlayer(t)
	if r := drag(p, []pt{{270, 800, 0}, {270, 801, 100}}); r.Highlight != nil {
		t.Errorf("first miss lit up %v", r.Highlight)
	}
	r := drag(p, []pt{{270, 800, 0}, {270, 801, 100}})
	want := []image.Rectangle{image.Rect(243, 773, 297, 827), image.Rect(243, 273, 297, 327)}
	if len(r.Highlight) != 2 || r.Highlight[0] != want[0] || r.Highlight[1] != want[1] {
		t.Errorf("second miss lights %v, want the start and the end %v", r.Highlight, want)
	}
	if !strings.Contains(r.Message.Hans, ShowMe.Hans) {
		t.Errorf("second miss says %q, want it to point at the light", r.Message.Hans)
	}
}

func TestPlayerHold(t *testing.T) {
	tests := []struct {
		name string
		path []pt
		want Outcome
		why  Text
	}{
		{"held still", []pt{{270, 470, 0}, {270, 470, 2100}}, Right, Text{}},
		{"held with a shaky finger", []pt{{270, 470, 0}, {320, 430, 500}, {220, 520, 1000}, {300, 480, 1500}, {250, 460, 2000}}, Right, Text{}},
		{"pressed just beside the photo", []pt{{180, 470, 0}, {180, 470, 2500}}, Right, Text{}},
		{"let go too soon", []pt{{270, 470, 0}, {270, 470, 900}}, Wrong, HoldLonger},
		{"a tap", []pt{{270, 470, 0}, {270, 470, 80}}, Wrong, HoldLonger},
		{"slid away", []pt{{270, 470, 0}, {270, 800, 1000}, {270, 800, 2500}}, Wrong, HoldStill},
		{"held elsewhere", []pt{{270, 800, 0}, {270, 800, 3000}}, Wrong, Text{Hans: "按住照片中间。"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := gesturePlayer(t)
			p.Goto(1)
			r := drag(p, tt.path)
			if r.Outcome != tt.want {
				t.Fatalf("got %v (%q), want %v", r.Outcome, r.Message.Hans, tt.want)
			}
			if tt.want == Wrong && !strings.HasPrefix(r.Message.Hans, tt.why.Hans) {
				t.Errorf("message %q, want it to start %q", r.Message.Hans, tt.why.Hans)
			}
		})
	}
}

// On a phone the menu opens while the finger is still down: Holding says
// so once the time has come, and the release after it changes nothing.
func TestPlayerHoldingWhileDown(t *testing.T) {
	p := gesturePlayer(t)
	p.Goto(1)
	t0 := time.Unix(100, 0)
	p.Press(270, 470, t0)
	if r := p.Holding(t0.Add(1500 * time.Millisecond)); r.Outcome != Ignored {
		t.Fatalf("after 1.5 s of 2: %v", r.Outcome)
	}
	if on, since := p.Pressed(); !on || !since.Equal(t0) {
		t.Errorf("Pressed: %v since %v", on, since)
	}
	r := p.Holding(t0.Add(2 * time.Second))
	if r.Outcome != Right || !r.Moved || p.Index() != 2 {
		t.Fatalf("after 2 s: %+v, index %d", r, p.Index())
	}
	if r := p.Release(270, 470, t0.Add(3*time.Second)); r.Outcome != Ignored {
		t.Errorf("the release after the hold counted: %v", r.Outcome)
	}
	if p.Progress().Steps[1].Misses != 0 {
		t.Errorf("misses recorded on a right hold")
	}
}

func TestPlayerSlideCancel(t *testing.T) {
	tests := []struct {
		name string
		path []pt
		want Outcome
		why  Text
	}{
		{"slid up and let go", []pt{{270, 870, 0}, {270, 600, 800}, {270, 400, 1500}}, Right, Text{}},
		{"slowly, wobbling, let go off to the side", []pt{{270, 870, 0}, {200, 700, 2000}, {330, 600, 4000}, {120, 440, 7000}}, Right, Text{}},
		{"let go high above", []pt{{270, 870, 0}, {270, 100, 900}}, Wrong, Text{Hans: "按住下面的按钮"}},
		{"let go beside the cancel place", []pt{{270, 870, 0}, {500, 420, 900}}, Right, Text{}},
		{"let go where pressed: sent", []pt{{270, 870, 0}, {270, 870, 2000}}, Wrong, SlideUp},
		{"not far enough up", []pt{{270, 870, 0}, {270, 620, 2000}}, Wrong, SlideUp},
		{"pressed elsewhere", []pt{{270, 200, 0}, {270, 100, 900}}, Wrong, Text{Hans: "按住下面的按钮"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := gesturePlayer(t)
			p.Goto(2)
			r := drag(p, tt.path)
			if r.Outcome != tt.want {
				t.Fatalf("got %v (%q), want %v", r.Outcome, r.Message.Hans, tt.want)
			}
			if tt.want == Wrong && !strings.HasPrefix(r.Message.Hans, tt.why.Hans) {
				t.Errorf("message %q, want it to start %q", r.Message.Hans, tt.why.Hans)
			}
		})
	}
}

func TestPlayerTyped(t *testing.T) {
	tests := []struct {
		name   string
		typed  []string
		want   []Outcome
		misses int
		done   bool
	}{
		{"word at once", []string{"你好"}, []Outcome{Right}, 0, true},
		{"a character at a time", []string{"你", "你好"}, []Outcome{Ignored, Right}, 0, true},
		{"traditional and spaces are fine", []string{"你 ", "你 好"}, []Outcome{Ignored, Right}, 0, true},
		{"wrong character, deleted, right", []string{"你号", "你", "你好"}, []Outcome{Wrong, Ignored, Right}, 1, true},
		{"too much", []string{"你好吗"}, []Outcome{Wrong}, 1, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := gesturePlayer(t)
			p.Goto(3)
			for i, s := range tt.typed {
				if got := p.Typed(s).Outcome; got != tt.want[i] {
					t.Errorf("typed %q: %v, want %v", s, got, tt.want[i])
				}
			}
			st := p.Progress().Steps[3]
			if st.Misses != tt.misses || st.Done != tt.done {
				t.Errorf("misses %d done %v, want %d %v", st.Misses, st.Done, tt.misses, tt.done)
			}
		})
	}
	p := gesturePlayer(t)
	p.Goto(3)
	if r := p.Typed("你们"); !strings.HasPrefix(r.Message.Hans, TypeWrong.Hans) || !strings.Contains(r.Message.Hans, "nihao") {
		t.Errorf("a wrong character says %q", r.Message.Hans)
	}
}

// Finger events go only to a gesture practice not yet done, and taps only
// to tap practice.
func TestPlayerGestureIgnored(t *testing.T) {
	p := gesturePlayer(t)
	if r := p.Tap(270, 800); r.Outcome != Ignored {
		t.Errorf("a tap on a swipe step: %v", r.Outcome)
	}
	if r := p.Release(270, 300, time.Unix(1, 0)); r.Outcome != Ignored {
		t.Errorf("a release without a press: %v", r.Outcome)
	}
	p.Press(-5, 800, time.Unix(1, 0))
	if r := p.Release(270, 300, time.Unix(2, 0)); r.Outcome != Ignored {
		t.Errorf("a press outside the picture: %v", r.Outcome)
	}
	p.Goto(4)
	p.Press(270, 800, time.Unix(1, 0))
	if r := p.Release(270, 300, time.Unix(2, 0)); r.Outcome != Ignored {
		t.Errorf("a swipe on the recap: %v", r.Outcome)
	}
	if r := p.Typed("你好"); r.Outcome != Ignored {
		t.Errorf("typing on the recap: %v", r.Outcome)
	}
	// Within the settle time a release is a bounce.
	p = gesturePlayer(t)
	p.now = func() time.Time { return time.Unix(0, 0) }
	p.enter(0)
	if r := drag(p, []pt{{270, 800, 0}, {270, 300, 200}}); r.Outcome != Ignored {
		t.Errorf("a swipe within the settle time: %v", r.Outcome)
	}
}

func TestLoadGestureProblems(t *testing.T) {
	tests := []struct {
		name, old, new, want string
	}{
		{"two gestures", "    swipe: {from: [270, 800], to: [270, 300]}\n", "    swipe: {from: [270, 800], to: [270, 300]}\n    tap: [1, 1, 10, 10]\n", "a practice asks for one thing"},
		{"swipe outside", "to: [270, 300]", "to: [270, 3000]", "to [270, 3000] is outside the image screen.png"},
		{"swipe too short", "to: [270, 300]", "to: [270, 780]", "is too short"},
		{"swipe not a mapping", "swipe: {from: [270, 800], to: [270, 300]}", "swipe: [270, 800]", "swipe must be {from"},
		{"swipe without to", ", to: [270, 300]}", "}", "missing to"},
		{"tolerance out of range", "to: [270, 300]}", "to: [270, 300], tolerance: 2}", "tolerance must be a number from 0.05 to 0.3"},
		{"hold too long", "seconds: 2}", "seconds: 30}", "seconds must be a number from 0.5 to 5"},
		{"hold without area", "hold: {area: [200, 400, 140, 140], seconds: 2}", "hold: {seconds: 2}", "missing area"},
		{"cancel below the button", "cancel: [170, 300, 200, 160]", "cancel: [170, 930, 200, 20]", "the cancel place must be above the button"},
		{"typing Latin", "text: 你好, keyboard", "text: ni hao, keyboard", "only Chinese characters"},
		{"typing Traditional", "text: 你好, keyboard", "text: 謝謝, keyboard", "write it in Simplified Chinese (谢谢)"},
		{"unknown keyboard", "keyboard: full", "keyboard: qwerty", "keyboard"},
		{"avoid on a swipe", "    hint: 手指放在下面，往上滑。\n", "    hint: 手指放在下面，往上滑。\n    avoid: [{area: [1, 1, 10, 10], why: 不是这里。}]\n", "places to avoid are for tap practice"},
		{"swipe without image", "    image: screen.png\n    swipe:", "    swipe:", "missing image"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := strings.Replace(gestureLesson, tt.old, tt.new, 1)
			if src == gestureLesson {
				t.Fatalf("%q not found in the lesson", tt.old)
			}
			_, err := LoadLesson(lessonFS(t, src), ".")
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want %q", err, tt.want)
			}
		})
	}
}

func TestLoadGestures(t *testing.T) {
	l, err := LoadLesson(lessonFS(t, gestureLesson), ".")
	if err != nil {
		t.Fatal(err)
	}
	s := l.Steps
	if s[0].Gesture != GestureSwipe || s[0].Swipe.From != image.Pt(270, 800) || s[0].Swipe.Tolerance != DefaultTolerance {
		t.Errorf("swipe: %v %+v", s[0].Gesture, s[0].Swipe)
	}
	if s[1].Gesture != GestureHold || s[1].Hold.Seconds != 2 || s[1].Hold.Area != image.Rect(200, 400, 340, 540) {
		t.Errorf("hold: %+v", s[1].Hold)
	}
	if s[2].Gesture != GestureSlideCancel || s[2].Slide.Cancel != image.Rect(170, 300, 370, 460) {
		t.Errorf("slide-cancel: %+v", s[2].Slide)
	}
	if s[3].Gesture != GestureType || s[3].Type.Text != "你好" || s[3].Type.Keyboard != "full" || s[3].Image != "" {
		t.Errorf("type: %+v image %q", s[3].Type, s[3].Image)
	}
	if tp := testLesson(t).Steps[1].Gesture; tp != GestureTap {
		t.Errorf("a practice with tap: gesture %q", tp)
	}
}
