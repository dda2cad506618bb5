package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Assisted mode: staff fill a form (a sign-up, a suggestion, a call-back
// request) for a resident at the kiosk. It opens from the staff panel,
// after the staff PIN, once staff have written their name; every record
// saved while it lasts names them (AssistedBy, which travels to the hub
// and its audit log), every screen shows 协助模式 · 某某代填 above it, and
// it ends at home: 首页, the receipt's 首页 and the idle reset all go
// there.

// maxAssistName is the longest name staff may give (the records allow 40
// characters; a name is a few).
const maxAssistName = 20

// startAssist asks staff for their name on the input panel, then opens
// assisted mode.
func (a *App) startAssist() {
	a.openInput(inputRequest{title: a.t("assist.who"), max: maxAssistName, done: func(v string) {
		if v = strings.TrimSpace(a.simplified(v)); v != "" {
			a.StartAssisted(v)
		}
	}})
}

// StartAssisted opens assisted mode for staff named by: home, and over it
// the forms staff may fill in. Staff reach it through the staff panel only.
func (a *App) StartAssisted(by string) {
	a.ShowHome()
	a.assistedBy = by
	a.push(a.assistScreen())
}

// AssistedBy names who fills forms in assisted mode; "" when it is off.
func (a *App) AssistedBy() string { return a.assistedBy }

// assistScreen is where assisted mode starts: the forms staff may fill in
// for a resident, and 结束协助.
func (a *App) assistScreen() *screen {
	return &screen{name: "assist", title: func() string { return a.t("assist.title") }, build: func() fyne.CanvasObject {
		tile := func(key string, open func()) fyne.CanvasObject {
			b := a.button(strings.Split(a.t(key), "\n")[0], open)
			b.MinSide = fyne.NewSize(0, 2*MinTarget)
			return b
		}
		grid := container.NewGridWithColumns(3,
			tile("tile.events", func() { a.push(a.eventsScreen(a.home)) }),
			tile("tile.suggest", func() { a.push(a.suggestScreen()) }),
			tile("tile.services", func() { a.push(a.servicesScreen()) }))
		end := a.button(a.t("assist.end"), a.ShowHome)
		end.MinSide = navSize
		return container.NewBorder(nil, container.NewBorder(nil, nil, nil, end), nil, nil,
			container.NewVBox(text(a.t("assist.intro", a.assistedBy)), grid))
	}}
}

// assistBanner marks the top bar while assisted mode lasts: a yellow band
// behind it, and 协助模式 · 某某代填 before the screen's title (in body
// size, so more of it shows where the bar is narrow; the band shows even
// where the words are cut).
func (a *App) assistBanner(top fyne.CanvasObject, title *widget.Label) fyne.CanvasObject {
	if a.assistedBy == "" {
		return top
	}
	title.SetText(a.t("assist.banner", a.assistedBy) + " · " + title.Text)
	title.SizeName = theme.SizeNameText
	band := canvas.NewRectangle(Highlight)
	band.CornerRadius = 8
	return container.NewStack(band, top)
}
