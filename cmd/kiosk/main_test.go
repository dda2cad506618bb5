package main

import (
	"context"
	"strings"
	"testing"
)

func TestNoDisplaySaysHowToProceed(t *testing.T) {
	t.Setenv("DISPLAY", "")
	t.Setenv("WAYLAND_DISPLAY", "")
	m := &Main{}
	if err := m.ParseFlags([]string{"--db", t.TempDir() + "/kiosk.db"}); err != nil {
		t.Fatal(err)
	}
	err := m.Run(context.Background())
	if err == nil || !strings.Contains(err.Error(), "no display") || !strings.Contains(err.Error(), "xvfb-run") {
		t.Errorf("got %v, want a one-line explanation naming xvfb-run", err)
	}
	if strings.Contains(err.Error(), "\n") {
		t.Errorf("the explanation spans several lines: %q", err)
	}
}

func TestScreenFlag(t *testing.T) {
	m := &Main{}
	if err := m.ParseFlags([]string{"--screen", "events", "--windowed"}); err != nil {
		t.Fatal(err)
	}
	if m.Screen != "events" || !m.Windowed {
		t.Errorf("got screen %q windowed %v, want events true", m.Screen, m.Windowed)
	}
}

// TestMetadata: FyneApp.toml is read into the app's metadata, with its icon.
func TestMetadata(t *testing.T) {
	m, err := metadata()
	if err != nil {
		t.Fatal(err)
	}
	if m.ID != "org.shinan.kiosk" || m.Name == "" || m.Version == "" || m.Build < 1 || m.Icon == nil || len(m.Icon.Content()) == 0 {
		t.Errorf("metadata %+v", m)
	}
}
