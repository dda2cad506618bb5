package main

import (
	"bytes"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"
)

// The pictures in assets/curriculum are what this program draws: a
// drawing changed here without running it (or a picture edited by hand)
// fails. Rasterising may differ by a few edge pixels between library
// versions, so up to 1% of pixels may differ.
func TestPicturesAreUpToDate(t *testing.T) {
	for _, d := range drawings {
		data, err := encode(d.draw().img)
		if err != nil {
			t.Fatal(err)
		}
		want, err := png.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range d.paths {
			f, err := os.ReadFile(filepath.Join("..", "curriculum", filepath.FromSlash(p)))
			if err != nil {
				t.Errorf("%s: %v (run go run ./assets/lessondraw)", p, err)
				continue
			}
			got, err := png.Decode(bytes.NewReader(f))
			if err != nil {
				t.Errorf("%s: %v", p, err)
				continue
			}
			if n := differ(got, want); n > W*H/100 {
				t.Errorf("%s: %d pixels differ from what lessondraw draws (run go run ./assets/lessondraw)", p, n)
			}
		}
	}
}

func differ(a, b image.Image) int {
	if a.Bounds() != b.Bounds() {
		return W * H
	}
	pa, ok1 := a.(*image.Paletted)
	pb, ok2 := b.(*image.Paletted)
	if !ok1 || !ok2 {
		return W * H
	}
	n := 0
	for i := range pa.Pix {
		r1, g1, b1, _ := pa.Palette[pa.Pix[i]].RGBA()
		r2, g2, b2, _ := pb.Palette[pb.Pix[i]].RGBA()
		if r1 != r2 || g1 != g2 || b1 != b2 {
			n++
		}
	}
	return n
}
