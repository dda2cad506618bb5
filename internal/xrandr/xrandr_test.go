package xrandr

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os/exec"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name string
		out  string
		want []Monitor
		err  string
	}{
		{"one screen (Xvfb)", "Monitors: 1\n 0: +screen 1280/339x800/212+0+0  screen\n",
			[]Monitor{{Name: "screen", X: 0, Y: 0, W: 1280, H: 800}}, ""},
		{"kiosk and projector", "Monitors: 2\n 0: +*HDMI-1 1920/531x1080/299+0+0  HDMI-1\n 1: +DP-1 1024/0x768/0+1920+0  DP-1\n",
			[]Monitor{{Name: "HDMI-1", Primary: true, W: 1920, H: 1080}, {Name: "DP-1", X: 1920, W: 1024, H: 768}}, ""},
		{"a monitor made with --setmonitor, no mm", "Monitors: 2\n 0: *left 1280x800+0+0  screen\n 1: right 1280x800+1280+0  none\n",
			[]Monitor{{Name: "left", Primary: true, W: 1280, H: 800}, {Name: "right", X: 1280, W: 1280, H: 800}}, ""},
		{"none", "Monitors: 0\n", []Monitor{}, ""},
		{"not xrandr", "xrandr: cannot open display\n", nil, `line 1: want "Monitors: N"`},
		{"count off", "Monitors: 2\n 0: +screen 1280/339x800/212+0+0  screen\n", nil, "2 monitors announced, 1 lines follow"},
		{"bad geometry", "Monitors: 1\n 0: +screen 1280/339x800/212  screen\n", nil, `line 2: geometry "1280/339x800/212"`},
		{"zero width", "Monitors: 1\n 0: +screen 0/339x800/212+0+0  screen\n", nil, `"0/339" is not a number of pixels`},
		{"negative position", "Monitors: 1\n 0: +screen 10x800+-5+0  screen\n", nil, "is not a number of pixels"},
		{"index out of order", "Monitors: 1\n 3: +screen 1280x800+0+0  screen\n", nil, "want monitor 0"},
		{"too many", "Monitors: 99\n", nil, "not a count of monitors"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse(tt.out)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("got %v, %v; want an error with %q", got, err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestSecond(t *testing.T) {
	a := Monitor{Name: "a", W: 1, H: 1}
	b := Monitor{Name: "b", Primary: true, W: 1, H: 1}
	c := Monitor{Name: "c", W: 1, H: 1}
	if _, _, ok := Second([]Monitor{a}); ok {
		t.Errorf("one monitor has a second")
	}
	if own, sec, ok := Second([]Monitor{a, b, c}); !ok || own.Name != "b" || sec.Name != "c" {
		t.Errorf("primary b of a, b, c: own %s, second %s", own.Name, sec.Name)
	}
	if own, sec, ok := Second([]Monitor{a, c}); !ok || own.Name != "a" || sec.Name != "c" {
		t.Errorf("no primary: own %s, second %s", own.Name, sec.Name)
	}
}

func TestParseGeometry(t *testing.T) {
	got, err := ParseGeometry("1280x800+0+0, 1920x1080+1280+0")
	if err != nil || len(got) != 2 || got[1].X != 1280 || got[1].W != 1920 || !got[0].Primary {
		t.Errorf("got %+v, %v", got, err)
	}
	for _, bad := range []string{"", "1280x800", "1280x800+0", "axb+0+0", "1280x0+0+0"} {
		if _, err := ParseGeometry(bad); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

// FuzzParse: whatever xrandr prints, Parse never panics, and what it
// accepts has as many monitors as announced, each of a real size within
// X11's coordinates, and survives being printed back and parsed again.
func FuzzParse(f *testing.F) {
	f.Add("Monitors: 1\n 0: +screen 1280/339x800/212+0+0  screen\n")
	f.Add("Monitors: 2\n 0: +*HDMI-1 1920/531x1080/299+0+0  HDMI-1\n 1: +DP-1 1024/0x768/0+1920+0  DP-1\n")
	f.Add("Monitors: 0\n")
	f.Add("Monitors: 1\n 0: x 1x1+0+0 y")
	f.Fuzz(func(t *testing.T, out string) {
		mons, err := Parse(out)
		if err != nil {
			return
		}
		var b strings.Builder
		fmt.Fprintf(&b, "Monitors: %d\n", len(mons))
		for i, m := range mons {
			if m.W <= 0 || m.H <= 0 || m.X < 0 || m.Y < 0 || m.W > maxPixels || m.X > maxPixels || m.Name == "" {
				t.Fatalf("accepted monitor %+v from %q", m, out)
			}
			star := ""
			if m.Primary {
				star = "*"
			}
			fmt.Fprintf(&b, " %d: +%s%s %dx%d+%d+%d  out\n", i, star, m.Name, m.W, m.H, m.X, m.Y)
		}
		again, err := Parse(b.String())
		if err != nil || !reflect.DeepEqual(again, mons) {
			t.Fatalf("printed back %q: %+v, %v; want %+v", b.String(), again, err, mons)
		}
	})
}

// xvfb starts an Xvfb display of the given size, or skips.
func xvfb(t *testing.T, size string) string {
	t.Helper()
	for _, tool := range []string{"Xvfb", "xrandr", "xdotool"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed (make deps installs it)", tool)
		}
	}
	disp := fmt.Sprintf(":%d", 400+rand.IntN(200))
	x := exec.Command("Xvfb", disp, "-screen", "0", size+"x24", "-nolisten", "tcp")
	if err := x.Start(); err != nil {
		t.Skipf("Xvfb: %v", err)
	}
	t.Cleanup(func() { x.Process.Kill(); x.Wait() })
	for end := time.Now().Add(5 * time.Second); time.Now().Before(end); time.Sleep(100 * time.Millisecond) {
		if exec.Command("xdpyinfo", "-display", disp).Run() == nil || exec.Command("xrandr", "-d", disp, "--listmonitors").Run() == nil {
			break
		}
	}
	t.Setenv("DISPLAY", disp)
	return disp
}

// TestListOnXvfb reads the monitors of a real Xvfb: one screen, then,
// where this Xvfb keeps RANDR monitors made with --setmonitor, the wide
// screen split in two.
func TestListOnXvfb(t *testing.T) {
	xvfb(t, "2560x800")
	ctx := context.Background()
	mons, err := List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(mons) != 1 || mons[0].W != 2560 || mons[0].H != 800 {
		t.Fatalf("one 2560×800 screen read as %+v", mons)
	}
	for _, args := range [][]string{
		{"--setmonitor", "kiosk", "1280/339x800/212+0+0", "none"},
		{"--setmonitor", "projector", "1280/339x800/212+1280+0", "none"},
	} {
		if out, err := exec.Command("xrandr", args...).CombinedOutput(); err != nil {
			t.Skipf("xrandr %v: %v (%s)", args, err, out)
		}
	}
	mons, err = List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(mons) < 2 {
		t.Skipf("this Xvfb accepts --setmonitor but still lists %v: it keeps no RANDR monitors of its own (placement is tested with monitors given by hand)", mons)
	}
	if _, sec, ok := Second(mons); !ok || sec.X != 1280 || sec.W != 1280 {
		t.Errorf("second monitor of %+v: %+v", mons, sec)
	}
}

// TestPlaceWithoutWindow: on a real display with no such window, Place
// waits, then says which window it could not find. (Placing a real
// window is tested with the kiosk's own, in cmd/kiosk.)
func TestPlaceWithoutWindow(t *testing.T) {
	xvfb(t, "1280x800")
	err := Place(context.Background(), "no-such-window", Monitor{Name: "m", W: 100, H: 100}, 300*time.Millisecond)
	if err == nil || !strings.Contains(err.Error(), `place window "no-such-window"`) {
		t.Errorf("got %v", err)
	}
}
