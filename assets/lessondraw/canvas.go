package main

import (
	"image"
	"image/color"
	"image/draw"
	"math"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
	"golang.org/x/image/vector"

	"github.com/shinan-alliance/alliance/assets"
)

// The colours of the drawings: the palette the first 14 lessons were drawn
// in, so old and new pictures sit side by side.
var (
	white   = rgb(0xffffff)
	ink     = rgb(0x222222) // text, icons
	dark    = rgb(0x555555) // strong placeholder lines
	grey    = rgb(0x9e9e9e) // placeholder lines, secondary text
	line    = rgb(0xdddddd) // separators
	paper   = rgb(0xf2f2f2) // bars, backgrounds
	green   = rgb(0x1a9e55) // WeChat's buttons
	blue    = rgb(0x1e6fd9)
	red     = rgb(0xd93025)
	redPale = rgb(0xfbd9d6)
	orange  = rgb(0xf08c00)
	slate   = rgb(0x333a44) // menus, phone bodies
	purple  = rgb(0x7e57c2)
	teal    = rgb(0x00897b)
	pink    = rgb(0xec6f9a)
	brown   = rgb(0x8d6e63)
)

func rgb(v uint32) color.RGBA {
	return color.RGBA{uint8(v >> 16), uint8(v >> 8), uint8(v), 0xff}
}

// Size of every drawing: a phone screen at half its real resolution.
const (
	W = 540
	H = 960
)

// canvas is one drawing: filled shapes with smooth edges and text in the
// kiosk's own Chinese font.
type canvas struct {
	img   *image.RGBA
	fonts map[faceKey]font.Face
}

type faceKey struct {
	size  float64
	latin bool
}

// Droid Sans Fallback has the Chinese characters but no digits or Latin
// letters: those come from Go's own font.
var cjk, latin *opentype.Font

// faces are shared by every drawing: making one is slow.
var faces = map[faceKey]font.Face{}

func newCanvas(bg color.RGBA) *canvas {
	if cjk == nil {
		var err error
		if cjk, err = opentype.Parse(assets.FontCJK); err != nil {
			panic(err)
		}
		if latin, err = opentype.Parse(goregular.TTF); err != nil {
			panic(err)
		}
	}
	c := &canvas{img: image.NewRGBA(image.Rect(0, 0, W, H)), fonts: faces}
	draw.Draw(c.img, c.img.Bounds(), image.NewUniform(bg), image.Point{}, draw.Src)
	return c
}

// path records a shape's outline and its bounds, so that it is filled by
// a rasteriser no bigger than the shape (a whole-screen one for every
// shape makes drawing a hundred pictures slow).
type path struct {
	ops                    []pathOp
	minX, minY, maxX, maxY float32
}

type pathOp struct {
	kind byte // 'M', 'L', 'C', 'Z'
	p    [6]float32
}

func (p *path) add(kind byte, pts ...float32) {
	op := pathOp{kind: kind}
	copy(op.p[:], pts)
	for i := 0; i+1 < len(pts); i += 2 {
		if len(p.ops) == 0 && i == 0 {
			p.minX, p.maxX, p.minY, p.maxY = pts[0], pts[0], pts[1], pts[1]
		}
		p.minX, p.maxX = min(p.minX, pts[i]), max(p.maxX, pts[i])
		p.minY, p.maxY = min(p.minY, pts[i+1]), max(p.maxY, pts[i+1])
	}
	p.ops = append(p.ops, op)
}

func (p *path) MoveTo(x, y float32)             { p.add('M', x, y) }
func (p *path) LineTo(x, y float32)             { p.add('L', x, y) }
func (p *path) CubeTo(a, b, c, d, e, f float32) { p.add('C', a, b, c, d, e, f) }
func (p *path) ClosePath()                      { p.add('Z') }

