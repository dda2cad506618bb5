package ui

import (
	"image"
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
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
	onTap func(x, y int)
}

func newTapPicture(img image.Image, info *lessons.Image, min fyne.Size) *TapPicture {
	t := &TapPicture{img: img, min: min}
	if info != nil {
		t.w, t.h = info.Width, info.Height
	}
	t.ExtendBaseWidget(t)
	return t
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

// ToScreen maps a picture pixel to a position in the widget.
func (t *TapPicture) ToScreen(x, y int) fyne.Position {
	off, scale := t.shown()
	return fyne.NewPos(off.X+float32(x)*scale, off.Y+float32(y)*scale)
}

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
	for i, m := range r.marks {
		a := r.t.areas[i]
		m.Move(r.t.ToScreen(a.Min.X, a.Min.Y).SubtractXY(6, 6))
		m.Resize(fyne.NewSize(float32(a.Dx())*scale+12, float32(a.Dy())*scale+12))
	}
}

func (r *tapPictureRenderer) MinSize() fyne.Size { return r.t.min }
func (r *tapPictureRenderer) Refresh()           { r.Layout(r.t.Size()) }
func (r *tapPictureRenderer) Destroy()           {}
func (r *tapPictureRenderer) Objects() []fyne.CanvasObject {
	objs := []fyne.CanvasObject{}
	if r.pic != nil {
		objs = append(objs, r.pic)
	}
	objs = append(objs, r.frame)
	for _, m := range r.marks {
		objs = append(objs, m)
	}
	return objs
}
