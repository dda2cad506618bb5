package ui

import (
	"context"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/internal/chinese"
	"github.com/shinan-alliance/alliance/internal/printing"
	"github.com/shinan-alliance/alliance/internal/usbdrive"
	"github.com/shinan-alliance/alliance/store"
)

// Defaults for settings staff may change.
const (
	DefaultIdle = 180 * time.Second // on forms and lessons as anywhere: reading a notice takes time
	IdleWarning = 30 * time.Second  // how long 还在吗? waits for a touch
	// ScreenSettle is how long taps are ignored after the screen changed:
	// the second touch of a trembling double tap must not press what
	// appeared under the finger.
	ScreenSettle   = 500 * time.Millisecond
	ConsentVersion = "kiosk-consent-1"
)

// App is the kiosk's screens over one database and one window. Build it
// with New; everything a resident entered lives in the screens on its
// stack, so dropping the stack (idle reset) forgets it all.
type App struct {
	DB     *store.DB
	Window fyne.Window
	// Lessons builds the smartphone lessons screen (the lessons player);
	// while it is nil the 学用手机 tile is hidden.
	Lessons func() fyne.CanvasObject
	// Syncer runs sync for the staff panel; nil shows 未连接中心.
	Syncer Syncer
	// OnSyncHour, if set, is told when staff choose another hour for the
	// nightly sync (the setting is already saved).
	OnSyncHour func(hour int)
	// Quit leaves the kiosk, from the staff panel only; nil hides the button.
	Quit func()
	// Do runs a function on the UI goroutine; work done in the background
	// reports back through it (nil: fyne.Do). Tests replace it to run the
	// callbacks when they choose.
	Do func(func())
	// Now is the clock: by default the store's, which is the hub's time
	// once the kiosk has synced (store.DB.Now), so event windows and the
	// clock on screen are right even when the kiosk's own clock is not.
	// Tests replace it.
	Now func() time.Time
	// Speech reads text aloud (朗读); nil hides the 朗读 buttons.
	Speech Speaker
	// Printer prints the trainers' pages; nil: the system's default
	// CUPS queue. Drives finds USB sticks for exports; nil: under /media
	// and /run/media. Tests give their own.
	Printer *printing.Printer
	Drives  *usbdrive.Finder
	// SecondScreen, if set, opens a window on a second screen (a
	// projector) for the presenter and gives the screen's size, or returns
	// nil when there is none: the presenter then shows in the kiosk's own
	// window (see projector.go).
	SecondScreen func() (fyne.Window, fyne.Size)

	lang      alliance.Lang
	theme     *Theme
	idle      time.Duration
	home      string // home community id
	kioskID   string
	stack     []*screen
	lastTouch time.Time
	// The kiosk's defaults, set by staff; a resident's own choice of
	// language and text size lasts until the idle reset.
	defLang   alliance.Lang
	defLarge  bool
	attract   *cover
	warning   *cover
	warnLabel *widget.Label
	warnedAt  time.Time
	builtFor  fyne.Size // the window's size the screen was last laid out for (Tick)
	clock     *widget.Label
	fresh     string      // when content last arrived, beside the clock
	learn     *learnState // lessons and classes, set by EnableLessons
	// search runs a search; nil: the store's. Tests replace it.
	search func(context.Context, store.SearchQuery) ([]store.Hit, error)
	// lookupMisses counts wrong receipt-and-PIN lookups in a row; after
	// maxLookupMisses the kiosk waits lookupPause (see records.go).
	lookupMisses   int
	lookupPausedTo time.Time
	// shown is the screen last drawn and changedAt when the window last
	// changed (see ScreenSettle); speaking whether 朗读 may be reading.
	shown     *screen
	changedAt time.Time
	speaking  bool
	// The message of the form step shown, and its label (fieldChanged).
	stepMsg      *string
	stepMsgLabel *widget.Label
	// proj is the presenter's window on a second screen, while open, and
	// the size it opened with.
	proj     fyne.Window
	projSize fyne.Size
	// assistedBy names the staff member or trainer filling forms for a
	// resident (assisted mode, after their PIN); "" when she is alone.
	assistedBy string
}

// screen is one entry of the navigation stack. build is called again on a
// language or text-size switch; the state it shows lives in its closure.
type screen struct {
	name  string
	title func() string
	build func() fyne.CanvasObject
	input *inputState // the input panel's, on its screen
}

