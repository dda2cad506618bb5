package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

	"github.com/shinan-alliance/alliance/assets"
	"github.com/shinan-alliance/alliance/internal/staffpin"
	"github.com/shinan-alliance/alliance/internal/version"
	"github.com/shinan-alliance/alliance/lessons"
	"github.com/shinan-alliance/alliance/mirror"
	"github.com/shinan-alliance/alliance/pack"
	"github.com/shinan-alliance/alliance/speech"
	"github.com/shinan-alliance/alliance/store"
	"github.com/shinan-alliance/alliance/ui"
)

func main() {
	m := &Main{}
	if err := m.ParseFlags(os.Args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(0)
		}
		fmt.Fprintln(os.Stderr, "kiosk:", err)
		os.Exit(2)
	}
	if m.Version {
		fmt.Printf("kiosk %s %s\n", version.String(), runtime.Version())
		return
	}
	run := m.Run
	if m.Maintenance {
		run = m.RunMaintenance
	}
	if err := run(context.Background()); err != nil {
		fmt.Fprintln(os.Stderr, "kiosk:", err)
		m.Close()
		os.Exit(1)
	}
	m.Close()
	os.Exit(m.exitCode)
}

// Exit codes the kiosk session (packaging/kiosk/shinan-kiosk-session)
// acts on; any other exit of the kiosk is a crash, and it is restarted.
const (
	// ExitMaintenance: staff left the kiosk from the staff panel (PIN):
	// the session shows the maintenance screen instead of restarting it.
	ExitMaintenance = 10
	// The maintenance screen's choices; 0 is "back to the kiosk".
	ExitPowerOff = 20
	ExitReboot   = 21
)

// Main is the kiosk program: flags, then Run, then Close.
type Main struct {
	DBPath   string
	Windowed bool
	Screen   string // screen to open at start, for screenshots
	Schedule string // sync schedule (cron, district time)
	// ExitAfterFirstFrame makes the kiosk print when its first frame was
	// drawn and quit, for the cold-start benchmark (ui/bench).
	ExitAfterFirstFrame bool
	// Session: the kiosk runs in the locked-down kiosk session, so the
	// staff panel's exit leads to the maintenance screen (ExitMaintenance).
	Session bool
	// Maintenance shows the maintenance screen instead of the kiosk.
	Maintenance bool
	Version     bool // print the version and quit
	// ButtonMap, if set, is a file the kiosk rewrites every half second
	// with the buttons it shows and where (for the real-input test).
	ButtonMap string
	// Monitors gives the display's screens by hand ("1280x800+0+0,1920x1080+1280+0",
	// the kiosk's own first) where xrandr does not report them.
	Monitors     string
	scheduleFlag bool // --sync-schedule given: it wins over the staff panel's hour
	db           *store.DB
	exitCode     int
}

// defaultDB is $XDG_DATA_HOME/shinan-kiosk/kiosk.db (~/.local/share/… by default).
func defaultDB() string {
	dir := os.Getenv("XDG_DATA_HOME")
	if dir == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return "kiosk.db"
		}
		dir = filepath.Join(home, ".local", "share")
	}
	return filepath.Join(dir, "shinan-kiosk", "kiosk.db")
}

// ParseFlags reads the command line.
func (m *Main) ParseFlags(args []string) error {
	fs := flag.NewFlagSet("kiosk", flag.ContinueOnError)
	fs.StringVar(&m.DBPath, "db", defaultDB(), "the kiosk's database `file`; created, with the sample content, if missing")
	fs.BoolVar(&m.Windowed, "windowed", false, "run in a 1280×800 window instead of full screen (for development)")
	fs.StringVar(&m.Schedule, "sync-schedule", mirror.DefaultSchedule, "when to sync with the hub: a cron expression in district time (Asia/Shanghai)")
	fs.StringVar(&m.Screen, "screen", "", "open this screen at start (for screenshots): one of "+fmt.Sprint(ui.ScreenNames))
	fs.StringVar(&m.ButtonMap, "button-map", "", "for tests: keep `file` updated with the buttons shown and their centres (JSON)")
	fs.BoolVar(&m.ExitAfterFirstFrame, "exit-after-first-frame", false, "for benchmarks: print how long after the process started the first frames were drawn, then quit")
	fs.BoolVar(&m.Session, "session", false, "run inside the kiosk session: the staff panel's exit leaves to the maintenance screen (exit status 10)")
	fs.BoolVar(&m.Maintenance, "maintenance", false, "show the maintenance screen (the kiosk session shows it after the staff panel's exit)")
	fs.BoolVar(&m.Version, "version", false, "print the version and commit, and quit")
	fs.StringVar(&m.Monitors, "monitors", "", "the screens as `WxH+X+Y,…`, the kiosk's own first, where xrandr does not report them; with two, the presenter shows on the second")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: kiosk [flags]\n\nRuns the community alliance kiosk. Flags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	fs.Visit(func(f *flag.Flag) { m.scheduleFlag = m.scheduleFlag || f.Name == "sync-schedule" })
	return nil
}

