package lessons

import (
	"image"
	"math"
	"strings"
	"time"

	"github.com/shinan-alliance/alliance/internal/chinese"
)

// Gesture is what a practice step asks of the learner's finger.
type Gesture string

// The gestures a practice step can teach. Pressing and holding (a voice
// message, saving a photo) and typing are where residents get stuck, so
// they are practised as they are done, not as taps.
const (
	GestureTap         Gesture = "tap"          // tap one of the areas
	GestureSwipe       Gesture = "swipe"        // slide a finger from one place to another
	GestureHold        Gesture = "hold"         // press and hold a place for a while
	GestureSlideCancel Gesture = "slide-cancel" // press, slide up and let go: WeChat's way to cancel a voice message
	GestureType        Gesture = "type"         // type a text with a drawn phone keyboard
)

// Gestures lists the gestures, as lesson.yaml names them.
var Gestures = []Gesture{GestureTap, GestureSwipe, GestureHold, GestureSlideCancel, GestureType}

// Swipe is a swipe practice: from a place to another, in image pixels.
type Swipe struct {
	From, To image.Point
	// Tolerance is how far the finger may wobble off its line, as a
	// fraction of the picture's width (DefaultTolerance when not given).
	Tolerance float64
}

// Hold is a press-and-hold practice: the place and how long.
type Hold struct {
	Area    image.Rectangle
	Seconds float64
}

// SlideCancel is WeChat's cancelled voice message: press the button
// (Area), slide up to the cancel place (WeChat's ×, or where older
// versions say 松开手指，取消发送) and let go there.
type SlideCancel struct {
	Area, Cancel image.Rectangle
}

// Typing is a typing practice: the text to type, and the keyboard the
// drawn phone shows first.
type Typing struct {
	Text     string // Simplified Chinese, as she picks it from the candidates
	Keyboard string // one of Keyboards
}

// Keyboards are the drawn phone's keyboards: 9-key pinyin, full pinyin
// and handwriting, the three a senior's phone offers.
var Keyboards = []string{"nine", "full", "hand"}

// How gestures forgive a slow, shaky hand.
const (
	// DefaultTolerance is how far a swipe may wobble off its line, as a
	// fraction of the picture's width (81 pixels on a 540-pixel screen).
	DefaultTolerance = 0.15
	// SwipeReach is how much of a swipe's length is enough: she may stop
	// short of the end, as phones allow.
	SwipeReach = 0.6
	// DefaultHold is how long a hold lasts when the step does not say.
	DefaultHold = 1.5
)

// Standard reasons for a missed gesture, said before the step's hint.
var (
	// SwipeFurther: the swipe stopped too soon.
	SwipeFurther = Text{Hans: "手指按住不要松，再往前滑远一点。", Hant: "手指按住不要鬆，再往前滑遠一點。", En: "Keep your finger down and slide a little further."}
	// SwipeWay: the finger went another way, or was only tapped.
	SwipeWay = Text{Hans: "不是点一下：手指按住屏幕，顺着箭头的方向滑过去。", Hant: "不是點一下：手指按住螢幕，順著箭頭的方向滑過去。", En: "Not a tap: keep your finger on the screen and slide it the way the arrow points."}
	// HoldLonger: let go too soon.
	HoldLonger = Text{Hans: "按住不要松手，心里数到三再松开。", Hant: "按住不要鬆手，心裡數到三再鬆開。", En: "Keep pressing: count to three before you let go."}
	// HoldStill: the finger slid off while holding.
	HoldStill = Text{Hans: "按住的时候，手指留在原地，不要滑走。", Hant: "按住的時候，手指留在原地，不要滑走。", En: "While you hold, keep your finger where it is."}
	// SlideUp: let go without sliding up, which on a phone sends the
	// voice message.
	SlideUp = Text{Hans: "这样松开，语音就发出去了。要取消：按住不放，往上滑，再松开。", Hant: "這樣鬆開，語音就發出去了。要取消：按住不放，往上滑，再鬆開。", En: "Letting go there sends the voice message. To cancel: keep pressing, slide up, then let go."}
	// TypeWrong: a character other than the one asked for.
	TypeWrong = Text{Hans: "这个字不对。点输入框，用“删一个”去掉它，再试一次。", Hant: "這個字不對。點輸入框，用「刪一個」去掉它，再試一次。", En: "That character is not the one: tap the message box, remove it with Delete and try again."}
)

// press is a finger down on a gesture practice: where it has been.
type press struct {
	on     bool
	start  time.Time
	points []image.Point
	broken bool // a hold: the finger left the place
}

// IsGesture reports whether the current step is a practice done with a
// gesture other than a tap (the screen then follows the finger: Press,
// Move, Release, Holding) or typing (Typed).
func (p *Player) IsGesture() bool {
	s := p.Step()
	return s.Kind == Practice && s.Gesture != GestureTap && s.Gesture != ""
}

