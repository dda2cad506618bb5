package ui_test

import (
	"fmt"
	"image"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"github.com/shinan-alliance/alliance/lessons"
	"github.com/shinan-alliance/alliance/ui"
)

// next says which step comes after the one opened: its number from 1,
// and the lesson's length.
type next struct{ n, of int }

// openGesture opens the curriculum's first practice step with gesture g
// and returns it, with the step that follows.
func openGesture(t *testing.T, g lessons.Gesture) (*kiosk, *lessons.Step, next) {
	t.Helper()
	k, cur := lessonKiosk(t)
	for _, l := range cur.Lessons {
		for i := range l.Steps {
			if s := &l.Steps[i]; s.Kind == lessons.Practice && s.Gesture == g {
				if err := k.Open(fmt.Sprintf("lesson:%s:%d", l.ID, i+1)); err != nil {
					t.Fatal(err)
				}
				k.wantScreen("lesson-practice")
				k.now = k.now.Add(time.Second) // past the settle time of a new step
				return k, s, next{i + 2, len(l.Steps)}
			}
		}
	}
	t.Fatalf("no %s practice in the curriculum", g)
	return nil, nil, next{}
}

// gesture finds the gesture picture on screen.
func (k *kiosk) gesture() *ui.GesturePicture {
	k.t.Helper()
	return findFirst[*ui.GesturePicture](k, "gesture picture")
}

// mouse presses (down) or lets go (up) at picture pixel pt.
func (k *kiosk) mouse(down bool, pt image.Point) {
	g := k.gesture()
	e := &desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: g.ToScreen(pt.X, pt.Y).AddXY(1, 1)}, Button: desktop.MouseButtonPrimary}
	if down {
		g.MouseDown(e)
	} else {
		g.MouseUp(e)
	}
}

// dragPath drags along picture pixels path, the clock moving step
// between points, as a slow hand does; the finger is let go at the end.
func (k *kiosk) dragPath(path []image.Point, step time.Duration) {
	g := k.gesture()
	for i := 1; i < len(path); i++ {
		k.now = k.now.Add(step)
		from, to := g.ToScreen(path[i-1].X, path[i-1].Y), g.ToScreen(path[i].X, path[i].Y)
		g.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: to.AddXY(1, 1)}, Dragged: fyne.Delta{DX: to.X - from.X, DY: to.Y - from.Y}})
	}
	g.DragEnd()
}

// shows reports whether the screen shows step n.
func (k *kiosk) shows(n next) bool {
	return k.hasText(ui.T(k.Lang(), "form.step", n.n, n.of))
}

// hasText reports whether the screen shows s (wrapped lines joined,
// spaces aside: a line may wrap at one).
func (k *kiosk) hasText(s string) bool {
	flat := strings.NewReplacer("|", "", " ", "")
	return strings.Contains(flat.Replace(k.texts()), flat.Replace(s))
}

func TestGestureSwipe(t *testing.T) {
	k, s, next := openGesture(t, lessons.GestureSwipe)
	sw := s.Swipe
	if !k.hasText(s.Text.Hans) {
		t.Fatalf("the step's text is not shown: %s", k.texts())
	}
	// A tap is not a swipe.
	g := k.gesture()
	test.TapAt(g, g.ToScreen(sw.From.X, sw.From.Y))
	if !k.hasText(lessons.SwipeWay.Hans) || !k.hasText(s.Hint.Hans) {
		t.Errorf("a tap on a swipe: %s", k.texts())
	}
	// A quarter of the way, with Fyne's test drag: not far enough, and
	// after a second miss the start and the end light up.
	k.now = k.now.Add(time.Second)
	quarter := sw.From.Add(sw.To.Sub(sw.From).Div(4))
	g = k.gesture()
	end := g.ToScreen(quarter.X, quarter.Y)
	start := g.ToScreen(sw.From.X, sw.From.Y)
	abs := fyne.CurrentApp().Driver().AbsolutePositionForObject(g)
	test.Drag(k.Window.Canvas(), abs.Add(end).AddXY(1, 1), end.X-start.X, end.Y-start.Y)
	if !k.hasText(lessons.SwipeFurther.Hans) {
		t.Errorf("a short swipe: %s", k.texts())
	}
	if got := k.gesture().Highlighted(); len(got) != 2 || !got[0].Overlaps(image.Rectangle{sw.From, sw.From.Add(image.Pt(1, 1))}) {
		t.Errorf("after two misses lit up %v, want the swipe's start and end", got)
	}
	// A slow, shaky swipe with a pause is right, and moves on.
	var path []image.Point
	for i := 0; i <= 20; i++ {
		p := sw.From.Add(sw.To.Sub(sw.From).Mul(i).Div(20))
		path = append(path, p.Add(image.Pt(40*(i%3-1), 0)))
		if i == 10 {
			path = append(path, p, p, p) // a rest half way
		}
	}
	k.now = k.now.Add(time.Second)
	k.dragPath(path, 300*time.Millisecond)
	if !k.shows(next) {
		t.Errorf("a slow, shaky swipe did not move on: %s", k.texts())
	}
}