// New builds the kiosk over db in w, reading its settings, and shows home.
// th is the theme the app uses (nil: a new one); 大字 changes its Scale.
func New(db *store.DB, w fyne.Window, th *Theme) *App {
	if th == nil {
		th = NewTheme()
	}
	a := &App{DB: db, Window: w, Now: func() time.Time { return db.Now() }, theme: th, idle: DefaultIdle}
	ctx := context.Background()
	get := func(k string) string {
		v, err := db.Setting(ctx, k)
		if err != nil {
			slog.Error("read setting", "key", k, "err", err)
		}
		return v
	}
	a.lang = alliance.ParseLang(get(store.SettingLanguage))
	a.defLang = a.lang
	if n, err := strconv.Atoi(get(store.SettingIdleSeconds)); err == nil && n >= 15 {
		a.idle = time.Duration(n) * time.Second
	}
	if get(store.SettingLargeText) == "1" {
		a.theme.Scale = LargeTextScale
		a.defLarge = true
	}
	syncState, _ := db.SyncState(ctx)
	a.home = get(store.SettingHomeCommunity)
	if a.home == "" {
		a.home = syncState[store.StateCommunity] // the community the kiosk was enrolled for
	}
	if a.home == "" {
		if offices, err := db.CommunitiesByStreetOffice(ctx); err == nil && len(offices) > 0 && len(offices[0].Communities) > 0 {
			a.home = offices[0].Communities[0].ID
		}
	}
	a.kioskID = syncState[store.StateKioskID] // empty until the kiosk joins a hub; the hub knows it by its token anyway
	if app := fyne.CurrentApp(); app != nil {
		app.Settings().SetTheme(a.theme)
	}
	a.lastTouch = a.Now()
	a.ShowHome()
	return a
}

// Lang is the language the kiosk shows now.
func (a *App) Lang() alliance.Lang { return a.lang }

// t translates a resident-facing string.
func (a *App) t(key string, args ...any) string { return T(a.lang, key, args...) }

// c shows content text in the resident's script.
func (a *App) c(s string) string { return chinese.Script(a.lang, s) }

func (a *App) ctx() context.Context { return context.Background() }

// button makes a BigButton that counts as a touch for the idle timer.
func (a *App) button(label string, fn func()) *BigButton {
	b := NewBigButton(label, func() {
		a.touch()
		if fn != nil {
			fn()
		}
	})
	b.Now = func() time.Time { return a.Now() }
	b.Ready = a.settledScreen
	return b
}

// settledScreen reports whether the screen has stood long enough for a
// tap to count (ScreenSettle).
func (a *App) settledScreen() bool {
	d := a.Now().Sub(a.changedAt)
	return d < 0 || d >= ScreenSettle
}

// listButton is a button for a list item whose label may be long: the
// label wraps across lines instead of widening the screen.
func (a *App) listButton(label string, fn func()) fyne.CanvasObject {
	b := a.button("", fn)
	b.Name = label
	l := text(label)
	return container.NewStack(b, container.NewPadded(l))
}

// primary is a button for the main action of a screen.
func (a *App) primary(label string, fn func()) *BigButton {
	b := a.button(label, fn)
	b.Importance = widget.HighImportance
	return b
}

// chips is a row of choices; the chosen one is drawn as a main action.
func (a *App) chips(labels []string, chosen int, cols int, pick func(int)) fyne.CanvasObject {
	return a.chipsIn(container.NewGridWithColumns(cols), labels, chosen, pick)
}

// chipsIn is chips laid out in grid.
func (a *App) chipsIn(grid *fyne.Container, labels []string, chosen int, pick func(int)) fyne.CanvasObject {
	var bs []*BigButton
	for i, l := range labels {
		b := a.button(l, nil)
		b.ChosenWord = a.t("chosen") // the rows of chips stand above a scroll: room for the word
		b.OnTapped = func() {
			a.touch()
			for j, o := range bs {
				o.SetChosen(j == i)
			}
			pick(i)
		}
		b.SetChosen(i == chosen)
		bs = append(bs, b)
		grid.Add(b)
	}
	return grid
}

// push shows a new screen on top of the current one.
func (a *App) push(s *screen) {
	a.stack = append(a.stack, s)
	a.render()
}

// replace swaps the current screen for s (a receipt replaces its form, so
// 返回 does not lead back into a sent form).
func (a *App) replace(s *screen) {
	if len(a.stack) > 0 {
		a.stack = a.stack[:len(a.stack)-1]
	}
	a.push(s)
}

// Back returns to the previous screen.
func (a *App) Back() {
	if len(a.stack) > 1 {
		a.stack = a.stack[:len(a.stack)-1]
	}
	a.render()
}

// ShowHome drops every screen and shows home; assisted mode ends there.
func (a *App) ShowHome() {
	a.assistedBy = ""
	a.stack = []*screen{a.homeScreen()}
	a.render()
}

// Current names the screen shown now.
func (a *App) Current() string {
	if len(a.stack) == 0 {
		return ""
	}
	return a.stack[len(a.stack)-1].name
}

// render rebuilds the current screen in the window.
func (a *App) render() {
	if a.Window == nil || len(a.stack) == 0 {
		return
	}
	s := a.stack[len(a.stack)-1]
	a.stepMsg, a.stepMsgLabel = nil, nil
	if s != a.shown {
		a.stopSpeech() // she left the screen it was reading
		a.shown = s
	}
	a.changedAt = a.Now()
	a.builtFor = a.Window.Canvas().Size()
	a.Window.SetContent(fitRoot(a.frame(s)))
	a.followProjector(s.name)
}

// SetLang switches language at once, for the person at the kiosk: the
// next person starts again in the kiosk's default (see SetDefaults).
func (a *App) SetLang(l alliance.Lang) {
	a.lang = l
	a.render()
}