// gestureOn reports whether the current step takes finger events now.
func (p *Player) gestureOn() bool {
	s := p.Step()
	return s.Kind == Practice && !p.steps[p.step].Done && (s.Gesture == GestureSwipe || s.Gesture == GestureHold || s.Gesture == GestureSlideCancel)
}

// Press starts a gesture at (x, y), in picture pixels, at time at. A
// press outside the picture, on a step that takes none, or after the step
// is done is ignored.
func (p *Player) Press(x, y int, at time.Time) {
	p.touch = press{}
	img := p.lesson.Images[p.Step().Image]
	if !p.gestureOn() || img == nil || !image.Pt(x, y).In(image.Rect(0, 0, img.Width, img.Height)) {
		return
	}
	p.touch = press{on: true, start: at, points: []image.Point{{x, y}}}
	p.Move(x, y, at)
}

// Move follows the pressed finger to (x, y). It may leave the picture:
// the point is kept within it. Pauses and slow movement are fine.
func (p *Player) Move(x, y int, at time.Time) {
	if !p.touch.on || !p.gestureOn() {
		return
	}
	s := p.Step()
	img := p.lesson.Images[s.Image]
	pt := image.Pt(min(max(x, 0), img.Width-1), min(max(y, 0), img.Height-1))
	if n := len(p.touch.points); n == 0 || p.touch.points[n-1] != pt {
		p.touch.points = append(p.touch.points, pt)
	}
	if s.Gesture == GestureHold && !pt.In(p.holdArea(s.Hold.Area, img)) {
		p.touch.broken = true
	}
}

// holdArea is where a held finger may wander: the place enlarged by the
// margin and the tolerance (a shaky finger rolls).
func (p *Player) holdArea(r image.Rectangle, img *Image) image.Rectangle {
	return p.HitArea(r, img).Inset(-int(DefaultTolerance*float64(img.Width) + 0.5)).Intersect(image.Rect(0, 0, img.Width, img.Height))
}

// Pressed reports whether a finger is down on the current gesture step,
// and since when.
func (p *Player) Pressed() (bool, time.Time) { return p.touch.on, p.touch.start }

// Lift forgets a finger that was down without judging it (the screen
// took the release for a bounce).
func (p *Player) Lift() { p.touch = press{} }

// Holding answers a finger still down at time at: on a hold step held
// long enough it is right (on a phone the menu opens while the finger is
// still down); otherwise it is ignored. The screen calls it while the
// finger stays down.
func (p *Player) Holding(at time.Time) TapResult {
	s := p.Step()
	if !p.touch.on || !p.gestureOn() || s.Gesture != GestureHold || p.touch.broken {
		return TapResult{}
	}
	img := p.lesson.Images[s.Image]
	if !p.touch.points[0].In(p.HitArea(s.Hold.Area, img)) || at.Sub(p.touch.start).Seconds() < s.Hold.Seconds {
		return TapResult{}
	}
	p.touch = press{}
	return p.right(p.Step())
}

// Release ends a gesture at (x, y) at time at and judges it. A swipe is
// right when it started near its beginning, went its way at least
// SwipeReach of the length and never wobbled further than the tolerance
// off its own line, however slowly and with whatever pauses. A hold is
// right when the finger pressed the place and stayed near it for its
// seconds. A slide-cancel is right when the finger pressed the button and
// let go on the cancel place, or near it (the margin and the tolerance). A miss is answered like a missed
// tap: the reason and the step's hint, and from the second miss on the
// places lit up. A release with no press, or within the settle time, is
// ignored.
func (p *Player) Release(x, y int, at time.Time) TapResult {
	if !p.touch.on || !p.gestureOn() {
		p.touch = press{}
		return TapResult{}
	}
	p.Move(x, y, at)
	t := p.touch
	p.touch = press{}
	if !p.settled() {
		return TapResult{}
	}
	s := p.Step()
	cur := &p.steps[p.step]
	img := p.lesson.Images[s.Image]
	first, last := t.points[0], t.points[len(t.points)-1]
	switch s.Gesture {
	case GestureSwipe:
		if why := p.judgeSwipe(s.Swipe, img, t.points); !why.IsZero() {
			return p.miss(cur, joinLines(why, s.Hint))
		}
	case GestureHold:
		switch {
		case !first.In(p.HitArea(s.Hold.Area, img)):
			return p.miss(cur, s.Hint)
		case t.broken:
			return p.miss(cur, joinLines(HoldStill, s.Hint))
		case at.Sub(t.start).Seconds() < s.Hold.Seconds:
			return p.miss(cur, joinLines(HoldLonger, s.Hint))
		}
	case GestureSlideCancel:
		switch {
		case !first.In(p.HitArea(s.Slide.Area, img)):
			return p.miss(cur, s.Hint)
		case last.In(p.cancelZone(s.Slide, img)):
		case last.Y > p.HitArea(s.Slide.Cancel, img).Max.Y:
			return p.miss(cur, joinLines(SlideUp, s.Hint))
		default:
			return p.miss(cur, s.Hint) // let go above, but not on the cancel place
		}
	}
	return p.right(s)
}

