package ui

import (
	"log/slog"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/store"
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
		grid.Add(a.tileButton(a.t(t.key), t.open))
	}
	search := a.button(a.t("tile.search"), func() { a.push(a.searchScreen()) })
	staff := a.button(a.t("staff.corner"), func() { a.push(a.pinScreen()) })
	bottom := container.NewBorder(nil, nil, nil, staff, search)
	top := fyne.CanvasObject(nil)
	if msgs := a.homeMessages(); len(msgs) > 0 {
		row := container.NewGridWithColumns(len(msgs))
		for _, p := range msgs {
			row.Add(a.messageButton(p))
		}
		top = row
	}
	return container.NewBorder(top, bottom, nil, nil, grid)
}

// tileButton is a home tile: a main-action button with its label's lines
// drawn centred without the label's padding, so two lines fit the
// smallest tile height (MinTarget) even with 大字.
func (a *App) tileButton(label string, open func()) fyne.CanvasObject {
	b := a.button("", open)
	b.Name = label
	b.Importance = widget.HighImportance
	lines := container.New(layout.NewCustomPaddedVBoxLayout(0))
	size := a.theme.Size(theme.SizeNameText)
	for _, l := range strings.Split(label, "\n") {
		t := canvas.NewText(l, OnAction)
		t.TextSize = size
		t.Alignment = fyne.TextAlignCenter
		lines.Add(t)
	}
	pad := a.theme.Size(theme.SizeNameInnerPadding)
	return container.NewStack(b, container.New(layout.NewCustomPaddedLayout(0, 0, pad, pad), container.NewCenter(lines)))
}

// homeMessageCount is how many notices home shows above its tiles.
const homeMessageCount = 2

// homeMessages are the notices home shows above its tiles: pinned posts
// first, then the home community's newest notice.
func (a *App) homeMessages() []store.PostSummary {
	ctx := a.ctx()
	pinned, err := a.DB.PinnedPosts(ctx, homeMessageCount)
	if err != nil {
		slog.Error("home: pinned posts", "err", err)
	}
	out := pinned
	if len(out) == homeMessageCount {
		out = out[:homeMessageCount-1] // room for the newest local notice
	}
	// Pinned posts come first in the list: past them is the newest notice.
	local, err := a.DB.PostsByAccount(ctx, a.home, store.Page{Limit: homeMessageCount + 5})
	if err != nil {
		slog.Error("home: newest notice", "err", err)
	}
	for _, p := range local.Posts {
		if len(out) == homeMessageCount {
			break
		}
		if !p.Pinned { // a pinned one is shown first already, or left out for this
			out = append(out, p)
		}
	}
	return out
}

// messageButton is a notice on home in one line: 【置顶】 or 本社区最新,
// the date and the title, cut short with … when long; tapped to read.
func (a *App) messageButton(p store.PostSummary) fyne.CanvasObject {
	tag := a.t("home.local")
	if p.Pinned {
		tag = a.t("news.pinned")
	}
	l := widget.NewLabel(tag + " " + a.shortDate(p.Published) + "  " + a.c(p.Title))
	l.Truncation = fyne.TextTruncateEllipsis
	b := a.button("", func() { a.push(a.readerScreen(p.ID)) })
	b.Name = a.c(p.Title)
	return container.NewStack(b, l)
}

// shortDate is a date without the year: 11月29日.
func (a *App) shortDate(t time.Time) string {
	t = t.In(alliance.Location)
	if a.lang == alliance.English {
		return t.Format("2 Jan")
	}
	return t.Format("1月2日")
}

// header shows the home community, the date and time, and when content
// last arrived (the last sync or import, by date and time: 今天 would read
// as if the notices were new).
func (a *App) header() fyne.CanvasObject {
	name := a.t("app.title")
	if acc, err := a.DB.Account(a.ctx(), a.home); err == nil {
		name = a.c(acc.Name)
	}
	a.fresh = a.t("fresh.none")
	if t, err := a.DB.ContentUpdated(a.ctx()); err == nil && !t.IsZero() {
		a.fresh = a.t("fresh.at", a.shortDate(t)+" "+t.In(alliance.Location).Format("15:04"))
	}
	a.clock = text(a.clockText())
	return container.New(layout.NewCustomPaddedVBoxLayout(0), heading(name), a.clock)
}

// clockText is the date and time, and under it when content last arrived.
func (a *App) clockText() string { return a.formatTime(a.Now()) + "\n" + a.fresh }

// widthScreens are the screens laid out for the window's width, built
// again when it changes; the others are left alone, so a press never meets
// a screen being rebuilt.
var widthScreens = map[string]bool{"staff": true, "staff-pin": true, "communities": true}

// Tick updates the clock and checks the idle timer; the kiosk calls it
// every second on the UI goroutine.
func (a *App) Tick() {
	if a.clock != nil {
		a.clock.SetText(a.clockText())
	}
	if a.Window != nil {
		// Screens are laid out for the window's width (gridFor, the staff
		// panel's columns): built before the window went full screen, or
		// on another screen, they are built again for this one.
		if size := a.Window.Canvas().Size(); size != a.builtFor {
			a.builtFor = size
			if widthScreens[a.Current()] {
				settled := a.changedAt // the same screen: a tap under way still counts
				a.render()
				a.changedAt = settled
			}
		}
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
