package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/shinan-alliance/alliance/lessons"
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
		// The content is made to fit the screen's size, and must not make
		// the window grow.
		a.proj, a.projSize = a.SecondScreen()
		if a.proj == nil {
			return
		}
	}
	a.proj.SetContent(a.audienceView(run, a.projSize))
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
	h := max(size.Height-190*th.scale(), 400)
	picSize := fyne.NewSize(h*9/16, h)
	var body fyne.CanvasObject
	if s := p.Step(); s.Kind == lessons.Practice && s.Image != "" {
		// What to do in large type, the phone beside it: nothing to
		// scroll or press on a screen nobody touches.
		l := p.Lesson()
		pic := newTapPicture(a.picture(l.Images[s.Image]), l.Images[s.Image], picSize)
		pic.areas = p.Highlight()
		words := container.NewVBox(a.feedbackLabel(run), heading(a.lt(s.Text)))
		addIf(words, a.safetyCard(s))
		body = container.NewBorder(nil, nil, nil, pic, words)
	} else {
		body = a.stepBody(run, picSize)
	}
	view := container.NewThemeOverride(container.NewPadded(container.NewBorder(top, nil, nil, nil, body)), th)
	return container.New(capLayout{size}, view)
}

// capLayout never asks for more than the screen it is shown on: a window
// grows to its content's minimum, and the projector's must stay the size
// of its screen (what does not fit is cut, not the window enlarged).
type capLayout struct{ max fyne.Size }

func (l capLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var m fyne.Size
	for _, o := range objs {
		m = m.Max(o.MinSize())
	}
	if l.max.Width > 0 && l.max.Height > 0 {
		m = m.Min(l.max)
	}
	return m
}

func (l capLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}
