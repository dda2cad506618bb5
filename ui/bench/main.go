package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/assets"
	"github.com/shinan-alliance/alliance/assets/packgen"
	"github.com/shinan-alliance/alliance/internal/chinese"
	"github.com/shinan-alliance/alliance/pack"
	"github.com/shinan-alliance/alliance/store"
	"github.com/shinan-alliance/alliance/ui"
)

// The column the 微市南 screen shows first; the bench fills it.
const column = alliance.ColRelease

// pageSize is the number of posts on the 微市南 screen's first page (the ui
// package's pageSize, which is not exported).
const pageSize = 12

func main() {
	posts := flag.Int("posts", 100_000, "posts in the generated store")
	images := flag.Int("images", 2_000, "images in the generated pack")
	colPosts := flag.Int("column", 10_000, "of those posts, how many are in the column the 微市南 screen opens on (at most a tenth)")
	runs := flag.Int("runs", 7, "cold starts of each program (the median is printed)")
	screens := flag.Int("screens", 50, "screens to browse before measuring memory")
	opens := flag.Int("opens", 30, "times to open the 微市南 screen (p50 / p95 are printed)")
	settle := flag.Duration("settle", 70*time.Second, "how long to stay on home after browsing before measuring again: Fyne frees a screen's renderers a minute after it was last drawn")
	kiosk := flag.String("kiosk", "bin/kiosk", "where to build the kiosk `binary` that is started")
	keep := flag.String("workdir", "", "work `folder` (default: a temporary one, removed afterwards)")
	memProfile := flag.String("memprofile", "", "write a heap profile of the screens' process, after browsing, to `file`")
	// The in-process measurements run in a fresh child process, so that
	// the memory figures hold only the kiosk, not the generated pack.
	child := flag.String("ui-child", "", "(internal) measure the screens over this database and print JSON")
	flag.Parse()
	log.SetFlags(0)
	if *child != "" {
		r, err := measureUI(*child, *screens, *opens, *settle, *memProfile)
		if err != nil {
			log.Fatal(err)
		}
		json.NewEncoder(os.Stdout).Encode(r)
		return
	}
	// Beside the store's bench in the same -workdir, which has its own pack.
	dir := *keep
	if dir != "" {
		dir = filepath.Join(dir, "ui")
	} else {
		d, err := os.MkdirTemp("", "alliance-ui-bench-")
		if err != nil {
			log.Fatal(err)
		}
		defer os.RemoveAll(d)
		dir = d
	}
	os.MkdirAll(dir, 0o755)
	// `make bench ARGS=-posts=…` scales both benches; keep the column a
	// tenth of a smaller store.
	*colPosts = min(*colPosts, *posts/10)

	// Build first: a compile error should not wait for the store.
	empty := filepath.Join(dir, "emptywindow")
	for _, b := range [][2]string{{*kiosk, "./cmd/kiosk"}, {empty, "./cmd/kiosk/emptywindow"}} {
		cmd := exec.Command("go", "build", "-tags", "sqlite_fts5", "-o", b[0], b[1])
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		if err := cmd.Run(); err != nil {
			log.Fatalf("go build %s: %v", b[1], err)
		}
	}

	dbPath := filepath.Join(dir, "kiosk.db")
	t0 := time.Now()
	if err := makeStore(dir, dbPath, *posts, *images, *colPosts); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("generated and imported a store of %d posts (%d in the column %s) and %d images in %.1fs\n\n",
		*posts, *colPosts, ui.ColumnName(alliance.Hans, column), *images, time.Since(t0).Seconds())

	// --- cold start ---
	if err := coldStart(*kiosk, empty, dbPath, *runs); err != nil {
		log.Fatal(err)
	}

	// --- memory and column, in a fresh process ---
	self, err := os.Executable()
	if err != nil {
		log.Fatal(err)
	}
	cmd := exec.Command(self, "-ui-child", dbPath, "-screens", strconv.Itoa(*screens), "-opens", strconv.Itoa(*opens), "-settle", settle.String(), "-memprofile", *memProfile)
	cmd.Env = append(os.Environ(), "LANG=en_US.UTF-8") // Fyne complains about the C locale
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		log.Fatalf("in-process measurements: %v", err)
	}
	var r uiResult
	if err := json.Unmarshal(out, &r); err != nil {
		log.Fatalf("in-process measurements: %v: %q", err, out)
	}
	mb := func(b uint64) float64 { return float64(b) / (1 << 20) }
	fmt.Printf("MEMORY of the kiosk's screens (Fyne test driver, 1920×1080 window, after GC; fresh process)\n")
	fmt.Printf("  %-44s %9s %9s\n", "", "heap in use", "RSS")
	fmt.Printf("  %-44s %8.1f MB %6.1f MB\n", fmt.Sprintf("after browsing %d screens (on %s)", r.Screens, r.LastScreen), mb(r.Browsed.HeapInuse), mb(r.Browsed.RSS))
	fmt.Printf("  %-44s %8.1f MB %6.1f MB\n", "  … then back on home", mb(r.BackHome.HeapInuse), mb(r.BackHome.RSS))
	fmt.Printf("  %-44s %8.1f MB %6.1f MB\n", fmt.Sprintf("  … and %s later (Fyne's caches expired)", *settle), mb(r.Settled.HeapInuse), mb(r.Settled.RSS))
	fmt.Printf("  %-44s %8.1f MB %6.1f MB\n", "baseline: home screen just shown", mb(r.Home.HeapInuse), mb(r.Home.RSS))
	fmt.Printf("  %-44s %8.1f MB %6.1f MB\n", "growth after browsing", mb(r.Browsed.HeapInuse)-mb(r.Home.HeapInuse), mb(r.Browsed.RSS)-mb(r.Home.RSS))
	skipped := strings.Join(r.Skipped, ", ")
	if skipped == "" {
		skipped = "none"
	}
	fmt.Printf("  (screens cycled through ui.ScreenNames with App.Open, each drawn once by the test painter;\n   skipped because Open refused them here: %s)\n", skipped)
	fmt.Println()

	fmt.Printf("OPEN A COLUMN of %d posts: 微市南 from home, first page of %d (p50 / p95 of %d runs)\n", *colPosts, pageSize, r.Opens)
	fmt.Printf("  %-44s %7.2f / %6.2f ms\n", "tap 微市南 → screen built and laid out", ms(r.Open50), ms(r.Open95))
	fmt.Printf("  %-44s %7.2f / %6.2f ms\n", "baseline: store.PostsByColumn, same page", ms(r.Query50), ms(r.Query95))
	fmt.Printf("  %-44s %7.2f / %6.2f ms\n", "  … drawn by the test painter (not in above)", ms(r.Draw50), ms(r.Draw95))
}

