package ui

import (
	"bytes"
	"image/color"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	qrcode "github.com/skip2/go-qrcode"
)

// DebounceWindow is how soon a second tap on the same control is taken as
// the same tap: unsteady hands often touch twice.
const DebounceWindow = 400 * time.Millisecond

// BigButton is the kiosk's only kind of button: at least MinTarget square,
// and a repeated tap within DebounceWindow counts once.
type BigButton struct {
	widget.Button
	// Now is the clock used for debouncing; tests replace it.
	Now func() time.Time
	// MinSide raises the minimum width and height above MinTarget (tiles).
	MinSide fyne.Size
	// Name is the label of a button whose text is drawn beside it (see
	// App.listButton), for tests and screen readers.
	Name string
	// Ready, if set, says whether taps count now: the kiosk ignores taps
	// for a moment after the screen changed (see App.button).
	Ready func() bool
	// ChosenWord, if set, is written under the label of a chosen item
	// (已选), beside the ✓: where there is room for a second line.
	ChosenWord string
	chosen     bool
	last       time.Time
	// marked: an error message names this control (a red, wider edge).
	marked bool
	edge   *canvas.Rectangle
}

// SetMarked draws the button with a red, wider edge while an error
// message names it (同意 when she has not agreed yet).
func (b *BigButton) SetMarked(on bool) {
	b.marked = on
	if b.edge != nil {
		b.styleEdge()
		b.edge.Refresh()
	}
}

// Marked reports whether an error names the button.
func (b *BigButton) Marked() bool { return b.marked }

func (b *BigButton) styleEdge() {
	b.edge.StrokeColor, b.edge.StrokeWidth = ButtonEdge, ButtonBorder
	if b.marked {
		b.edge.StrokeColor, b.edge.StrokeWidth = Danger, 3*ButtonBorder
	}
}

// SetChosen shows a choice as chosen (✓, the main-action fill, and
// ChosenWord on a second line when set) or not: the mark and the word, not
// colour alone, say it is chosen.
func (b *BigButton) SetChosen(on bool) {
	label := b.Label()
	b.Importance = widget.MediumImportance
	if on {
		label = ChosenMark + label
		if b.ChosenWord != "" {
			label += "\n" + b.ChosenWord
		}
		b.Importance = widget.HighImportance
	}
	b.chosen = on
	b.SetText(label)
}

// Chosen reports whether the button is shown as chosen.
func (b *BigButton) Chosen() bool { return b.chosen }

// Label is the button's text without the chosen mark and word.
func (b *BigButton) Label() string {
	l := strings.TrimPrefix(b.Text, ChosenMark)
	if b.chosen && b.ChosenWord != "" {
		l = strings.TrimSuffix(l, "\n"+b.ChosenWord)
	}
	return l
}

// ChosenMark starts the label of a chosen item.
const ChosenMark = "✓ "

// ButtonBorder is the width of the dark edge every button has, so its
// shape shows however light its fill (non-text contrast ≥ 3:1).
const ButtonBorder = 3

// ButtonEdge is the colour of that edge.
var ButtonEdge = Ink

// CreateRenderer draws Fyne's button with a dark border around it.
func (b *BigButton) CreateRenderer() fyne.WidgetRenderer {
	r := b.Button.CreateRenderer()
	edge := canvas.NewRectangle(color.Transparent)
	edge.StrokeColor = ButtonEdge
	edge.StrokeWidth = ButtonBorder
	edge.CornerRadius = b.Theme().Size(theme.SizeNameInputRadius)
	b.edge = edge
	b.styleEdge()
	return &edgedRenderer{WidgetRenderer: r, edge: edge}
}

// edgedRenderer is a renderer with a border drawn over it.
type edgedRenderer struct {
	fyne.WidgetRenderer
	edge *canvas.Rectangle
}

func (r *edgedRenderer) Layout(size fyne.Size) {
	r.WidgetRenderer.Layout(size)
	r.edge.Resize(size)
	r.edge.Move(fyne.NewPos(0, 0))
}

