package zinnia

import (
	"os"
	"testing"

	"github.com/shinan-alliance/alliance/handwriting"
)

func open(t *testing.T) *Recognizer {
	t.Helper()
	if _, err := os.Stat(DefaultModel); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal(err) // make deps installs it
		}
		t.Skip(err)
	}
	z, err := Open(DefaultModel)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(z.Close)
	return z
}

func TestRecognize(t *testing.T) {
	z := open(t)
	cases := []struct {
		want    rune
		strokes []handwriting.Stroke
	}{
		{'一', []handwriting.Stroke{{{X: 100, Y: 500}, {X: 500, Y: 505}, {X: 900, Y: 500}}}},
		{'十', []handwriting.Stroke{{{X: 100, Y: 500}, {X: 900, Y: 500}}, {{X: 500, Y: 100}, {X: 500, Y: 900}}}},
	}
	for _, c := range cases {
		got := z.Recognize(c.strokes, 5)
		if len(got) == 0 {
			t.Errorf("%c: no candidates", c.want)
			continue
		}
		found := false
		for _, g := range got {
			found = found || g.Char == c.want
		}
		if !found {
			t.Errorf("%c: got %v", c.want, got)
		}
	}
	if got := z.Recognize(nil, 5); len(got) != 0 {
		t.Errorf("nothing drawn: %v", got)
	}
}

func TestOpenMissing(t *testing.T) {
	if _, err := Open("/nonexistent/model"); err == nil {
		t.Error("a missing model opened")
	}
}
