package ui_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	"image/png"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/widget"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/store"
	"github.com/shinan-alliance/alliance/ui"
)

// watchOpen reports whether anything opens the named pipe at path for
// reading: a reader blocks until a writer comes, so trying to write, again
// and again, catches every open (and lets it go on at once).
func watchOpen(t *testing.T, path string) (opened func() bool) {
	t.Helper()
	if err := syscall.Mkfifo(path, 0o600); err != nil {
		t.Skip("no named pipes here:", err)
	}
	var n atomic.Int32
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			select {
			case <-stop:
				return
			default:
			}
			f, err := os.OpenFile(path, os.O_WRONLY|syscall.O_NONBLOCK, 0)
			if err == nil {
				n.Add(1)
				f.Close()
			} else if !errors.Is(err, syscall.ENXIO) {
				return
			}
			time.Sleep(time.Millisecond)
		}
	}()
	t.Cleanup(func() { close(stop); <-done })
	return func() bool { return n.Load() > 0 }
}

// hostile is Markdown a hostile hub or a careless editor could publish.
func hostile(server, secret string) string {
	return fmt.Sprintf(`# 停水通知

明天停水。![像素](%[1]s/pixel.png) 请提前储水。

![本机文件](file://%[2]s)

![相对路径](%[2]s)

<img src="%[1]s/html.png">

详情[点这里](javascript:alert(document.cookie))，或看[官网](https://example.org/notice)。

自动链接 <%[1]s/autolink> 也一样。
`, server, secret)
}

// Markdown in a post or an event may name a local file, a remote image (a
// tracking pixel) or a javascript: link. The kiosk reads no file, makes no
// request and draws no link for any of them; web links become a QR code.
func TestHostileMarkdownReadsAndFetchesNothing(t *testing.T) {
	var requests atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		w.Header().Set("Content-Type", "image/png")
		png.Encode(w, image.NewGray(image.Rect(0, 0, 1, 1)))
	}))
	defer srv.Close()
	secret := filepath.Join(t.TempDir(), "secret.png")
	opened := watchOpen(t, secret)
	md := hostile(srv.URL, secret)

	k := newKiosk(t)
	ctx := context.Background()
	now := time.Now().In(alliance.Location)
	post := alliance.Post{ID: "hostile-post", Account: "yanchenglu", Column: alliance.ColNotice, Title: "停水通知", Body: md, Published: now}
	ev := alliance.Event{ID: "hostile-event", Community: "yanchenglu", Title: "停水说明会", Description: md, Place: "社区",
		Starts: now.Add(24 * time.Hour), Ends: now.Add(26 * time.Hour), Capacity: 10, Status: alliance.EventOpen}
	if err := k.DB.ApplyChanges(ctx, []store.Change{{Kind: alliance.KindPost, ID: post.ID, Content: post}, {Kind: alliance.KindEvent, ID: ev.ID, Content: ev}}, 1, false, false); err != nil {
		t.Fatal(err)
	}

	for _, open := range []struct {
		name string
		show func()
		qrs  int // the two web links', and the reader's own for the account
	}{{"reader", func() { k.OpenPostForTest(post.ID) }, 3}, {"event", func() { k.OpenEventForTest(ev.ID) }, 2}} {
		t.Run(open.name, func(t *testing.T) {
			k.ShowHome()
			open.show()
			k.wantScreen(open.name)
			images, links, qrs := 0, 0, 0
			walk(k.content(), func(o fyne.CanvasObject) bool {
				switch v := o.(type) {
				case *widget.RichText:
					for _, s := range v.Segments {
						switch s.(type) {
						case *widget.ImageSegment:
							images++
						case *widget.HyperlinkSegment:
							links++
						}
					}
				case *widget.Hyperlink:
					links++
				case *canvas.Image:
					if v.File != "" || v.Resource != nil {
						images++
					}
					if v.Image != nil {
						qrs++ // QR codes are drawn from memory
					}
				}
				return true
			})
			time.Sleep(200 * time.Millisecond) // anything asynchronous would have started by now
			if n := requests.Load(); n != 0 {
				t.Errorf("the kiosk made %d requests for a post's Markdown", n)
			}
			if opened() {
				t.Errorf("the kiosk opened %s, named by a post's Markdown", secret)
			}
			if images != 0 || links != 0 {
				t.Errorf("%d images from URIs and %d links drawn, want none", images, links)
			}
			if qrs != open.qrs {
				t.Errorf("%d QR codes, want %d", qrs, open.qrs)
			}
			got := k.texts()
			for _, want := range []string{"明天停水。", "像素", "请提前储水。", "点这里", "官网"} {
				if !strings.Contains(got, want) {
					t.Errorf("the words %q are missing: %s", want, got)
				}
			}
			for _, bad := range []string{"javascript", "<img", secret, srv.URL + "/pixel"} {
				if strings.Contains(got, bad) {
					t.Errorf("%q is drawn: %s", bad, got)
				}
			}
		})
	}
}

// Images in Markdown come from the kiosk's own blob store, named by their
// SHA-256; one that has not arrived yet shows a placeholder.
func TestMarkdownImagesFromTheBlobStore(t *testing.T) {
	k := newKiosk(t)
	ctx := context.Background()
	var buf bytes.Buffer
	png.Encode(&buf, image.NewGray(image.Rect(0, 0, 4, 4)))
	sum := sha256.Sum256(buf.Bytes())
	sha := hex.EncodeToString(sum[:])
	missing := strings.Repeat("ab", 32)
	md := fmt.Sprintf("看图：\n\n![活动照片](sha256:%s)\n\n![还没到的图](sha256:%s)\n", sha, missing)
	post := alliance.Post{ID: "blob-post", Account: "yanchenglu", Column: alliance.ColNotice, Title: "图片", Body: md, Published: time.Now()}
	if err := k.DB.ApplyChanges(ctx, []store.Change{{Kind: alliance.KindPost, ID: post.ID, Content: post}}, 1, false, false); err != nil {
		t.Fatal(err)
	}
	if err := k.DB.PutBlob(ctx, sha, buf.Bytes()); err != nil {
		t.Fatal(err)
	}
	k.OpenPostForTest(post.ID)
	drawn := 0
	walk(k.content(), func(o fyne.CanvasObject) bool {
		if img, ok := o.(*canvas.Image); ok && img.Resource != nil && strings.HasPrefix(img.Resource.Name(), sha) {
			drawn++
		}
		return true
	})
	if drawn != 1 {
		t.Errorf("the blob image is drawn %d times, want once", drawn)
	}
	if got := k.texts(); !strings.Contains(got, k.tr("reader.image_later")) || !strings.Contains(got, "活动照片") {
		t.Errorf("want the caption and a placeholder for the missing image: %s", got)
	}
}

// Whatever widget is handed a web address (the lessons' own Markdown, say),
// the kiosk's Fyne app fetches nothing once RefuseNetworkURIs has run.
func TestRefuseNetworkURIs(t *testing.T) {
	var requests atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { requests.Add(1) }))
	defer srv.Close()
	k := newKiosk(t)
	ui.RefuseNetworkURIs()
	rt := widget.NewRichTextFromMarkdown("![像素](" + srv.URL + "/pixel.png)")
	k.Window.SetContent(rt)
	walk(rt, func(fyne.CanvasObject) bool { return true })
	time.Sleep(100 * time.Millisecond)
	if n := requests.Load(); n != 0 {
		t.Errorf("%d requests after RefuseNetworkURIs", n)
	}
}
