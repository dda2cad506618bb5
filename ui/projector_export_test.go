package ui

import (
	"fyne.io/fyne/v2"

	"github.com/shinan-alliance/alliance/lessons"
)

// AudienceMinSize is the size the second screen's view of each step of
// the first lesson needs on a screen of the given size, the largest.
func AudienceMinSize(a *App, size fyne.Size) fyne.Size {
	l := a.learn.cur.Lessons[0]
	run := a.newRun(l, nil)
	run.present = true
	var most fyne.Size
	for i, s := range l.Steps {
		run.p.Goto(i)
		if s.Kind == lessons.Practice {
			run.p.ShowAnswer()
		}
		most = most.Max(a.audienceView(run, size).MinSize())
	}
	return most
}
