package ui

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/internal/report"
	"github.com/shinan-alliance/alliance/internal/staffpin"
	"github.com/shinan-alliance/alliance/internal/version"
	"github.com/shinan-alliance/alliance/store"
)

// SyncStatus is what the staff panel shows about sync.
type SyncStatus struct {
	Hub         string    // hub URL; empty: not joined
	HubPin      string    // the hub's key fingerprint the kiosk pinned; empty: the system trusts the hub
	LastSuccess time.Time // zero: never
	LastError   string
	NextRun     time.Time
	Pending     int // records waiting to upload
}

// Syncer is the kiosk side of sync as the staff panel needs it; the mirror
// package implements it. A nil Syncer shows 未连接中心.
type Syncer interface {
	Status(ctx context.Context) (SyncStatus, error)
	SyncNow(ctx context.Context, progress func(done, total int)) error
	Join(ctx context.Context, hubURL, code string) error
}

// CheckPIN checks a staff PIN (see package staffpin), enforcing and
// extending the lockout. It returns whether the PIN must be changed now;
// the trainers' PIN is a wrong one here.
func (a *App) CheckPIN(pin string) (mustChange bool, err error) {
	role, must, err := a.Unlock(pin)
	if err == nil && role != staffpin.RoleStaff {
		return false, staffpin.ErrWrong
	}
	return must, err
}

// Unlock checks a PIN against the staff PIN and the trainers' PIN, under
// one lockout, by the kiosk's clock, and says which it opens.
func (a *App) Unlock(pin string) (role staffpin.Role, mustChange bool, err error) {
	return a.pins().Unlock(a.ctx(), pin)
}

// ChangePIN stores a new staff PIN.
func (a *App) ChangePIN(pin string) error { return a.setPIN(staffpin.RoleStaff, pin) }

// SetTrainerPIN stores the trainers' PIN (staff panel). It must differ
// from the staff PIN, or trainers would open the staff panel.
func (a *App) SetTrainerPIN(pin string) error { return a.setPIN(staffpin.RoleTrainer, pin) }

func (a *App) setPIN(role staffpin.Role, pin string) error {
	return a.pins().Set(a.ctx(), role, pin)
}

func (a *App) pins() *staffpin.Lock { return &staffpin.Lock{DB: a.DB, Now: a.Now} }

// pinScreen asks for the staff PIN on the keypad.
func (a *App) pinScreen() *screen {
	pin, msg := "", ""
	return &screen{name: "pin", title: func() string { return a.t("staff.title") }, build: func() fyne.CanvasObject {
		pad := a.keypad("", 12, func(v string) { pin = v })
		pad.Mask = true
		pad.Beside = true
		errLabel := text(msg)
		errLabel.Importance = widget.DangerImportance
		ok := a.primary(a.t("staff.enter"), func() {
			role, must, err := a.Unlock(pin)
			pin = ""
			switch {
			case errors.Is(err, staffpin.ErrLocked):
				msg = a.t("staff.locked")
			case errors.Is(err, staffpin.ErrWrong):
				msg = a.t("staff.wrong")
			case err != nil:
				msg = a.t("err.generic")
				slog.Error("check staff pin", "err", err)
			case must:
				a.replace(a.changePINScreen(true, staffpin.RoleStaff))
				return
			case role == staffpin.RoleTrainer:
				a.replace(a.trainerScreen())
				return
			default:
				a.replace(a.staffScreen())
				return
			}
			a.render()
		})
		ok.MinSide = navSize
		pad.Side = container.NewVBox(errLabel)
		return container.NewBorder(tight(heading(a.t("staff.pin"))), container.NewBorder(nil, nil, nil, ok), nil, nil, pad)
	}}
}

// changePINScreen sets a new PIN for a role, typed twice.
func (a *App) changePINScreen(first bool, role staffpin.Role) *screen {
	pin, again, step, msg := "", "", 0, ""
	if first {
		msg = a.t("staff.must_change")
	}
	return &screen{name: "change-pin", title: func() string { return a.t("staff.change_pin") }, build: func() fyne.CanvasObject {
		pad := a.keypad("", 12, func(v string) {
			if step == 0 {
				pin = v
			} else {
				again = v
			}
		})
		pad.Mask = true
		prompt := a.t("staff.new_pin")
		if role == staffpin.RoleTrainer {
			prompt = a.t("staff.trainer_pin")
		}
		if step == 1 {
			prompt = a.t("staff.new_pin_again")
		}
		errLabel := text(msg)
		ok := a.primary(a.t("form.next"), func() {
			if step == 0 {
				if len(pin) < staffpin.Digits {
					msg = a.t("staff.pin_short")
				} else {
					step, msg = 1, ""
				}
				a.render()
				return
			}
			if again != pin {
				pin, again, step, msg = "", "", 0, a.t("staff.pin_mismatch")
				a.render()
				return
			}
			if err := a.setPIN(role, pin); err != nil {
				msg = a.t("err.save")
				if errors.Is(err, staffpin.ErrSame) {
					msg = a.t("staff.pin_same")
				} else {
					slog.Error("change pin", "err", err)
				}
				pin, again, step = "", "", 0
				a.render()
				return
			}
			a.replace(a.staffScreen())
		})
		return container.NewCenter(container.NewVBox(heading(prompt), atLeast(fyne.NewSize(500, 0), pad), errLabel, ok))
	}}
}

