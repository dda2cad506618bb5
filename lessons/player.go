package lessons

import (
	"fmt"
	"image"
	"time"
)

// How the player forgives an unsteady hand. A senior's finger lands beside
// the button, rests too long or bounces; none of that should count as a
// mistake.
const (
	// DefaultMargin enlarges every tap area on each side by this fraction
	// of the picture's width (54 pixels on a 540-pixel phone screen).
	DefaultMargin = 0.10
	// DefaultSettle is how long after a tap or a change of step further
	// taps are ignored: a bounce or a double tap is not a second answer.
	DefaultSettle = 400 * time.Millisecond
	// MissesBeforeShow is how many wrong taps it takes before the right
	// area is highlighted.
	MissesBeforeShow = 2
)

// Standard feedback, in the three languages, for steps that bring none of
// their own. Praise is varied so that it still sounds meant on the tenth
// step.
var (
	praises = []Text{
		{Hans: "做得好！", Hant: "做得好！", En: "Well done!"},
		{Hans: "对了，就是这里！", Hant: "對了，就是這裡！", En: "That's the one!"},
		{Hans: "太棒了！", Hant: "太棒了！", En: "Excellent!"},
		{Hans: "没错，您学会了！", Hant: "沒錯，您學會了！", En: "Right — you've got it!"},
	}
	// ShowMe follows the hint once the right area is highlighted.
	ShowMe = Text{Hans: "看，亮起来的地方就是要点的位置，点一下试试。", Hant: "看，亮起來的地方就是要點的位置，點一下試試。", En: "Look: the place to tap is lit up. Give it a try."}
	// RightAnswerText starts the feedback on a right quiz answer.
	RightAnswerText = Text{Hans: "答对了！", Hant: "答對了！", En: "That's right!"}
	// WrongAnswerText starts the feedback on a wrong quiz answer: it names no
	// fault, and the right answer is marked on the screen.
	WrongAnswerText = Text{Hans: "不要紧，正确的答案已经标出来了。", Hant: "不要緊，正確的答案已經標出來了。", En: "Never mind: the right answer is marked now."}
)

// Outcome is what a tap or an answer came to.
type Outcome int

// Outcomes of Tap and Answer.
const (
	// Ignored: not a practice (or quiz) step, a tap outside the picture,
	// an answer after the right one, or a bounce within the settle time.
	Ignored Outcome = iota
	// Right: praise. A right tap also moves to the next step.
	Right
	// Wrong: a gentle hint (practice) or the reason (quiz).
	Wrong
)

func (o Outcome) String() string {
	switch o {
	case Right:
		return "right"
	case Wrong:
		return "wrong"
	}
	return "ignored"
}

// TapResult is the player's answer to a tap on a practice picture.
type TapResult struct {
	Outcome Outcome
	Message Text // praise, or the hint; zero when ignored
	// Highlight is set after MissesBeforeShow misses: the right areas, in
	// image pixels, for the screen to light up.
	Highlight []image.Rectangle
	// Moved is true when a right tap took the player to the next step
	// (false on the last step, which has nowhere to go).
	Moved bool
}

// AnswerResult is the player's answer to a quiz answer.
type AnswerResult struct {
	Outcome Outcome
	Right   int  // the right answer's index, to mark on the screen
	Message Text // "that's right" or a gentle word, then the reason
}

// StepProgress is what one learner did on one step.
type StepProgress struct {
	Seen    bool  `json:"seen,omitempty"`
	Done    bool  `json:"done,omitempty"`    // explain, recap: seen; practice: tapped right; quiz: answered right
	Skipped bool  `json:"skipped,omitempty"` // she went on from a practice or quiz without doing it
	Misses  int   `json:"misses,omitempty"`  // practice: wrong taps
	Wrong   int   `json:"wrong,omitempty"`   // quiz: wrong answers
	Shown   bool  `json:"shown,omitempty"`   // the right area or answer was shown (after misses, or by the trainer)
	Answers []int `json:"answers,omitempty"` // quiz: every answer chosen, in order
}