func (r *edgedRenderer) Objects() []fyne.CanvasObject {
	return append(r.WidgetRenderer.Objects(), r.edge)
}

// NewBigButton returns a big button with a label and an action.
func NewBigButton(label string, tapped func()) *BigButton {
	b := &BigButton{Now: time.Now}
	b.Text = label
	b.OnTapped = tapped
	b.ExtendBaseWidget(b)
	return b
}

// Tapped runs the action unless the same button was tapped a moment ago.
func (b *BigButton) Tapped(e *fyne.PointEvent) {
	if b.Ready != nil && !b.Ready() {
		return
	}
	now := b.Now()
	if !b.last.IsZero() && now.Sub(b.last) >= 0 && now.Sub(b.last) < DebounceWindow {
		return
	}
	b.last = now
	b.Button.Tapped(e)
}

// MinSize is the label's size, but never under MinTarget square.
func (b *BigButton) MinSize() fyne.Size {
	return b.Button.MinSize().Max(fyne.NewSquareSize(MinTarget)).Max(b.MinSide)
}

// Keypad is a big number pad for phone numbers and receipt codes: digits,
// 清除 (clear) and 删除 (delete one), with the number shown large above.
type Keypad struct {
	widget.BaseWidget
	Value     string
	MaxDigits int
	// Mask shows stars instead of digits (staff PINs).
	Mask      bool
	OnChanged func(string)
	// Beside puts the number to the left of the keys instead of above
	// them, with Side under it: a form step then fits a 768 px screen.
	Beside  bool
	Side    fyne.CanvasObject
	display *canvas.Text
	keys    []*BigButton
}

// NewKeypad returns a keypad; labels are the clear and delete keys'
// words in the current language, newButton makes its keys.
func NewKeypad(value string, maxDigits int, clearLabel, deleteLabel string, newButton func(string, func()) *BigButton) *Keypad {
	k := &Keypad{Value: value, MaxDigits: maxDigits}
	k.display = canvas.NewText("", Ink)
	k.display.TextSize = HeadingTextSize * 1.4
	k.display.TextStyle.Monospace = true
	k.display.Alignment = fyne.TextAlignCenter
	for _, d := range strings.Split("123456789", "") {
		k.keys = append(k.keys, newButton(d, func() { k.press(d) }))
	}
	k.keys = append(k.keys, newButton(clearLabel, func() { k.set("") }), newButton("0", func() { k.press("0") }),
		newButton(deleteLabel, func() {
			if k.Value != "" {
				k.set(k.Value[:len(k.Value)-1])
			}
		}))
	for _, b := range k.keys {
		b.MinSide = fyne.NewSize(140, MinTarget)
	}
	k.ExtendBaseWidget(k)
	k.show()
	return k
}

func (k *Keypad) press(d string) {
	if k.MaxDigits > 0 && len(k.Value) >= k.MaxDigits {
		return
	}
	k.set(k.Value + d)
}

func (k *Keypad) set(v string) {
	k.Value = v
	k.show()
	if k.OnChanged != nil {
		k.OnChanged(v)
	}
}

// show draws the number grouped 3-4-4 so a resident can check it.
func (k *Keypad) show() {
	v := k.Value
	if k.Mask {
		v = strings.Repeat("*", len(v))
	} else if len(v) == 11 {
		v = v[:3] + " " + v[3:7] + " " + v[7:]
	}
	if v == "" {
		v = "—"
	}
	k.display.Text = v
	k.display.Refresh()
}

// Press taps the key with the given label, for tests and scripted demos.
func (k *Keypad) Press(label string) {
	for _, b := range k.keys {
		if b.Text == label {
			b.Tapped(&fyne.PointEvent{})
			return
		}
	}
}

