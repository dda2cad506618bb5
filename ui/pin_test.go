package ui_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/shinan-alliance/alliance/ui"
)

// pinSyncer is a hub with its own certificate: a code without the key's
// pin is answered with the pin to confirm, a code carrying it joins.
type pinSyncer struct {
	mu    sync.Mutex
	codes []string
}

func (p *pinSyncer) Status(context.Context) (ui.SyncStatus, error) { return ui.SyncStatus{}, nil }
func (p *pinSyncer) SyncNow(context.Context, func(int, int)) error { return nil }
func (p *pinSyncer) Join(_ context.Context, _, code string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.codes = append(p.codes, code)
	if !strings.HasSuffix(code, "-KMNP-QRTU-VWXY") {
		return &ui.UnverifiedHubError{Pin: "KMNP-QRTU-VWXY", Err: errors.New("x509: certificate signed by unknown authority")}
	}
	return nil
}

func (p *pinSyncer) joined() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.codes...)
}

// Joining a hub with its own certificate from the staff panel: the panel
// shows the hub's key fingerprint; confirming joins with it, which the
// kiosk then pins; declining joins nothing.
func TestStaffConfirmsTheHubsFingerprint(t *testing.T) {
	for _, confirm := range []bool{true, false} {
		k := newKiosk(t)
		p := &pinSyncer{}
		k.Syncer = p
		k.Open("staff")
		k.settle()
		var entries []*widget.Entry
		walkEntries(k.content(), &entries)
		if len(entries) < 2 {
			t.Fatalf("want the hub address and code entries, found %d", len(entries))
		}
		test.Type(entries[0], "https://hub.example:8443")
		test.Type(entries[1], "ACDE-FGH3")
		k.tap(k.tr("staff.join"))
		question := string([]rune(ui.T(k.Lang(), "staff.pin_confirm", "KMNP-QRTU-VWXY"))[:6])
		for i := 0; i < 50 && !strings.Contains(k.texts(), "KMNP-QRTU-VWXY"); i++ {
			waitFor(func() bool { return len(p.joined()) >= 1 })
			k.settle()
		}
		if !strings.Contains(k.texts(), "KMNP-QRTU-VWXY") || !strings.Contains(k.texts(), question) {
			t.Fatalf("the fingerprint is not shown to confirm: %s", k.texts())
		}
		if confirm {
			k.tap(k.tr("staff.pin_yes"))
			waitFor(func() bool { return len(p.joined()) >= 2 })
			for i := 0; i < 20 && !strings.Contains(k.texts(), k.tr("staff.joined")); i++ {
				k.settle()
			}
			if got := p.joined(); len(got) != 2 || got[1] != "ACDE-FGH3-KMNP-QRTU-VWXY" {
				t.Errorf("joins %q, want the code with the confirmed pin", got)
			}
			if !strings.Contains(k.texts(), k.tr("staff.joined")) {
				t.Errorf("no word of the join: %s", k.texts())
			}
		} else {
			k.tap(k.tr("staff.pin_no"))
			k.settle()
			if got := p.joined(); len(got) != 1 {
				t.Errorf("declining the fingerprint joined: %q", got)
			}
			if strings.Contains(k.texts(), "KMNP-QRTU-VWXY") {
				t.Errorf("the question stays after declining: %s", k.texts())
			}
		}
	}
}

func walkEntries(o fyne.CanvasObject, out *[]*widget.Entry) {
	if e, ok := o.(*widget.Entry); ok {
		*out = append(*out, e)
		return
	}
	switch c := o.(type) {
	case *fyne.Container:
		for _, ch := range c.Objects {
			walkEntries(ch, out)
		}
	case fyne.Widget:
		for _, ch := range test.WidgetRenderer(c).Objects() {
			walkEntries(ch, out)
		}
	}
}
