package ui

import (
	"context"
	"crypto/rand"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/big"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
	"golang.org/x/crypto/bcrypt"

	"github.com/shinan-alliance/alliance"
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

// PIN policy: the first three wrong PINs cost nothing; the fourth locks
// the panel for pinBaseLock, and each after it twice as long as the last,
// up to pinMaxLock. No lockout ever ends more than pinMaxLock from now,
// whatever the clock said when it was taken.
const (
	pinFreeTries = 3
	pinBaseLock  = 30 * time.Second
	pinMaxLock   = time.Hour
	pinDigits    = 6
)

// PINLockout is how long the panel stays locked after n wrong PINs in a
// row: nothing for the first pinFreeTries.
func PINLockout(n int) time.Duration {
	if n <= pinFreeTries {
		return 0
	}
	d := pinBaseLock << min(n-pinFreeTries-1, 10)
	return min(d, pinMaxLock)
}

// bcryptCost is the hashing cost; tests lower it.
var bcryptCost = bcrypt.DefaultCost

// EnsureStaffPIN makes sure a staff PIN exists. On the first start it
// generates one, stores only its hash (to be changed at first use) and
// returns it for the console; afterwards it returns "".
func EnsureStaffPIN(ctx context.Context, db *store.DB) (string, error) {
	st, err := db.StaffPIN(ctx)
	if err != nil {
		return "", err
	}
	if st.Hash != "" {
		return "", nil
	}
	pin := ""
	for range pinDigits {
		n, err := rand.Int(rand.Reader, big.NewInt(10))
		if err != nil {
			return "", fmt.Errorf("generate pin: %w", err)
		}
		pin += n.String()
	}
	h, err := bcrypt.GenerateFromPassword([]byte(pin), bcryptCost)
	if err != nil {
		return "", fmt.Errorf("hash pin: %w", err)
	}
	if err := db.SetStaffPIN(ctx, string(h), true); err != nil {
		return "", err
	}
	return pin, nil
}

// ErrPINLocked is returned while wrong PINs have locked the panel.
var ErrPINLocked = errors.New("staff pin locked")

// ErrWrongPIN is returned for a wrong PIN.
var ErrWrongPIN = errors.New("wrong staff pin")

// Role is what a PIN opens.
type Role int

// Roles.
const (
	RoleNone    Role = iota
	RoleStaff        // the staff panel, and from it everything
	RoleTrainer      // the class tools only
)

// CheckPIN checks a staff PIN against the stored hash, enforcing and
// extending the lockout, which lives in the database and so survives a
// restart. It returns whether the PIN must be changed now.
func (a *App) CheckPIN(pin string) (mustChange bool, err error) {
	role, must, err := a.Unlock(pin)
	if err == nil && role != RoleStaff {
		return false, ErrWrongPIN
	}
	return must, err
}

// Unlock checks a PIN against the staff PIN and the trainers' PIN, under
// one lockout, and says which it opens.
func (a *App) Unlock(pin string) (role Role, mustChange bool, err error) {
	ctx := a.ctx()
	st, err := a.DB.StaffPIN(ctx)
	if err != nil {
		return RoleNone, false, err
	}
	now := a.Now()
	if latest := now.Add(pinMaxLock); st.LockedUntil.After(latest) {
		// Taken while the clock was ahead: never longer than the longest
		// lockout from now.
		if err := a.DB.CapPINLockout(ctx, latest); err != nil {
			return RoleNone, false, err
		}
		st.LockedUntil = latest
	}
	if now.Before(st.LockedUntil) {
		return RoleNone, false, fmt.Errorf("%w for %s", ErrPINLocked, st.LockedUntil.Sub(now).Round(time.Second))
	}
	role = RoleStaff
	if st.Hash == "" || bcrypt.CompareHashAndPassword([]byte(st.Hash), []byte(pin)) != nil {
		role = RoleNone
		if th, err := a.DB.TrainerPIN(ctx); err == nil && th != "" && bcrypt.CompareHashAndPassword([]byte(th), []byte(pin)) == nil {
			role = RoleTrainer
		}
	}
	if role == RoleNone {
		if _, err := a.DB.RecordPINFailure(ctx, func(n int) time.Time {
			if d := PINLockout(n); d > 0 {
				return now.Add(d)
			}
			return time.Time{}
		}); err != nil {
			return RoleNone, false, err
		}
		return RoleNone, false, ErrWrongPIN
	}
	if err := a.DB.ClearPINFailures(ctx); err != nil {
		return RoleNone, false, err
	}
	return role, role == RoleStaff && st.MustChange, nil
}

// ChangePIN stores a new staff PIN of at least pinDigits digits.
func (a *App) ChangePIN(pin string) error { return a.setPIN(RoleStaff, pin) }

// SetTrainerPIN stores the trainers' PIN (staff panel). It must differ
// from the staff PIN, or trainers would open the staff panel.
func (a *App) SetTrainerPIN(pin string) error { return a.setPIN(RoleTrainer, pin) }

func (a *App) setPIN(role Role, pin string) error {
	if len(alliance.Digits(pin)) < pinDigits || alliance.Digits(pin) != pin {
		return fmt.Errorf("change pin: need at least %d digits", pinDigits)
	}
	if role == RoleTrainer {
		if st, err := a.DB.StaffPIN(a.ctx()); err == nil && bcrypt.CompareHashAndPassword([]byte(st.Hash), []byte(pin)) == nil {
			return ErrSamePIN
		}
	}
	h, err := bcrypt.GenerateFromPassword([]byte(pin), bcryptCost)
	if err != nil {
		return fmt.Errorf("change pin: %w", err)
	}
	if role == RoleTrainer {
		return a.DB.SetTrainerPIN(a.ctx(), string(h))
	}
	return a.DB.SetStaffPIN(a.ctx(), string(h), false)
}

// ErrSamePIN refuses a trainers' PIN equal to the staff PIN.
var ErrSamePIN = errors.New("the trainers' pin must differ from the staff pin")

// pinScreen asks for the staff PIN on the keypad.
func (a *App) pinScreen() *screen {
	pin, msg := "", ""
	return &screen{name: "pin", title: func() string { return a.t("staff.title") }, build: func() fyne.CanvasObject {
		pad := a.keypad("", 12, func(v string) { pin = v })
		pad.Mask = true
		errLabel := text(msg)
		errLabel.Importance = widget.DangerImportance
		ok := a.primary(a.t("staff.enter"), func() {
			role, must, err := a.Unlock(pin)
			pin = ""
			switch {
			case errors.Is(err, ErrPINLocked):
				msg = a.t("staff.locked")
			case errors.Is(err, ErrWrongPIN):
				msg = a.t("staff.wrong")
			case err != nil:
				msg = a.t("err.generic")
				slog.Error("check staff pin", "err", err)
			case must:
				a.replace(a.changePINScreen(true, RoleStaff))
				return
			case role == RoleTrainer:
				a.replace(a.trainerScreen())
				return
			default:
				a.replace(a.staffScreen())
				return
			}
			a.render()
		})
		return container.NewCenter(container.NewVBox(heading(a.t("staff.pin")), atLeast(fyne.NewSize(500, 0), pad), errLabel, ok))
	}}
}

// changePINScreen sets a new PIN for a role, typed twice.
func (a *App) changePINScreen(first bool, role Role) *screen {
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
		if role == RoleTrainer {
			prompt = a.t("staff.trainer_pin")
		}
		if step == 1 {
			prompt = a.t("staff.new_pin_again")
		}
		errLabel := text(msg)
		ok := a.primary(a.t("form.next"), func() {
			if step == 0 {
				if len(pin) < pinDigits {
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
				if errors.Is(err, ErrSamePIN) {
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
		settings.Add(a.chips(idleLabels, chosen, 5, func(i int) {
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
		settings.Add(a.chips(hourLabels, chosenHour, 6, func(i int) {
			if err := a.DB.SetSetting(ctx, store.SettingSyncHour, strconv.Itoa(hours[i])); err != nil {
				slog.Error("save sync hour", "err", err)
				return
			}
			if a.OnSyncHour != nil {
				a.OnSyncHour(hours[i])
			}
		}))
		langs := Langs
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
		settings.Add(a.button(a.t("staff.change_pin"), func() { a.push(a.changePINScreen(false, RoleStaff)) }))
		settings.Add(a.button(a.t("staff.set_trainer_pin"), func() { a.push(a.changePINScreen(false, RoleTrainer)) }))
		if a.Quit != nil {
			settings.Add(a.button(a.t("staff.exit"), a.Quit))
		}
		settings.Add(text(a.t("staff.version", version.String())))
		training := a.primary(a.t("staff.training"), func() { a.push(a.trainerScreen()) })
		return container.NewGridWithColumns(2, a.scroll(syncBox, settings), a.scroll(training, a.rosterBox()))
	}}
	return s
}

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
				if c.ID == a.home {
					b.Importance = widget.HighImportance
				}
				grid.Add(b)
			}
			box.Add(grid)
		}
		return a.vscroll(box)
	}}
}

// exportDir is where rosters go: the first USB stick mounted, else the
// user's home folder.
func exportDir() string {
	for _, base := range []string{"/media", "/run/media"} {
		users, _ := os.ReadDir(base)
		for _, u := range users {
			sticks, _ := os.ReadDir(filepath.Join(base, u.Name()))
			for _, s := range sticks {
				if s.IsDir() {
					return filepath.Join(base, u.Name(), s.Name())
				}
			}
		}
	}
	if h, err := os.UserHomeDir(); err == nil {
		return h
	}
	return "."
}

// rosterBox lists upcoming events with their sign-ups (phones in full:
// this is a staff view) and exports each roster as CSV.
func (a *App) rosterBox() fyne.CanvasObject {
	box := container.NewVBox(heading(a.t("staff.rosters")))
	dir := widget.NewEntry()
	dir.SetText(exportDir())
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
			text(a.c(e.Title)+"  "+a.formatTime(e.Starts)+"  "+a.t("staff.signups", len(list))),
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
					path, err = ExportRoster(ctx, a.DB, e, folder)
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

// ExportRoster writes an event's sign-ups as CSV into dir and returns the
// file's path.
func ExportRoster(ctx context.Context, db *store.DB, e alliance.Event, dir string) (string, error) {
	list, err := db.SignUpsForEvent(ctx, e.ID)
	if err != nil {
		return "", err
	}
	path, f, err := createExport(dir, fmt.Sprintf("roster-%s-%s.csv", e.ID, e.Starts.Format("20060102")))
	if err != nil {
		return "", fmt.Errorf("export roster: %w", err)
	}
	if err := WriteRoster(f, e, list); err != nil {
		f.Close()
		return "", err
	}
	return path, f.Close()
}

// WriteRoster writes sign-ups as CSV with a header row, for printing.
func WriteRoster(w io.Writer, e alliance.Event, list []alliance.SignUp) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"event", "starts", "receipt", "name", "phone", "party_size", "status", "signed_up"})
	for _, s := range list {
		cw.Write([]string{e.Title, e.Starts.Format("2006-01-02 15:04"), s.Receipt, s.Name, s.Phone,
			strconv.Itoa(s.PartySize), string(s.Status), s.Created.Format("2006-01-02 15:04")})
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write roster: %w", err)
	}
	return nil
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

// unsafeName matches what may not go into an exported file's name.
var unsafeName = regexp.MustCompile(`[^\p{L}\p{N}._-]+`)

// createExport creates (or replaces) a file named name in dir for an
// export. Parts of the name come from the hub (an event's or a lesson's
// id), so it is reduced to letters, digits, '.', '_' and '-', and can
// neither leave dir nor be hidden; an existing file that is not a plain
// file (a link, say) is not written through.
func createExport(dir, name string) (string, *os.File, error) {
	name = strings.TrimLeft(unsafeName.ReplaceAllString(name, "_"), ".")
	if name == "" {
		name = "export"
	}
	path := filepath.Join(dir, name)
	if st, err := os.Lstat(path); err == nil && !st.Mode().IsRegular() {
		return "", nil, fmt.Errorf("%s exists and is not a plain file", path)
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return "", nil, err
	}
	return path, f, nil
}
