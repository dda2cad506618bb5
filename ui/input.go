package ui

import (
	"context"
	"image/color"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"

	"github.com/shinan-alliance/alliance/handwriting"
	"github.com/shinan-alliance/alliance/internal/chinese"
	"github.com/shinan-alliance/alliance/pinyin"
)

// The kiosk has no keyboard: wherever words are needed (search, the
// suggestion's own words and its place, a surname not in the list, staff
// fields) this panel opens, to write by hand on a pad or to type pinyin on
// a full or a 9-key keyboard, choosing from big candidate buttons.

// inputMode is how the panel takes text.
type inputMode int

const (
	inputHandwriting inputMode = iota
	inputPinyin
	inputNineKey
	inputLatin // letters and digits as typed (a hub address, a join code)
)

// inputRequest is what a screen asks the panel for.
type inputRequest struct {
	title string
	value string
	mode  inputMode
	max   int // in characters; 0: 200
	// modes offered; nil: handwriting, pinyin and 9-key.
	modes []inputMode
	done  func(string)
	// changed, if set, is told the whole text after each addition.
	changed func(string)
}

// inputState is the panel's text and what is under way.
type inputState struct {
	req     inputRequest
	value   string
	mode    inputMode
	keys    string // pinyin keys typed, not yet turned into characters
	strokes []handwriting.Stroke
	cands   []string
	rest    map[string]string // pinyin: the keys left once a candidate is chosen
	gen     int               // the latest recognition; older answers are dropped
}

var (
	recogOnce sync.Once
	recog     handwriting.Recognizer
	recogErr  error
)

// recognizer loads the handwriting templates once.
func recognizer() (handwriting.Recognizer, error) {
	recogOnce.Do(func() {
		m, err := handwriting.Default()
		recog, recogErr = m, err
	})
	return recog, recogErr
}

// openInput shows the input panel over the current screen; 完成 hands the
// text to req.done and returns to the screen, 取消 returns with nothing.
func (a *App) openInput(req inputRequest) {
	if req.max == 0 {
		req.max = 200
	}
	if req.modes == nil {
		req.modes = []inputMode{inputHandwriting, inputPinyin, inputNineKey}
	}
	st := &inputState{req: req, value: req.value, mode: req.mode}
	a.push(&screen{name: "input", title: func() string { return req.title }, build: func() fyne.CanvasObject { return a.inputView(st) }, input: st})
}

// inputShown is the input panel's state while it is the screen shown.
func (a *App) inputShown() *inputState {
	if len(a.stack) == 0 {
		return nil
	}
	return a.stack[len(a.stack)-1].input
}

// InputOpen reports whether the input panel is shown (for tests).
func (a *App) InputOpen() bool { return a.Current() == "input" }

func (a *App) inputView(st *inputState) fyne.CanvasObject {
	shown := st.value
	if st.keys != "" {
		shown += " " + st.keys
	}
	if shown == "" {
		shown = " "
	}
	field := canvas.NewText(shown, Ink)
	field.TextSize = HeadingTextSize * a.theme.scale()
	box := canvas.NewRectangle(Paper)
	box.StrokeColor, box.StrokeWidth, box.CornerRadius = Ink, ButtonBorder, 8
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
	clear := a.button(a.t("input.clear"), func() { st.value, st.keys, st.strokes, st.cands = "", "", nil, nil; a.render() })
	top := container.NewBorder(nil, nil, nil, container.NewHBox(del, clear), container.NewStack(box, container.NewCenter(field)))

	var main fyne.CanvasObject
	switch st.mode {
	case inputHandwriting:
		main = a.handwritingPad(st)
	case inputLatin:
		main = container.New(topFill{}, a.candidateRow(st, 8), a.letterKeys(st, true))
	default:
		var keys fyne.CanvasObject
		if st.mode == inputNineKey {
			keys = a.nineKeys(st)
		} else {
			keys = a.letterKeys(st, false)
		}
		main = container.New(topFill{}, a.candidateRow(st, 8), keys)
	}

	cancel := a.button(a.t("input.cancel"), a.Back)
	cancel.MinSide = inputNavSize
	done := a.primary(a.t("input.done"), func() {
		v := strings.TrimSpace(st.value)
		a.Back()
		if st.req.done != nil {
			st.req.done(v)
		}
		a.render()
	})
	done.MinSide = inputNavSize
	modes := container.NewHBox()
	if len(st.req.modes) > 1 {
		for _, m := range st.req.modes {
			b := a.button(a.t(modeKey[m]), func() { st.mode, st.keys, st.strokes, st.cands = m, "", nil, nil; a.render() })
			b.MinSide = fyne.NewSize(150, navSize.Height)
			b.SetChosen(m == st.mode)
			modes.Add(b)
		}
	}
	nav := container.NewBorder(nil, nil, cancel, done, container.NewCenter(modes))
	return container.NewBorder(top, nav, nil, nil, main)
}

