package ui

import (
	"image"
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"

	"github.com/shinan-alliance/alliance/lessons"
)

// TapPicture is a phone-screen picture the learner taps: taps are mapped
// from screen to picture pixels, and highlighted areas are drawn over it.
type TapPicture struct {
	widget.BaseWidget
	img   image.Image
	w, h  int // the picture's pixels
	min   fyne.Size
	areas []image.Rectangle // highlighted, in picture pixels
	trail []image.Point     // a gesture's path to draw, in picture pixels
	onTap func(x, y int)
}

func newTapPicture(img image.Image, info *lessons.Image, min fyne.Size) *TapPicture {
	t := &TapPicture{}
	t.init(img, info, min)
	t.ExtendBaseWidget(t)
	return t
}

func (t *TapPicture) init(img image.Image, info *lessons.Image, min fyne.Size) {
	t.img, t.min = img, min
	if info != nil {
		t.w, t.h = info.Width, info.Height
	}
}

// shown is where the picture is drawn inside the widget: its offset and
// scale (the picture keeps its proportions and is centred).
func (t *TapPicture) shown() (fyne.Position, float32) {
	if t.w == 0 || t.h == 0 {
		return fyne.Position{}, 0
	}
	size := t.Size()
	scale := min(size.Width/float32(t.w), size.Height/float32(t.h))
	return fyne.NewPos((size.Width-float32(t.w)*scale)/2, (size.Height-float32(t.h)*scale)/2), scale
}

// ToPicture maps a position in the widget to picture pixels; ok is false
// outside the picture.
func (t *TapPicture) ToPicture(pos fyne.Position) (x, y int, ok bool) {
	off, scale := t.shown()
	if scale == 0 {
		return 0, 0, false
	}
	fx, fy := (pos.X-off.X)/scale, (pos.Y-off.Y)/scale
	if fx < 0 || fy < 0 || fx >= float32(t.w) || fy >= float32(t.h) {
		return 0, 0, false
	}
	return int(fx), int(fy), true
}

// clamped maps a position in the widget to picture pixels, kept within
// the picture: a finger sliding off its edge is still followed.
func (t *TapPicture) clamped(pos fyne.Position) (x, y int) {
	off, scale := t.shown()
	if scale == 0 {
		return 0, 0
	}
	fx, fy := (pos.X-off.X)/scale, (pos.Y-off.Y)/scale
	return int(min(max(fx, 0), float32(t.w-1))), int(min(max(fy, 0), float32(t.h-1)))
}

// ToScreen maps a picture pixel to a position in the widget.
func (t *TapPicture) ToScreen(x, y int) fyne.Position {
	off, scale := t.shown()
	return fyne.NewPos(off.X+float32(x)*scale, off.Y+float32(y)*scale)
}

// Trail returns the finger's path drawn now, in picture pixels.
func (t *TapPicture) Trail() []image.Point { return t.trail }

// Highlighted returns the areas lit up now, in picture pixels.
func (t *TapPicture) Highlighted() []image.Rectangle { return t.areas }

// Tapped answers a tap where the finger landed.
func (t *TapPicture) Tapped(e *fyne.PointEvent) {
	if x, y, ok := t.ToPicture(e.Position); ok && t.onTap != nil {
		t.onTap(x, y)
	}
}

// MinSize is the size the screen asks for the picture.
func (t *TapPicture) MinSize() fyne.Size { return t.min }

// CreateRenderer draws the picture with its highlights over it.
func (t *TapPicture) CreateRenderer() fyne.WidgetRenderer {
	r := &tapPictureRenderer{t: t, frame: canvas.NewRectangle(color.Transparent)}
	r.frame.StrokeColor = Muted
	r.frame.StrokeWidth = 2
	if t.img != nil {
		r.pic = canvas.NewImageFromImage(t.img)
		r.pic.FillMode = canvas.ImageFillStretch
	}
	r.trailLines()
	for range t.areas {
		h := canvas.NewRectangle(color.NRGBA{0xff, 0xe0, 0x66, 0x70})
		h.StrokeColor = color.NRGBA{0xd9, 0x48, 0x00, 0xff}
		h.StrokeWidth = 8
		h.CornerRadius = 12
		r.marks = append(r.marks, h)
	}
	return r
}

type tapPictureRenderer struct {
	t     *TapPicture
	pic   *canvas.Image
	frame *canvas.Rectangle
	marks []*canvas.Rectangle
	trail []*canvas.Line
}

