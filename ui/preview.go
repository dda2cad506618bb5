package ui

import (
	"context"
	"fmt"
	"image"
	"os"
	"path/filepath"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/store"
)

// PostPreview is what a preview draws: a post, the account it is published
// for (its name is in the byline, its link in the QR code when the post has
// none), and the bytes of the post's images by SHA-256 (an image missing
// here draws as the kiosk's "picture comes later" placeholder).
type PostPreview struct {
	Post    alliance.Post
	Account alliance.Account
	Images  map[string][]byte
	Size    fyne.Size // the kiosk's screen, e.g. 1920×1080
	Large   bool      // 大字
	Lang    alliance.Lang
	// At is the time on the screen's clock; zero: now, or the post's
	// publication if it is scheduled later (as it will look on its day).
	At time.Time
}

// previewMu serialises previews: Fyne has one current app per process.
var previewMu sync.Mutex

// RenderPost draws a post as the kiosk's reader screen shows it, with the
// kiosk's theme, font and widgets, on Fyne's software canvas: no display,
// no OpenGL. The post reaches the screen as a synced post reaches a kiosk:
// applied to a kiosk database of its own, made in a temporary folder under
// dir and removed after. A post the kiosk would refuse is an error.
func RenderPost(ctx context.Context, dir string, pv PostPreview) (image.Image, error) {
	post, ok := alliance.Canonical(pv.Post).(alliance.Post)
	if !ok {
		return nil, fmt.Errorf("preview post: not a post")
	}
	if err := post.Validate(); err != nil {
		return nil, fmt.Errorf("preview post: %w", err)
	}
	acc, ok := alliance.Canonical(pv.Account).(alliance.Account)
	if !ok || acc.ID != post.Account {
		return nil, fmt.Errorf("preview post: the account %q is not the post's %q", pv.Account.ID, post.Account)
	}
	if err := acc.Validate(); err != nil {
		return nil, fmt.Errorf("preview post account: %w", err)
	}
	if pv.Size.Width < 320 || pv.Size.Height < 240 {
		return nil, fmt.Errorf("preview post: a screen of %v is too small", pv.Size)
	}
	tmp, err := os.MkdirTemp(dir, "preview-")
	if err != nil {
		return nil, fmt.Errorf("preview post: %w", err)
	}
	defer os.RemoveAll(tmp)
	db, err := store.Open(filepath.Join(tmp, "kiosk.db"))
	if err != nil {
		return nil, fmt.Errorf("preview post: %w", err)
	}
	defer db.Close()
	changes := []store.Change{{Kind: alliance.KindAccount, ID: acc.ID, Content: acc}}
	var blobs []alliance.Blob
	for _, sha := range post.Images {
		data := pv.Images[sha]
		changes = append(changes, store.Change{Kind: alliance.KindBlob, ID: sha, Content: alliance.Blob{SHA256: sha, Size: int64(len(data))}})
		if data != nil {
			blobs = append(blobs, alliance.Blob{SHA256: sha, Data: data})
		}
	}
	changes = append(changes, store.Change{Kind: alliance.KindPost, ID: post.ID, Content: post})
	if err := db.ApplyChanges(ctx, changes, 1, false, false); err != nil {
		return nil, fmt.Errorf("preview post: %w", err)
	}
	if len(blobs) > 0 {
		if err := db.PutBlobs(ctx, blobs); err != nil {
			return nil, fmt.Errorf("preview post images: %w", err)
		}
	}
	// Language and 大字 as a kiosk's settings: New applies them with the
	// theme, in one go (each theme change makes Fyne load the fonts again).
	large := map[bool]string{true: "1", false: "0"}[pv.Large]
	for k, v := range map[string]string{store.SettingLanguage: string(pv.Lang), store.SettingLargeText: large} {
		if err := db.SetSetting(ctx, k, v); err != nil {
			return nil, fmt.Errorf("preview post: %w", err)
		}
	}

	previewMu.Lock()
	defer previewMu.Unlock()
	if fyne.CurrentApp() == nil {
		test.NewApp()
	}
	w := fyne.CurrentApp().NewWindow("")
	defer w.Close()
	w.Resize(pv.Size)
	a := New(db, w, nil)
	a.Do = func(fn func()) { fn() }
	at := pv.At
	if at.IsZero() {
		at = time.Now()
		if post.Published.After(at) {
			at = post.Published
		}
	}
	a.Now = func() time.Time { return at }
	a.push(a.readerScreen(post.ID))
	return w.Canvas().Capture(), nil
}
