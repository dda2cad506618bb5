package ui

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/shinan-alliance/alliance"
)

// tile is one of the home screen's big entries.
type tile struct {
	key  string // translation key of its label
	name string // screen name, for --screen and tests
	open func()
}

func (a *App) tiles() []tile {
	ts := []tile{
		{"tile.news", "news", func() { a.push(a.newsScreen()) }},
		{"tile.communities", "communities", func() { a.push(a.communitiesScreen()) }},
		{"tile.services", "services", func() { a.push(a.servicesScreen()) }},
		{"tile.events", "events", func() { a.push(a.eventsScreen(a.home)) }},
		{"tile.lessons", "lessons", func() { a.push(a.lessonsScreen()) }},
		{"tile.suggest", "suggest", func() { a.push(a.suggestScreen()) }},
		{"tile.places", "places", func() { a.push(a.placesScreen()) }},
		{"tile.records", "records", func() { a.push(a.recordsScreen()) }},
	}
	if a.Lessons == nil {
		ts = append(ts[:4], ts[5:]...)
	}
	return ts
}

func (a *App) homeScreen() *screen {
	return &screen{name: "home", title: func() string { return a.t("app.title") }, build: a.buildHome}
}

func (a *App) buildHome() fyne.CanvasObject {
	grid := container.NewGridWithColumns(4)
	for _, t := range a.tiles() {
		b := a.button(a.t(t.key), t.open)
		b.MinSide = fyne.NewSize(200, 150)
		b.Importance = widget.HighImportance
		grid.Add(b)
	}
	search := a.button("🔍 "+a.t("tile.search"), func() { a.push(a.searchScreen()) })
	search.Text = a.t("tile.search")
	staff := a.button(a.t("staff.corner"), func() { a.push(a.pinScreen()) })
	bottom := container.NewBorder(nil, nil, nil, staff, search)
	return container.NewBorder(nil, bottom, nil, nil, grid)
}

// header shows the home community, the date and time, and how fresh the
// content is.
func (a *App) header() fyne.CanvasObject {
	name := a.t("app.title")
	if acc, err := a.DB.Account(a.ctx(), a.home); err == nil {
		name = a.c(acc.Name)
	}
	a.clock = widget.NewLabel(a.clockText())
	fresh := a.t("fresh.none")
	if t, err := a.DB.ContentUpdated(a.ctx()); err == nil && !t.IsZero() {
		fresh = a.t("fresh.at", a.relative(t))
	}
	return container.NewVBox(heading(name), container.NewHBox(a.clock, widget.NewLabel(fresh)))
}

func (a *App) clockText() string { return a.formatTime(a.Now()) }

// Tick updates the clock and checks the idle timer; the kiosk calls it
// every second on the UI goroutine.
func (a *App) Tick() {
	if a.clock != nil {
		a.clock.SetText(a.clockText())
	}
	a.CheckIdle(a.Now())
}

// relative says when t was, as a resident would: 今天 02:00, 昨天 02:00, or
// a date.
func (a *App) relative(t time.Time) string {
	now := a.Now().In(alliance.Location)
	t = t.In(alliance.Location)
	day := func(x time.Time) time.Time {
		y, m, d := x.Date()
		return time.Date(y, m, d, 0, 0, 0, 0, alliance.Location)
	}
	switch day(now).Sub(day(t)) {
	case 0:
		return a.t("when.today", t.Format("15:04"))
	case 24 * time.Hour:
		return a.t("when.yesterday", t.Format("15:04"))
	}
	return a.formatDate(t)
}

// lessonsScreen shows the lessons player the kiosk set in Lessons.
func (a *App) lessonsScreen() *screen {
	return &screen{name: "lessons", title: func() string { return a.t("tile.lessons") }, build: func() fyne.CanvasObject {
		if a.Lessons == nil {
			return text(a.t("err.generic"))
		}
		return a.Lessons()
	}}
}
