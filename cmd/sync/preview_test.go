package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"flag"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/hub/console"
	"github.com/shinan-alliance/alliance/hub/console/consoletest"
)

var previewShots = flag.String("preview-screenshots", "", "keep the preview test's page and kiosk PNGs in this folder (docs/screenshots/console)")

// Staff press 预览 on a new notice with a photo, in headless Chromium, and
// the page shows the kiosk's own reader screen as a PNG: drawn by the hub
// with the kiosk's theme, font and widgets, the same picture the kiosk's
// screens draw for that post, and another for another post.
func TestBrowserPreviewIsTheKioskScreen(t *testing.T) {
	e := consoletest.NewWith(t, t.TempDir(), func(c *console.Console) { c.Preview = kioskPreview{dir: t.TempDir()} })
	ctx, cancel := consoletest.Browser(t)
	defer cancel()
	photo := filepath.Join(t.TempDir(), "boiler.png")
	img := image.NewRGBA(image.Rect(0, 0, 320, 200))
	for y := range 200 {
		for x := range 320 {
			img.Set(x, y, color.RGBA{uint8(x * 255 / 320), uint8(y * 255 / 200), 160, 255})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(photo, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := e.Login(ctx, "wang"); err != nil {
		t.Fatal(err)
	}
	title, body := "锅炉房检修停暖通知", "12月3日锅炉房检修，**上午8点至12点**暂停供暖，请老人注意保暖。"
	if err := chromedp.Do(ctx, chromedp.Navigate(e.URL+"/posts/new"), chromedp.WaitVisible(chromedp.ID("title")),
		chromedp.SendKeys(chromedp.ID("title"), title), chromedp.SendKeys(chromedp.ID("body"), body),
		chromedp.SetUploadFiles(chromedp.CSS(`input[name=upload]`), []string{photo}),
		chromedp.Click(chromedp.CSS(`button[value=preview]`)),
		chromedp.WaitVisible(chromedp.CSS(`figure.kiosk-shot img`))); err != nil {
		t.Fatal(err)
	}
	type shot struct {
		Src           string
		Width, Height int
		Complete      bool
	}
	s, err := chromedp.Run(ctx, chromedp.Poll[shot](`(() => { const i = document.querySelector("figure.kiosk-shot img");
		return i.complete && i.naturalWidth > 0 ? {Src: i.src, Width: i.naturalWidth, Height: i.naturalHeight, Complete: i.complete} : null })()`,
		chromedp.WithPollingTimeout(30*time.Second)))
	if err != nil {
		t.Fatal(err)
	}
	if !s.Complete || s.Width != console.PreviewSize[0] || s.Height != console.PreviewSize[1] {
		t.Fatalf("the kiosk picture is %d×%d (complete %v)", s.Width, s.Height, s.Complete)
	}
	data, ok := strings.CutPrefix(s.Src, "data:image/png;base64,")
	if !ok {
		t.Fatalf("the picture is not a PNG of the page: %.60s", s.Src)
	}
	raw, err := base64.StdEncoding.DecodeString(data)
	if err != nil {
		t.Fatal(err)
	}
	shown, err := png.Decode(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	sha, err := chromedp.Run(ctx, chromedp.Value(chromedp.CSS(`input[name=image]`)))
	if err != nil || !alliance.SHA256Pattern.MatchString(sha) {
		t.Fatalf("the uploaded photo is not kept on the form: %q, %v", sha, err)
	}

	// The same post drawn straight by the kiosk's screens.
	bg := context.Background()
	x, _, err := e.DB.Item(bg, alliance.KindAccount, consoletest.Own)
	if err != nil {
		t.Fatal(err)
	}
	photoData, _, err := e.DB.BlobData(bg, sha)
	if err != nil {
		t.Fatal(err)
	}
	post := alliance.Post{ID: "preview-check", Account: consoletest.Own, Column: alliance.ColNotice, Title: title, Body: body,
		Published: time.Now(), Images: []string{sha}}
	draw := func(p alliance.Post) image.Image {
		t.Helper()
		b, err := kioskPreview{dir: t.TempDir()}.PreviewPost(bg, p, x.(alliance.Account), map[string][]byte{sha: photoData}, 1280, 800)
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		return img
	}
	if d := differing(shown, draw(post)); d > 0.005 {
		t.Errorf("the page's picture differs from the kiosk's screen in %.1f%% of its pixels", d*100)
	}
	other := post
	other.Title = "明天上午停水"
	if d := differing(shown, draw(other)); d < 0.001 {
		t.Errorf("another title draws the same picture (%.2f%% differ)", d*100)
	}
	noPhoto := post
	noPhoto.Images = nil
	if d := differing(shown, draw(noPhoto)); d < 0.01 {
		t.Errorf("the photo is not in the picture (%.2f%% differ without it)", d*100)
	}

	if dir := *previewShots; dir != "" {
		page, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatal(err)
		}
		for name, b := range map[string][]byte{"post-preview.png": page, "post-preview-kiosk.png": raw} {
			if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// differing is the share of pixels that differ between two images (1 when
// their sizes do).
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
