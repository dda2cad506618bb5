package ui_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/internal/testutil"
	"github.com/shinan-alliance/alliance/ui"
)

// The maintenance screen (after the staff panel's exit, in the kiosk
// session) says which build runs and where its data is, and offers going
// back to the kiosk, restarting and shutting down, with big buttons; each
// choice is reported once.
func TestMaintenanceScreen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "kiosk.db")
	db := testutil.SampleKioskAt(t, path)
	test.NewTempApp(t)
	for _, c := range []struct {
		key  string
		want ui.MaintenanceChoice
	}{{"maint.back", ui.MaintenanceBack}, {"maint.reboot", ui.MaintenanceReboot}, {"maint.poweroff", ui.MaintenancePowerOff}} {
		w := test.NewTempWindow(t, nil)
		w.Resize(fyne.NewSize(1920, 1080))
		var got []ui.MaintenanceChoice
		ui.ShowMaintenance(context.Background(), db, w, ui.MaintenanceInfo{Version: "9.9.9 (abc)", DBPath: path},
			func(ch ui.MaintenanceChoice) { got = append(got, ch) })
		var texts []string
		var buttons []*ui.BigButton
		var walk func(o fyne.CanvasObject)
		walk = func(o fyne.CanvasObject) {
			switch v := o.(type) {
			case *ui.BigButton:
				buttons = append(buttons, v)
				texts = append(texts, v.Text)
				return
			case *widget.Label:
				texts = append(texts, v.Text)
				return
			case *fyne.Container:
				for _, ch := range v.Objects {
					walk(ch)
				}
			case fyne.Widget:
				for _, ch := range test.WidgetRenderer(v).Objects() {
					walk(ch)
				}
			}
		}
		walk(w.Content())
		all := strings.Join(texts, "|")
		for _, want := range []string{"9.9.9 (abc)", path, ui.T(alliance.Hans, "maint.title")} {
			if !strings.Contains(all, want) {
				t.Errorf("the maintenance screen lacks %q: %s", want, all)
			}
		}
		label := ui.T(alliance.Hans, c.key)
		for _, b := range buttons {
			if s := b.MinSize(); s.Height < ui.MinTarget {
				t.Errorf("button %q is %v high, want at least %v", b.Text, s.Height, ui.MinTarget)
			}
			if b.Text == label {
				test.Tap(b)
				test.Tap(b)
			}
		}
		if len(got) != 1 || got[0] != c.want {
			t.Errorf("tapping %s: choices %v, want [%v]", label, got, c.want)
		}
	}
}
