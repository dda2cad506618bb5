package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Why the window's content never asks for more than the screen.
//
// Fyne's desktop driver grows a window whose content's minimum size is
// larger than the window (glfw window.fitContent, canvas.ensureMinSize).
// A full-screen kiosk cannot grow: the canvas was then laid out taller
// than the screen while the X window stayed 1280×800, so GL drew the frame
// shifted and cropped (the top bar gone) and the pointer was mapped
// through the other size: at 1280×800 a tap landed about 200 px from the
// key drawn under the finger. fitRoot reports a minimum of one pixel, so
// the canvas always keeps the window's size and draws what it lays out;
// every screen is also built to fit the smallest supported screen
// (TestEveryScreenFitsEveryScreen), so nothing is squeezed.
type fitLayout struct{}

func (fitLayout) MinSize([]fyne.CanvasObject) fyne.Size { return fyne.NewSquareSize(1) }

func (fitLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

// fitRoot wraps a window's content (see fitLayout).
func fitRoot(o fyne.CanvasObject) *fyne.Container { return container.New(fitLayout{}, o) }

// Sizes of the controls that stand in the same place on every step: 上一步
// at the far left, 下一步 (or 提交) at the far right, both at the bottom.
var navSize = fyne.NewSize(300, 104)

// FitContent is the object under the window's fit root, whose minimum
// size is what the screen needs (for tests).
func FitContent(w fyne.Window) fyne.CanvasObject {
	if c, ok := w.Content().(*fyne.Container); ok && len(c.Objects) == 1 {
		if _, fit := c.Layout.(fitLayout); fit {
			return c.Objects[0]
		}
	}
	return w.Content()
}

// step is one step of a form: a question, what answers it, and the
// buttons that move between steps.
type step struct {
	index, total int
	question     string            // read aloud with 朗读
	body         fyne.CanvasObject // fits without scrolling
	prev         func()            // nil on the first step
	next         *BigButton        // 下一步 or 提交, far right
	beside       fyne.CanvasObject // beside next (同意 next to 提交)
	msg          *string           // what is missing, beside the buttons; cleared when she changes an answer
}

// stepPage lays a form step out: the step count and the question with 朗读
// at the top, the answers in the middle (no scroll: a step that would not
// fit is split in two), and 上一步 far left and 下一步 far right at the
// bottom, where they are on every step, so a double tap never meets the
// other button.
func (a *App) stepPage(s step) fyne.CanvasObject {
	q := heading(s.question)
	q.Wrapping, q.Truncation = fyne.TextWrapOff, fyne.TextTruncateEllipsis // 朗读 reads it whole
	count := widget.NewLabel(a.t("form.step", s.index+1, s.total))
	top := container.NewBorder(nil, nil, tight(count), a.readAloud(s.question), tight(q))
	var prev fyne.CanvasObject
	if s.prev != nil {
		p := a.button(a.t("form.prev"), s.prev)
		p.MinSide = navSize
		prev = p
	} else {
		// An empty place of the same size keeps 下一步 where it always is.
		prev = atLeast(navSize, layout.NewSpacer())
	}
	right := container.NewHBox()
	if s.beside != nil {
		right.Add(s.beside)
	}
	if s.next != nil {
		s.next.MinSide = navSize
		right.Add(s.next)
	}
	msg := text("")
	if s.msg != nil {
		msg.SetText(*s.msg)
	}
	msg.Importance = widget.DangerImportance
	a.stepMsg, a.stepMsgLabel = s.msg, msg
	nav := container.NewBorder(nil, nil, prev, right, msg)
	return container.NewBorder(top, nav, nil, nil, s.body)
}

// tightLayout lets a label's text reach the edges of its place: the label
// is laid out as tall as it wants, its padding above and below the text
// outside the place. A question line then takes the height of its text
// (or of 朗读 beside it), not its text and two paddings: on a 768 px
// screen with 大字 the keypad below needs those pixels.
type tightLayout struct{ pad func() float32 }

func (l tightLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var m fyne.Size
	for _, o := range objs {
		m = m.Max(o.MinSize())
	}
	return fyne.NewSize(m.Width, max(m.Height-2*l.pad(), 0))
}

func (l tightLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	p := l.pad()
	for _, o := range objs {
		o.Move(fyne.NewPos(0, -p))
		o.Resize(fyne.NewSize(size.Width, size.Height+2*p))
	}
}

// tight wraps a one-line label so its place is only as tall as its text.
func tight(o fyne.CanvasObject) fyne.CanvasObject {
	return container.New(tightLayout{pad: func() float32 { return theme.InnerPadding() }}, o)
}

// gridFor lays objs out in as many columns, up to most, as cells of the
// given width (at text scale 1; wider with 大字) fit side by side beside a
// scroll's ▲ and ▼: a grid never asks for more width than the screen has.
// Give it objects whose labels wrap (listButton), so a long name takes
// two lines instead of widening every column.
func (a *App) gridFor(most int, cell float32, objs ...fyne.CanvasObject) *fyne.Container {
	cols := most
	if a.Window != nil {
		if w := a.Window.Canvas().Size().Width; w > 0 {
			cell *= a.theme.scale()
			room := w - scrollAside
			for cols > 1 && float32(cols)*cell+float32(cols-1)*TargetGap > room {
				cols--
			}
		}
	}
	return container.NewGridWithColumns(cols, objs...)
}

// scrollAside is the width a scrolling page loses to the window's padding
// and the scroll's ▲ and ▼.
const scrollAside = 2*TargetGap + MinTarget + 2*TargetGap