// SetLargeText turns 大字 on or off for the person at the kiosk.
func (a *App) SetLargeText(on bool) {
	a.applyLarge(on)
	a.render()
}

func (a *App) applyLarge(on bool) {
	a.theme.Scale = 1
	if on {
		a.theme.Scale = LargeTextScale
	}
	if app := fyne.CurrentApp(); app != nil {
		app.Settings().SetTheme(a.theme)
	}
}

// SetDefaults sets, and saves, the language and text size every person
// starts with (staff panel).
func (a *App) SetDefaults(l alliance.Lang, large bool) {
	a.defLang, a.defLarge = l, large
	v := map[bool]string{true: "1", false: "0"}[large]
	if err := a.DB.SetSetting(a.ctx(), store.SettingLanguage, string(l)); err != nil {
		slog.Error("save language", "err", err)
	}
	if err := a.DB.SetSetting(a.ctx(), store.SettingLargeText, v); err != nil {
		slog.Error("save text size", "err", err)
	}
	a.lang = l
	a.applyLarge(large)
	a.render()
}

// restoreDefaults puts back the kiosk's language and text size for the
// next person.
func (a *App) restoreDefaults() {
	a.lang = a.defLang
	a.applyLarge(a.defLarge)
}

// LargeText tells whether 大字 is on.
func (a *App) LargeText() bool { return a.theme.Scale > 1 }

// frame puts a screen under the bar every screen shares: 返回 and 首页 at
// the top left (home shows its header there instead), the title, and the
// language and text-size switches at the top right.
func (a *App) frame(s *screen) fyne.CanvasObject {
	body := s.build()
	switches := a.switches()
	var top fyne.CanvasObject
	if s.name == "home" {
		top = container.NewBorder(nil, nil, nil, switches, a.header())
	} else {
		back := a.button(a.t("nav.back"), a.Back)
		home := a.button(a.t("nav.home"), a.ShowHome)
		for _, b := range []*BigButton{back, home} {
			b.MinSide = fyne.NewSize(150, MinTarget)
			b.Importance = widget.HighImportance
		}
		title := heading(strings.Split(s.title(), "\n")[0])
		title.Wrapping, title.Truncation = fyne.TextWrapOff, fyne.TextTruncateEllipsis
		top = a.assistBanner(container.NewBorder(nil, nil, container.NewHBox(back, home), switches, title), title)
	}
	page := container.NewPadded(container.NewBorder(container.NewVBox(top, widget.NewSeparator()), nil, nil, nil, body))
	return container.NewStack(a.newTouchCatcher(), page)
}

// switches are 简 繁 EN and 大字, on every screen.
func (a *App) switches() fyne.CanvasObject {
	row := container.NewHBox()
	for _, l := range alliance.Langs {
		b := a.button(T(l, "lang.name"), func() { a.SetLang(l) })
		b.SetChosen(l == a.lang)
		row.Add(b)
	}
	big := a.button(a.t("nav.large"), func() { a.SetLargeText(!a.LargeText()) })
	big.SetChosen(a.LargeText())
	row.Add(big)
	return row
}

// scroll puts a long body in a vertical scroll.
func (a *App) scroll(objs ...fyne.CanvasObject) fyne.CanvasObject {
	return a.vscroll(container.NewVBox(objs...))
}

// vscroll scrolls content with big ▲ and ▼ buttons beside it: swiping is
// a drag, which unsteady hands must never need.
func (a *App) vscroll(content fyne.CanvasObject) fyne.CanvasObject {
	s := container.NewVScroll(content)
	s.OnScrolled = func(fyne.Position) { a.touch() } // reading down a long notice is using the kiosk
	step := func(dir float32) {
		y := s.Offset.Y + dir*s.Size().Height*0.8
		y = min(y, content.MinSize().Height-s.Size().Height)
		s.ScrollToOffset(fyne.NewPos(0, max(y, 0)))
	}
	up := a.button("▲", func() { step(-1) })
	down := a.button("▼", func() { step(1) })
	for _, b := range []*BigButton{up, down} {
		b.MinSide = fyne.NewSquareSize(MinTarget)
	}
	return container.NewBorder(nil, nil, nil, container.NewBorder(up, down, nil, nil), s)
}

// spacer is an empty stretch.
func spacer() fyne.CanvasObject { return layout.NewSpacer() }

// failed is what a resident sees when something could not be read or
// saved: no technical detail, just what to do.
func (a *App) failed(err error) fyne.CanvasObject {
	slog.Error("screen", "err", err)
	return text(a.t("err.generic"))
}

// formatDate shows a date the way residents say it.
func (a *App) formatDate(t time.Time) string {
	t = t.In(alliance.Location)
	if a.lang == alliance.English {
		return t.Format("2 Jan 2006")
	}
	return t.Format("2006年1月2日")
}

// formatTime shows a date with its time and weekday.
func (a *App) formatTime(t time.Time) string {
	t = t.In(alliance.Location)
	wd := a.t("weekday." + strconv.Itoa(int(t.Weekday())))
	if a.lang == alliance.English {
		return t.Format("Mon 2 Jan 15:04")
	}
	return t.Format("1月2日") + " " + wd + " " + t.Format("15:04")
}