var modeKey = map[inputMode]string{inputHandwriting: "input.hand", inputPinyin: "input.pinyin", inputNineKey: "input.nine", inputLatin: "input.latin"}

// add puts text at the end, within the panel's limit.
func (st *inputState) add(s string) {
	if utf8.RuneCountInString(st.value+s) <= st.req.max {
		st.value += s
		if st.req.changed != nil {
			st.req.changed(st.value)
		}
	}
}

// candidateRow is the candidates as big buttons, in the resident's script.
func (a *App) candidateRow(st *inputState, n int) fyne.CanvasObject {
	row := container.New(&keyRow{n: n})
	for i := range n {
		if i >= len(st.cands) {
			row.Add(atLeast(fyne.NewSquareSize(MinTarget), spacer()))
			continue
		}
		c := st.cands[i]
		row.Add(a.button(a.c(c), func() { a.chooseCandidate(st, c) }))
	}
	return row
}

// chooseCandidate adds a candidate's text; for pinyin, the keys it stood
// for go and the rest stay for the next choice.
func (a *App) chooseCandidate(st *inputState, c string) {
	st.add(a.c(c))
	switch st.mode {
	case inputHandwriting:
		st.strokes, st.cands = nil, nil
	case inputPinyin, inputNineKey:
		st.keys = st.rest[c]
		a.lookupPinyin(st)
	}
	a.render()
}

// lookupPinyin fills the candidates for the keys typed.
func (a *App) lookupPinyin(st *inputState) {
	st.cands, st.rest = nil, map[string]string{}
	if st.keys == "" {
		return
	}
	kb := pinyin.QWERTY
	if st.mode == inputNineKey {
		kb = pinyin.NineKey
	}
	for _, c := range pinyin.Default().Lookup(st.keys, kb, 8) {
		st.cands = append(st.cands, c.Text)
		st.rest[c.Text] = strings.TrimLeft(st.keys[min(c.Consumed, len(st.keys)):], "' ")
	}
}

// letterKeys is a full keyboard: pinyin letters, or letters and digits.
func (a *App) letterKeys(st *inputState, latin bool) fyne.CanvasObject {
	rows := []string{"qwertyuiop", "asdfghjkl", "zxcvbnm"}
	if latin {
		rows = []string{"1234567890", "QWERTYUIOP", "ASDFGHJKL-", "ZXCVBNM:/."}
	}
	box := container.New(&keyRow{n: 1})
	for _, r := range rows {
		line := container.New(&keyRow{n: 10})
		for _, k := range strings.Split(r, "") {
			line.Add(a.button(k, func() {
				if latin {
					st.add(k)
				} else {
					st.keys += k
					a.lookupPinyin(st)
				}
				a.render()
			}))
		}
		box.Add(line)
	}
	if !latin {
		sep := a.button(a.t("input.space"), func() {
			if st.keys != "" {
				st.keys += "'"
			} else {
				st.add(" ")
			}
			a.render()
		})
		box.Objects[len(box.Objects)-1].(*fyne.Container).Add(sep)
	}
	return box
}

// nineKeys is the phone keypad layout: 2 abc … 9 wxyz, and 1 to separate
// syllables.
func (a *App) nineKeys(st *inputState) fyne.CanvasObject {
	grid := container.New(&keyRow{n: 4})
	for _, k := range []struct{ d, label string }{{"'", "1 '"}, {"2", "2 abc"}, {"3", "3 def"}, {"4", "4 ghi"},
		{"5", "5 jkl"}, {"6", "6 mno"}, {"7", "7 pqrs"}, {"8", "8 tuv"}, {"9", "9 wxyz"}} {
		grid.Add(a.button(k.label, func() {
			if k.d == "'" && st.keys == "" {
				return
			}
			st.keys += k.d
			a.lookupPinyin(st)
			a.render()
		}))
	}
	return grid
}

