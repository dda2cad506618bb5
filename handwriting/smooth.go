package handwriting

import "math"

// Smoothing takes the shake out of a drawing: each stroke is resampled at
// even steps of resampleStep of the drawing's larger side and smoothed with
// a Gaussian of smoothSigma steps, which removes a tremor's oscillations
// (a few per stroke) and keeps the stroke's course and corners.
var (
	resampleStep = float32(0.015)
	smoothSigma  = 4.0
)

// finite drops points that are not finite numbers, or so large that their
// distances overflow, and strokes left empty.
func finite(strokes []Stroke) []Stroke {
	const lim = 1e15
	out := make([]Stroke, 0, len(strokes))
	for _, s := range strokes {
		var r Stroke
		for _, p := range s {
			if p.X > -lim && p.X < lim && p.Y > -lim && p.Y < lim { // false for NaN too
				r = append(r, p)
			}
		}
		if len(r) > 0 {
			out = append(out, r)
		}
	}
	return out
}

// smooth returns the strokes resampled and smoothed (see above).
func smooth(strokes []Stroke) []Stroke {
	strokes = finite(strokes)
	bb := emptyBox()
	for _, s := range strokes {
		for _, p := range s {
			bb.add(p)
		}
	}
	if bb.empty() {
		return strokes
	}
	step := max(bb.x1-bb.x0, bb.y1-bb.y0) * resampleStep
	if step <= 0 {
		return strokes
	}
	out := make([]Stroke, 0, len(strokes))
	for _, s := range strokes {
		r := Resample(s, step)
		out = append(out, gaussian(r, smoothSigma))
	}
	return out
}

// Resample returns s with a point every step along it, and its last point,
// as a touch pad reports a stroke (stroke data sets keep a point at each
// bend only).
func Resample(s Stroke, step float32) Stroke {
	if len(s) < 2 {
		return s
	}
	r := Stroke{s[0]}
	carry := float32(0)
	for j := 1; j < len(s); j++ {
		a, b := s[j-1], s[j]
		dx, dy := b.X-a.X, b.Y-a.Y
		l := float32(math.Hypot(float64(dx), float64(dy)))
		if l == 0 {
			continue
		}
		t := step - carry
		for ; t <= l; t += step {
			r = append(r, Point{a.X + dx*t/l, a.Y + dy*t/l})
		}
		carry = l - (t - step)
	}
	if last := s[len(s)-1]; r[len(r)-1] != last {
		r = append(r, last)
	}
	return r
}

// gaussian smooths s with a Gaussian of sigma points; the ends stay put.
func gaussian(s Stroke, sigma float64) Stroke {
	n := len(s)
	if n < 3 || sigma <= 0 {
		return s
	}
	k := int(math.Ceil(2.5 * sigma))
	w := make([]float32, 2*k+1)
	for i := range w {
		d := float64(i - k)
		w[i] = float32(math.Exp(-d * d / (2 * sigma * sigma)))
	}
	out := make(Stroke, n)
	out[0], out[n-1] = s[0], s[n-1]
	for i := 1; i < n-1; i++ {
		// shrink the window near the ends so they are not pulled inwards
		kk := min(k, i, n-1-i)
		var x, y, sw float32
		for j := -kk; j <= kk; j++ {
			ww := w[j+k]
			x += s[i+j].X * ww
			y += s[i+j].Y * ww
			sw += ww
		}
		out[i] = Point{x / sw, y / sw}
	}
	return out
}
