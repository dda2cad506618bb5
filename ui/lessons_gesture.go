package ui

import (
	"image/color"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"github.com/shinan-alliance/alliance/lessons"
)

// Gesture and typing practice: a swipe, a press and hold, a slide to
// cancel on the practice picture, timed by the kiosk's clock; typing on a
// drawn phone keyboard (9-key or full pinyin, or handwriting) with the
// input panel's engines.

// holdTick is how often a held finger is looked at: on a phone the menu
// opens while the finger is still down.
const holdTick = 150 * time.Millisecond

// gesturePicture is the picture of a swipe, hold or slide-cancel practice,
// following her finger.
func (a *App) gesturePicture(run *lessonRun, picSize fyne.Size) *GesturePicture {
	p := run.p
	s, l := p.Step(), p.Lesson()
	pic := newGesturePicture(a.picture(l.Images[s.Image]), l.Images[s.Image], picSize)
	pic.areas = p.Highlight()
	step := p.Index()
	pic.onPress = func(x, y int) {
		a.touch()
		p.Press(x, y, a.Now())
		if s.Gesture == lessons.GestureHold {
			a.watchHold(run, step)
		}
	}
	pic.onMove = func(x, y int) {
		a.touch()
		p.Move(x, y, a.Now())
	}
	pic.onRelease = func(x, y int) {
		a.touch()
		if p.Index() != step || !a.settled(run) {
			p.Lift()
			return
		}
		a.practised(run, p.Release(x, y, a.Now()))
	}
	return pic
}

// watchHold looks at a held finger every holdTick until it is let go or
// has held long enough.
func (a *App) watchHold(run *lessonRun, step int) {
	time.AfterFunc(holdTick, func() {
		a.do(func() {
			if on, _ := run.p.Pressed(); !on || run.p.Index() != step {
				return
			}
			if r := run.p.Holding(a.Now()); r.Outcome != lessons.Ignored {
				a.practised(run, r)
				return
			}
			a.watchHold(run, step)
		})
	})
}

// typingModes are the keyboards, by the lesson's names.
var typingModes = map[string]inputMode{"nine": inputNineKey, "full": inputPinyin, "hand": inputHandwriting}

// typingView is a typing practice: what to type, and the phone's message
// box. As on her phone, tapping the box brings up the keyboard (the input
// panel: 9-key or full pinyin, or handwriting); each character she picks
// is checked, a wrong one brings her back to the hint, and the whole text
// typed moves on.
func (a *App) typingView(run *lessonRun) fyne.CanvasObject {
	p := run.p
	s, l := p.Step(), p.Lesson()
	if run.typingStep != p.Index() {
		run.typed, run.typingStep = "", p.Index()
	}
	step := p.Index()
	open := func() {
		a.touch()
		a.openInput(inputRequest{title: a.t("type.target", a.c(s.Type.Text)), value: run.typed, mode: typingModes[s.Type.Keyboard], max: 2 * lessons.MaxTyped,
			changed: func(v string) {
				if p.Index() != step {
					return
				}
				run.typed = v
				r := p.Typed(v)
				if r.Outcome != lessons.Ignored {
					a.Back() // the keyboard goes: praise, or the hint
				}
				a.practised(run, r)
			},
			done: func(v string) {
				if p.Index() == step {
					run.typed = v
					a.practised(run, p.Typed(v))
				}
			}})
	}
	label := a.c(run.typed)
	if label == "" {
		label = a.t("type.open")
	}
	box := a.button(label, open)
	box.Alignment = widget.ButtonAlignLeading
	box.MinSide = fyne.NewSize(0, 110)
	send := a.button(a.t("type.send"), open)
	send.MinSide = fyne.NewSize(130, 110)
	bar := container.NewBorder(nil, nil, nil, send, box)

	left := container.NewVBox(a.feedbackLabel(run))
	addIf(left, a.variantBar(run))
	left.Add(heading(a.lt(s.Text)))
	left.Add(text(a.t("type.target", a.c(s.Type.Text))))
	addIf(left, a.safetyCard(s))
	var right fyne.CanvasObject = bar
	if s.Image != "" {
		right = container.NewBorder(nil, bar, nil, nil, a.pictureObject(l.Images[s.Image], fyne.NewSize(200, 356)))
	} else {
		// The phone's chat, drawn: a grey screen with the message box at
		// its foot.
		screen := canvas.NewRectangle(color.NRGBA{0xed, 0xed, 0xed, 0xff})
		screen.StrokeColor, screen.StrokeWidth, screen.CornerRadius = Ink, 6, 28
		right = container.NewStack(screen, container.New(layout.NewCustomPaddedLayout(18, 18, 18, 18), container.NewBorder(nil, bar, nil, nil)))
	}
	return container.NewGridWithColumns(2, a.vscroll(left), right)
}
