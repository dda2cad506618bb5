package ui

import (
	"image/color"
	"time"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"

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

// typingModes are the drawn phone's keyboards, by the lesson's names.
var typingModes = map[string]inputMode{"nine": inputNineKey, "full": inputPinyin, "hand": inputHandwriting}

// typingState is the drawn keyboard of the current typing step, made
// when the step is first shown.
func (a *App) typingState(run *lessonRun) *inputState {
	p := run.p
	if run.typing != nil && run.typingStep == p.Index() {
		return run.typing
	}
	st := &inputState{mode: typingModes[p.Step().Type.Keyboard]}
	st.req = inputRequest{max: 2 * lessons.MaxTyped, modes: []inputMode{inputNineKey, inputPinyin, inputHandwriting},
		changed: func(v string) { a.practised(run, p.Typed(v)) }}
	run.typing, run.typingStep = st, p.Index()
	return st
}

// typingView is a typing practice: what to type above, and a phone's
// message box and keyboard drawn below, as on her phone.
func (a *App) typingView(run *lessonRun) fyne.CanvasObject {
	p := run.p
	s := p.Step()
	st := a.typingState(run)

	shown := a.c(st.value)
	if st.keys != "" {
		shown += " " + st.keys
	}
	field := canvas.NewText(shown+"|", Ink)
	field.TextSize = HeadingTextSize * a.theme.scale()
	box := canvas.NewRectangle(Paper)
	box.StrokeColor, box.StrokeWidth, box.CornerRadius = Muted, 2, 8
	del := a.button(a.t("input.delete"), func() {
		switch {
		case st.keys != "":
			st.keys = st.keys[:len(st.keys)-1]
			a.lookupPinyin(st)
		case st.value != "":
			_, n := utf8.DecodeLastRuneInString(st.value)
			st.value = st.value[:len(st.value)-n]
		}
		a.render()
	})
	msg := container.NewBorder(nil, nil, nil, del, container.NewStack(box, container.NewPadded(container.NewHBox(field, layout.NewSpacer()))))

	var keys fyne.CanvasObject
	switch st.mode {
	case inputHandwriting:
		keys = a.handwritingPad(st)
	case inputNineKey:
		keys = container.NewBorder(a.candidateRow(st, 8), nil, nil, nil, container.NewCenter(a.nineKeys(st)))
	default:
		keys = container.NewBorder(a.candidateRow(st, 8), nil, nil, nil, a.letterKeys(st, false))
	}
	modes := container.NewVBox()
	for _, m := range st.req.modes {
		b := a.button(a.t(modeKey[m]), func() { st.mode, st.keys, st.strokes, st.cands = m, "", nil, nil; a.render() })
		b.MinSide = fyne.NewSize(150, MinTarget)
		b.SetChosen(m == st.mode)
		modes.Add(b)
	}
	// The phone: a dark frame round its message box and keyboard.
	frame := canvas.NewRectangle(color.NRGBA{0xe9, 0xec, 0xef, 0xff})
	frame.StrokeColor, frame.StrokeWidth, frame.CornerRadius = Ink, 6, 28
	phone := container.NewStack(frame, container.New(layout.NewCustomPaddedLayout(14, 14, 18, 18),
		container.NewBorder(msg, nil, nil, nil, keys)))

	top := container.NewVBox(a.feedbackLabel(run))
	addIf(top, a.variantBar(run))
	top.Add(heading(a.lt(s.Text) + "  " + a.t("type.target", a.c(s.Type.Text))))
	addIf(top, a.safetyCard(s))
	return container.NewBorder(top, nil, nil, modes, phone)
}
