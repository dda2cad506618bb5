package ui

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// touch records that someone is using the kiosk, and takes away the idle
// warning if it is up.
func (a *App) touch() {
	a.lastTouch = a.Now()
	if a.warning != nil {
		a.warning.Hide()
		a.warning = nil
	}
}

// Touch is touch for the kiosk's window events (keys typed, for example).
func (a *App) Touch() { a.touch() }

// IdleTimeout is how long the kiosk waits before warning.
func (a *App) IdleTimeout() time.Duration { return a.idle }

// SetIdleTimeout changes the idle time (staff setting; at least 15 s).
func (a *App) SetIdleTimeout(d time.Duration) {
	a.idle = max(d, 15*time.Second)
}

// Warning reports whether the 还在吗? warning is showing.
func (a *App) Warning() bool { return a.warning != nil }

// CheckIdle warns after the idle time, and IdleWarning later goes home,
// forgetting everything the last person entered. Home with nothing open
// needs neither.
func (a *App) CheckIdle(now time.Time) {
	idleFor := now.Sub(a.lastTouch)
	if a.warning == nil {
		if idleFor < a.idle || (len(a.stack) == 1 && a.Current() == "home") {
			return
		}
		a.showWarning(now)
		return
	}
	left := IdleWarning - now.Sub(a.warnedAt)
	if left <= 0 {
		a.warning.Hide()
		a.warning = nil
		a.lastTouch = now
		a.ShowHome()
		return
	}
	a.warnLabel.SetText(a.t("idle.left", int((left+time.Second-1)/time.Second)))
}

func (a *App) showWarning(now time.Time) {
	if a.Window == nil {
		return
	}
	a.warnedAt = now
	a.warnLabel = text(a.t("idle.left", int(IdleWarning/time.Second)))
	a.warnLabel.Alignment = fyne.TextAlignCenter
	title := heading(a.t("idle.title"))
	title.Alignment = fyne.TextAlignCenter
	stay := a.primary(a.t("idle.stay"), nil)
	stay.MinSide = fyne.NewSize(400, 140)
	content := container.NewVBox(title, a.warnLabel, container.NewCenter(stay))
	a.warning = widget.NewModalPopUp(atLeast(fyne.NewSize(700, 400), container.NewCenter(content)), a.Window.Canvas())
	a.warning.Show()
}
