package ui_test

import (
	"context"
	"strings"
	"sync"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/shinan-alliance/alliance/store"
	"github.com/shinan-alliance/alliance/ui"
)

// The yellow behind search matches keeps the text on it readable (≥ 7:1,
// as every text colour pair of the theme) and shows against the page.
func TestHighlightColour(t *testing.T) {
	th := ui.NewTheme()
	yellow := th.Color(ui.ColorNameHighlight, 0)
	if c := ui.Contrast(th.Color("foreground", 0), yellow); c < 7 {
		t.Errorf("text on the highlight: contrast %.1f, want ≥ 7", c)
	}
	if c := ui.Contrast(yellow, th.Color("background", 0)); c < 1.1 {
		t.Errorf("highlight on the page: contrast %.2f, it does not show", c)
	}
}

// search types q into the search screen's field and runs it.
func (k *kiosk) search(q string) {
	k.t.Helper()
	k.tap(k.tr("tile.search"))
	findFirst[*widget.Entry](k, "search field").SetText(q)
	k.tap(k.tr("search.go"))
	k.settleUntil(func() bool { return !strings.Contains(k.texts(), k.tr("search.searching")) })
}

// snippets are the result snippets on screen.
func (k *kiosk) snippets() []*ui.Snippet {
	var out []*ui.Snippet
	walk(k.content(), func(o fyne.CanvasObject) bool {
		if s, ok := o.(*ui.Snippet); ok {
			out = append(out, s)
		}
		return true
	})
	return out
}

// A Traditional post found by a Simplified query shows its matched words
// (in the screen's script) on the yellow highlight and in bold; the rest
// on no colour.
func TestSearchHighlightsMatches(t *testing.T) {
	k := newKiosk(t)
	k.search("联盟") // the launch report is in Traditional
	snips := k.snippets()
	if len(snips) == 0 {
		t.Fatalf("no snippets: %s", k.texts())
	}
	for _, s := range snips {
		if strings.Join(s.Matches(), "") == "" {
			t.Errorf("snippet %q marks nothing", s.Text())
		}
		for _, m := range s.Matches() {
			if m != "联盟" {
				t.Errorf("snippet %q marks %q", s.Text(), m)
			}
		}
		// Every matched character is drawn bold over a yellow rectangle of
		// its own size and place; the others over none.
		var backs []*canvas.Rectangle
		for _, o := range test.WidgetRenderer(s).Objects() {
			switch o := o.(type) {
			case *canvas.Rectangle:
				if o.FillColor != ui.Highlight {
					t.Errorf("a rectangle of %v in a snippet", o.FillColor)
				}
				backs = append(backs, o)
			case *canvas.Text:
				if o.TextStyle.Bold {
					if len(backs) == 0 {
						t.Errorf("%q bold with no highlight", o.Text)
						continue
					}
					b := backs[0]
					backs = backs[1:]
					if b.Position() != o.Position() || b.Size() != o.Size() {
						t.Errorf("%q at %v %v, its highlight at %v %v", o.Text, o.Position(), o.Size(), b.Position(), b.Size())
					}
				}
			}
		}
	}
}

// A long snippet wraps within the card: no piece is drawn past the
// snippet's width, and it is tall enough for all its lines.
func TestSnippetWraps(t *testing.T) {
	k := newKiosk(t)
	k.search("社区")
	for _, s := range k.snippets() {
		w := s.Size().Width
		var bottom float32
		for _, o := range test.WidgetRenderer(s).Objects() {
			if o.Position().X+o.Size().Width > w+0.5 {
				t.Errorf("%q drawn past the snippet's width %.0f", s.Text(), w)
				break
			}
			bottom = max(bottom, o.Position().Y+o.Size().Height)
		}
		if bottom > s.Size().Height+0.5 {
			t.Errorf("%q needs %.0f high, has %.0f", s.Text(), bottom, s.Size().Height)
		}
	}
}

// Lessons are search results too, above the content; tapping one opens
// the lesson.
func TestSearchFindsLessons(t *testing.T) {
	k, cur := lessonKiosk(t)
	l := cur.Lessons[0]
	for _, c := range cur.Lessons {
		if len(c.Phones) == 0 { // opens at once, without asking for her phone
			l = c
			break
		}
	}
	title := []rune(l.Title.Hans)
	q := string(title[:min(len(title), 4)])
	k.search(q)
	label := k.tr("search.kind.lesson") + "   " + l.Title.Hans
	if !strings.Contains(k.texts(), label) {
		t.Fatalf("no result %q for %q: %s", label, q, k.texts())
	}
	k.tap(label)
	k.settle()
	if got := k.texts(); !strings.Contains(got, l.Title.Hans) || strings.Contains(got, label) {
		t.Errorf("the lesson did not open: %s on %s", got, k.Current())
	}
}

// Pinyin initials find what they stand for: TJ finds 体检.
func TestSearchByInitials(t *testing.T) {
	k := newKiosk(t)
	k.SetSearchForTest(func(ctx context.Context, q store.SearchQuery) ([]store.Hit, error) {
		if q.Text == "体检" {
			return []store.Hit{{Kind: "post", Ref: "checkup", Title: "免费体检通知", Snippet: []store.Span{{Text: "体检", Match: true}}}}, nil
		}
		return nil, nil
	})
	k.search("TJ")
	if !strings.Contains(k.texts(), "免费体检通知") {
		t.Errorf("TJ did not find the 体检 post: %s", k.texts())
	}
}

// Letters that find enough as they are search nothing else: QQ finds QQ
// groups, not 亲戚.
func TestSearchInitialsOnlyWhenLittleFound(t *testing.T) {
	k := newKiosk(t)
	var mu sync.Mutex
	var asked []string
	k.SetSearchForTest(func(ctx context.Context, q store.SearchQuery) ([]store.Hit, error) {
		mu.Lock()
		asked = append(asked, q.Text)
		mu.Unlock()
		var hs []store.Hit
		if q.Text == "QQ" {
			for _, r := range []string{"a", "b", "c"} {
				hs = append(hs, store.Hit{Kind: "post", Ref: r, Title: "QQ群" + r})
			}
		}
		return hs, nil
	})
	k.search("QQ")
	mu.Lock()
	defer mu.Unlock()
	if strings.Join(asked, " ") != "QQ" {
		t.Errorf("searched %q, want QQ alone", asked)
	}
	if !strings.Contains(k.texts(), "QQ群c") {
		t.Errorf("the QQ hits are not shown: %s", k.texts())
	}
}
