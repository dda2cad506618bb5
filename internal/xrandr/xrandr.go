// Package xrandr finds the screens (monitors) of an X display, with
// `xrandr --listmonitors`, and places a window on one of them with
// xdotool: Fyne and GLFW cannot choose the monitor a window opens on. The
// kiosk uses it to show a trainer's presenter on a second screen (a
// projector) while its own screen keeps serving residents.
package xrandr

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strconv"
	"strings"
	"time"
)

// Monitor is one screen of the display, in the root window's pixels.
type Monitor struct {
	Name    string // as xrandr names it: an output (HDMI-1) or a name given with --setmonitor
	Primary bool
	X, Y    int
	W, H    int
}

func (m Monitor) String() string {
	return fmt.Sprintf("%s %dx%d+%d+%d", m.Name, m.W, m.H, m.X, m.Y)
}

// MaxMonitors bounds what Parse accepts: no display has more.
const MaxMonitors = 16

// Parse reads the output of `xrandr --listmonitors`:
//
//	Monitors: 2
//	 0: +*HDMI-1 1920/531x1080/299+0+0  HDMI-1
//	 1: +DP-1 1280/339x800/212+1920+0  DP-1
//
// Each monitor line is its index, its name (after "+" when active and "*"
// when primary), its geometry as width/mm x height/mm + x + y, and its
// outputs. The count must match the lines. Anything else is an error
// naming the line.
func Parse(out string) ([]Monitor, error) {
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	head, ok := strings.CutPrefix(strings.TrimSpace(lines[0]), "Monitors:")
	if !ok {
		return nil, fmt.Errorf("parse xrandr monitors: line 1: want \"Monitors: N\", got %q", clip(lines[0]))
	}
	n, err := strconv.Atoi(strings.TrimSpace(head))
	if err != nil || n < 0 || n > MaxMonitors {
		return nil, fmt.Errorf("parse xrandr monitors: line 1: %q is not a count of monitors from 0 to %d", clip(head), MaxMonitors)
	}
	if len(lines)-1 != n {
		return nil, fmt.Errorf("parse xrandr monitors: %d monitors announced, %d lines follow", n, len(lines)-1)
	}
	mons := make([]Monitor, 0, n)
	for i, line := range lines[1:] {
		m, err := parseLine(line, i)
		if err != nil {
			return nil, fmt.Errorf("parse xrandr monitors: line %d: %w", i+2, err)
		}
		mons = append(mons, m)
	}
	return mons, nil
}

func parseLine(line string, index int) (Monitor, error) {
	var m Monitor
	f := strings.Fields(line)
	if len(f) < 3 {
		return m, fmt.Errorf("want \"N: NAME GEOMETRY OUTPUTS\", got %q", clip(line))
	}
	if f[0] != strconv.Itoa(index)+":" {
		return m, fmt.Errorf("want monitor %d, got %q", index, clip(f[0]))
	}
	name := strings.TrimPrefix(f[1], "+")
	name, m.Primary = strings.CutPrefix(name, "*")
	if name == "" {
		return m, errors.New("a monitor without a name")
	}
	m.Name = name
	// 1920/531x1080/299+0+0: the sizes in mm may be missing (1920x1080+0+0).
	g := f[2]
	wh, rest, ok := strings.Cut(g, "+")
	if !ok {
		return m, fmt.Errorf("geometry %q: want WIDTH/mm x HEIGHT/mm + X + Y", clip(g))
	}
	w, h, ok := strings.Cut(wh, "x")
	xs, ys, ok2 := strings.Cut(rest, "+")
	if !ok || !ok2 {
		return m, fmt.Errorf("geometry %q: want WIDTH/mm x HEIGHT/mm + X + Y", clip(g))
	}
	var errs [4]error
	m.W, errs[0] = pixels(w, true)
	m.H, errs[1] = pixels(h, true)
	m.X, errs[2] = pixels(xs, false)
	m.Y, errs[3] = pixels(ys, false)
	if err := errors.Join(errs[:]...); err != nil {
		return m, fmt.Errorf("geometry %q: %w", clip(g), err)
	}
	return m, nil
}

