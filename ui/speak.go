package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"github.com/shinan-alliance/alliance/speech"
)

// Speaker reads text aloud (朗读); *speech.Reader is one. The kiosk sets
// App.Speech when an engine is installed; nil hides every 朗读 button.
type Speaker interface {
	Read(text string, rate speech.Rate, onDone func(error))
	Stop()
}

// readAloud is the 朗读 and 慢读 pair for text: each reads it (normal or
// slow) and, while it reads, turns into 停止. Leaving the screen, or the
// idle reset, stops it (see App.render).
func (a *App) readAloud(text string) fyne.CanvasObject {
	if a.Speech == nil || text == "" {
		return container.NewHBox()
	}
	row := container.NewHBox()
	var normal, slow *BigButton
	var reading *BigButton // the button now reading, nil when silent
	reset := func() {
		normal.SetText(a.t("speak.read"))
		slow.SetText(a.t("speak.slow"))
		reading = nil
	}
	start := func(b *BigButton, rate speech.Rate) {
		if reading == b {
			a.stopSpeech()
			reset()
			return
		}
		reset()
		reading = b
		b.SetText(a.t("speak.stop"))
		a.speaking = true
		sp := a.Speech
		go sp.Read(text, rate, func(error) { // Read first stops the text before, which may take a moment
			a.do(func() {
				if reading == b {
					reset()
				}
			})
		})
	}
	normal = a.button(a.t("speak.read"), func() { start(normal, speech.Normal) })
	slow = a.button(a.t("speak.slow"), func() { start(slow, speech.Slow) })
	row.Add(normal)
	row.Add(slow)
	return row
}

// stopSpeech silences whatever is being read.
func (a *App) stopSpeech() {
	if a.Speech != nil && a.speaking {
		a.speaking = false
		go a.Speech.Stop() // Stop waits until silent: not on the UI goroutine
	}
}
