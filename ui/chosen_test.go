package ui_test

import (
	"strings"
	"testing"
	"time"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/ui"
)

// A chosen item says so with ✓ and, where there is room, the word 已选,
// not by its colour alone: the staff panel's choices, the language and
// 大字 switches, the column chips.
func TestChosenItemsSayChosen(t *testing.T) {
	k := newKiosk(t)
	chosen := func(label string) bool {
		t.Helper()
		b := k.find(label)
		return b.Chosen() && strings.HasPrefix(b.Text, ui.ChosenMark)
	}
	if err := k.Open("staff"); err != nil {
		t.Fatal(err)
	}
	sec := func(n int) string { return ui.T(k.Lang(), "staff.seconds", n) }
	if !chosen(sec(180)) || !strings.Contains(k.find(sec(180)).Text, k.tr("chosen")) {
		t.Fatalf("the idle time in force is not marked: %q", k.find(sec(180)).Text)
	}
	k.tap(sec(300))
	if !chosen(sec(300)) || chosen(sec(180)) {
		t.Errorf("after choosing 300 s: %q and %q", k.find(sec(300)).Text, k.find(sec(180)).Text)
	}
	if k.IdleTimeout() != 300*time.Second {
		t.Errorf("idle time %v", k.IdleTimeout())
	}
	if got := k.find(sec(180)).Label(); got != sec(180) {
		t.Errorf("label after unchoosing: %q", got)
	}
	// The switches on every screen.
	han := ui.T(alliance.Hans, "lang.name")
	if !chosen(han) || chosen(ui.T(alliance.English, "lang.name")) || chosen(k.tr("nav.large")) {
		t.Errorf("switches: %s", k.texts())
	}
	k.tap(k.tr("nav.large"))
	if !chosen(k.tr("nav.large")) {
		t.Errorf("大字 on is not marked: %q", k.find(k.tr("nav.large")).Text)
	}
	// Column chips on 微市南.
	if err := k.Open("news"); err != nil {
		t.Fatal(err)
	}
	first := ui.ColumnName(k.Lang(), alliance.Columns[0].ID)
	if b := k.find(first); !b.Chosen() || !strings.Contains(b.Text, k.tr("chosen")) {
		t.Errorf("the column shown is not marked: %q", b.Text)
	}
}
