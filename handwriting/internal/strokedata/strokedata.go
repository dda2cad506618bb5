// Package strokedata reads test strokes from the npm package
// hanzi-writer-data (the stroke medians of Make Me a Hanzi, drawn from the
// Arphic PL KaitiM GB and UKai fonts) and imitates how a hand, and a hand
// with a tremor, would draw them. It serves the recogniser's tests and
// bench only: nothing of it ships in the kiosk, and the recogniser's
// templates come from other fonts (see handwriting/gen).
package strokedata

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"

	"github.com/shinan-alliance/alliance/handwriting"
)

// Load reads the medians of char from dir (the package's folder, one
// CHAR.json per character) as strokes in screen coordinates: a 1024-unit
// box, y downwards.
func Load(dir string, char rune) ([]handwriting.Stroke, error) {
	b, err := os.ReadFile(filepath.Join(dir, string(char)+".json"))
	if err != nil {
		return nil, err
	}
	return Parse(b)
}

// Parse reads one character's JSON.
func Parse(b []byte) ([]handwriting.Stroke, error) {
	var c struct {
		Medians [][][2]float32 `json:"medians"`
	}
	if err := json.Unmarshal(b, &c); err != nil {
		return nil, err
	}
	if len(c.Medians) == 0 {
		return nil, fmt.Errorf("no strokes")
	}
	out := make([]handwriting.Stroke, 0, len(c.Medians))
	for _, m := range c.Medians {
		s := make(handwriting.Stroke, 0, len(m))
		for _, p := range m {
			// The data's y grows upwards, with the baseline at -124.
			s = append(s, handwriting.Point{X: p[0], Y: 900 - p[1]})
		}
		out = append(out, s)
	}
	return out, nil
}

// Resample returns the strokes with points every step units along each
// stroke, as a touch pad reports them (the medians have a point at each
// bend only).
func Resample(strokes []handwriting.Stroke, step float32) []handwriting.Stroke {
	out := make([]handwriting.Stroke, len(strokes))
	for i, s := range strokes {
		if len(s) > 0 {
			out[i] = handwriting.Resample(s, step)
		}
	}
	return out
}

// Tremor imitates a shaky, imprecise hand on a 1024-unit drawing: the
// whole character is slanted, rotated and squeezed a little (rotation up
// to ±6°, shear ±0.12, width and height ±12%), each stroke lands off its
// place (up to ±3% of the box) and is a little longer or shorter, and the
// pen shakes along the way: an oscillation of about 2% of the box every
// 60–120 units of travel (a 4–8 Hz tremor at a slow writing speed) plus a
// random drift. The same seed gives the same drawing.
func Tremor(strokes []handwriting.Stroke, seed uint64) []handwriting.Stroke {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	u := func(a float64) float64 { return (rng.Float64()*2 - 1) * a }
	rot, shear := u(6*math.Pi/180), u(0.12)
	sx, sy := 1+u(0.12), 1+u(0.12)
	cos, sin := math.Cos(rot), math.Sin(rot)
	const c = 512.0
	out := make([]handwriting.Stroke, len(strokes))
	for i, s := range Resample(strokes, 8) {
		ox, oy := u(30), u(30)
		grow := 1 + u(0.1)
		// the stroke's own centre, for lengthening it about it
		var mx, my float64
		for _, p := range s {
			mx += float64(p.X)
			my += float64(p.Y)
		}
		mx /= float64(max(1, len(s)))
		my /= float64(max(1, len(s)))
		period := 60 + rng.Float64()*60
		amp := 14 + u(6)
		phase := rng.Float64() * 2 * math.Pi
		driftX, driftY := 0.0, 0.0
		travel := 0.0
		r := make(handwriting.Stroke, 0, len(s))
		for j, p := range s {
			x := mx + (float64(p.X)-mx)*grow
			y := my + (float64(p.Y)-my)*grow
			if j > 0 {
				travel += math.Hypot(float64(p.X-s[j-1].X), float64(p.Y-s[j-1].Y))
			}
			driftX += u(2.5)
			driftY += u(2.5)
			w := 2 * math.Pi * travel / period
			x += amp*math.Sin(w+phase) + driftX + ox
			y += amp*math.Cos(1.3*w+phase) + driftY + oy
			// the whole character's slant, rotation and squeeze
			x, y = x-c, y-c
			x += shear * y
			x, y = x*cos-y*sin, x*sin+y*cos
			r = append(r, handwriting.Point{X: float32(c + x*sx), Y: float32(c + y*sy)})
		}
		out[i] = r
	}
	return out
}