func (r *tapPictureRenderer) Layout(size fyne.Size) {
	off, scale := r.t.shown()
	picSize := fyne.NewSize(float32(r.t.w)*scale, float32(r.t.h)*scale)
	if r.pic != nil {
		r.pic.Move(off)
		r.pic.Resize(picSize)
	}
	r.frame.Move(off)
	r.frame.Resize(picSize)
	for i, l := range r.trail {
		l.Position1 = r.t.ToScreen(r.t.trail[i].X, r.t.trail[i].Y)
		l.Position2 = r.t.ToScreen(r.t.trail[i+1].X, r.t.trail[i+1].Y)
	}
	for i, m := range r.marks {
		a := r.t.areas[i]
		m.Move(r.t.ToScreen(a.Min.X, a.Min.Y).SubtractXY(6, 6))
		m.Resize(fyne.NewSize(float32(a.Dx())*scale+12, float32(a.Dy())*scale+12))
	}
}

func (r *tapPictureRenderer) MinSize() fyne.Size { return r.t.min }
func (r *tapPictureRenderer) Refresh() {
	r.trailLines()
	r.Layout(r.t.Size())
	for _, l := range r.trail {
		l.Refresh()
	}
}

// trailLines keeps a line for each stretch of the finger's path.
func (r *tapPictureRenderer) trailLines() {
	n := max(len(r.t.trail)-1, 0)
	for len(r.trail) < n {
		l := canvas.NewLine(color.NRGBA{0x1f, 0x6f, 0xd0, 0xc0})
		l.StrokeWidth = 10
		r.trail = append(r.trail, l)
	}
	r.trail = r.trail[:n]
}
func (r *tapPictureRenderer) Destroy() {}
func (r *tapPictureRenderer) Objects() []fyne.CanvasObject {
	objs := []fyne.CanvasObject{}
	if r.pic != nil {
		objs = append(objs, r.pic)
	}
	objs = append(objs, r.frame)
	for _, m := range r.marks {
		objs = append(objs, m)
	}
	for _, l := range r.trail {
		objs = append(objs, l)
	}
	return objs
}

// GesturePicture is a practice picture that follows the finger, for a
// swipe, a press and hold, or a slide to cancel: where it pressed, the way
// it moved and where it let go, each in picture pixels. It listens to the
// mouse (press and release, which carry the time of a hold) and to drags;
// a drag without a press first (Fyne's test driver) starts where it
// starts, and a tap is a press let go at once.
type GesturePicture struct {
	TapPicture
	onPress, onMove, onRelease func(x, y int)
	down                       bool // a finger is down
	mouse                      bool // the release came by MouseUp: the Tapped after it is not a new press
	last                       image.Point
}

var (
	_ desktop.Mouseable = (*GesturePicture)(nil)
	_ fyne.Draggable    = (*GesturePicture)(nil)
	_ fyne.Tappable     = (*GesturePicture)(nil)
)

func newGesturePicture(img image.Image, info *lessons.Image, min fyne.Size) *GesturePicture {
	g := &GesturePicture{}
	g.init(img, info, min)
	g.ExtendBaseWidget(g)
	return g
}

func (g *GesturePicture) press(pos fyne.Position) {
	x, y, ok := g.ToPicture(pos)
	if !ok {
		return
	}
	g.down, g.last = true, image.Pt(x, y)
	g.trail = []image.Point{g.last}
	if g.onPress != nil {
		g.onPress(x, y)
	}
}

func (g *GesturePicture) move(pos fyne.Position) {
	x, y := g.clamped(pos)
	g.last = image.Pt(x, y)
	g.trail = append(g.trail, g.last)
	if g.onMove != nil {
		g.onMove(x, y)
	}
	g.Refresh()
}

func (g *GesturePicture) release() {
	g.down = false
	g.trail = nil
	if g.onRelease != nil {
		g.onRelease(g.last.X, g.last.Y)
	}
}

// MouseDown starts a gesture where the finger landed.
func (g *GesturePicture) MouseDown(e *desktop.MouseEvent) {
	g.mouse = false
	g.press(e.Position)
}

// MouseUp ends the gesture where the finger left.
func (g *GesturePicture) MouseUp(e *desktop.MouseEvent) {
	if !g.down {
		return
	}
	g.mouse = true
	x, y := g.clamped(e.Position)
	g.last = image.Pt(x, y)
	g.release()
}

// Dragged follows the finger.
func (g *GesturePicture) Dragged(e *fyne.DragEvent) {
	if !g.down {
		g.press(e.Position.Subtract(e.Dragged))
		if !g.down {
			return
		}
	}
	g.move(e.Position)
}

// DragEnd ends a gesture that MouseUp has not.
func (g *GesturePicture) DragEnd() {
	if g.down {
		g.release()
	}
}

// Tapped is a press let go at once, unless MouseDown and MouseUp have
// told of it already.
func (g *GesturePicture) Tapped(e *fyne.PointEvent) {
	if g.mouse {
		g.mouse = false
		return
	}
	g.press(e.Position)
	if g.down {
		g.release()
	}
}
