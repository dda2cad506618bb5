package ui_test

import (
	"context"
	"image"
	"image/png"
	"os"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/store"
	"github.com/shinan-alliance/alliance/ui"
)

// A post's preview is the kiosk's own reader screen: drawn offscreen from
// the post alone, it matches, pixel for pixel but for a few, the screen a
// kiosk holding the post shows; another post, or 大字, looks different.
func TestRenderPostIsTheReaderScreen(t *testing.T) {
	k := newKiosk(t)
	ctx := context.Background()
	var post alliance.Post
	for _, col := range []alliance.Column{alliance.ColNotice, alliance.ColRelease} {
		l, err := k.DB.PostsByColumn(ctx, col, store.Page{Limit: 20})
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range l.Posts {
			p, err := k.DB.Post(ctx, s.ID)
			if err != nil {
				t.Fatal(err)
			}
			if post.ID == "" || len(p.Images) > len(post.Images) {
				post = p
			}
		}
	}
	if post.ID == "" {
		t.Fatal("the sample has no posts")
	}
	acc, err := k.DB.Account(ctx, post.Account)
	if err != nil {
		t.Fatal(err)
	}
	images := map[string][]byte{}
	for _, sha := range post.Images {
		b, err := k.DB.Blob(ctx, sha)
		if err != nil {
			t.Fatal(err)
		}
		images[sha] = b.Data
	}
	size := fyne.NewSize(1920, 1080)
	pv := ui.PostPreview{Post: post, Account: acc, Images: images, Size: size, At: k.now}
	got, err := ui.RenderPost(ctx, t.TempDir(), pv)
	if err != nil {
		t.Fatal(err)
	}
	k.OpenPostForTest(post.ID)
	want := k.Window.Canvas().Capture()
	if d := differing(got, want); d > 0.005 {
		save(t, "preview", got)
		save(t, "kiosk", want)
		t.Errorf("the preview differs from the kiosk's screen in %.1f%% of its pixels", d*100)
	}
	if got.Bounds().Dx() < 1920 || got.Bounds().Dy() < 1080 {
		t.Errorf("the preview is %v", got.Bounds())
	}

	other := pv
	other.Post.Title, other.Post.Body = "另一条通知：明天停水", "明天上午九点到十二点停水，请提前储水。"
	if img, err := ui.RenderPost(ctx, t.TempDir(), other); err != nil || differing(img, got) < 0.002 {
		t.Errorf("another post draws the same: %v", err)
	}
	large := pv
	large.Large = true
	if img, err := ui.RenderPost(ctx, t.TempDir(), large); err != nil || differing(img, got) < 0.01 {
		t.Errorf("大字 draws the same: %v", err)
	}
	bad := pv
	bad.Post.Title = ""
	if _, err := ui.RenderPost(ctx, t.TempDir(), bad); err == nil {
		t.Error("a post without a title is previewed")
	}
	wrong := pv
	wrong.Account.ID = "elsewhere"
	if _, err := ui.RenderPost(ctx, t.TempDir(), wrong); err == nil {
		t.Error("a post is previewed with another account")
	}
}

// differing is the share of pixels that differ between two images of the
// same size (1 when the sizes differ).
func differing(a, b image.Image) float64 {
	if a.Bounds() != b.Bounds() {
		return 1
	}
	n, r := 0, a.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			r1, g1, b1, _ := a.At(x, y).RGBA()
			r2, g2, b2, _ := b.At(x, y).RGBA()
			if r1 != r2 || g1 != g2 || b1 != b2 {
				n++
			}
		}
	}
	return float64(n) / float64(r.Dx()*r.Dy())
}

func save(t *testing.T, name string, img image.Image) {
	f, err := os.CreateTemp("", name+"-*.png")
	if err != nil {
		return
	}
	defer f.Close()
	png.Encode(f, img)
	t.Logf("%s: %s", name, f.Name())
}

// BenchmarkRenderPost times one preview at 1280×800: the kiosk database
// made, the post applied, the screen drawn.
func BenchmarkRenderPost(b *testing.B) {
	test.NewTempApp(b)
	p := alliance.Post{ID: "bench", Account: "yanchenglu", Column: alliance.ColNotice, Title: "锅炉房检修停暖通知",
		Body: "12月3日锅炉房检修，**上午8点至12点**暂停供暖，请老人注意保暖。", Published: time.Now()}
	acc := alliance.Account{ID: "yanchenglu", Kind: alliance.Community, Name: "盐城路社区", StreetOffice: "yunnanlu"}
	for b.Loop() {
		if _, err := ui.RenderPost(context.Background(), b.TempDir(), ui.PostPreview{Post: p, Account: acc, Size: fyne.NewSize(1280, 800)}); err != nil {
			b.Fatal(err)
		}
	}
}
