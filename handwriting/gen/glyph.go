package main

import (
	"fmt"
	stdimage "image"
	"math"
	"os"

	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
	"golang.org/x/image/vector"

	"github.com/shinan-alliance/alliance/handwriting"
)

// face is one font of a font file.
type face struct {
	name string
	f    *sfnt.Font
	buf  sfnt.Buffer
}

func openFace(path string, index int) (*face, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	c, err := sfnt.ParseCollection(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	f, err := c.Font(index)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	fc := &face{f: f}
	fc.name, _ = f.Name(&fc.buf, sfnt.NameIDFull)
	return fc, nil
}

// raster rasterises char's glyph into a size×size alpha image, its
// outline's bounding box fitted like a drawing's. ok is false when the font
// has no glyph for char.
func (fc *face) raster(char rune, size int) (*stdimage.Alpha, bool) {
	gi, err := fc.f.GlyphIndex(&fc.buf, char)
	if err != nil || gi == 0 {
		return nil, false
	}
	segs, err := fc.f.LoadGlyph(&fc.buf, gi, fixed.I(1024), nil)
	if err != nil || len(segs) == 0 {
		return nil, false
	}
	x0, y0, x1, y1 := float32(1e9), float32(1e9), float32(-1e9), float32(-1e9)
	for _, s := range segs {
		n := 1
		switch s.Op {
		case sfnt.SegmentOpQuadTo:
			n = 2
		case sfnt.SegmentOpCubeTo:
			n = 3
		}
		for _, p := range s.Args[:n] {
			x, y := float32(p.X)/64, float32(p.Y)/64
			x0, y0, x1, y1 = min(x0, x), min(y0, y), max(x1, x), max(y1, y)
		}
	}
	scale, dx, dy := handwriting.Fit(x0, y0, x1, y1)
	{
		// Moments of the ink of a first rendering fitted by its box.
		first := fc.rasterize(segs, scale, dx, dy, 256)
		var sw, sx, sy, sxx, syy float64
		k := float64(handwriting.ImageSize) / 256
		for y := range 256 {
			for x := range 256 {
				a := float64(first.Pix[y*first.Stride+x]) / 255
				if a == 0 {
					continue
				}
				px, py := (float64(x)+0.5)*k, (float64(y)+0.5)*k
				sw += a
				sx += a * px
				sy += a * py
				sxx += a * px * px
				syy += a * py * py
			}
		}
		if sw > 0 {
			cx, cy := sx/sw, sy/sw
			vx, vy := sxx/sw-cx*cx, syy/sw-cy*cy
			s2, dx2, dy2 := handwriting.MomentFit(float32(cx), float32(cy), float32(math.Sqrt(max(vx, 0))), float32(math.Sqrt(max(vy, 0))))
			// compose: x'' = (x*scale+dx)*s2 + dx2
			scale, dx, dy = scale*s2, dx*s2+dx2, dy*s2+dy2
		}
	}
	return fc.rasterize(segs, scale, dx, dy, size), true
}

// rasterize fills the outline segs, transformed by x*scale+d, on a
// size×size alpha image standing for the canvas.
func (fc *face) rasterize(segs []sfnt.Segment, scale, dx, dy float32, size int) *stdimage.Alpha {
	k := float32(size) / float32(handwriting.ImageSize)
	r := vector.NewRasterizer(size, size)
	tr := func(p fixed.Point26_6) (float32, float32) {
		return (float32(p.X)/64*scale + dx) * k, (float32(p.Y)/64*scale + dy) * k
	}
	for _, s := range segs {
		switch s.Op {
		case sfnt.SegmentOpMoveTo:
			r.MoveTo(tr(s.Args[0]))
		case sfnt.SegmentOpLineTo:
			r.LineTo(tr(s.Args[0]))
		case sfnt.SegmentOpQuadTo:
			ax, ay := tr(s.Args[0])
			bx, by := tr(s.Args[1])
			r.QuadTo(ax, ay, bx, by)
		case sfnt.SegmentOpCubeTo:
			ax, ay := tr(s.Args[0])
			bx, by := tr(s.Args[1])
			cx, cy := tr(s.Args[2])
			r.CubeTo(ax, ay, bx, by, cx, cy)
		}
	}
	r.ClosePath()
	dst := stdimage.NewAlpha(stdimage.Rect(0, 0, size, size))
	r.Draw(dst, dst.Bounds(), stdimage.Opaque, stdimage.Point{})
	return dst
}

// canvas draws char's filled glyph on a canvas.
func (fc *face) canvas(char rune) (*handwriting.Canvas, bool) {
	S := handwriting.ImageSize
	dst, ok := fc.raster(char, S)
	if !ok {
		return nil, false
	}
	c := new(handwriting.Canvas)
	for y := range S {
		for x := range S {
			c.Set(x, y, float32(dst.Pix[y*dst.Stride+x])/255)
		}
	}
	return c, true
}