// NeedsHelp reports whether the step went badly enough that a trainer should
// look: repeated missed taps, a wrong quiz answer, or a step passed by.
func (s StepProgress) NeedsHelp() bool {
	return s.Misses >= MissesBeforeShow || s.Wrong > 0 || s.Skipped
}

// Progress is one learner's progress through one lesson: a plain value the
// caller saves (it marshals to JSON) and gives back to Resume.
type Progress struct {
	Lesson  string         `json:"lesson"`
	Version int            `json:"version"`
	Step    int            `json:"step"` // the step she was on, from 0
	Steps   []StepProgress `json:"steps"`
}

// Status is a learner's standing in a lesson, as a trainer's class overview
// shows it.
type Status int

// Statuses, from nothing done to needing the trainer.
const (
	NotStarted Status = iota
	InProgress
	Completed
	NeedsHelp
)

func (s Status) String() string {
	switch s {
	case InProgress:
		return "in progress"
	case Completed:
		return "completed"
	case NeedsHelp:
		return "needs help"
	}
	return "not started"
}

// Completed reports whether she has been through every step.
func (p Progress) Completed() bool {
	if len(p.Steps) == 0 {
		return false
	}
	for _, s := range p.Steps {
		if !s.Seen {
			return false
		}
	}
	return true
}

// NeedsHelp lists the steps (from 0) where she needed help.
func (p Progress) NeedsHelp() []int {
	var out []int
	for i, s := range p.Steps {
		if s.NeedsHelp() {
			out = append(out, i)
		}
	}
	return out
}

// Status sums the progress up. Needing help comes first, even in a
// completed lesson: that is what a trainer must not miss.
func (p Progress) Status() Status {
	switch {
	case len(p.NeedsHelp()) > 0:
		return NeedsHelp
	case p.Completed():
		return Completed
	}
	for _, s := range p.Steps {
		if s.Seen {
			return InProgress
		}
	}
	return NotStarted
}

// Player is one learner going through one lesson: the current step, what
// she did on each step, and the feedback for each tap and answer. It never
// leads to a dead end: Next always moves on (except from the last step), a
// practice step shows the right place after two misses, and a wrong quiz
// answer shows the right one with the reason. It draws nothing; the kiosk's
// screens render its state. A Player is not safe for concurrent use.
type Player struct {
	lesson  *Lesson
	step    int
	steps   []StepProgress
	resumed bool

	// Margin and Settle tune the forgiveness; NewPlayer sets the defaults.
	Margin float64
	Settle time.Duration

	now   func() time.Time
	last  time.Time // the last accepted tap or answer, or change of step
	touch press     // a finger down on a gesture practice
}

// NewPlayer starts the lesson at its first step.
func NewPlayer(l *Lesson) *Player {
	p := &Player{lesson: l, steps: make([]StepProgress, len(l.Steps)), Margin: DefaultMargin, Settle: DefaultSettle, now: time.Now}
	p.enter(0)
	return p
}

// Resume continues from saved progress, at the step where she left off. If
// the lesson has changed since (another version or number of steps), the
// saved steps would mean other things, so she starts again and Resumed
// reports false. Progress of another lesson is an error.
func Resume(l *Lesson, saved Progress) (*Player, error) {
	if saved.Lesson != l.ID {
		return nil, fmt.Errorf("resume lesson %q: progress is for lesson %q", l.ID, saved.Lesson)
	}
	p := NewPlayer(l)
	if saved.Version != l.Version || len(saved.Steps) != len(l.Steps) {
		return p, nil
	}
	for i, s := range saved.Steps {
		s.Answers = append([]int(nil), s.Answers...)
		p.steps[i] = s
	}
	p.resumed = true
	p.enter(min(max(saved.Step, 0), len(l.Steps)-1))
	return p, nil
}

