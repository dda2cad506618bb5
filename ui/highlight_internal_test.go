package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
)

// A snippet narrower than its text takes more lines, each piece within
// the width; a match stays on its yellow rectangle wherever it lands.
func TestSnippetLayout(t *testing.T) {
	test.NewTempApp(t).Settings().SetTheme(NewTheme())
	s := newSnippet([]spanText{{"湛山社区的智慧助老课程每周二上午在", false}, {"社区", true}, {"活动室举行 WiFi 密码贴在门口", false}})
	w := test.NewTempWindow(t, s)
	w.Resize(fyne.NewSize(2000, 400))
	one := s.MinSize().Height
	for _, width := range []float32{1500, 400, 200} {
		s.Resize(fyne.NewSize(width, s.MinSize().Height))
		lines := s.MinSize().Height / one
		if width == 1500 && lines != 1 || width < 1500 && lines < 2 {
			t.Errorf("at %.0f wide: %.1f lines", width, lines)
		}
		s.Resize(fyne.NewSize(width, s.MinSize().Height))
		for _, o := range test.WidgetRenderer(s).Objects() {
			if o.Position().X+o.Size().Width > width+0.5 || o.Position().Y+o.Size().Height > s.Size().Height+0.5 {
				t.Errorf("at %.0f wide a piece is out of the snippet: %v %v", width, o.Position(), o.Size())
			}
			if r, ok := o.(*canvas.Rectangle); ok && r.FillColor != Highlight {
				t.Errorf("a rectangle of %v", r.FillColor)
			}
		}
	}
	if got := splitPieces("WiFi 密码"); len(got) != 4 || got[0] != "WiFi" || got[1] != " " || got[2] != "密" {
		t.Errorf("splitPieces: %q", got)
	}
}

// No line of a snippet starts with a comma or a full stop: the character
// before it goes down with it.
func TestSnippetKeepsPunctuation(t *testing.T) {
	test.NewTempApp(t).Settings().SetTheme(NewTheme())
	s := newSnippet([]spanText{{"一二三四五六七八九十，一二三四五“六七八”，九十。", false}})
	test.NewTempWindow(t, s)
	one := canvas.NewText("一", Ink)
	one.TextSize = NewTheme().Size("text")
	w := one.MinSize().Width
	for n := 3; n <= 12; n++ {
		width := w*float32(n) + 1
		s.Resize(fyne.NewSize(width, s.MinSize().Height))
		s.Resize(fyne.NewSize(width, s.MinSize().Height))
		for _, o := range test.WidgetRenderer(s).Objects() {
			if tx, ok := o.(*canvas.Text); ok && closing(tx.Text) && tx.Position().X == 0 {
				t.Errorf("%d characters wide: a line starts with %q", n, tx.Text)
			}
		}
	}
}