// Run opens the database, loads the sample content on first start, and
// shows the kiosk until it is closed.
func (m *Main) Run(ctx context.Context) error {
	db, err := m.open()
	if err != nil {
		return err
	}
	if err := loadSampleIfEmpty(ctx, db); err != nil {
		return err
	}
	pin, err := staffpin.Ensure(ctx, db)
	if err != nil {
		return err
	}
	if pin != "" {
		// Printed once, on the console of the kiosk itself: staff must
		// change it at first use.
		fmt.Printf("Staff PIN for this kiosk (change it at first use): %s\n", pin)
	}
	a, err := newApp()
	if err != nil {
		return err
	}
	ui.RefuseNetworkURIs() // content comes by sync; the screens fetch nothing
	th := ui.NewTheme()
	a.Settings().SetTheme(th)
	a.Driver().SetDisableScreenBlanking(true)
	w := a.NewWindow("市南区社区微信联盟")
	k := ui.New(db, w, th)
	k.Quit = a.Quit
	if (speech.ESpeak{}).Available() == nil { // 朗读 only where espeak-ng is installed
		k.Speech = speech.NewReader(speech.ESpeak{})
	}
	if m.Session {
		k.Quit = func() { m.exitCode = ExitMaintenance; a.Quit() }
	}
	if err := k.EnableLessons(hubLessons(ctx, db)); err != nil {
		slog.Error("smartphone lessons unavailable", "err", err)
	}
	spec := m.Schedule
	if h, err := db.Setting(ctx, store.SettingSyncHour); err == nil && h != "" && !m.scheduleFlag {
		spec = "0 " + h + " * * *" // staff chose the hour in the panel
	}
	sy := newSyncer(db, spec)
	k.Syncer = sy
	k.OnSyncHour = func(hour int) {
		if err := sy.Restart(ctx, fmt.Sprintf("0 %d * * *", hour)); err != nil {
			slog.Error("reschedule sync", "err", err)
		}
	}
	if err := sy.Start(ctx); err != nil {
		return err
	}
	defer sy.Stop()
	// With a second screen (a projector) the kiosk keeps its own and the
	// presenter opens on the other; else the kiosk is full screen as ever.
	placed := !m.Windowed && m.placeWindows(ctx, a, w, k)
	if m.Screen != "" {
		if err := k.Open(m.Screen); err != nil {
			return err
		}
	}
	if m.ExitAfterFirstFrame {
		ui.ReportFirstFrames(w, a.Quit, mainStart)
	}
	w.Canvas().SetOnTypedRune(func(rune) { k.Touch() })
	w.Canvas().SetOnTypedKey(func(*fyne.KeyEvent) { k.Touch() })
	if m.Windowed {
		w.Resize(fyne.NewSize(1280, 800))
	} else {
		if !placed {
			w.SetFullScreen(true)
		}
		w.SetPadded(false)
		// Only the staff panel's exit ends the kiosk.
		w.SetCloseIntercept(func() {})
	}
	if m.ButtonMap != "" {
		go func() {
			var last []byte // touched on the UI goroutine only
			for range time.Tick(300 * time.Millisecond) {
				fyne.Do(func() { last = writeButtonMap(m.ButtonMap, k.Current(), k.ButtonMap(), last) })
			}
		}()
	}
	go func() {
		for range time.Tick(time.Second) {
			fyne.Do(func() { k.HoldForClass(); k.Tick() })
		}
	}()
	w.ShowAndRun()
	return nil
}