// Resumed reports whether the player continued from saved progress.
func (p *Player) Resumed() bool { return p.resumed }

// Lesson returns the lesson being played.
func (p *Player) Lesson() *Lesson { return p.lesson }

// Index returns the current step's number, from 0.
func (p *Player) Index() int { return p.step }

// Len returns the number of steps.
func (p *Player) Len() int { return len(p.lesson.Steps) }

// Step returns the current step.
func (p *Player) Step() *Step { return &p.lesson.Steps[p.step] }

// Current returns what she has done on the current step.
func (p *Player) Current() StepProgress { return p.steps[p.step] }

// Progress returns a copy of the progress, for the caller to save.
func (p *Player) Progress() Progress {
	steps := make([]StepProgress, len(p.steps))
	for i, s := range p.steps {
		s.Answers = append([]int(nil), s.Answers...)
		steps[i] = s
	}
	return Progress{Lesson: p.lesson.ID, Version: p.lesson.Version, Step: p.step, Steps: steps}
}

// CanBack reports whether there is a step before this one.
func (p *Player) CanBack() bool { return p.step > 0 }

// CanNext reports whether there is a step after this one.
func (p *Player) CanNext() bool { return p.step < len(p.lesson.Steps)-1 }

// AtEnd reports whether she is on the last step: the screen offers to finish.
func (p *Player) AtEnd() bool { return !p.CanNext() }

// Next moves to the next step, even from an unfinished practice or quiz
// (which is then marked skipped: the trainer will see it). It reports false,
// changing nothing, on the last step.
func (p *Player) Next() bool {
	if !p.CanNext() {
		return false
	}
	cur := &p.steps[p.step]
	if k := p.Step().Kind; (k == Practice || k == Quiz) && !cur.Done {
		cur.Skipped = true
	}
	p.enter(p.step + 1)
	return true
}

// Back moves to the previous step. It reports false, changing nothing, on
// the first step.
func (p *Player) Back() bool {
	if !p.CanBack() {
		return false
	}
	p.enter(p.step - 1)
	return true
}

// Goto jumps to step i (from 0), as a trainer presenting the lesson does.
// It reports false, changing nothing, for a step that does not exist.
func (p *Player) Goto(i int) bool {
	if i < 0 || i >= len(p.lesson.Steps) {
		return false
	}
	p.enter(i)
	return true
}

func (p *Player) enter(i int) {
	p.step = i
	p.touch = press{}
	s := &p.steps[i]
	s.Seen = true
	if k := p.Step().Kind; k == Explain || k == Recap {
		s.Done = true
	}
	p.last = p.now()
}

// settled reports whether enough time has passed since the last accepted
// input for a new one to count, and if so takes it.
func (p *Player) settled() bool {
	now := p.now()
	if now.Sub(p.last) < p.Settle {
		return false
	}
	p.last = now
	return true
}

// HitArea returns area r enlarged by the margin and kept within the picture
// img: the area where a tap counts as right.
func (p *Player) HitArea(r image.Rectangle, img *Image) image.Rectangle {
	m := int(p.Margin*float64(img.Width) + 0.5)
	return r.Inset(-m).Intersect(image.Rect(0, 0, img.Width, img.Height))
}