// staffScreen is the staff panel: sync, what waits to upload, settings,
// rosters and exit.
func (a *App) staffScreen() *screen { return a.staffScreenWith(newStaffSync()) }

func newStaffSync() *staffSync {
	return &staffSync{progress: widget.NewProgressBar(), hubURL: widget.NewEntry(), code: widget.NewEntry()}
}

// staffScreenWith is the staff panel with its sync part in a given state.
func (a *App) staffScreenWith(ss *staffSync) *screen {
	var s *screen
	s = &screen{name: "staff", title: func() string { return a.t("staff.title") }, build: func() fyne.CanvasObject {
		ctx := a.ctx()
		syncBox := a.syncBox(s, ss)
		if counts, err := a.DB.OutboxCounts(ctx); err == nil {
			n := 0
			for _, c := range counts {
				n += c
			}
			syncBox.Add(text(a.t("staff.pending", n)))
		}
		settings := container.NewVBox(heading(a.t("staff.settings")))
		home, _ := a.DB.Account(ctx, a.home)
		settings.Add(a.button(a.t("staff.home")+"  "+a.c(home.Name), func() { a.push(a.homeCommunityScreen()) }))
		idles := []int{60, 90, 120, 180, 300}
		var idleLabels []string
		chosen := -1
		for i, s := range idles {
			idleLabels = append(idleLabels, a.t("staff.seconds", s))
			if time.Duration(s)*time.Second == a.idle {
				chosen = i
			}
		}
		settings.Add(text(a.t("staff.idle")))
		settings.Add(a.chips(idleLabels, chosen, 3, func(i int) {
			a.SetIdleTimeout(time.Duration(idles[i]) * time.Second)
			if err := a.DB.SetSetting(ctx, store.SettingIdleSeconds, strconv.Itoa(idles[i])); err != nil {
				slog.Error("save idle timeout", "err", err)
			}
		}))
		hours := []int{0, 1, 2, 3, 4, 5}
		var hourLabels []string
		chosenHour := 2
		if v, err := a.DB.Setting(ctx, store.SettingSyncHour); err == nil && v != "" {
			chosenHour, _ = strconv.Atoi(v)
		}
		for _, h := range hours {
			hourLabels = append(hourLabels, fmt.Sprintf("%02d:00", h))
		}
		settings.Add(text(a.t("staff.sync_hour")))
		settings.Add(a.chips(hourLabels, chosenHour, 3, func(i int) {
			if err := a.DB.SetSetting(ctx, store.SettingSyncHour, strconv.Itoa(hours[i])); err != nil {
				slog.Error("save sync hour", "err", err)
				return
			}
			if a.OnSyncHour != nil {
				a.OnSyncHour(hours[i])
			}
		}))
		langs := alliance.Langs
		var langLabels []string
		chosenLang := 0
		for i, l := range langs {
			langLabels = append(langLabels, T(l, "lang.name"))
			if l == a.defLang {
				chosenLang = i
			}
		}
		settings.Add(text(a.t("staff.default_lang")))
		settings.Add(a.chips(langLabels, chosenLang, 3, func(i int) { a.SetDefaults(langs[i], a.defLarge) }))
		settings.Add(text(a.t("staff.default_large")))
		settings.Add(a.chips([]string{a.t("staff.normal_text"), a.t("nav.large")}, map[bool]int{false: 0, true: 1}[a.defLarge], 2,
			func(i int) { a.SetDefaults(a.defLang, i == 1) }))
		settings.Add(a.button(a.t("staff.change_pin"), func() { a.push(a.changePINScreen(false, staffpin.RoleStaff)) }))
		settings.Add(a.button(a.t("staff.set_trainer_pin"), func() { a.push(a.changePINScreen(false, staffpin.RoleTrainer)) }))
		if a.Quit != nil {
			settings.Add(a.button(a.t("staff.exit"), a.Quit))
		}
		settings.Add(text(a.t("staff.version", version.String())))
		training := a.primary(a.t("staff.training"), func() { a.push(a.trainerScreen()) })
		assist := a.primary(a.t("assist.start"), a.startAssist)
		if a.Window != nil && a.Window.Canvas().Size().Width >= staffTwoColumns {
			return container.NewGridWithColumns(2, a.scroll(syncBox, settings), a.scroll(training, assist, a.rosterBox()))
		}
		return a.scroll(syncBox, settings, training, assist, a.rosterBox()) // one column: nothing runs off the right edge
	}}
	return s
}

