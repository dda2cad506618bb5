package ui

import (
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/shinan-alliance/alliance"
)

// A class day is chosen by taps: a day or a week back or on, today, or a
// month calendar. Any day can be chosen, so last week's class can be
// recorded after the fact.

// today is the kiosk's date in district time, at midnight.
func (a *App) today() time.Time {
	return dayOf(a.Now())
}

// dayOf is t's date in district time, at midnight.
func dayOf(t time.Time) time.Time {
	y, m, d := t.In(alliance.Location).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, alliance.Location)
}

// dayText is "11月27日 星期五", with （今天）, （昨天） or （明天） when it is, and
// the year when it is not this year's.
func (a *App) dayText(day time.Time) string {
	day = dayOf(day)
	today := a.today()
	s := a.formatDate(day)
	if a.lang != alliance.English && day.Year() == today.Year() {
		s = day.Format("1月2日")
	}
	s += " " + a.t("weekday."+strconv.Itoa(int(day.Weekday())))
	switch int(day.Sub(today).Hours() / 24) {
	case 0:
		s += a.t("trainer.is_today")
	case -1:
		s += a.t("trainer.is_yesterday")
	case 1:
		s += a.t("trainer.is_tomorrow")
	}
	return s
}

// dayPicker shows the chosen day in words and moves it by taps: a day or
// a week back or on, today, the month calendar.
func (a *App) dayPicker(day *time.Time) fyne.CanvasObject {
	move := func(days int) func() {
		return func() { *day = dayOf(day.AddDate(0, 0, days).Add(12 * time.Hour)); a.render() }
	}
	shown := heading(a.dayText(*day))
	row := container.NewGridWithColumns(3,
		a.button(a.t("date.prev_day"), move(-1)), a.button(a.t("date.today"), func() { *day = a.today(); a.render() }),
		a.button(a.t("date.next_day"), move(1)),
		a.button(a.t("date.prev_week"), move(-7)), a.button(a.t("date.calendar"), func() { a.push(a.calendarScreen(day)) }),
		a.button(a.t("date.next_week"), move(7)))
	return container.NewVBox(shown, row)
}

// calendarScreen is a month calendar: a tap on a day chooses it and goes
// back; 上个月 and 下个月 turn the page.
func (a *App) calendarScreen(day *time.Time) *screen {
	month := time.Date(day.Year(), day.Month(), 1, 0, 0, 0, 0, alliance.Location)
	return &screen{name: "trainer-calendar", title: func() string { return a.t("date.pick") }, build: func() fyne.CanvasObject {
		prev := a.button(a.t("date.prev_month"), func() { month = month.AddDate(0, -1, 0); a.render() })
		next := a.button(a.t("date.next_month"), func() { month = month.AddDate(0, 1, 0); a.render() })
		title := heading(a.monthText(month))
		title.Alignment = fyne.TextAlignCenter
		grid := container.NewGridWithColumns(7)
		for i := range 7 { // 一 … 日: weeks start on Monday
			w := text(a.t("weekday.short." + strconv.Itoa((i+1)%7)))
			w.Alignment = fyne.TextAlignCenter
			grid.Add(w)
		}
		for range (int(month.Weekday()) + 6) % 7 {
			grid.Add(container.NewStack())
		}
		today, chosen := a.today(), dayOf(*day)
		for d := month; d.Month() == month.Month(); d = d.AddDate(0, 0, 1) {
			b := a.button(strconv.Itoa(d.Day()), func() { *day = d; a.Back() })
			b.Name = d.Format(time.DateOnly)
			if d.Equal(today) {
				b.Importance = widget.WarningImportance // 今天, as the line above says
			}
			if d.Equal(chosen) {
				b.SetChosen(true)
			}
			grid.Add(b)
		}
		top := container.NewVBox(container.NewBorder(nil, nil, prev, next, title), text(a.t("date.today_is", a.dayText(today))))
		return container.NewBorder(top, nil, nil, nil, a.vscroll(grid))
	}}
}

// monthText is "2026年11月".
func (a *App) monthText(t time.Time) string {
	if a.lang == alliance.English {
		return t.Format("January 2006")
	}
	return t.Format("2006年1月")
}