// makeStore generates a pack of n posts, moves col of them into the
// district account's first column (packgen spreads posts over 66 accounts
// and 8 columns, which leaves it a few hundred), adds the sample's places,
// phone numbers and events so that every screen has something to show,
// and imports it all into a new kiosk database at dbPath.
func makeStore(dir, dbPath string, n, images, col int) error {
	// A kept -workdir holds the last run's: start afresh.
	packDir := filepath.Join(dir, "pack")
	for _, p := range []string{packDir, dbPath, dbPath + "-wal", dbPath + "-shm"} {
		os.RemoveAll(p)
	}
	if err := os.MkdirAll(packDir, 0o755); err != nil {
		return err
	}
	if _, err := packgen.Write(packDir, packgen.Options{Posts: n, Images: images, BodyRunes: 400, Seed: 1}); err != nil {
		return err
	}
	p, err := pack.LoadDir(context.Background(), packDir)
	if err != nil {
		return err
	}
	sample, err := pack.Load(context.Background(), assets.SamplePack())
	if err != nil {
		return err
	}
	district := ""
	for _, a := range p.Accounts {
		if a.Kind == alliance.District {
			district = a.ID
		}
	}
	if district == "" {
		return fmt.Errorf("the generated pack has no district account")
	}
	// Generated posts have random dates, so the first col of them are
	// spread over the whole span like the rest.
	for i := range p.Posts {
		switch {
		case i < col:
			p.Posts[i].Account, p.Posts[i].Column = district, column
		case p.Posts[i].Column == column:
			p.Posts[i].Column = alliance.ColBroadcast
		}
	}
	// Relative event dates are resolved against now, as the sample's
	// first import would.
	sample.ResolveDates(time.Now())
	p.Places, p.Directory, p.Events = sample.Places, sample.Directory, sample.Events
	have := map[string]bool{}
	for _, b := range p.Blobs {
		have[b.SHA256] = true
	}
	for _, b := range sample.Blobs {
		if !have[b.SHA256] {
			p.Blobs = append(p.Blobs, b)
		}
	}
	db, err := store.Open(dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.ImportPack(context.Background(), p); err != nil {
		return err
	}
	l, err := db.PostsByColumn(context.Background(), column, store.Page{Limit: 1})
	if err != nil || len(l.Posts) == 0 {
		return fmt.Errorf("column %s is empty after import (%v)", column, err)
	}
	return nil
}

// start is one cold start, timed by the parent from just before exec.
type start struct {
	first, full       time.Duration // wall time to the first frame, to the first at the final size
	ownFirst, ownFull time.Duration // the same, as the program saw them from its process start
	firstSize, size   string        // canvas sizes of those frames
}

// coldStart runs the kiosk and the empty window alternately under a
// private Xvfb, after one unreported start of each (the kiosk's first start
// on a database writes its staff PIN; both warm the page cache).
func coldStart(kiosk, empty, dbPath string, runs int) error {
	display, stop, err := startXvfb()
	if err != nil {
		return err
	}
	defer stop()
	env := append(os.Environ(), "DISPLAY="+display, "WAYLAND_DISPLAY=", "LANG=en_US.UTF-8")
	kioskCmd := []string{kiosk, "--db", dbPath, "--exit-after-first-frame"}
	emptyCmd := []string{empty}
	var ks, es []start
	for i := -1; i < runs; i++ {
		e, err := startOnce(emptyCmd, env)
		if err != nil {
			return err
		}
		k, err := startOnce(kioskCmd, env)
		if err != nil {
			return err
		}
		if i >= 0 {
			ks, es = append(ks, k), append(es, e)
		}
	}
	km, em := medianStart(ks), medianStart(es)
	fmt.Printf("COLD START to the first frame, full screen under Xvfb %s 1920x1080 (median of %d runs; wall time from exec)\n", display, runs)
	fmt.Printf("  %-44s %16s %22s\n", "", "first frame", "first full-screen frame")
	row := func(label string, m start) {
		fmt.Printf("  %-44s %7.0f ms %-9s %7.0f ms %-9s  (own clock: %.0f / %.0f ms)\n", label,
			ms(m.first), "("+m.firstSize+")", ms(m.full), "("+m.size+")", ms(m.ownFirst), ms(m.ownFull))
	}
	row("kiosk, home on the generated store", km)
	row("baseline: empty Fyne window (emptywindow)", em)
	fmt.Printf("  %-44s %7.0f ms %9s %7.0f ms\n", "kiosk − baseline", ms(km.first-em.first), "", ms(km.full-em.full))
	fmt.Printf("  (own clock: from the kernel's process start time, in 10 ms ticks; all runs, kiosk full-screen ms: %s)\n", durations(ks))
	fmt.Println()
	return nil
}

// startXvfb starts Xvfb on the first free display from :90 on.
func startXvfb() (display string, stop func(), err error) {
	for n := 90; n < 200; n++ {
		if exists(fmt.Sprintf("/tmp/.X11-unix/X%d", n)) || exists(fmt.Sprintf("/tmp/.X%d-lock", n)) {
			continue
		}
		display, stop, err := xvfbOn(n)
		if err == errTaken {
			continue // another server took the display meanwhile
		}
		return display, stop, err
	}
	return "", nil, fmt.Errorf("no free X display between :90 and :199")
}

var errTaken = errors.New("display taken")

// xvfbOn starts Xvfb on display :n and waits for its socket.
func xvfbOn(n int) (string, func(), error) {
	display := fmt.Sprintf(":%d", n)
	cmd := exec.Command("Xvfb", display, "-screen", "0", "1920x1080x24", "-nolisten", "tcp")
	if err := cmd.Start(); err != nil {
		return "", nil, fmt.Errorf("start Xvfb (make deps installs it): %w", err)
	}
	exited := make(chan struct{})
	go func() { cmd.Wait(); close(exited) }()
	// SIGTERM lets Xvfb remove its lock file and socket; SIGKILL would
	// leave them, and the display unusable by the next run.
	stop := func() {
		cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(5 * time.Second):
			cmd.Process.Kill()
			<-exited
		}
	}
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		select {
		case <-exited:
			return "", nil, errTaken
		default:
		}
		if exists(fmt.Sprintf("/tmp/.X11-unix/X%d", n)) {
			return display, stop, nil
		}
	}
	stop()
	return "", nil, fmt.Errorf("start Xvfb %s: not ready after 10s", display)
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// startOnce runs a program that prints a "frame drawn" line per new frame
// size and quits, timing each line from just before exec.
func startOnce(argv, env []string) (start, error) {
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Env = env
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return start{}, err
	}
	t0 := time.Now()
	if err := cmd.Start(); err != nil {
		return start{}, err
	}
	timer := time.AfterFunc(60*time.Second, func() { cmd.Process.Kill() })
	defer timer.Stop()
	var s start
	frames := 0
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		at := time.Since(t0)
		var own, init float64
		var w, h int
		if _, err := fmt.Sscanf(sc.Text(), "frame drawn %fs after process start, %fs after init; canvas %dx%d", &own, &init, &w, &h); err != nil {
			continue // the staff PIN on a first start, or other chatter
		}
		frames++
		s.full, s.ownFull, s.size = at, time.Duration(own*float64(time.Second)), fmt.Sprintf("%dx%d", w, h)
		if frames == 1 {
			s.first, s.ownFirst, s.firstSize = s.full, s.ownFull, s.size
		}
	}
	io.Copy(io.Discard, out)
	err = cmd.Wait()
	if frames == 0 || err != nil {
		return s, fmt.Errorf("%s: %d frames reported, exit %v: %s", argv[0], frames, err, lastLines(stderr.String(), 5))
	}
	return s, nil
}