func (c *canvas) fill(p *path, col color.RGBA) {
	x0 := max(int(math.Floor(float64(p.minX)))-1, 0)
	y0 := max(int(math.Floor(float64(p.minY)))-1, 0)
	x1 := min(int(math.Ceil(float64(p.maxX)))+1, W)
	y1 := min(int(math.Ceil(float64(p.maxY)))+1, H)
	if x1 <= x0 || y1 <= y0 {
		return
	}
	z := vector.NewRasterizer(x1-x0, y1-y0)
	z.DrawOp = draw.Over
	ox, oy := float32(x0), float32(y0)
	for _, op := range p.ops {
		q := op.p
		switch op.kind {
		case 'M':
			z.MoveTo(q[0]-ox, q[1]-oy)
		case 'L':
			z.LineTo(q[0]-ox, q[1]-oy)
		case 'C':
			z.CubeTo(q[0]-ox, q[1]-oy, q[2]-ox, q[3]-oy, q[4]-ox, q[5]-oy)
		case 'Z':
			z.ClosePath()
		}
	}
	z.Draw(c.img, image.Rect(x0, y0, x1, y1), image.NewUniform(col), image.Point{})
}

func (c *canvas) raster() *path { return &path{} }

// rect fills a rectangle.
func (c *canvas) rect(x, y, w, h float64, col color.RGBA) { c.round(x, y, w, h, 0, col) }

// round fills a rectangle with rounded corners of radius r.
func (c *canvas) round(x, y, w, h, r float64, col color.RGBA) {
	z := c.raster()
	roundPath(z, x, y, w, h, r)
	c.fill(z, col)
}

// k is how far a cubic's control points sit to draw a quarter circle.
const k = 0.5523

func roundPath(z *path, x, y, w, h, r float64) {
	r = math.Min(r, math.Min(w, h)/2)
	f := f32
	z.MoveTo(f(x+r), f(y))
	z.LineTo(f(x+w-r), f(y))
	z.CubeTo(f(x+w-r+k*r), f(y), f(x+w), f(y+r-k*r), f(x+w), f(y+r))
	z.LineTo(f(x+w), f(y+h-r))
	z.CubeTo(f(x+w), f(y+h-r+k*r), f(x+w-r+k*r), f(y+h), f(x+w-r), f(y+h))
	z.LineTo(f(x+r), f(y+h))
	z.CubeTo(f(x+r-k*r), f(y+h), f(x), f(y+h-r+k*r), f(x), f(y+h-r))
	z.LineTo(f(x), f(y+r))
	z.CubeTo(f(x), f(y+r-k*r), f(x+r-k*r), f(y), f(x+r), f(y))
	z.ClosePath()
}

func f32(v float64) float32 { return float32(v) }

// circle fills a circle.
func (c *canvas) circle(cx, cy, r float64, col color.RGBA) {
	c.round(cx-r, cy-r, 2*r, 2*r, r, col)
}

// dome fills a half ellipse standing on a flat base: shoulders. top is
// its highest point, rx its half width, h its height.
func (c *canvas) dome(cx, top, rx, h float64, col color.RGBA) {
	z := c.raster()
	base := top + h
	z.MoveTo(f32(cx-rx), f32(base))
	z.CubeTo(f32(cx-rx), f32(base-k*h), f32(cx-k*rx), f32(top), f32(cx), f32(top))
	z.CubeTo(f32(cx+k*rx), f32(top), f32(cx+rx), f32(base-k*h), f32(cx+rx), f32(base))
	z.ClosePath()
	c.fill(z, col)
}

// ring draws a circle's outline of width w.
func (c *canvas) ring(cx, cy, r, w float64, col color.RGBA) {
	c.frame(cx-r, cy-r, 2*r, 2*r, r, w, col)
}

// frame draws a rounded rectangle's outline of width lw, inside the box.
func (c *canvas) frame(x, y, w, h, r, lw float64, col color.RGBA) {
	// Outer shape, then the inner one the other way round: the non-zero
	// rule leaves the band between them.
	z := c.raster()
	roundPath(z, x, y, w, h, r)
	ir := math.Max(r-lw, 0)
	ix, iy, iw, ih := x+lw, y+lw, w-2*lw, h-2*lw
	ir = math.Min(ir, math.Min(iw, ih)/2)
	f := f32
	z.MoveTo(f(ix+ir), f(iy))
	z.CubeTo(f(ix+ir-k*ir), f(iy), f(ix), f(iy+ir-k*ir), f(ix), f(iy+ir))
	z.LineTo(f(ix), f(iy+ih-ir))
	z.CubeTo(f(ix), f(iy+ih-ir+k*ir), f(ix+ir-k*ir), f(iy+ih), f(ix+ir), f(iy+ih))
	z.LineTo(f(ix+iw-ir), f(iy+ih))
	z.CubeTo(f(ix+iw-ir+k*ir), f(iy+ih), f(ix+iw), f(iy+ih-ir+k*ir), f(ix+iw), f(iy+ih-ir))
	z.LineTo(f(ix+iw), f(iy+ir))
	z.CubeTo(f(ix+iw), f(iy+ir-k*ir), f(ix+iw-ir+k*ir), f(iy), f(ix+iw-ir), f(iy))
	z.ClosePath()
	c.fill(z, col)
}