// staffTwoColumns is the narrowest window on which the staff panel stands
// in two columns, each scrolling.
const staffTwoColumns = 1600

// homeCommunityScreen picks the kiosk's home community.
func (a *App) homeCommunityScreen() *screen {
	return &screen{name: "home-community", title: func() string { return a.t("staff.home") }, build: func() fyne.CanvasObject {
		offices, err := a.DB.CommunitiesByStreetOffice(a.ctx())
		if err != nil {
			return a.failed(err)
		}
		box := container.NewVBox()
		for _, o := range offices {
			box.Add(text(a.c(o.Name)))
			grid := container.NewGridWithColumns(5)
			for _, c := range o.Communities {
				b := a.button(a.c(c.Name), func() {
					a.home = c.ID
					if err := a.DB.SetSetting(a.ctx(), store.SettingHomeCommunity, c.ID); err != nil {
						slog.Error("save home community", "err", err)
					}
					a.Back()
				})
				b.ChosenWord = a.t("chosen")
				b.SetChosen(c.ID == a.home)
				grid.Add(b)
			}
			box.Add(grid)
		}
		return a.vscroll(box)
	}}
}

// rosterBox lists upcoming events with their sign-ups (phones in full:
// this is a staff view) and exports each roster as CSV.
func (a *App) rosterBox() fyne.CanvasObject {
	box := container.NewVBox(heading(a.t("staff.rosters")))
	dir := widget.NewEntry()
	dir.SetText(report.Dir())
	box.Add(text(a.t("staff.export_to")))
	box.Add(atLeast(fyne.NewSize(0, MinTarget), dir))
	evs, err := a.DB.UpcomingEvents(a.ctx(), "", 100)
	if err != nil {
		box.Add(a.failed(err))
	}
	for _, e := range evs {
		list, err := a.DB.SignUpsForEvent(a.ctx(), e.ID)
		if err != nil || len(list) == 0 {
			continue
		}
		status := text("")
		busy := false
		box.Add(card(
			text(a.c(e.Title)+"  "+a.formatTime(e.Starts)+"  "+a.t("staff.people", rosterPeople(list), len(list))),
			a.button(a.t("staff.export"), func() {
				if busy {
					return
				}
				// A USB stick may be slow or failing: written in the background.
				busy = true
				status.SetText(a.t("staff.exporting"))
				folder := dir.Text
				var path string
				a.goWork(exportTimeout, func(ctx context.Context) (err error) {
					path, err = report.ExportRoster(ctx, a.DB, e, folder)
					return err
				}, func(err error) {
					busy = false
					if err != nil {
						slog.Error("export roster", "event", e.ID, "err", err)
						status.SetText(a.t("staff.export_failed"))
						return
					}
					status.SetText(a.t("staff.exported", path))
				})
			}),
			status,
		))
	}
	return box
}

// rosterPeople is how many people a roster brings: the party sizes of
// the sign-ups still standing, not the number of sign-ups.
func rosterPeople(list []alliance.SignUp) int {
	n := 0
	for _, s := range list {
		if s.Status != alliance.SignUpCancelled && s.Status != alliance.SignUpRejected {
			n += s.PartySize
		}
	}
	return n
}

// clockWarning tells staff when the kiosk's own clock is more than
// store.MaxClockSkew from the hub's (measured at the last sync); nil when
// it is close enough or not yet known.
func (a *App) clockWarning() fyne.CanvasObject {
	skew, known := a.DB.ClockSkew()
	if !known || skew.Abs() <= store.MaxClockSkew {
		return nil
	}
	key := "staff.clock_fast"
	if skew < 0 {
		key = "staff.clock_slow"
	}
	l := text(a.t(key, a.duration(skew.Abs())))
	l.Importance = widget.DangerImportance
	l.TextStyle.Bold = true
	return l
}

// duration says a long span in whole days, hours or minutes.
func (a *App) duration(d time.Duration) string {
	switch {
	case d >= 48*time.Hour:
		return a.t("dur.days", int(d/(24*time.Hour)))
	case d >= 2*time.Hour:
		return a.t("dur.hours", int(d/time.Hour))
	}
	return a.t("dur.minutes", int(d/time.Minute))
}