// Tap answers a tap at (x, y) in the current practice picture's pixels (the
// screen scales from its own). A tap within an area, enlarged by the margin,
// is right: praise, and on to the next step. Otherwise it is a miss: the
// hint (or, in a place to avoid, why not there), and from the second miss
// on the right areas to highlight. Taps
// outside the picture, on other kinds of steps, after the step is done, or
// bouncing within the settle time are ignored.
func (p *Player) Tap(x, y int) TapResult {
	s := p.Step()
	cur := &p.steps[p.step]
	if s.Kind != Practice || cur.Done || p.IsGesture() {
		return TapResult{}
	}
	img := p.lesson.Images[s.Image]
	pt := image.Pt(x, y)
	if img == nil || !pt.In(image.Rect(0, 0, img.Width, img.Height)) {
		return TapResult{}
	}
	if !p.settled() {
		return TapResult{}
	}
	// A place to avoid is wrong however near a right area it lies: the
	// margin forgives an unsteady hand, not a tap on 收付款 for 扫一扫.
	for _, av := range s.Avoid {
		if pt.In(av.Area) {
			return p.miss(cur, av.Why)
		}
	}
	for _, r := range s.Areas {
		if pt.In(p.HitArea(r, img)) {
			return p.right(s)
		}
	}
	return p.miss(cur, s.Hint)
}

// miss records a wrong tap and answers it with msg (the hint, or why a
// place is to be avoided), lighting up the right areas from the second
// miss on.
func (p *Player) miss(cur *StepProgress, msg Text) TapResult {
	cur.Misses++
	res := TapResult{Outcome: Wrong, Message: msg}
	if cur.Misses >= MissesBeforeShow {
		cur.Shown = true
	}
	if cur.Shown {
		res.Highlight = p.Highlight()
		res.Message = joinLines(msg, ShowMe)
	}
	return res
}

// Highlight returns the right areas of the current practice step once they
// are to be shown (after two misses, or by ShowAnswer), else nil. They are
// the areas as drawn, without the margin.
func (p *Player) Highlight() []image.Rectangle {
	s := p.Step()
	if s.Kind != Practice || !p.steps[p.step].Shown {
		return nil
	}
	if p.IsGesture() {
		return gestureMarks(s, p.lesson.Images[s.Image])
	}
	return append([]image.Rectangle(nil), s.Areas...)
}

// Revealed returns the quiz's right answer once it is to be shown (after an
// answer, or by ShowAnswer), else -1.
func (p *Player) Revealed() int {
	s := p.Step()
	cur := p.steps[p.step]
	if s.Kind != Quiz || !(cur.Shown || cur.Done) {
		return -1
	}
	return s.RightAnswer()
}

// ShowAnswer shows the right area or answer of the current step, as a
// trainer presenting the lesson does. It is not held against the learner.
func (p *Player) ShowAnswer() {
	if k := p.Step().Kind; k == Practice || k == Quiz {
		p.steps[p.step].Shown = true
	}
}

// Answer answers the current quiz with answer i (from 0). A wrong answer is
// recorded and answered with the reason, the right answer marked; she may
// then choose again. Answers on other kinds of steps, after the right
// answer, out of range or bouncing within the settle time are ignored.
func (p *Player) Answer(i int) AnswerResult {
	s := p.Step()
	cur := &p.steps[p.step]
	right := s.RightAnswer()
	if s.Kind != Quiz || cur.Done || i < 0 || i >= len(s.Answers) {
		return AnswerResult{Right: right}
	}
	if !p.settled() {
		return AnswerResult{Right: right}
	}
	cur.Answers = append(cur.Answers, i)
	why := s.Answers[i].Why
	if why.IsZero() {
		why = s.Why
	}
	if i == right {
		cur.Done = true
		return AnswerResult{Outcome: Right, Right: right, Message: joinLines(RightAnswerText, why)}
	}
	cur.Wrong++
	cur.Shown = true
	return AnswerResult{Outcome: Wrong, Right: right, Message: joinLines(WrongAnswerText, why)}
}

// joinLines puts b under a in every language. English is kept only when
// both have it: a lesson without English shows its feedback in Chinese
// too, not half of it in English.
func joinLines(a, b Text) Text {
	switch {
	case a.IsZero():
		return b
	case b.IsZero():
		return a
	}
	t := Text{Hans: a.Hans + "\n" + b.Hans, Hant: a.Hant + "\n" + b.Hant}
	if a.En != "" && b.En != "" {
		t.En = a.En + "\n" + b.En
	}
	return t
}