func medianStart(ss []start) start {
	pick := func(f func(start) time.Duration) time.Duration {
		ds := make([]time.Duration, len(ss))
		for i, s := range ss {
			ds[i] = f(s)
		}
		slices.Sort(ds)
		return ds[len(ds)/2]
	}
	m := start{
		first:    pick(func(s start) time.Duration { return s.first }),
		full:     pick(func(s start) time.Duration { return s.full }),
		ownFirst: pick(func(s start) time.Duration { return s.ownFirst }),
		ownFull:  pick(func(s start) time.Duration { return s.ownFull }),
	}
	// Sizes are the same from run to run under Xvfb; show the first run's.
	m.firstSize, m.size = ss[0].firstSize, ss[0].size
	return m
}

func durations(ss []start) string {
	var parts []string
	for _, s := range ss {
		parts = append(parts, fmt.Sprintf("%.0f", ms(s.full)))
	}
	return strings.Join(parts, " ")
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

// mem is the process's memory after a GC that returned what it could to
// the OS, so that RSS follows the live heap rather than the GC's timing.
type mem struct{ HeapInuse, RSS uint64 }

func measureMem() mem {
	runtime.GC()
	debug.FreeOSMemory()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return mem{HeapInuse: ms.HeapInuse, RSS: rss()}
}

// rss is the resident set size from /proc (0 where there is none).
func rss() uint64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		if f := strings.Fields(l); len(f) >= 2 && f[0] == "VmRSS:" {
			kb, _ := strconv.ParseUint(f[1], 10, 64)
			return kb << 10
		}
	}
	return 0
}

