package ui

import (
	"testing"

	"fyne.io/fyne/v2"

	"github.com/shinan-alliance/alliance/lessons"
)

// TestTapPictureMapsScreenToPicture: a 540×960 phone picture in a
// 600×600 box is drawn 337.5×600, centred; taps map back to its pixels.
func TestTapPictureMapsScreenToPicture(t *testing.T) {
	p := newTapPicture(nil, &lessons.Image{Width: 540, Height: 960}, fyne.NewSize(100, 100))
	p.Resize(fyne.NewSize(600, 600))
	for _, tc := range []struct {
		name         string
		at           fyne.Position
		wantX, wantY int
		wantOK       bool
	}{
		{"top left corner", fyne.NewPos(131.25, 0), 0, 0, true},
		{"middle", fyne.NewPos(300, 300), 270, 480, true},
		{"bottom right", fyne.NewPos(468.7, 599.9), 539, 959, true},
		{"left of the picture", fyne.NewPos(100, 300), 0, 0, false},
		{"right of the picture", fyne.NewPos(500, 300), 0, 0, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			x, y, ok := p.ToPicture(tc.at)
			if ok != tc.wantOK || ok && (x != tc.wantX || y != tc.wantY) {
				t.Errorf("got (%d, %d) %v, want (%d, %d) %v", x, y, ok, tc.wantX, tc.wantY, tc.wantOK)
			}
		})
	}
	if got, want := p.ToScreen(270, 480), fyne.NewPos(300, 300); got != want {
		t.Errorf("ToScreen: got %v, want %v", got, want)
	}
}
