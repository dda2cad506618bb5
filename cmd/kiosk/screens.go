package main

import (
	"context"
	"log/slog"
	"os"
	"time"

	"fyne.io/fyne/v2"

	"github.com/shinan-alliance/alliance/internal/xrandr"
	"github.com/shinan-alliance/alliance/ui"
)

// monitors returns the display's screens: given by hand (--monitors), or
// read with xrandr. Without a display or xrandr it is one screen, said
// once in the log.
func (m *Main) monitors(ctx context.Context) []xrandr.Monitor {
	if m.Monitors != "" {
		mons, err := xrandr.ParseGeometry(m.Monitors)
		if err != nil {
			slog.Error("--monitors", "err", err)
			return nil
		}
		return mons
	}
	if os.Getenv("DISPLAY") == "" {
		return nil
	}
	mons, err := xrandr.List(ctx)
	if err != nil {
		slog.Info("one screen assumed", "err", err)
		return nil
	}
	return mons
}

// placeWindows puts the kiosk on its own screen and, when there is a
// second one, lets the presenter open a window there (ui.ProjectorTitle),
// each placed with xdotool and made as large as its screen. It reports
// whether the kiosk's window was placed (else it goes full screen as
// usual).
func (m *Main) placeWindows(ctx context.Context, a fyne.App, w fyne.Window, k *ui.App) bool {
	own, second, ok := xrandr.Second(m.monitors(ctx))
	if !ok {
		return false
	}
	slog.Info("second screen for the presenter", "kiosk", own.String(), "presenter", second.String())
	title := w.Title()
	w.Resize(fyne.NewSize(float32(own.W), float32(own.H)))
	go func() {
		if err := xrandr.Place(ctx, title, own, 20*time.Second); err != nil {
			slog.Error("place the kiosk on its screen", "err", err)
		}
	}()
	k.SecondScreen = func() (fyne.Window, fyne.Size) {
		pw := a.NewWindow(ui.ProjectorTitle)
		pw.SetPadded(false)
		pw.SetCloseIntercept(func() {}) // closed by the kiosk when the presenter is left
		size := fyne.NewSize(float32(second.W), float32(second.H))
		pw.Resize(size)
		pw.Show()
		go func() {
			if err := xrandr.Place(ctx, ui.ProjectorTitle, second, 10*time.Second); err != nil {
				slog.Error("place the presenter on the second screen", "err", err)
			}
		}()
		return pw, size
	}
	return true
}
