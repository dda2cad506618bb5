package strokedata

import (
	"math"
	"testing"

	"github.com/shinan-alliance/alliance/handwriting"
)

func TestParse(t *testing.T) {
	s, err := Parse([]byte(`{"strokes":["M 0 0"],"medians":[[[100,800],[900,800]],[[500,900],[500,0]]]}`))
	if err != nil {
		t.Fatal(err)
	}
	if len(s) != 2 || s[0][0] != (handwriting.Point{X: 100, Y: 100}) || s[1][1] != (handwriting.Point{X: 500, Y: 900}) {
		t.Errorf("got %v", s)
	}
	for _, bad := range []string{``, `{}`, `{"medians":[]}`, `{"medians":"x"}`, `[`} {
		if _, err := Parse([]byte(bad)); err == nil {
			t.Errorf("%q parsed", bad)
		}
	}
}

func TestResample(t *testing.T) {
	s := Resample([]handwriting.Stroke{{{X: 0, Y: 0}, {X: 100, Y: 0}}, {{X: 5, Y: 5}}}, 10)
	if len(s[0]) != 11 || s[0][10] != (handwriting.Point{X: 100, Y: 0}) {
		t.Errorf("a 100-unit line at step 10: %v", s[0])
	}
	if len(s[1]) != 1 {
		t.Errorf("a dot: %v", s[1])
	}
}

func TestTremor(t *testing.T) {
	in := []handwriting.Stroke{{{X: 100, Y: 500}, {X: 900, Y: 500}}}
	a, b, c := Tremor(in, 1), Tremor(in, 1), Tremor(in, 2)
	if len(a[0]) != len(b[0]) || a[0][5] != b[0][5] {
		t.Error("the same seed shakes differently")
	}
	if a[0][5] == c[0][5] {
		t.Error("two seeds shake the same")
	}
	// It shakes, but stays near the line.
	var off float64
	for _, p := range a[0] {
		off = math.Max(off, math.Abs(float64(p.Y)-500))
	}
	if off < 5 || off > 200 {
		t.Errorf("largest distance from the line %.0f", off)
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(`{"medians":[[[1,2],[3,4]]]}`))
	f.Add([]byte(`{"medians":[[]]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := Parse(b)
		if err == nil && len(s) == 0 {
			t.Fatal("no error and no strokes")
		}
		Tremor(s, 1)
	})
}
