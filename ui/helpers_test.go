package ui_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/internal/testutil"
	"github.com/shinan-alliance/alliance/ui"
)

// kiosk is an App over a sample database with a clock the test moves.
// Work the screens start in the background reports back through a queue
// that settle runs on the test's goroutine, as Fyne runs it on its own.
type kiosk struct {
	*ui.App
	t     *testing.T
	now   time.Time
	queue chan func()
}

// settle runs what background work handed back to the screen, until
// nothing more comes for a moment.
func (k *kiosk) settle() {
	k.t.Helper()
	for {
		select {
		case fn := <-k.queue:
			fn()
		case <-time.After(150 * time.Millisecond):
			return
		}
	}
}

// settleUntil settles until cond holds, for background work that takes a
// while on a busy machine (drawing a certificate), for up to 10 seconds.
func (k *kiosk) settleUntil(cond func() bool) {
	k.t.Helper()
	for end := time.Now().Add(10 * time.Second); !cond() && time.Now().Before(end); {
		k.settle()
	}
}

// newKiosk opens the kiosk on the sample content in a 1920×1080 window.
func newKiosk(t *testing.T) *kiosk {
	t.Helper()
	return newKioskAt(t, filepath.Join(t.TempDir(), "kiosk.db"))
}

func newKioskAt(t *testing.T, path string) *kiosk {
	t.Helper()
	db := testutil.SampleKioskAt(t, path) // the sample content, or what the kiosk at path holds
	test.NewTempApp(t)
	w := test.NewTempWindow(t, nil)
	w.Resize(fyne.NewSize(1920, 1080))
	k := &kiosk{t: t, now: time.Now().In(alliance.Location), queue: make(chan func(), 1000)}
	k.App = ui.New(db, w, nil)
	k.App.Now = func() time.Time { return k.now }
	k.App.Do = func(fn func()) { k.queue <- fn }
	k.ShowHome() // drawn by the test's clock, which the taps move on
	k.Touch()
	return k
}

// content is what the window shows, overlays on top.
func (k *kiosk) content() fyne.CanvasObject {
	if o := k.Window.Canvas().Overlays().Top(); o != nil {
		return o
	}
	return k.Window.Content()
}

// walk visits every object of the rendered tree; visit returns false to
// skip an object's children.
func walk(o fyne.CanvasObject, visit func(fyne.CanvasObject) bool) {
	if o == nil || !o.Visible() || !visit(o) {
		return
	}
	switch c := o.(type) {
	case *container.Scroll:
		walk(c.Content, visit)
	case *fyne.Container:
		for _, child := range c.Objects {
			walk(child, visit)
		}
	case fyne.Widget:
		for _, child := range test.WidgetRenderer(c).Objects() {
			walk(child, visit)
		}
	}
}

// texts is all text drawn on screen, joined by |.
func (k *kiosk) texts() string {
	var out []string
	walk(k.content(), func(o fyne.CanvasObject) bool {
		if t, ok := o.(*canvas.Text); ok {
			out = append(out, t.Text)
		}
		if b, ok := o.(*ui.BigButton); ok {
			out = append(out, b.Text)
		}
		return true
	})
	return strings.Join(out, "|")
}

// find returns the big button whose label is (or, with prefix, starts
// with) text.
func (k *kiosk) find(label string) *ui.BigButton {
	k.t.Helper()
	// A button whose label is exactly the text wins over one whose label
	// only starts with it (查询 and 查询码).
	var found, exact *ui.BigButton
	walk(k.content(), func(o fyne.CanvasObject) bool {
		b, ok := o.(*ui.BigButton)
		if !ok {
			return true
		}
		shown := strings.TrimPrefix(b.Text, ui.ChosenMark) // a chosen item is marked ✓
		if found == nil && (shown == label || strings.HasPrefix(shown, label) || b.Name != "" && strings.HasPrefix(b.Name, label)) {
			found = b
		}
		if exact == nil && shown == label {
			exact = b
		}
		return true
	})
	if exact != nil {
		found = exact
	}
	if found == nil {
		k.t.Fatalf("no button %q on screen %s: %s", label, k.Current(), k.texts())
	}
	return found
}

// tap taps a button by label, half a second after the last tap so the
// debounce never swallows it.
func (k *kiosk) tap(labels ...string) {
	k.t.Helper()
	for _, l := range labels {
		b := k.find(l)
		k.now = k.now.Add(500 * time.Millisecond)
		test.Tap(b)
	}
}

// findFirst returns the first object of type T on screen.
func findFirst[T fyne.CanvasObject](k *kiosk, what string) T {
	k.t.Helper()
	var found T
	ok := false
	walk(k.content(), func(o fyne.CanvasObject) bool {
		if v, is := o.(T); is && !ok {
			found, ok = v, true
		}
		return true
	})
	if !ok {
		k.t.Fatalf("no %s on screen %s", what, k.Current())
	}
	return found
}

// keypad finds the screen's keypad.
func (k *kiosk) keypad() *ui.Keypad { k.t.Helper(); return findFirst[*ui.Keypad](k, "keypad") }

// key types digits on the screen's keypad, each a separate tap.
func (k *kiosk) key(digits string) {
	k.t.Helper()
	p := k.keypad()
	for _, d := range digits {
		k.now = k.now.Add(500 * time.Millisecond)
		p.Press(string(d))
	}
}

// tr is the current language's text for a key.
func (k *kiosk) tr(key string) string { return ui.T(k.Lang(), key) }

// wantScreen fails unless the kiosk shows the named screen.
func (k *kiosk) wantScreen(name string) {
	k.t.Helper()
	if got := k.Current(); got != name {
		k.t.Fatalf("screen: got %q, want %q (%s)", got, name, k.texts())
	}
}

func readFile(path string) (string, error) {
	b, err := os.ReadFile(path)
	return string(b), err
}
