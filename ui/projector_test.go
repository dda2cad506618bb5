package ui_test

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/shinan-alliance/alliance/ui"
)

// labels joins the labels a window shows.
func labels(o fyne.CanvasObject) string {
	var b strings.Builder
	walk(o, func(o fyne.CanvasObject) bool {
		if l, ok := o.(*widget.Label); ok {
			b.WriteString(l.Text + "|")
		}
		return true
	})
	return b.String()
}

// shownPicture is the height at which the practice picture in o is drawn.
func shownPicture(t *testing.T, o fyne.CanvasObject) float32 {
	t.Helper()
	var h float32
	walk(o, func(o fyne.CanvasObject) bool {
		if p, ok := o.(*ui.TapPicture); ok && h == 0 {
			h = p.ToScreen(0, 960).Y - p.ToScreen(0, 0).Y
		}
		return true
	})
	if h == 0 {
		t.Fatalf("no practice picture in %s", labels(o))
	}
	return h
}

// TestPresenterOnSecondScreen: with a second screen the presenter opens a
// window there showing the step with the phone drawn large; the kiosk
// keeps the trainer's controls and says where the class looks; a step
// changed on the kiosk changes on the projector; leaving the presenter
// closes it.
func TestPresenterOnSecondScreen(t *testing.T) {
	k, _ := lessonKiosk(t)
	var opened []fyne.Window
	k.SecondScreen = func() (fyne.Window, fyne.Size) {
		w := test.NewWindow(nil) // the kiosk closes it
		w.Resize(fyne.NewSize(1920, 1080))
		opened = append(opened, w)
		return w, w.Canvas().Size()
	}
	if err := k.Open("presenter"); err != nil {
		t.Fatal(err)
	}
	k.wantScreen("presenter")
	proj := k.Projector()
	if proj == nil || len(opened) != 1 {
		t.Fatalf("no window on the second screen (%d opened)", len(opened))
	}
	if !k.hasText(k.tr("present.projector")) {
		t.Errorf("the kiosk does not say the class looks at the second screen: %s", k.texts())
	}
	seen := labels(proj.Content())
	step := ui.T(k.Lang(), "form.step", 3, 14)
	if !strings.Contains(seen, step) {
		t.Errorf("the projector does not show %q: %s", step, seen)
	}
	if strings.Contains(seen, k.tr("lesson.next")) {
		t.Errorf("the projector shows the trainer's controls: %s", seen)
	}
	// The phone as large as the projector allows: far above the 480
	// pixels the presenter had in the kiosk's window.
	if h := shownPicture(t, proj.Content()); h < 750 {
		t.Errorf("the phone is drawn %.0f pixels high on a 1080-pixel projector, want at least 750", h)
	}
	// It fits the projectors kiosks meet, whatever the step.
	for _, size := range []fyne.Size{{Width: 1280, Height: 800}, {Width: 1024, Height: 768}, {Width: 1920, Height: 1080}} {
		k.SetLargeText(false) // draws again
		if m := ui.AudienceMinSize(k.App, size); m.Width > size.Width || m.Height > size.Height {
			t.Errorf("on a %.0f×%.0f projector the presenter needs %.0f×%.0f", size.Width, size.Height, m.Width, m.Height)
		}
	}
	k.tap(k.tr("lesson.next"))
	if seen := labels(proj.Content()); !strings.Contains(seen, ui.T(k.Lang(), "form.step", 4, 14)) {
		t.Errorf("after 下一步 the projector shows %s", seen)
	}
	if len(opened) != 1 {
		t.Errorf("%d windows opened for one presentation", len(opened))
	}
	k.tap(k.tr("nav.back"))
	if k.Projector() != nil {
		t.Errorf("the projector stays open after the presenter is left (screen %s)", k.Current())
	}
}

// TestPresenterOneScreen: with no second screen the presenter is in the
// kiosk's window, as before, and says nothing of a projector.
func TestPresenterOneScreen(t *testing.T) {
	k, _ := lessonKiosk(t)
	asked := 0
	k.SecondScreen = func() (fyne.Window, fyne.Size) { asked++; return nil, fyne.Size{} }
	if err := k.Open("presenter"); err != nil {
		t.Fatal(err)
	}
	if asked == 0 || k.Projector() != nil || k.hasText(k.tr("present.projector")) {
		t.Errorf("one screen: asked %d, projector %v, texts %s", asked, k.Projector(), k.texts())
	}
	if h := shownPicture(t, k.content()); h < 400 {
		t.Errorf("the phone in the kiosk's window is %.0f pixels high", h)
	}
}