// inputNavSize is 不写了 and 写好了: narrower than a form's 上一步 and
// 下一步, so the three ways of writing fit between them on 1024 px.
var inputNavSize = fyne.NewSize(220, navSize.Height)

// topFill puts its first object at the top at its own height and lets
// the second fill the rest, a key's gap between them (candidates above
// the keys: a form's padding there would cost a 768 px screen its room).
type topFill struct{}

func (topFill) MinSize(objs []fyne.CanvasObject) fyne.Size {
	a, b := objs[0].MinSize(), objs[1].MinSize()
	return fyne.NewSize(max(a.Width, b.Width), a.Height+keyGap+b.Height)
}

func (topFill) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	h := objs[0].MinSize().Height
	objs[0].Move(fyne.NewPos(0, 0))
	objs[0].Resize(fyne.NewSize(size.Width, h))
	objs[1].Move(fyne.NewPos(0, h+keyGap))
	objs[1].Resize(fyne.NewSize(size.Width, size.Height-h-keyGap))
}

// keyRow lays keys out n to a row, every key as wide as the others and
// at least MinTarget, with a small gap: ten keys fit a 1024 px screen.
type keyRow struct{ n int }

const keyGap = 6

func (l *keyRow) rows(objs []fyne.CanvasObject) int { return (len(objs) + l.n - 1) / l.n }

func (l *keyRow) MinSize(objs []fyne.CanvasObject) fyne.Size {
	h := float32(MinTarget)
	for _, o := range objs {
		h = max(h, o.MinSize().Height)
	}
	r := float32(l.rows(objs))
	return fyne.NewSize(float32(l.n)*(MinTarget+keyGap)-keyGap, r*h+(r-1)*keyGap)
}

func (l *keyRow) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	r := float32(max(l.rows(objs), 1))
	w := (size.Width - float32(l.n-1)*keyGap) / float32(l.n)
	h := (size.Height - (r-1)*keyGap) / r
	for i, o := range objs {
		o.Resize(fyne.NewSize(w, h))
		o.Move(fyne.NewPos(float32(i%l.n)*(w+keyGap), float32(i/l.n)*(h+keyGap)))
	}
}

// handwritingPad is the pad she writes one character on, with 重写 and
// the candidates beside it.
func (a *App) handwritingPad(st *inputState) fyne.CanvasObject {
	pad := newWritePad(st.strokes, func(strokes []handwriting.Stroke) {
		a.touch()
		st.strokes = strokes
		a.recognize(st)
	})
	cands := container.New(&keyRow{n: 4})
	for i := range 8 {
		if i < len(st.cands) {
			c := st.cands[i]
			b := a.button(a.c(c), func() { a.chooseCandidate(st, c) })
			cands.Add(b)
		} else {
			cands.Add(atLeast(fyne.NewSquareSize(MinTarget), spacer()))
		}
	}
	again := a.button(a.t("input.rewrite"), func() { st.strokes, st.cands = nil, nil; a.render() })
	hint := tight(text(a.t("input.hand_hint")))
	side := container.NewBorder(hint, nil, nil, nil, cands)
	// 重写 under the pad, away from the candidates a trembling finger
	// reaches for.
	return container.NewGridWithColumns(2, container.NewBorder(nil, container.NewHBox(again), nil, nil, pad), side)
}

// recognize reads the strokes in the background; an answer for strokes
// since changed is dropped.
func (a *App) recognize(st *inputState) {
	st.gen++
	gen := st.gen
	strokes := append([]handwriting.Stroke(nil), st.strokes...)
	var out []string
	a.goWork(5*time.Second, func(context.Context) error {
		r, err := recognizer()
		if err != nil {
			return err
		}
		for _, c := range r.Recognize(strokes, 8) {
			out = append(out, string(c.Char))
		}
		return nil
	}, func(err error) {
		if gen != st.gen || err != nil {
			return
		}
		st.cands = out
		if a.Current() == "input" {
			a.render()
		}
	})
}

// simplified is text as stored: Simplified script, whatever was shown.
func (a *App) simplified(s string) string { return chinese.ToSimplified(s) }

// writePad is the square a resident writes on with her finger: every
// drag is a stroke, drawn as she goes.
type writePad struct {
	widget.BaseWidget
	strokes []handwriting.Stroke
	cur     handwriting.Stroke
	lines   *fyne.Container
	onDone  func([]handwriting.Stroke)
}

