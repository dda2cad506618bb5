package ui

import (
	"fmt"
	"image"
	"os"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
)

// ReportFirstFrames prints a line for each of the first frames drawn
// of w's content, one per canvas size, with how long after the process
// started it was drawn, and calls quit once a frame repeats the size
// before it: a full-screen window is drawn first at its content's size,
// then at the screen's once the X server has resized it.
//
// Fyne has no "frame drawn" callback, so a 1×1 transparent raster overlay
// tells: the GL painter draws overlays after the content and makes a
// raster's image only when it paints it, and the fyne.Do queued from there
// runs once that frame has been swapped to the screen.
//
// mainStart is when the program's main package initialised. Both the kiosk
// (--exit-after-first-frame) and the benchmark's empty-window baseline use
// this, so they are measured the same way.
func ReportFirstFrames(w fyne.Window, quit func(), mainStart time.Time) {
	var probe *canvas.Raster
	var last fyne.Size
	done := false
	probe = canvas.NewRaster(func(int, int) image.Image {
		go fyne.Do(func() {
			size := w.Canvas().Size()
			if done || size == last {
				done = true
				quit()
				return
			}
			last = size
			fmt.Printf("frame drawn %.3fs after process start, %.3fs after init; canvas %.0fx%.0f\n",
				sinceProcessStart(mainStart).Seconds(), time.Since(mainStart).Seconds(), size.Width, size.Height)
			probe.Refresh() // draw it again, to see whether the size holds
		})
		return image.NewNRGBA(image.Rect(0, 0, 1, 1))
	})
	probe.Resize(fyne.NewSquareSize(1))
	w.Canvas().Overlays().Add(probe)
}

// sinceProcessStart is how long ago the kernel started this process, from
// /proc (Linux only), in the kernel's 10 ms clock ticks: it includes what
// mainStart misses, loading the shared libraries and the Go runtime's start.
// Without /proc it is the time since mainStart.
func sinceProcessStart(mainStart time.Time) time.Duration {
	d, ok := sinceExec()
	if !ok {
		return time.Since(mainStart)
	}
	return d
}

func sinceExec() (time.Duration, bool) {
	stat, err := os.ReadFile("/proc/self/stat")
	if err != nil {
		return 0, false
	}
	uptime, err := os.ReadFile("/proc/uptime")
	if err != nil {
		return 0, false
	}
	// The command name in parentheses may hold spaces; starttime is the
	// 20th field after it, in ticks since boot (USER_HZ, 100 on Linux).
	fields := strings.Fields(string(stat[strings.LastIndexByte(string(stat), ')')+1:]))
	up := strings.Fields(string(uptime))
	if len(fields) < 20 || len(up) == 0 {
		return 0, false
	}
	ticks, err1 := strconv.ParseInt(fields[19], 10, 64)
	now, err2 := strconv.ParseFloat(up[0], 64)
	if err1 != nil || err2 != nil {
		return 0, false
	}
	return time.Duration((now - float64(ticks)/100) * float64(time.Second)), true
}