// open checks for a display and opens the kiosk's database.
func (m *Main) open() (*store.DB, error) {
	if runtime.GOOS == "linux" && os.Getenv("DISPLAY") == "" && os.Getenv("WAYLAND_DISPLAY") == "" {
		return nil, errors.New("no display found: start the kiosk from a desktop session, or headless with: xvfb-run -s '-screen 0 1920x1080x24' kiosk")
	}
	if err := os.MkdirAll(filepath.Dir(m.DBPath), 0o700); err != nil {
		return nil, fmt.Errorf("create data folder: %w", err)
	}
	db, err := store.Open(m.DBPath)
	if err != nil {
		return nil, err
	}
	m.db = db
	return db, nil
}

// newApp starts Fyne with the kiosk's metadata (FyneApp.toml) and icon.
func newApp() (fyne.App, error) {
	// Fyne reads the OS locale and complains about "C"; the kiosk keeps
	// its own language setting anyway, so give Fyne the district's.
	if l := os.Getenv("LANG"); l == "" || l == "C" || l == "POSIX" || strings.HasPrefix(l, "C.") {
		os.Setenv("LANG", "zh_CN.UTF-8")
	}
	meta, err := metadata()
	if err != nil {
		return nil, err
	}
	app.SetMetadata(meta)
	a := app.NewWithID(meta.ID)
	a.SetIcon(meta.Icon)
	return a, nil
}

// RunMaintenance shows the maintenance screen until staff choose; the
// choice becomes the exit status the kiosk session acts on.
func (m *Main) RunMaintenance(ctx context.Context) error {
	db, err := m.open()
	if err != nil {
		return err
	}
	a, err := newApp()
	if err != nil {
		return err
	}
	ui.RefuseNetworkURIs()
	th := ui.NewTheme()
	a.Settings().SetTheme(th)
	a.Driver().SetDisableScreenBlanking(true)
	w := a.NewWindow("维护 · Maintenance")
	ui.ShowMaintenance(ctx, db, w, ui.MaintenanceInfo{Version: version.String(), DBPath: m.DBPath}, func(c ui.MaintenanceChoice) {
		switch c {
		case ui.MaintenancePowerOff:
			m.exitCode = ExitPowerOff
		case ui.MaintenanceReboot:
			m.exitCode = ExitReboot
		}
		a.Quit()
	})
	if m.Windowed {
		w.Resize(fyne.NewSize(1280, 800))
	} else {
		w.SetFullScreen(true)
		w.SetPadded(false)
		w.SetCloseIntercept(func() {})
	}
	w.ShowAndRun()
	return nil
}

// mainStart is when the program's own initialisation began, after the Go
// runtime and the libraries had initialised.
var mainStart = time.Now()

// hubLessons returns the lessons the hub distributed, or nil (the embedded
// curriculum) when there are none or they do not load.
func hubLessons(ctx context.Context, db *store.DB) *lessons.Curriculum {
	fsys, ok, err := db.Lessons(ctx)
	if err != nil || !ok {
		return nil
	}
	c, err := lessons.LoadCurriculum(fsys)
	if err != nil {
		slog.Error("lessons from the hub do not load; teaching the built-in ones", "err", err)
		return nil
	}
	return c
}

// loadSampleIfEmpty imports the embedded sample pack into a new database.
func loadSampleIfEmpty(ctx context.Context, db *store.DB) error {
	c, err := db.Counts(ctx)
	if err != nil {
		return err
	}
	if c.Accounts > 0 {
		return nil
	}
	p, err := pack.Load(ctx, assets.SamplePack())
	if err != nil {
		return fmt.Errorf("load sample content: %w", err)
	}
	st, err := db.ImportPack(ctx, p)
	if err != nil {
		return err
	}
	slog.Info("loaded sample content", "pack", p.Manifest.ID, "result", st.String())
	return nil
}

// Close closes the database.
func (m *Main) Close() error {
	if m.db != nil {
		return m.db.Close()
	}
	return nil
}

// writeButtonMap writes the screen's name and its buttons to path, whole
// or not at all (a rename), for the real-input test to read.
func writeButtonMap(path, screen string, buttons []ui.ButtonRect, last []byte) []byte {
	b, err := json.Marshal(struct {
		Screen  string          `json:"screen"`
		Buttons []ui.ButtonRect `json:"buttons"`
	}{screen, buttons})
	if err != nil || bytes.Equal(b, last) {
		return last // unchanged: the file's time says when the screen last changed
	}
	tmp := path + ".tmp"
	if os.WriteFile(tmp, b, 0o600) == nil && os.Rename(tmp, path) == nil {
		return b
	}
	return last
}
