package ui_test

import (
	"image"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"golang.org/x/image/font/sfnt"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/assets"
	"github.com/shinan-alliance/alliance/internal/chinese"
	"github.com/shinan-alliance/alliance/ui"
)

// Headings are drawn in a real bold face: a font of its own whose
// subfamily is Bold, which puts clearly more ink on the screen than the
// regular face for the same Chinese words.
func TestHeadingsAreTrulyBold(t *testing.T) {
	th := ui.NewTheme()
	bold, regular := th.Font(fyne.TextStyle{Bold: true}), th.Font(fyne.TextStyle{})
	if bold == regular || string(bold.Content()) == string(regular.Content()) {
		t.Fatal("bold text uses the regular font")
	}
	f, err := sfnt.Parse(bold.Content())
	if err != nil {
		t.Fatalf("parse the bold font: %v", err)
	}
	var buf sfnt.Buffer
	if sub, err := f.Name(&buf, sfnt.NameIDSubfamily); err != nil || sub != "Bold" {
		t.Errorf("bold font's subfamily: %q, %v", sub, err)
	}
	if n := len(assets.FontCJKBold); n > 6<<20 {
		t.Errorf("the bold font is %d bytes: subset it", n)
	}

	test.NewTempApp(t)
	fyne.CurrentApp().Settings().SetTheme(th)
	ink := func(style fyne.TextStyle) int {
		txt := canvas.NewText("社区通知 微市南", ui.Ink)
		txt.TextSize, txt.TextStyle = ui.HeadingTextSize, style
		w := test.NewTempWindow(t, container.NewPadded(txt))
		w.Resize(fyne.NewSize(500, 120))
		img := w.Canvas().Capture()
		n := 0
		for y := img.Bounds().Min.Y; y < img.Bounds().Max.Y; y++ {
			for x := img.Bounds().Min.X; x < img.Bounds().Max.X; x++ {
				if dark(img, x, y) {
					n++
				}
			}
		}
		return n
	}
	b, r := ink(fyne.TextStyle{Bold: true}), ink(fyne.TextStyle{})
	t.Logf("dark pixels: bold %d, regular %d", b, r)
	if r == 0 || float64(b) < 1.3*float64(r) {
		t.Errorf("bold heading has %d dark pixels, regular %d: not visibly bold", b, r)
	}
}

func dark(img image.Image, x, y int) bool {
	r, g, b, _ := img.At(x, y).RGBA()
	return r+g+b < 3*0x8000
}

// Every word the kiosk puts in a heading, in every language, and every
// community's name is in the bold face; a character it lacks makes the
// heading fall back to the regular face rather than draw a box.
func TestBoldFaceCoversTheKiosksWords(t *testing.T) {
	for _, l := range alliance.Langs {
		for key, s := range ui.Catalog(l) {
			if !ui.BoldCovers(strings.ReplaceAll(s, "%d", "1")) {
				t.Errorf("%s %s: %q has a character the bold face lacks", l, key, s)
			}
		}
	}
	k := newKiosk(t)
	offices, err := k.DB.CommunitiesByStreetOffice(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range offices {
		for _, c := range o.Communities {
			for _, l := range alliance.Langs {
				if name := chinese.Script(l, c.Name); !ui.BoldCovers(name) {
					t.Errorf("community %q (%s) not covered", name, l)
				}
			}
		}
	}
	if ui.BoldCovers("𠀀") {
		t.Error("a character outside the subset is said to be covered")
	}
}
