package main

import (
	"bytes"
	"context"
	"fmt"
	"image/png"

	"fyne.io/fyne/v2"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/ui"
)

// kioskPreview draws the console's post previews with the kiosk's own
// reader screen (ui.RenderPost) on Fyne's software canvas: pure Go, no
// display and no OpenGL on the hub. It is the one place the hub's command
// joins the kiosk's screens to the console, which knows neither.
type kioskPreview struct {
	dir string // for the preview's temporary kiosk database ("" the system's)
}

// PreviewPost draws a post on a width×height kiosk screen, as a PNG.
func (k kioskPreview) PreviewPost(ctx context.Context, p alliance.Post, account alliance.Account, images map[string][]byte, width, height int) ([]byte, error) {
	img, err := ui.RenderPost(ctx, k.dir, ui.PostPreview{Post: p, Account: account, Images: images,
		Size: fyne.NewSize(float32(width), float32(height))})
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		return nil, fmt.Errorf("preview post %s: %w", p.ID, err)
	}
	return b.Bytes(), nil
}