func newWritePad(strokes []handwriting.Stroke, onStroke func([]handwriting.Stroke)) *writePad {
	p := &writePad{strokes: strokes, onDone: onStroke, lines: container.NewWithoutLayout()}
	p.ExtendBaseWidget(p)
	for _, s := range strokes {
		p.draw(s)
	}
	return p
}

func (p *writePad) draw(s handwriting.Stroke) {
	for i := 1; i < len(s); i++ {
		l := canvas.NewLine(Ink)
		l.StrokeWidth = 8
		l.Position1 = fyne.NewPos(s[i-1].X, s[i-1].Y)
		l.Position2 = fyne.NewPos(s[i].X, s[i].Y)
		p.lines.Add(l)
	}
}

// MinSize is a square big enough to write on.
func (p *writePad) MinSize() fyne.Size { return fyne.NewSquareSize(240) }

func (p *writePad) CreateRenderer() fyne.WidgetRenderer {
	bg := canvas.NewRectangle(color.NRGBA{0xff, 0xff, 0xff, 0xff})
	bg.StrokeColor, bg.StrokeWidth, bg.CornerRadius = Ink, ButtonBorder, 8
	// A faint cross, as on the squared paper characters are learned on.
	h, v := canvas.NewLine(Key), canvas.NewLine(Key)
	h.StrokeWidth, v.StrokeWidth = 2, 2
	r := &padRenderer{pad: p, bg: bg, h: h, v: v}
	return r
}

type padRenderer struct {
	pad  *writePad
	bg   *canvas.Rectangle
	h, v *canvas.Line
}

func (r *padRenderer) Layout(s fyne.Size) {
	r.bg.Resize(s)
	r.h.Position1, r.h.Position2 = fyne.NewPos(0, s.Height/2), fyne.NewPos(s.Width, s.Height/2)
	r.v.Position1, r.v.Position2 = fyne.NewPos(s.Width/2, 0), fyne.NewPos(s.Width/2, s.Height)
	r.pad.lines.Resize(s)
}
func (r *padRenderer) MinSize() fyne.Size { return r.pad.MinSize() }
func (r *padRenderer) Refresh() {
	r.pad.lines.Refresh()
	canvas.Refresh(r.pad)
}
func (r *padRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.bg, r.h, r.v, r.pad.lines}
}
func (r *padRenderer) Destroy() {}

// MouseDown starts a stroke where the finger touches.
func (p *writePad) MouseDown(e *desktop.MouseEvent) {
	p.cur = handwriting.Stroke{{X: e.Position.X, Y: e.Position.Y}}
}

// MouseUp ends a stroke that did not move (a dot).
func (p *writePad) MouseUp(*desktop.MouseEvent) {}

// Tapped is a dot: a stroke of one point.
func (p *writePad) Tapped(e *fyne.PointEvent) {
	p.cur = handwriting.Stroke{{X: e.Position.X, Y: e.Position.Y}, {X: e.Position.X + 2, Y: e.Position.Y + 2}}
	p.end()
}

// Dragged draws the stroke as the finger moves.
func (p *writePad) Dragged(e *fyne.DragEvent) {
	pt := handwriting.Point{X: e.Position.X, Y: e.Position.Y}
	if len(p.cur) == 0 {
		p.cur = handwriting.Stroke{{X: pt.X - e.Dragged.DX, Y: pt.Y - e.Dragged.DY}}
	}
	last := p.cur[len(p.cur)-1]
	p.cur = append(p.cur, pt)
	l := canvas.NewLine(Ink)
	l.StrokeWidth = 8
	l.Position1, l.Position2 = fyne.NewPos(last.X, last.Y), fyne.NewPos(pt.X, pt.Y)
	p.lines.Add(l)
	l.Refresh()
}

// DragEnd ends the stroke and asks for candidates.
func (p *writePad) DragEnd() { p.end() }

func (p *writePad) end() {
	if len(p.cur) == 0 {
		return
	}
	p.strokes = append(p.strokes, p.cur)
	p.cur = nil
	if p.onDone != nil {
		p.onDone(p.strokes)
	}
}

// Write draws strokes on the pad as if by finger (tests, demos).
func (p *writePad) Write(strokes []handwriting.Stroke) {
	for _, s := range strokes {
		p.cur = s
		p.draw(s)
		p.end()
	}
}