func TestGestureHold(t *testing.T) {
	k, s, next := openGesture(t, lessons.GestureHold)
	mid := s.Hold.Area.Min.Add(s.Hold.Area.Max).Div(2)
	// Let go after a second: too soon.
	k.mouse(true, mid)
	k.now = k.now.Add(time.Duration(s.Hold.Seconds*float64(time.Second)) / 2)
	k.mouse(false, mid)
	if !k.hasText(lessons.HoldLonger.Hans) || !k.hasText(s.Hint.Hans) {
		t.Fatalf("a short hold: %s", k.texts())
	}
	// Held long enough on the kiosk's clock: right while the finger is
	// still down, as a phone's menu opens.
	k.now = k.now.Add(time.Second)
	k.mouse(true, mid.Add(image.Pt(20, -10)))
	k.now = k.now.Add(time.Duration(s.Hold.Seconds*float64(time.Second)) + 100*time.Millisecond)
	moved := func() bool { return k.shows(next) }
	k.settleUntil(moved)
	if !moved() {
		t.Fatalf("held %.1f s and still here: %s", s.Hold.Seconds, k.texts())
	}
	if s.Praise.Hans != "" && !k.hasText(s.Praise.Hans) {
		t.Errorf("no praise after the hold: %s", k.texts())
	}
}

func TestGestureHoldLetGoLate(t *testing.T) {
	k, s, next := openGesture(t, lessons.GestureHold)
	mid := s.Hold.Area.Min.Add(s.Hold.Area.Max).Div(2)
	k.mouse(true, mid)
	k.now = k.now.Add(4 * time.Second)
	k.mouse(false, mid) // before any tick: judged on release
	if !k.shows(next) {
		t.Errorf("a 4 s hold let go: %s", k.texts())
	}
}

func TestGestureSlideCancel(t *testing.T) {
	k, s, next := openGesture(t, lessons.GestureSlideCancel)
	btn := s.Slide.Area.Min.Add(s.Slide.Area.Max).Div(2)
	cancel := s.Slide.Cancel.Min.Add(s.Slide.Cancel.Max).Div(2)
	// Let go where pressed: on a phone that sends it.
	k.mouse(true, btn)
	k.now = k.now.Add(2 * time.Second)
	k.mouse(false, btn)
	if !k.hasText(lessons.SlideUp.Hans) {
		t.Fatalf("let go on the button: %s", k.texts())
	}
	// Pressed, slid up slowly, let go on ×: the mouse's press and release,
	// Fyne's drags between them.
	k.now = k.now.Add(time.Second)
	k.mouse(true, btn)
	g := k.gesture()
	for i := 1; i <= 10; i++ {
		k.now = k.now.Add(400 * time.Millisecond)
		p := btn.Add(cancel.Sub(btn).Mul(i).Div(10))
		pos := g.ToScreen(p.X, p.Y)
		g.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: pos}})
	}
	if got := len(k.gesture().Trail()); got < 10 {
		t.Errorf("the finger's path is drawn with %d points, want 11", got)
	}
	k.mouse(false, cancel)
	g.DragEnd()
	if !k.shows(next) {
		t.Errorf("slid to cancel and still here: %s", k.texts())
	}
}

func TestTypingOnTheKeyboard(t *testing.T) {
	k, s, next := openGesture(t, lessons.GestureType)
	if s.Type.Text != "好的" || s.Type.Keyboard != "nine" {
		t.Fatalf("the typing step asks for %q on %s; the test types 好的 on nine keys", s.Type.Text, s.Type.Keyboard)
	}
	if !k.hasText(ui.T(k.Lang(), "type.target", "好的")) {
		t.Errorf("what to type is not shown: %s", k.texts())
	}
	checkSizes(t, k.content(), 1)
	// The message box brings up the keyboard, 9 keys first.
	k.tap(k.tr("type.open"))
	k.wantScreen("input")
	// h-a-o is 4 2 6; a wrong character first brings her back to the hint.
	k.tap("4 ghi", "2 abc", "6 mno", "号")
	k.wantScreen("lesson-practice")
	if !k.hasText(lessons.TypeWrong.Hans) || !k.hasText(s.Hint.Hans) {
		t.Fatalf("a wrong character: %s", k.texts())
	}
	// The box keeps what she typed; she takes it out and types on.
	k.tap("号")
	k.wantScreen("input")
	k.tap(k.tr("input.delete"))
	k.tap("4 ghi", "2 abc", "6 mno", "好")
	k.wantScreen("input") // half way: the keyboard stays
	// On to full pinyin for the second: d-e.
	k.tap(k.tr("input.pinyin"))
	k.tap("d", "e", "的")
	k.wantScreen("lesson-quiz")
	if !k.hasText(s.Praise.Hans) || !k.shows(next) {
		t.Errorf("typed 好的 and still here: %s", k.texts())
	}
}

// TestGestureStepsFit opens a swipe, a hold, a slide-cancel and a typing
// step at every supported size, with 大字 off and on.
func TestGestureStepsFit(t *testing.T) {
	k, cur := lessonKiosk(t)
	var names []string
	for _, g := range []lessons.Gesture{lessons.GestureSwipe, lessons.GestureHold, lessons.GestureSlideCancel, lessons.GestureType} {
	find:
		for _, l := range cur.Lessons {
			for i, s := range l.Steps {
				if s.Kind == lessons.Practice && s.Gesture == g {
					names = append(names, fmt.Sprintf("lesson:%s:%d", l.ID, i+1))
					break find
				}
			}
		}
	}
	if len(names) != 4 {
		t.Fatalf("gesture steps in the curriculum: %v", names)
	}
	for _, size := range screenSizes {
		for _, large := range []bool{false, true} {
			k.Window.Resize(size)
			k.SetLargeText(large)
			for _, name := range names {
				if err := k.Open(name); err != nil {
					t.Fatal(err)
				}
				checkFits(t, fmt.Sprintf("%s at %.0fx%.0f large=%v", name, size.Width, size.Height, large), k)
			}
		}
	}
}
