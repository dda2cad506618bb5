package ui

import (
	"image/color"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"
)

// touch records that someone is using the kiosk, and takes away the idle
// warning if it is up.
func (a *App) touch() {
	a.lastTouch = a.Now()
	if a.warning != nil {
		a.warning.Hide()
		a.warning = nil
		a.changedAt = a.lastTouch // the screen under it changed for her eyes
	}
	if a.attract != nil {
		a.attract.Hide()
		a.attract = nil
		a.changedAt = a.lastTouch
	}
}

// AttractAfter is how long home must stand untouched before the kiosk
// shows its invitation to the next person.
const AttractAfter = 5 * time.Minute

// Attracting reports whether the invitation screen is up.
func (a *App) Attracting() bool { return a.attract != nil }

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
	if idleFor < 0 {
		// The clock was set back (a sync put it on the hub's time): count
		// from now rather than wait out the difference.
		a.lastTouch, idleFor = now, 0
	}
	atHome := len(a.stack) == 1 && a.Current() == "home"
	if a.warning == nil {
		if atHome {
			if idleFor >= AttractAfter && a.attract == nil {
				a.showAttract()
			}
			return
		}
		if idleFor < a.idle {
			return
		}
		a.showWarning(now)
		return
	}
	if now.Before(a.warnedAt) {
		a.warnedAt = now // the clock was set back while warning
	}
	left := IdleWarning - now.Sub(a.warnedAt)
	if left <= 0 {
		a.warning.Hide()
		a.warning = nil
		a.lastTouch = now
		a.stopSpeech()
		a.restoreDefaults()
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
	a.warning = a.coverAll(content)
}

// coverAll shows content over the whole window: a tap anywhere on it,
// not only on its button and not only on a panel in its middle, counts as
// a touch and takes it away.
func (a *App) coverAll(content fyne.CanvasObject) *cover {
	c := &cover{content: content, onTouch: a.touch}
	c.ExtendBaseWidget(c)
	cv := a.Window.Canvas()
	cv.Overlays().Add(c)
	c.Resize(cv.Size())
	c.Move(fyne.NewPos(0, 0))
	c.canvas = cv
	return c
}

// cover is an overlay as large as the window (the idle warning, the
// invitation) that takes every touch as activity.
type cover struct {
	widget.BaseWidget
	content fyne.CanvasObject
	onTouch func()
	canvas  fyne.Canvas
}

// Hide takes the cover off the window.
func (c *cover) Hide() {
	if c.canvas != nil {
		c.canvas.Overlays().Remove(c)
	}
	c.BaseWidget.Hide()
}

func (c *cover) CreateRenderer() fyne.WidgetRenderer {
	bg := canvas.NewRectangle(Paper)
	bg.StrokeColor, bg.StrokeWidth = Ink, ButtonBorder
	// Full width, centred top to bottom: a wrapping line in a centring
	// container would shrink to a character a line.
	page := container.NewVBox(layout.NewSpacer(), c.content, layout.NewSpacer())
	return widget.NewSimpleRenderer(container.NewStack(bg, container.New(layout.NewCustomPaddedLayout(TargetGap, TargetGap, 4*TargetGap, 4*TargetGap), page)))
}

// Tapped counts a tap anywhere on the cover.
func (c *cover) Tapped(*fyne.PointEvent) { c.onTouch() }

// MouseDown counts a press that may become a drag.
func (c *cover) MouseDown(*desktop.MouseEvent) { c.onTouch() }

// MouseUp is part of desktop.Mouseable.
func (c *cover) MouseUp(*desktop.MouseEvent) {}

// Dragged counts a swipe.
func (c *cover) Dragged(*fyne.DragEvent) { c.onTouch() }

// DragEnd is part of fyne.Draggable.
func (c *cover) DragEnd() {}

// showAttract covers home with a large invitation: the alliance's name,
// the next events, and "touch to start". Any tap takes it away; the person
// who next touches starts in the kiosk's default language and text size.
func (a *App) showAttract() {
	if a.Window == nil {
		return
	}
	a.restoreDefaults()
	a.render()
	title := heading(a.t("attract.title"))
	title.Alignment = fyne.TextAlignCenter
	box := container.NewVBox(title)
	if evs, err := a.DB.UpcomingEvents(a.ctx(), a.home, 3); err == nil && len(evs) > 0 {
		l := text(a.t("attract.events"))
		l.Alignment = fyne.TextAlignCenter
		box.Add(l)
		for _, e := range evs {
			l := text(a.formatDate(e.Starts) + "  " + a.c(e.Title))
			l.Alignment = fyne.TextAlignCenter
			box.Add(l)
		}
	}
	start := a.primary(a.t("attract.touch"), func() { a.touch() })
	start.MinSide = fyne.NewSize(560, 140) // fits 1024 px; the canvas may not have its size yet
	box.Add(container.NewCenter(start))
	a.attract = a.coverAll(box)
}

// touchCatcher lies under a screen's controls: a touch on text, a picture
// or empty space counts as activity too, not only a tap on a button.
type touchCatcher struct {
	widget.BaseWidget
	onTouch func()
}

func (a *App) newTouchCatcher() *touchCatcher {
	c := &touchCatcher{onTouch: a.touch}
	c.ExtendBaseWidget(c)
	return c
}

func (c *touchCatcher) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(canvas.NewRectangle(color.Transparent))
}

// Tapped counts a tap.
func (c *touchCatcher) Tapped(*fyne.PointEvent) { c.onTouch() }

// MouseDown counts a press that may become a drag.
func (c *touchCatcher) MouseDown(*desktop.MouseEvent) { c.onTouch() }

// MouseUp is part of desktop.Mouseable.
func (c *touchCatcher) MouseUp(*desktop.MouseEvent) {}

// Dragged counts a swipe over text.
func (c *touchCatcher) Dragged(*fyne.DragEvent) { c.onTouch() }

// DragEnd is part of fyne.Draggable.
func (c *touchCatcher) DragEnd() {}
