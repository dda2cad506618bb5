package main

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/container"

	"github.com/shinan-alliance/alliance/ui"
)

// mainStart is when the program's own initialisation began, after the Go
// runtime and the libraries had initialised.
var mainStart = time.Now()

func main() {
	a := app.NewWithID("org.shinan.kiosk.emptywindow")
	w := a.NewWindow("empty")
	w.SetContent(container.NewStack())
	// An empty window has no size of its own, which X refuses: give it
	// that of the kiosk's --windowed mode before it goes full screen.
	w.Resize(fyne.NewSize(1280, 800))
	w.SetFullScreen(true)
	w.SetPadded(false)
	ui.ReportFirstFrames(w, a.Quit, mainStart)
	w.ShowAndRun()
}