// poly fills a polygon.
func (c *canvas) poly(col color.RGBA, pts ...float64) {
	z := c.raster()
	z.MoveTo(f32(pts[0]), f32(pts[1]))
	for i := 2; i+1 < len(pts); i += 2 {
		z.LineTo(f32(pts[i]), f32(pts[i+1]))
	}
	z.ClosePath()
	c.fill(z, col)
}

// line draws a straight stroke of width w with round ends.
func (c *canvas) line(x1, y1, x2, y2, w float64, col color.RGBA) {
	dx, dy := x2-x1, y2-y1
	n := math.Hypot(dx, dy)
	if n == 0 {
		c.circle(x1, y1, w/2, col)
		return
	}
	px, py := -dy/n*w/2, dx/n*w/2
	c.poly(col, x1+px, y1+py, x2+px, y2+py, x2-px, y2-py, x1-px, y1-py)
	c.circle(x1, y1, w/2, col)
	c.circle(x2, y2, w/2, col)
}

// polyline draws connected strokes.
func (c *canvas) polyline(w float64, col color.RGBA, pts ...float64) {
	for i := 0; i+3 < len(pts); i += 2 {
		c.line(pts[i], pts[i+1], pts[i+2], pts[i+3], w, col)
	}
}

// bar is a placeholder line of text: a grey rounded bar.
func (c *canvas) bar(x, y, w float64, col color.RGBA) { c.round(x, y, w, 18, 9, col) }

func (c *canvas) face(size float64, lat bool) font.Face {
	key := faceKey{size, lat}
	if f, ok := c.fonts[key]; ok {
		return f
	}
	src := cjk
	if lat {
		src = latin
	}
	f, err := opentype.NewFace(src, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingNone})
	if err != nil {
		panic(err)
	}
	c.fonts[key] = f
	return f
}

// Text alignment.
const (
	left = iota
	center
	right
)

var glyphs sfnt.Buffer

// runs splits s into pieces drawn with one font each.
func runs(s string) (out []struct {
	s     string
	latin bool
}) {
	for _, r := range s {
		i, err := cjk.GlyphIndex(&glyphs, r)
		lat := err != nil || i == 0
		if n := len(out); n > 0 && out[n-1].latin == lat {
			out[n-1].s += string(r)
			continue
		}
		out = append(out, struct {
			s     string
			latin bool
		}{string(r), lat})
	}
	return out
}

// textWidth is how wide s is at size.
func (c *canvas) textWidth(s string, size float64) float64 {
	w := 0.0
	for _, r := range runs(s) {
		w += float64(font.MeasureString(c.face(size, r.latin), r.s)) / 64
	}
	return w
}

// text writes s with its vertical middle at y; align says whether x is its
// left edge, middle or right edge.
func (c *canvas) text(x, y float64, size float64, col color.RGBA, align int, s string) {
	w := c.textWidth(s, size)
	switch align {
	case center:
		x -= w / 2
	case right:
		x -= w
	}
	// Both fonts' capitals and Chinese characters sit about 0.36 em above
	// the baseline at their middle.
	dot := fixed.Point26_6{X: fixed.Int26_6(x * 64), Y: fixed.Int26_6((y + size*0.36) * 64)}
	for _, r := range runs(s) {
		d := font.Drawer{Dst: c.img, Src: image.NewUniform(col), Face: c.face(size, r.latin), Dot: dot}
		d.DrawString(r.s)
		dot = d.Dot
	}
}

func cos(a float64) float64 { return math.Cos(a) }
func sin(a float64) float64 { return math.Sin(a) }
