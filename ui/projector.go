package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// The presenter on a second screen. When the kiosk has a second screen (a
// projector), presenting a lesson opens a window there (App.SecondScreen;
// cmd/kiosk finds the screen with xrandr and places the window with
// xdotool) showing what the class sees: the step, its words and the phone
// drawn as large as the screen allows, no controls. The trainer drives it
// from the kiosk's own screen, where the presenter keeps its controls.
// Leaving the presenter closes the window. With one screen the presenter
// shows in the kiosk's window, as before.

// ProjectorTitle is the title of the presenter's window on a second
// screen, by which cmd/kiosk finds it to place it.
const ProjectorTitle = "alliance-projector"

// projectorScreens are the screens during which the projector stays open.
var projectorScreens = map[string]bool{"presenter": true, "present-jump": true}

// Projector returns the presenter's window on a second screen while it is
// open, else nil (for tests).
func (a *App) Projector() fyne.Window { return a.proj }

// project shows the run's step on the second screen, opening its window
// the first time.
func (a *App) project(run *lessonRun) {
	if a.SecondScreen == nil {
		return
	}
	if a.proj == nil {
		a.proj = a.SecondScreen()
		if a.proj == nil {
			return
		}
	}
	a.proj.SetContent(a.audienceView(run, a.proj.Canvas().Size()))
}

// followProjector closes the projector's window once the presenter is left.
func (a *App) followProjector(screen string) {
	if a.proj != nil && !projectorScreens[screen] {
		a.proj.Close()
		a.proj = nil
	}
}

// audienceView is the step as the class sees it on a screen of the given
// size: its place in the lesson above, the step below with the phone
// filling the height.
func (a *App) audienceView(run *lessonRun, size fyne.Size) fyne.CanvasObject {
	th := NewTheme()
	th.Scale = a.theme.Scale * PresenterScale
	p := run.p
	title := widget.NewLabelWithStyle(a.lt(p.Lesson().Title)+"  ·  "+a.t("form.step", p.Index()+1, p.Len()), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.Truncation = fyne.TextTruncateEllipsis
	top := container.NewVBox(title, stepBar(p))
	// What the title and the step bar leave, with a margin.
	h := size.Height - 170*th.scale()
	if h < 480 {
		h = 480
	}
	body := a.stepBody(run, fyne.NewSize(h*9/16, h))
	return container.NewThemeOverride(container.NewPadded(container.NewBorder(top, nil, nil, nil, body)), th)
}
