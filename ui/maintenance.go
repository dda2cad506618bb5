package ui

import (
	"context"
	"os"
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/store"
)

// MaintenanceChoice is what staff chose on the maintenance screen.
type MaintenanceChoice int

// The maintenance screen's choices.
const (
	MaintenanceBack     MaintenanceChoice = iota // back to the kiosk
	MaintenancePowerOff                          // shut the machine down
	MaintenanceReboot                            // restart the machine
)

// MaintenanceIdle is how long the maintenance screen waits untouched
// before it goes back to the kiosk by itself: one left open by mistake
// does not take the kiosk away from residents for the day.
const MaintenanceIdle = 10 * time.Minute

// MaintenanceInfo is what the maintenance screen tells staff.
type MaintenanceInfo struct {
	Version string // the build, e.g. "0.2.0 (abc123def456)"
	DBPath  string
}

// ShowMaintenance shows the maintenance screen in w: what staff leave the
// kiosk for, through the staff panel's exit (PIN). It is not a desktop:
// it offers going back to the kiosk, restarting or shutting down the
// machine, and says which build runs, where its data is and how sync
// stands. choose is called once, with the choice (MaintenanceBack after
// MaintenanceIdle untouched).
func ShowMaintenance(ctx context.Context, db *store.DB, w fyne.Window, info MaintenanceInfo, choose func(MaintenanceChoice)) {
	lang := alliance.Hans
	if v, err := db.Setting(ctx, store.SettingLanguage); err == nil && v != "" {
		lang = alliance.ParseLang(v)
	}
	t := func(key string, args ...any) string { return T(lang, key, args...) }
	var once bool
	var idle *time.Timer
	pick := func(c MaintenanceChoice) {
		if once {
			return
		}
		once = true
		idle.Stop()
		choose(c)
	}
	idle = time.AfterFunc(MaintenanceIdle, func() { fyne.Do(func() { pick(MaintenanceBack) }) })
	touched := func(fn func()) func() {
		return func() { idle.Reset(MaintenanceIdle); fn() }
	}

	facts := container.NewVBox(heading(t("maint.about")))
	facts.Add(text(t("maint.version", info.Version)))
	size := "—"
	if st, err := os.Stat(info.DBPath); err == nil {
		size = humanBytes(st.Size())
	}
	facts.Add(text(t("maint.data", info.DBPath, size)))
	state, _ := db.SyncState(ctx)
	facts.Add(text(t("maint.hub", or(state[store.StateHubURL], t("maint.no_hub")))))
	if pin := state[store.StateHubPin]; pin != "" {
		facts.Add(text(t("maint.pin", pin)))
	}
	if last, err := db.LastSync(ctx); err == nil {
		when := "—"
		if !last.Success.IsZero() {
			when = last.Success.In(time.Local).Format("2006-01-02 15:04")
		}
		facts.Add(text(t("maint.last_sync", when)))
		if last.Error != "" {
			facts.Add(text(t("staff.last_error") + "  " + last.Error))
		}
	}
	if c, err := db.OutboxCounts(ctx); err == nil {
		n := 0
		for _, v := range c {
			n += v
		}
		facts.Add(text(t("staff.pending", n)))
	}

	back := NewBigButton(t("maint.back"), touched(func() { pick(MaintenanceBack) }))
	back.Importance = widget.HighImportance
	reboot := NewBigButton(t("maint.reboot"), touched(func() { pick(MaintenanceReboot) }))
	off := NewBigButton(t("maint.poweroff"), touched(func() { pick(MaintenancePowerOff) }))
	off.Importance = widget.DangerImportance
	actions := container.NewVBox(heading(t("maint.title")), text(t("maint.explain")), back, reboot, off)
	w.SetContent(container.NewPadded(container.NewGridWithColumns(2, actions, facts)))
}

// humanBytes writes a size in KB, MB or GB.
func humanBytes(n int64) string {
	switch {
	case n >= 1<<30:
		return strconv.FormatFloat(float64(n)/(1<<30), 'f', 1, 64) + " GB"
	case n >= 1<<20:
		return strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64) + " MB"
	}
	return strconv.FormatFloat(float64(n)/(1<<10), 'f', 0, 64) + " KB"
}
