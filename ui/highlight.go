package ui

import (
	"strings"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Snippet is a search result's text with the matched words on a yellow
// background (Highlight), in bold, so that the match shows without relying
// on colour alone. It wraps like a label: Chinese between any two
// characters, other words whole.
type Snippet struct {
	widget.BaseWidget
	spans []spanText
	width float32 // the width it was last laid out at
}

// newSnippet makes a Snippet of spans.
func newSnippet(spans []spanText) *Snippet {
	s := &Snippet{spans: spans}
	s.ExtendBaseWidget(s)
	return s
}

// Matches returns the matched pieces of text, in order, for tests.
func (s *Snippet) Matches() []string {
	var out []string
	for _, sp := range s.spans {
		if sp.match {
			out = append(out, sp.text)
		}
	}
	return out
}

// Text returns the whole text, for tests.
func (s *Snippet) Text() string {
	var b strings.Builder
	for _, sp := range s.spans {
		b.WriteString(sp.text)
	}
	return b.String()
}

// Resize lays the text out again when the width changes, which changes
// how many lines it takes.
func (s *Snippet) Resize(size fyne.Size) {
	changed := size.Width != s.width
	s.width = size.Width
	s.BaseWidget.Resize(size)
	if changed {
		s.Refresh()
	}
}

// CreateRenderer implements fyne.Widget.
func (s *Snippet) CreateRenderer() fyne.WidgetRenderer {
	r := &snippetRenderer{s: s}
	r.build()
	return r
}

// snippetPiece is a piece of text placed whole: one Chinese character, a
// word, or a space.
type snippetPiece struct {
	text  *canvas.Text
	back  *canvas.Rectangle // nil for text not matched
	space bool
}

type snippetRenderer struct {
	s       *Snippet
	pieces  []snippetPiece
	objects []fyne.CanvasObject
}

func (r *snippetRenderer) build() {
	th := r.s.Theme()
	size := th.Size(theme.SizeNameText)
	ink := th.Color(theme.ColorNameForeground, theme.VariantLight)
	yellow := th.Color(ColorNameHighlight, theme.VariantLight)
	r.pieces, r.objects = nil, nil
	for _, sp := range r.s.spans {
		for _, p := range splitPieces(sp.text) {
			t := canvas.NewText(p, ink)
			t.TextSize = size
			t.TextStyle = fyne.TextStyle{Bold: sp.match}
			piece := snippetPiece{text: t, space: strings.TrimSpace(p) == ""}
			if sp.match {
				piece.back = canvas.NewRectangle(yellow)
				r.objects = append(r.objects, piece.back)
			}
			r.pieces = append(r.pieces, piece)
		}
	}
	for _, p := range r.pieces {
		r.objects = append(r.objects, p.text)
	}
}

// splitPieces cuts text where a line may break.
func splitPieces(s string) []string {
	var out []string
	var word []rune
	flush := func() {
		if len(word) > 0 {
			out = append(out, string(word))
			word = word[:0]
		}
	}
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			flush()
			out = append(out, " ")
		case unicode.Is(unicode.Han, r) || unicode.IsPunct(r) && r > 0x2000:
			flush()
			out = append(out, string(r))
		default:
			word = append(word, r)
		}
	}
	flush()
	return out
}

// place lays the pieces out in width, or only measures when lay is false,
// and returns the height they take.
func (r *snippetRenderer) place(width float32, lay bool) float32 {
	var x, y, lineH float32
	for i, p := range r.pieces {
		sz := p.text.MinSize()
		lineH = max(lineH, sz.Height)
		// No line starts with ， or 。: a piece goes down with the
		// punctuation that follows it.
		need := sz.Width
		if !closing(p.text.Text) {
			for j := i + 1; j < len(r.pieces) && closing(r.pieces[j].text.Text); j++ {
				need += r.pieces[j].text.MinSize().Width
			}
		}
		if x > 0 && x+need > width && !p.space {
			x, y = 0, y+sz.Height
		}
		if x == 0 && p.space {
			continue // no space at the start of a line
		}
		if lay {
			p.text.Move(fyne.NewPos(x, y))
			p.text.Resize(sz)
			if p.back != nil {
				p.back.Move(fyne.NewPos(x, y))
				p.back.Resize(sz)
			}
		}
		x += sz.Width
	}
	if len(r.pieces) == 0 {
		return 0
	}
	return y + lineH
}

// closing reports whether a piece is punctuation that must not begin a
// line.
func closing(s string) bool {
	return len([]rune(s)) == 1 && strings.ContainsAny(s, "，。、；：？！）」』”’》…,.;:?!)")
}

func (r *snippetRenderer) Layout(size fyne.Size) { r.place(size.Width, true) }

// MinSize is the widest piece across, and as many lines down as the text
// takes at the width it was last given.
func (r *snippetRenderer) MinSize() fyne.Size {
	var w float32
	for _, p := range r.pieces {
		w = max(w, p.text.MinSize().Width)
	}
	width := r.s.width
	if width <= 0 {
		width = 600
	}
	return fyne.NewSize(w, r.place(width, false))
}

func (r *snippetRenderer) Refresh() {
	r.build()
	r.Layout(r.s.Size())
	canvas.Refresh(r.s)
}

func (r *snippetRenderer) Objects() []fyne.CanvasObject { return r.objects }
func (r *snippetRenderer) Destroy()                     {}