// CreateRenderer lays out the number above a 3×4 grid of keys.
func (k *Keypad) CreateRenderer() fyne.WidgetRenderer {
	grid := container.New(&keyRow{n: 3})
	for _, b := range k.keys {
		grid.Add(b)
	}
	box := canvas.NewRectangle(Paper)
	box.StrokeColor = Ink
	box.StrokeWidth = 3
	box.CornerRadius = 8
	shown := container.NewStack(box, container.NewPadded(k.display))
	if k.Beside {
		left := container.NewVBox(atLeast(fyne.NewSize(440, 0), shown))
		if k.Side != nil {
			left.Add(k.Side)
		}
		return widget.NewSimpleRenderer(container.NewBorder(nil, nil, left, nil, grid))
	}
	return widget.NewSimpleRenderer(container.NewVBox(shown, grid))
}

// minSizeLayout gives its objects at least a minimum size.
type minSizeLayout struct{ min fyne.Size }

func (l minSizeLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Resize(size)
		o.Move(fyne.NewPos(0, 0))
	}
}

func (l minSizeLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	m := l.min
	for _, o := range objs {
		m = m.Max(o.MinSize())
	}
	return m
}

// atLeast wraps o so it is never smaller than size.
func atLeast(size fyne.Size, o fyne.CanvasObject) fyne.CanvasObject {
	return container.New(minSizeLayout{size}, o)
}

// text is a label in body size with word wrapping.
func text(s string) *widget.Label {
	l := widget.NewLabel(s)
	l.Wrapping = fyne.TextWrapWord
	return l
}

// heading is a label in heading size, bold where the bold face has every
// character of s (BoldCovers).
func heading(s string) *widget.Label {
	l := widget.NewLabelWithStyle(s, fyne.TextAlignLeading, fyne.TextStyle{Bold: BoldCovers(s)})
	l.SizeName = theme.SizeNameHeadingText
	l.Wrapping = fyne.TextWrapWord
	return l
}

// bigNumber shows a phone number or receipt code very large.
func bigNumber(s string) fyne.CanvasObject {
	t := canvas.NewText(s, Ink)
	t.TextSize = HeadingTextSize * 1.6
	t.TextStyle.Bold = true
	return t
}

// card frames a group of objects with a thin border, so lists read as
// separate items.
func card(objs ...fyne.CanvasObject) fyne.CanvasObject {
	bg := canvas.NewRectangle(color.NRGBA{0xff, 0xff, 0xff, 0xff})
	bg.StrokeColor = Muted
	bg.StrokeWidth = 2
	bg.CornerRadius = 10
	return container.NewStack(bg, container.NewPadded(container.NewVBox(objs...)))
}

// qrImage draws content as a QR code of the given side.
func qrImage(content string, side float32) fyne.CanvasObject {
	q, err := qrcode.New(content, qrcode.Medium)
	if err != nil {
		return layout.NewSpacer()
	}
	img := canvas.NewImageFromImage(q.Image(512))
	img.FillMode = canvas.ImageFillContain
	img.ScaleMode = canvas.ImageScalePixels
	img.SetMinSize(fyne.NewSquareSize(side))
	return img
}

// imageOrPlaceholder shows decoded image bytes, or a grey box with a note
// while the blob has not arrived.
func imageOrPlaceholder(data []byte, name string, size fyne.Size, note string) fyne.CanvasObject {
	if data != nil {
		img := canvas.NewImageFromReader(bytes.NewReader(data), name)
		if img != nil {
			img.FillMode = canvas.ImageFillContain
			img.SetMinSize(size)
			return img
		}
	}
	box := canvas.NewRectangle(Key)
	box.SetMinSize(size)
	// Not wrapped: centred, a wrapping label shrinks to one character a line.
	l := widget.NewLabel(note)
	l.Alignment = fyne.TextAlignCenter
	return container.NewStack(box, container.NewCenter(l))
}

// highlighted shows a snippet with its matches on a yellow background.
func highlighted(spans []spanText) fyne.CanvasObject { return newSnippet(spans) }

type spanText struct {
	text  string
	match bool
}