// uiResult is what the child process measured, for the parent to print.
type uiResult struct {
	Home, Browsed, BackHome, Settled mem
	Screens                          int
	LastScreen                       string
	Skipped                          []string
	Opens                            int
	Open50, Open95                   time.Duration
	Draw50, Draw95                   time.Duration
	Query50, Query95                 time.Duration
}

// measureUI runs the kiosk's screens in this process on Fyne's test
// driver, over the database at path.
func measureUI(path string, screens, opens int, settle time.Duration, memProfile string) (uiResult, error) {
	var r uiResult
	ctx := context.Background()
	db, err := store.Open(path)
	if err != nil {
		return r, err
	}
	defer db.Close()
	a := test.NewApp()
	defer a.Quit()
	w := a.NewWindow("kiosk")
	w.Resize(fyne.NewSize(1920, 1080))
	k := ui.New(db, w, nil)
	// The test canvas lays content out but draws only when asked: draw
	// each screen once, as the real kiosk would.
	draw := func() { w.Canvas().Capture() }
	draw()
	r.Home = measureMem()

	// --- browse ---
	skip := map[string]bool{}
	for i := 0; r.Screens < screens; i++ {
		name := ui.ScreenNames[i%len(ui.ScreenNames)]
		if skip[name] {
			continue
		}
		if err := k.Open(name); err != nil {
			// Screens Open cannot show here: lessons without a lessons
			// player, events without an upcoming event, …
			skip[name] = true
			r.Skipped = append(r.Skipped, name)
			if len(skip) == len(ui.ScreenNames) {
				return r, fmt.Errorf("no screen opens: %v", err)
			}
			continue
		}
		draw()
		r.Screens++
		r.LastScreen = k.Current()
	}
	r.Browsed = measureMem()
	k.ShowHome()
	draw()
	r.BackHome = measureMem()
	// Fyne frees renderers and cached text a minute after they were last
	// used, when a frame is drawn (here, on Capture).
	time.Sleep(settle)
	k.Tick()
	draw()
	r.Settled = measureMem()
	if memProfile != "" {
		f, err := os.Create(memProfile)
		if err != nil {
			return r, err
		}
		pprof.WriteHeapProfile(f)
		f.Close()
	}

	// --- open the column ---
	first, err := db.PostsByColumn(ctx, column, store.Page{Limit: pageSize})
	if err != nil || len(first.Posts) == 0 {
		return r, fmt.Errorf("first page of %s: %v", column, err)
	}
	newsLabel := ui.T(k.Lang(), "tile.news")
	var opensT, draws []time.Duration
	for i := -1; i < opens; i++ { // the first run warms caches, unreported
		k.ShowHome()
		tile := findButton(w.Content(), func(b *ui.BigButton) bool { return b.Text == newsLabel })
		if tile == nil {
			return r, fmt.Errorf("no %s tile on home", newsLabel)
		}
		t := time.Now()
		test.Tap(tile)
		d := time.Since(t)
		if k.Current() != "news" {
			return r, fmt.Errorf("tapping %s opened %q", newsLabel, k.Current())
		}
		// Check once that the page shown is the query's page.
		want := chinese.Script(k.Lang(), first.Posts[0].Title)
		if i == -1 && findButton(w.Content(), func(b *ui.BigButton) bool { return strings.Contains(b.Name, want) }) == nil {
			return r, fmt.Errorf("the 微市南 screen does not show the newest post %q", want)
		}
		t = time.Now()
		draw()
		if i >= 0 {
			opensT, draws = append(opensT, d), append(draws, time.Since(t))
		}
	}
	r.Opens = opens
	r.Open50, r.Open95 = percentiles(opensT)
	r.Draw50, r.Draw95 = percentiles(draws)
	r.Query50, r.Query95 = timeIt(opens, func() {
		if _, err := db.PostsByColumn(ctx, column, store.Page{Limit: pageSize}); err != nil {
			log.Fatal(err)
		}
	})
	return r, nil
}

// findButton walks the rendered tree for a big button.
func findButton(o fyne.CanvasObject, match func(*ui.BigButton) bool) *ui.BigButton {
	if o == nil || !o.Visible() {
		return nil
	}
	if b, ok := o.(*ui.BigButton); ok && match(b) {
		return b
	}
	var children []fyne.CanvasObject
	switch c := o.(type) {
	case *container.Scroll:
		children = []fyne.CanvasObject{c.Content}
	case *fyne.Container:
		children = c.Objects
	case fyne.Widget:
		children = test.WidgetRenderer(c).Objects()
	}
	for _, c := range children {
		if b := findButton(c, match); b != nil {
			return b
		}
	}
	return nil
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func percentiles(ds []time.Duration) (p50, p95 time.Duration) {
	ds = slices.Clone(ds)
	slices.Sort(ds)
	return ds[len(ds)/2], ds[(len(ds)*95)/100]
}

func timeIt(n int, fn func()) (p50, p95 time.Duration) {
	fn() // warm the cache
	ds := make([]time.Duration, n)
	for i := range ds {
		t := time.Now()
		fn()
		ds[i] = time.Since(t)
	}
	return percentiles(ds)
}
