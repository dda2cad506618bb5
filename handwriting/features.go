package handwriting

import "math"

// The feature of a drawing is the classic one of offline Chinese
// character recognition: the character is moved so that the centre of its
// ink is the image's centre and scaled so that four standard deviations of
// its ink fill the box (moment normalisation: a stray stroke end moves it
// far less than it moves a bounding box), keeping its proportions, drawn as
// an image, and the image's edges are counted by direction (8 directions)
// in a grid of 8×8 Gaussian cells, 512 numbers in all. It does not depend on the order, direction or number of strokes,
// which residents who learned to write decades ago, or never learned the
// standard order, need.
const (
	imgSize  = 64                          // the image is imgSize×imgSize
	margin   = 4                           // blank border
	gridN    = 8                           // cells per side
	dirs     = 8                           // edge directions
	FeatDims = gridN * gridN * dirs        // length of a feature vector
	penWidth = 3.2                         // line width in pixels for drawn strokes
	boxSize  = float32(imgSize - 2*margin) // the character's larger side
	center   = float32(imgSize) / 2        // where the character's middle goes
	cellStep = float64(imgSize) / gridN    // distance between cell centres
	sigma    = cellStep * 0.5              // spread of a cell's Gaussian window
)

// image is a square grey image, 0 (paper) to 1 (ink).
type image [imgSize * imgSize]float32

// box is a bounding box.
type box struct{ x0, y0, x1, y1 float32 }

func (b box) empty() bool { return b.x1 < b.x0 }

func (b *box) add(p Point) {
	if b.empty() {
		*b = box{p.X, p.Y, p.X, p.Y}
		return
	}
	b.x0, b.y0 = min(b.x0, p.X), min(b.y0, p.Y)
	b.x1, b.y1 = max(b.x1, p.X), max(b.y1, p.Y)
}

func emptyBox() box { return box{0, 0, -1, -1} }

// fit returns the scale and offsets that put b in the image's box, keeping
// proportions, centred.
func (b box) fit() (scale, dx, dy float32) {
	w, h := b.x1-b.x0, b.y1-b.y0
	side := max(w, h)
	if side <= 0 {
		return 1, center - b.x0, center - b.y0
	}
	scale = boxSize / side
	return scale, center - (b.x0+w/2)*scale, center - (b.y0+h/2)*scale
}

// drawStrokes draws strokes as lines of penWidth, placed by momentFit.
func drawStrokes(strokes []Stroke) *image {
	bb := emptyBox()
	for _, s := range strokes {
		for _, p := range s {
			bb.add(p)
		}
	}
	img := new(image)
	if bb.empty() {
		return img
	}
	scale, dx, dy := momentFit(strokes)
	for _, s := range strokes {
		if len(s) == 0 {
			continue
		}
		prev := Point{s[0].X*scale + dx, s[0].Y*scale + dy}
		img.segment(prev, prev)
		for _, p := range s[1:] {
			q := Point{p.X*scale + dx, p.Y*scale + dy}
			img.segment(prev, q)
			prev = q
		}
	}
	return img
}

// momentFit returns how to scale and move strokes so that their centre of
// ink is the image's centre and 4 standard deviations of the ink along
// the wider axis fill the box.
func momentFit(strokes []Stroke) (scale, dx, dy float32) {
	var sw, sx, sy, sxx, syy float64
	for _, s := range strokes {
		for i := 1; i < len(s); i++ {
			a, b := s[i-1], s[i]
			l := math.Hypot(float64(b.X-a.X), float64(b.Y-a.Y))
			mx, my := float64(a.X+b.X)/2, float64(a.Y+b.Y)/2
			sw += l
			sx += l * mx
			sy += l * my
			sxx += l * mx * mx
			syy += l * my * my
		}
	}
	if sw == 0 {
		bb := emptyBox()
		for _, s := range strokes {
			for _, p := range s {
				bb.add(p)
			}
		}
		return bb.fit()
	}
	cx, cy := sx/sw, sy/sw
	vx, vy := sxx/sw-cx*cx, syy/sw-cy*cy
	return MomentFit(float32(cx), float32(cy), float32(math.Sqrt(max(vx, 0))), float32(math.Sqrt(max(vy, 0))))
}

// MomentFit is Fit for a drawing whose ink has centre (cx, cy) and
// standard deviations sx, sy.
func MomentFit(cx, cy, sx, sy float32) (scale, dx, dy float32) {
	side := 4 * max(sx, sy)
	if side <= 0 {
		return 1, center - cx, center - cy
	}
	scale = boxSize / side
	return scale, center - cx*scale, center - cy*scale
}