// cancelZone is where letting go cancels: the cancel place enlarged by
// the margin and the tolerance, but never down over the button.
func (p *Player) cancelZone(sc *SlideCancel, img *Image) image.Rectangle {
	z := p.holdArea(sc.Cancel, img)
	z.Max.Y = min(z.Max.Y, sc.Area.Min.Y)
	return z
}

// judgeSwipe returns why the path is not the swipe, or zero when it is.
func (p *Player) judgeSwipe(sw *Swipe, img *Image, pts []image.Point) Text {
	w := float64(img.Width)
	tol := sw.Tolerance
	if tol == 0 {
		tol = DefaultTolerance
	}
	tol *= w
	dx, dy := float64(sw.To.X-sw.From.X), float64(sw.To.Y-sw.From.Y)
	length := math.Hypot(dx, dy)
	ux, uy := dx/length, dy/length
	start := pts[0]
	if math.Hypot(float64(start.X-sw.From.X), float64(start.Y-sw.From.Y)) > 2*tol {
		return SwipeWay
	}
	along := func(pt image.Point) float64 { return float64(pt.X-start.X)*ux + float64(pt.Y-start.Y)*uy }
	// side is how far a point is to one side of the swipe's line (the
	// line through From and To); the path wobbles within a band of it.
	side := func(pt image.Point) float64 { return float64(pt.X-sw.From.X)*uy - float64(pt.Y-sw.From.Y)*ux }
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, pt := range pts {
		lo, hi = min(lo, side(pt)), max(hi, side(pt))
	}
	end := pts[len(pts)-1]
	// Where she should reach: SwipeReach of the way from where she
	// started to the swipe's end.
	reach := SwipeReach * along(sw.To)
	if reach <= 0 {
		reach = SwipeReach * length
	}
	if math.Hypot(float64(end.X-start.X), float64(end.Y-start.Y)) < 0.03*w {
		return SwipeWay // a tap, or hardly moved
	}
	// Wobble of ±tol around her own line, which may lie up to 2×tol
	// beside the drawn one.
	if hi-lo > 2*tol || (hi+lo)/2 > 2*tol || (hi+lo)/2 < -2*tol {
		return SwipeWay
	}
	if along(end) < reach {
		if along(end) <= 0 {
			return SwipeWay
		}
		return SwipeFurther
	}
	return Text{}
}

// right records the current practice done and moves on, with praise.
func (p *Player) right(s *Step) TapResult {
	p.steps[p.step].Done = true
	praise := s.Praise
	if praise.IsZero() {
		praise = praises[p.step%len(praises)]
	}
	res := TapResult{Outcome: Right, Message: praise}
	if p.CanNext() {
		p.enter(p.step + 1)
		res.Moved = true
	}
	return res
}

// Typed answers the text typed so far on a typing practice (the whole of
// it, after each character she picks). The text asked for, typed in full,
// is right; a beginning of it is on the way (ignored, no feedback); any
// other text is a miss, answered with TypeWrong and the hint. Traditional
// characters and spaces do not matter.
func (p *Player) Typed(text string) TapResult {
	s := p.Step()
	cur := &p.steps[p.step]
	if s.Kind != Practice || s.Gesture != GestureType || cur.Done {
		return TapResult{}
	}
	got, want := normalTyped(text), normalTyped(s.Type.Text)
	switch {
	case got == want:
		return p.right(s)
	case strings.HasPrefix(want, got):
		return TapResult{}
	}
	return p.miss(cur, joinLines(TypeWrong, s.Hint))
}

func normalTyped(s string) string {
	return chinese.ToSimplified(strings.Join(strings.Fields(s), ""))
}

// gestureMarks are the places to light up on a gesture practice: where
// a swipe starts and ends, the place to hold, the button and the cancel
// place.
func gestureMarks(s *Step, img *Image) []image.Rectangle {
	switch s.Gesture {
	case GestureSwipe:
		r := 24
		if img != nil {
			r = img.Width / 20
		}
		return []image.Rectangle{
			image.Rect(s.Swipe.From.X-r, s.Swipe.From.Y-r, s.Swipe.From.X+r, s.Swipe.From.Y+r),
			image.Rect(s.Swipe.To.X-r, s.Swipe.To.Y-r, s.Swipe.To.X+r, s.Swipe.To.Y+r),
		}
	case GestureHold:
		return []image.Rectangle{s.Hold.Area}
	case GestureSlideCancel:
		return []image.Rectangle{s.Slide.Area, s.Slide.Cancel}
	}
	return nil
}