// maxPixels is X11's limit on a coordinate.
const maxPixels = 32767

// pixels reads "1920/531" (pixels/millimetres) or "1920"; a size must be
// more than 0.
func pixels(s string, size bool) (int, error) {
	px, mm, hasMM := strings.Cut(s, "/")
	v, err := strconv.Atoi(px)
	if err != nil || v < 0 || v > maxPixels || (size && v == 0) {
		return 0, fmt.Errorf("%q is not a number of pixels", clip(s))
	}
	if hasMM {
		if _, err := strconv.Atoi(mm); err != nil {
			return 0, fmt.Errorf("%q: %q is not millimetres", clip(s), clip(mm))
		}
	}
	return v, nil
}

func clip(s string) string {
	if len(s) > 60 {
		return s[:60] + "…"
	}
	return s
}

// List runs `xrandr --listmonitors` on the display in $DISPLAY.
func List(ctx context.Context) ([]Monitor, error) {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, "xrandr", "--listmonitors").Output()
	if err != nil {
		return nil, fmt.Errorf("list monitors: %w", err)
	}
	return Parse(string(out))
}

// Second returns the screen for a presenter beside the kiosk's own: the
// first monitor that is not primary (when none is marked primary, the
// second one), and the kiosk's own screen. ok is false with fewer than
// two monitors.
func Second(mons []Monitor) (own, second Monitor, ok bool) {
	if len(mons) < 2 {
		return Monitor{}, Monitor{}, false
	}
	own, second = mons[0], mons[1]
	for i, m := range mons {
		if m.Primary {
			own = m
			second = mons[(i+1)%len(mons)]
			break
		}
	}
	return own, second, true
}

// ParseGeometry reads monitors given by hand, as "WxH+X+Y" separated by
// commas (the first the kiosk's own), for a display whose xrandr does not
// report them.
func ParseGeometry(s string) ([]Monitor, error) {
	var out []Monitor
	for i, g := range strings.Split(s, ",") {
		var m Monitor
		wh, rest, ok := strings.Cut(strings.TrimSpace(g), "+")
		w, h, ok1 := strings.Cut(wh, "x")
		x, y, ok2 := strings.Cut(rest, "+")
		if !ok || !ok1 || !ok2 {
			return nil, fmt.Errorf("monitor %d: %q is not WIDTHxHEIGHT+X+Y", i+1, clip(g))
		}
		var errs [4]error
		m.W, errs[0] = pixels(w, true)
		m.H, errs[1] = pixels(h, true)
		m.X, errs[2] = pixels(x, false)
		m.Y, errs[3] = pixels(y, false)
		if err := errors.Join(errs[:]...); err != nil {
			return nil, fmt.Errorf("monitor %d: %w", i+1, err)
		}
		m.Name, m.Primary = fmt.Sprintf("given-%d", i+1), i == 0
		out = append(out, m)
	}
	return out, nil
}

// Place moves the window titled title onto monitor m and makes it fill
// it, with xdotool, waiting up to wait for the window to appear.
func Place(ctx context.Context, title string, m Monitor, wait time.Duration) error {
	end := time.Now().Add(wait)
	for {
		cctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		out, err := exec.CommandContext(cctx, "xdotool", "search", "--name", "^"+title+"$",
			"windowmove", "%@", strconv.Itoa(m.X), strconv.Itoa(m.Y),
			"windowsize", "%@", strconv.Itoa(m.W), strconv.Itoa(m.H)).CombinedOutput()
		cancel()
		if err == nil {
			return nil
		}
		if time.Now().After(end) || ctx.Err() != nil {
			return fmt.Errorf("place window %q on %s: %w (%s)", title, m, err, strings.TrimSpace(string(out)))
		}
		select {
		case <-ctx.Done():
		case <-time.After(200 * time.Millisecond):
		}
	}
}
