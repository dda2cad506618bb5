package ui_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/assets"
	"github.com/shinan-alliance/alliance/store"
	"github.com/shinan-alliance/alliance/ui"
)

func sampleApp(t *testing.T) *ui.App {
	t.Helper()
	db, err := store.Open(filepath.Join(t.TempDir(), "kiosk.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	p, err := alliance.LoadPack(assets.SamplePack())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.ImportPack(context.Background(), p); err != nil {
		t.Fatal(err)
	}
	a := test.NewTempApp(t)
	a.Settings().SetTheme(ui.NewTheme())
	w := test.NewTempWindow(t, nil)
	w.Resize(fyne.NewSize(1920, 1080))
	return &ui.App{DB: db, Window: w}
}

// walk visits every object of a screen built from containers and scrolls.
func walk(o fyne.CanvasObject, visit func(fyne.CanvasObject)) {
	visit(o)
	switch c := o.(type) {
	case *fyne.Container:
		for _, child := range c.Objects {
			walk(child, visit)
		}
	case *container.Scroll:
		walk(c.Content, visit)
	}
}

func texts(o fyne.CanvasObject) string {
	var out []string
	walk(o, func(o fyne.CanvasObject) {
		switch w := o.(type) {
		case *widget.Label:
			out = append(out, w.Text)
		case *widget.Button:
			out = append(out, w.Text)
		}
	})
	return strings.Join(out, "|")
}

func button(t *testing.T, o fyne.CanvasObject, text string) *widget.Button {
	t.Helper()
	var found *widget.Button
	walk(o, func(o fyne.CanvasObject) {
		if b, ok := o.(*widget.Button); ok && b.Text == text {
			found = b
		}
	})
	if found == nil {
		t.Fatalf("no button %q on screen: %s", text, texts(o))
	}
	return found
}

func TestHomeShowsContentAndOpensAColumn(t *testing.T) {
	a := sampleApp(t)
	a.Window.SetContent(a.Home())
	if got := texts(a.Window.Content()); !strings.Contains(got, "65 个社区") {
		t.Errorf("home does not say how much content it holds: %s", got)
	}
	test.Tap(button(t, a.Window.Content(), "通知公告"))
	list, err := a.DB.PostsByColumn(context.Background(), alliance.ColNotice, store.Page{Limit: 1})
	if err != nil || len(list.Posts) == 0 {
		t.Fatal(err)
	}
	if got := texts(a.Window.Content()); !strings.Contains(got, list.Posts[0].Title) {
		t.Errorf("the notices screen does not show the newest notice %q: %s", list.Posts[0].Title, got)
	}
	test.Tap(button(t, a.Window.Content(), "返回首页"))
	if got := texts(a.Window.Content()); !strings.Contains(got, "65 个社区") {
		t.Errorf("back did not return home: %s", got)
	}
}