// segment draws a line from a to b with round ends, antialiased.
func (img *image) segment(a, b Point) {
	for _, v := range []float32{a.X, a.Y, b.X, b.Y} {
		if v != v || v > imgSize*4 || v < -imgSize*4 { // NaN, or far off the image (a stroke scaled from huge or infinite points)
			return
		}
	}
	r := float32(penWidth / 2)
	x0 := int(max(0, min(a.X, b.X)-r-1))
	x1 := int(min(imgSize-1, max(a.X, b.X)+r+1))
	y0 := int(max(0, min(a.Y, b.Y)-r-1))
	y1 := int(min(imgSize-1, max(a.Y, b.Y)+r+1))
	vx, vy := b.X-a.X, b.Y-a.Y
	l2 := vx*vx + vy*vy
	for y := y0; y <= y1; y++ {
		for x := x0; x <= x1; x++ {
			px, py := float32(x)+0.5-a.X, float32(y)+0.5-a.Y
			t := float32(0)
			if l2 > 0 {
				t = max(0, min(1, (px*vx+py*vy)/l2))
			}
			ex, ey := px-t*vx, py-t*vy
			d := float32(math.Sqrt(float64(ex*ex + ey*ey)))
			v := max(0, min(1, r+0.5-d))
			if i := y*imgSize + x; v > img[i] {
				img[i] = v
			}
		}
	}
}

// cellWeights[i][p] is how much pixel row (or column) p counts for cell
// row (or column) i.
var cellWeights = func() (w [gridN][imgSize]float32) {
	for i := range gridN {
		c := (float64(i) + 0.5) * cellStep
		for p := range imgSize {
			d := float64(p) + 0.5 - c
			w[i][p] = float32(math.Exp(-d * d / (2 * sigma * sigma)))
		}
	}
	return
}()

// feature computes the direction feature of img: the gradient at each
// pixel is split between the two nearest of 8 directions, each direction's
// plane is pooled in gridN×gridN Gaussian cells, and the result is
// square-rooted and scaled to unit length.
func (img *image) feature() []float32 {
	var planes [dirs][imgSize * imgSize]float32
	at := func(x, y int) float32 {
		if x < 0 || y < 0 || x >= imgSize || y >= imgSize {
			return 0
		}
		return img[y*imgSize+x]
	}
	const step = math.Pi / 4
	for y := range imgSize {
		for x := range imgSize {
			gx := at(x+1, y-1) + 2*at(x+1, y) + at(x+1, y+1) - at(x-1, y-1) - 2*at(x-1, y) - at(x-1, y+1)
			gy := at(x-1, y+1) + 2*at(x, y+1) + at(x+1, y+1) - at(x-1, y-1) - 2*at(x, y-1) - at(x+1, y-1)
			m := float32(math.Sqrt(float64(gx*gx + gy*gy)))
			if m < 1e-4 {
				continue
			}
			a := math.Atan2(float64(gy), float64(gx))
			if a < 0 {
				a += 2 * math.Pi
			}
			k := int(a / step)
			f := float32(a/step) - float32(k)
			i := y*imgSize + x
			planes[k%dirs][i] += m * (1 - f)
			planes[(k+1)%dirs][i] += m * f
		}
	}
	feat := make([]float32, FeatDims)
	var rows [gridN][imgSize]float32
	var norm float64
	for d := range dirs {
		p := &planes[d]
		// Pool columns first, then rows: the Gaussian window is separable.
		for y := range imgSize {
			line := p[y*imgSize : (y+1)*imgSize]
			for j := range gridN {
				var s float32
				w := &cellWeights[j]
				for x, v := range line {
					s += v * w[x]
				}
				rows[j][y] = s
			}
		}
		for i := range gridN {
			w := &cellWeights[i]
			for j := range gridN {
				var s float32
				for y, v := range rows[j] {
					s += v * w[y]
				}
				v := float32(math.Sqrt(float64(s)))
				feat[(d*gridN+i)*gridN+j] = v
				norm += float64(v * v)
			}
		}
	}
	if norm > 0 {
		inv := float32(1 / math.Sqrt(norm))
		for i := range feat {
			feat[i] *= inv
		}
	}
	return feat
}

// Feature returns the direction feature of a drawing (FeatDims numbers of
// unit length). Templates are made with the same function, from fonts.
func Feature(strokes []Stroke) []float32 {
	return drawStrokes(smooth(strokes)).feature()
}

// ImageSize is the side of the image features are computed from.
const ImageSize = imgSize

// Canvas is the image a feature is computed from, for drawing templates
// from other sources than strokes (handwriting/gen draws font glyphs).
type Canvas struct{ img image }

// Fit returns how to scale and move a drawing whose bounding box is
// (x0,y0)-(x1,y1) onto a Canvas, keeping proportions: x' = x*scale + dx.
// Feature places strokes with MomentFit; handwriting/gen fits a glyph
// with Fit first to measure its ink's moments.
func Fit(x0, y0, x1, y1 float32) (scale, dx, dy float32) {
	return box{x0, y0, x1, y1}.fit()
}

// Set sets the ink (0 to 1) at pixel x, y.
func (c *Canvas) Set(x, y int, v float32) {
	if x >= 0 && y >= 0 && x < imgSize && y < imgSize {
		c.img[y*imgSize+x] = v
	}
}

// Line draws a line of the strokes' pen width, in canvas coordinates.
func (c *Canvas) Line(a, b Point) { c.img.segment(a, b) }

// Feature returns the canvas's direction feature.
func (c *Canvas) Feature() []float32 { return c.img.feature() }
