package ui_test

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/ui"
)

// screenOf is the screen a name of ui.ScreenNames opens: a form at one of
// its steps is the form's screen.
func screenOf(name string) string {
	switch {
	case strings.HasPrefix(name, "input-"):
		return "input"
	case name == "suggest-lookup":
		return name
	case strings.HasPrefix(name, "receipt-"):
		return "receipt"
	case name == "assist-suggest":
		return "suggest"
	case strings.HasPrefix(name, "signup-"), strings.HasPrefix(name, "suggest-"):
		return name[:strings.IndexByte(name, '-')]
	}
	return name
}

// The supported screens.
var screenSizes = []fyne.Size{{Width: 1920, Height: 1080}, {Width: 1366, Height: 768}, {Width: 1280, Height: 800}, {Width: 1024, Height: 768}}

// TestEveryScreenFitsEveryScreen opens every screen at every supported
// size, with 大字 off and on, and fails when the screen needs more room
// than the window has (Fyne would then lay it out larger than the window:
// the cause of taps landing away from what is drawn), or when a control
// outside a scrolling area (the top bar, a step's 上一步 and 下一步, 提交)
// lies even partly outside the window.
func TestEveryScreenFitsEveryScreen(t *testing.T) {
	t.Parallel()
	for _, size := range screenSizes {
		for _, large := range []bool{false, true} {
			t.Run(fmt.Sprintf("%.0fx%.0f large=%v", size.Width, size.Height, large), func(t *testing.T) {
				k := newKioskAt(t, filepath.Join(t.TempDir(), "kiosk.db"))
				k.Window.Resize(size)
				k.SetLargeText(large)
				if err := k.EnableLessons(nil); err != nil {
					t.Fatal(err)
				}
				for _, name := range ui.ScreenNames {
					if err := k.Open(name); err != nil {
						t.Fatalf("%s: %v", name, err)
					}
					if name != "attract" && k.Current() != screenOf(name) {
						t.Fatalf("%s: screen %q shown", name, k.Current())
					}
					checkFits(t, name, k)
				}
			})
		}
	}
}

func checkFits(t *testing.T, name string, k *kiosk) {
	t.Helper()
	win := k.Window.Canvas().Size()
	errorf := t.Errorf
	if m := ui.FitContent(k.Window).MinSize(); m.Width > win.Width+0.5 || m.Height > win.Height+0.5 {
		errorf("%s needs %.0f×%.0f, more than the window's %.0f×%.0f", name, m.Width, m.Height, win.Width, win.Height)
	}
	d := fyne.CurrentApp().Driver()
	walk(k.content(), func(o fyne.CanvasObject) bool {
		if _, ok := o.(*container.Scroll); ok {
			return false // what scrolls may lie beyond the window
		}
		b, ok := o.(*ui.BigButton)
		if !ok {
			return true
		}
		p, s := d.AbsolutePositionForObject(b), b.Size()
		if p.X < -0.5 || p.Y < -0.5 || p.X+s.Width > win.Width+0.5 || p.Y+s.Height > win.Height+0.5 {
			errorf("%s: button %q at %v size %v is outside the %v window", name, b.Text, p, s, win)
		}
		return false
	})
}

// Every button has a dark edge of 2–3 px whose contrast against the page
// is at least 3:1 (WCAG's non-text contrast), as every text colour pair
// has 7:1 (TestThemeMeetsTheNumbers).
func TestEveryButtonHasAVisibleEdge(t *testing.T) {
	if c := ui.Contrast(ui.ButtonEdge, ui.Paper); c < 3 {
		t.Errorf("button edge on the page: contrast %.1f, want ≥ 3", c)
	}
	if c := ui.Contrast(ui.ButtonEdge, ui.Key); c < 3 {
		t.Errorf("button edge on an ordinary button: contrast %.1f, want ≥ 3", c)
	}
	if ui.ButtonBorder < 2 || ui.ButtonBorder > 3 {
		t.Errorf("button edge is %d px, want 2–3", ui.ButtonBorder)
	}
	k := newKiosk(t)
	for _, name := range []string{"home", "signup", "suggest-phone", "input-pinyin"} {
		if err := k.Open(name); err != nil {
			t.Fatal(err)
		}
		n := 0
		walk(k.content(), func(o fyne.CanvasObject) bool {
			b, ok := o.(*ui.BigButton)
			if !ok {
				return true
			}
			n++
			edged := false
			for _, x := range test.WidgetRenderer(b).Objects() {
				if r, ok := x.(interface{ Size() fyne.Size }); ok && r.Size() == b.Size() {
					if rect, ok := x.(*canvas.Rectangle); ok && rect.StrokeWidth >= 2 && rect.StrokeColor == ui.ButtonEdge {
						edged = true
					}
				}
			}
			if !edged {
				t.Errorf("%s: button %q has no edge", name, b.Text)
			}
			return false
		})
		if n == 0 {
			t.Errorf("%s: no buttons", name)
		}
	}
}

// The consent texts say how long data is kept from the same constants the
// deletion uses, in every language.
func TestConsentTextsAgreeWithRetention(t *testing.T) {
	for _, key := range []string{"consent.signup", "consent.suggest", "consent.callback", "consent.learner"} {
		days := ui.ConsentDays(key)
		want := map[string]int{"consent.learner": int(alliance.LearnerRetention.Hours() / 24)}[key]
		if want == 0 {
			want = int(alliance.RecordRetention.Hours() / 24)
		}
		if days != want {
			t.Errorf("%s: %d days, the deletion keeps %d", key, days, want)
		}
		for _, l := range alliance.Langs {
			raw := ui.Catalog(l)[key]
			if strings.Count(raw, "%d") != 1 {
				t.Errorf("%s in %s does not take its days from the code: %q", key, l, raw)
			}
			if got := ui.T(l, key, days); !strings.Contains(got, fmt.Sprint(days)) {
				t.Errorf("%s in %s: %q", key, l, got)
			}
		}
	}
}
