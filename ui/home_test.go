package ui_test

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/internal/testutil"
	"github.com/shinan-alliance/alliance/ui"
)

// Home shows the pinned notices first, then the home community's newest
// notice (not an older one, not one of another community), and says when
// content last arrived by its date and time.
func TestHomeShowsPinnedThenNewestLocalNotice(t *testing.T) {
	k := newKiosk(t)
	home := k.HomeForTest()
	p := testutil.SamplePack(t)
	var local *alliance.Post
	for i := range p.Posts {
		if p.Posts[i].Account == home {
			local = &p.Posts[i]
			break
		}
	}
	if local == nil {
		t.Fatalf("the sample has no notice of the home community %s", home)
	}
	newest, older, other := *local, *local, *local
	newest.ID, newest.Title, newest.Pinned, newest.Published = "home-newest", "楼道灯今晚维修", false, time.Now().Add(-time.Hour)
	older.ID, older.Title, older.Pinned, older.Published = "home-older", "上周的旧通知", false, time.Now().Add(-72*time.Hour)
	for _, c := range p.Accounts {
		if c.Kind == alliance.Community && c.ID != home {
			other.Account = c.ID
			break
		}
	}
	other.ID, other.Title, other.Pinned, other.Published = "other-newest", "别的社区的新通知", false, time.Now().Add(-time.Minute)
	p.Posts = append(p.Posts, older, newest, other)
	testutil.Import(t, k.DB, p)
	k.ShowHome()

	pinned, err := k.DB.PinnedPosts(t.Context(), 1)
	if err != nil || len(pinned) == 0 {
		t.Fatalf("no pinned post in the sample: %v", err)
	}
	tiles := map[string]bool{}
	for key, v := range ui.Catalog(k.Lang()) {
		tiles[v] = strings.HasPrefix(key, "tile.")
	}
	var shown []string
	for _, b := range buttons(k) {
		if b.Text == "" && b.Name != "" && !tiles[b.Name] {
			shown = append(shown, b.Name)
		}
	}
	want := []string{pinned[0].Title, newest.Title}
	if strings.Join(shown, "|") != strings.Join(want, "|") {
		t.Errorf("home's notices: %q, want %q", shown, want)
	}
	k.tap(newest.Title)
	k.wantScreen("reader")

	k.ShowHome()
	at, err := k.DB.ContentUpdated(t.Context())
	if err != nil || at.IsZero() {
		t.Fatalf("content time: %v %v", at, err)
	}
	label := ui.T(k.Lang(), "fresh.at", at.In(alliance.Location).Format("1月2日 15:04"))
	if !shows(k, label) {
		t.Errorf("home does not say %q: %s", label, k.texts())
	}
	if strings.Contains(k.texts(), ui.T(k.Lang(), "when.today", "")) {
		t.Errorf("home says 今天 about its content: %s", k.texts())
	}
}

func buttons(k *kiosk) []*ui.BigButton {
	var out []*ui.BigButton
	walk(k.content(), func(o fyne.CanvasObject) bool {
		if b, ok := o.(*ui.BigButton); ok {
			out = append(out, b)
			return false
		}
		return true
	})
	return out
}

// A screen built before the window took its size (the kiosk opens its
// first screen before going full screen) is built again for that size at
// the next tick: the staff panel in two columns on a wide screen, in one
// on a narrow one, never wider than the window.
func TestScreensFollowTheWindowSize(t *testing.T) {
	k := newKiosk(t)
	k.Window.Resize(fyne.NewSize(1024, 768))
	if err := k.Open("staff"); err != nil {
		t.Fatal(err)
	}
	scrolls := func() int {
		n := 0
		walk(k.content(), func(o fyne.CanvasObject) bool {
			if _, ok := o.(*container.Scroll); ok {
				n++
				return false
			}
			return true
		})
		return n
	}
	if n := scrolls(); n != 1 {
		t.Errorf("staff panel at 1024 px: %d columns", n)
	}
	k.Window.Resize(fyne.NewSize(1920, 1080))
	k.Tick()
	if n := scrolls(); n != 2 {
		t.Errorf("staff panel at 1920 px after a tick: %d columns", n)
	}
	k.SetLargeText(true)
	k.Window.Resize(fyne.NewSize(1024, 768))
	k.Tick()
	if n := scrolls(); n != 1 {
		t.Errorf("staff panel back at 1024 px: %d columns", n)
	}
	if m := ui.FitContent(k.Window).MinSize(); m.Width > 1024 {
		t.Errorf("staff panel needs %.0f px at 1024", m.Width)
	}
}
