package ui_test

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/internal/chinese"
	"github.com/shinan-alliance/alliance/internal/report"
	"github.com/shinan-alliance/alliance/internal/staffpin"
	"github.com/shinan-alliance/alliance/store"
	"github.com/shinan-alliance/alliance/ui"
)

func TestHomeTilesOpenTheirScreens(t *testing.T) {
	k := newKiosk(t)
	for _, tc := range []struct{ tile, screen string }{
		{"tile.news", "news"},
		{"tile.communities", "communities"},
		{"tile.services", "services"},
		{"tile.events", "events"},
		{"tile.suggest", "suggest"},
		{"tile.places", "places"},
		{"tile.records", "records"},
		{"tile.search", "search"},
		{"staff.corner", "pin"},
	} {
		t.Run(tc.screen, func(t *testing.T) {
			k.t = t
			k.ShowHome()
			k.tap(k.tr(tc.tile))
			k.wantScreen(tc.screen)
			k.tap(k.tr("nav.home"))
			k.wantScreen("home")
		})
	}
}

func TestLessonsTileOnlyWithAPlayer(t *testing.T) {
	k := newKiosk(t)
	if strings.Contains(k.texts(), k.tr("tile.lessons")) {
		t.Errorf("the lessons tile shows with no lessons player set")
	}
	k.Lessons = func() fyne.CanvasObject { return widget.NewLabel("lesson player") }
	k.ShowHome()
	k.tap(k.tr("tile.lessons"))
	k.wantScreen("lessons")
	if !strings.Contains(k.texts(), "lesson player") {
		t.Errorf("the lessons screen does not show the player: %s", k.texts())
	}
}

// TestEveryScreenIsBigEnough opens every screen and walks its rendered
// tree: tappable objects at least 88×88, text at least 28, and 返回/首页 in
// the same place on every screen but home.
func TestEveryScreenIsBigEnough(t *testing.T) {
	k := newKiosk(t)
	var backPos *fyne.Position
	for _, name := range ui.ScreenNames {
		if name == "lessons" {
			continue
		}
		t.Run(name, func(t *testing.T) {
			k.t = t
			if err := k.Open(name); err != nil {
				t.Fatal(err)
			}
			if name == "attract" { // an overlay on home
				if !k.Attracting() {
					t.Fatal("no invitation shown")
				}
				checkSizes(t, k.content(), 1)
				k.Touch()
				return
			}
			k.wantScreen(screenOf(name))
			checkSizes(t, k.content(), 1)
			if name == "home" {
				return
			}
			back := k.find(k.tr("nav.back"))
			pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(back)
			if backPos == nil {
				backPos = &pos
			} else if pos != *backPos {
				t.Errorf("返回 is at %v, on other screens at %v", pos, *backPos)
			}
			k.find(k.tr("nav.home"))
		})
	}
}

func TestLargeTextScalesEverything(t *testing.T) {
	k := newKiosk(t)
	k.tap(k.tr("nav.large"))
	if !k.LargeText() {
		t.Fatal("大字 did not turn on")
	}
	for _, name := range []string{"home", "news", "signup"} {
		if err := k.Open(name); err != nil {
			t.Fatal(err)
		}
		checkSizes(t, k.content(), ui.LargeTextScale)
	}
}

func checkSizes(t *testing.T, root fyne.CanvasObject, scale float32) {
	t.Helper()
	walk(root, func(o fyne.CanvasObject) bool {
		switch w := o.(type) {
		case *canvas.Text:
			if w.Text != "" && w.TextSize < ui.BodyTextSize*scale {
				t.Errorf("text %q is %v units, want ≥ %v", w.Text, w.TextSize, ui.BodyTextSize*scale)
			}
		case *container.Scroll:
			// Its bars are an extra for those who can drag; the kiosk's
			// ▲ ▼ buttons scroll without dragging.
			walk(w.Content, func(o fyne.CanvasObject) bool { checkSizes(t, o, scale); return false })
			return false
		case *widget.Entry:
			if w.Size().Height < ui.MinTarget {
				t.Errorf("entry is %v high, want ≥ %d", w.Size().Height, ui.MinTarget)
			}
			return false
		case fyne.Tappable:
			if s := o.Size(); s.Width < ui.MinTarget || s.Height < ui.MinTarget {
				label := ""
				if b, ok := o.(*ui.BigButton); ok {
					label = b.Text
				}
				t.Errorf("tappable %T %q is %v, want ≥ %d×%d", o, label, s, ui.MinTarget, ui.MinTarget)
			}
			return false
		}
		return true
	})
}

func TestThemeMeetsTheNumbers(t *testing.T) {
	th := ui.NewTheme()
	for _, tc := range []struct {
		name     string
		fg, bg   fyne.ThemeColorName
		minRatio float64
	}{
		{"text on background", "foreground", "background", 7},
		{"text on button", "foreground", "button", 7},
		{"text on main action", "foregroundOnPrimary", "primary", 7},
		{"secondary text", "disabled", "background", 7},
		{"placeholder", "placeholder", "inputBackground", 7},
		{"errors", "error", "background", 7},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := ui.Contrast(th.Color(tc.fg, 0), th.Color(tc.bg, 0))
			if got < tc.minRatio {
				t.Errorf("contrast %s: got %.1f, want ≥ %.1f", tc.name, got, tc.minRatio)
			}
		})
	}
	sizes := []struct {
		name fyne.ThemeSizeName
		min  float32
	}{{"text", 28}, {"headingText", 40}, {theme.SizeNameCaptionText, 28}, {"padding", ui.TargetGap}}
	for _, tc := range sizes {
		if got := th.Size(tc.name); got < tc.min {
			t.Errorf("size %s: got %v, want ≥ %v", tc.name, got, tc.min)
		}
	}
	if got, want := th.Size("lineSpacing")+th.Size("text"), 1.3*th.Size("text"); got < want-0.01 {
		t.Errorf("line height: got %v, want ≥ %v", got, want)
	}
	th.Scale = ui.LargeTextScale
	if got, want := th.Size("text"), float32(35); got != want {
		t.Errorf("大字 text size: got %v, want %v", got, want)
	}
}

func TestBigButtonCountsRepeatedTapsOnce(t *testing.T) {
	now := time.Unix(0, 0)
	n := 0
	b := ui.NewBigButton("x", func() { n++ })
	b.Now = func() time.Time { return now }
	for _, tc := range []struct {
		after time.Duration
		want  int
	}{{0, 1}, {100 * time.Millisecond, 1}, {250 * time.Millisecond, 1}, {100 * time.Millisecond, 2}, {time.Second, 3}} {
		now = now.Add(tc.after)
		b.Tapped(&fyne.PointEvent{})
		if n != tc.want {
			t.Errorf("after %v: got %d taps, want %d", tc.after, n, tc.want)
		}
	}
	if s := b.MinSize(); s.Width < ui.MinTarget || s.Height < ui.MinTarget {
		t.Errorf("min size %v, want ≥ 88×88", s)
	}
}

func TestSignUpByTapsAlone(t *testing.T) {
	k := newKiosk(t)
	if err := k.Open("event"); err != nil {
		t.Fatal(err)
	}
	k.tap(k.tr("event.signup"))
	k.wantScreen("signup")
	k.tap(k.tr("form.next"))
	if !strings.Contains(k.texts(), k.tr("form.need_surname")) {
		t.Errorf("no name chosen, yet no hint: %s", k.texts())
	}
	k.tap("王", k.tr("form.next"), "女士", k.tr("form.next"))
	k.key("13812345678")
	k.tap(k.tr("form.next"), "2", k.tr("form.next"))
	if got := k.texts(); !strings.Contains(got, "138****5678") || strings.Contains(got, "13812345678") {
		t.Errorf("the summary does not mask the phone: %s", got)
	}
	k.tap(k.tr("form.send"))
	k.wantScreen("signup") // consent not yet given
	k.tap(k.tr("consent.agree"), k.tr("form.send"))
	k.wantScreen("receipt")
	if got := k.texts(); !strings.Contains(got, k.tr("status.provisional")) {
		t.Errorf("the receipt does not say 待确认: %s", got)
	}
	items, err := k.DB.PendingOutbox(context.Background(), 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 1 || items[0].Kind != alliance.KindSignUp {
		t.Fatalf("outbox: got %+v, want one sign-up", items)
	}
	var s alliance.SignUp
	if err := json.Unmarshal(items[0].Payload, &s); err != nil {
		t.Fatal(err)
	}
	if s.Name != "王女士" || s.Phone != "13812345678" || s.PartySize != 2 || s.ConsentVersion == "" {
		t.Errorf("saved sign-up: got %q %s party %d consent %q", s.Name, alliance.MaskPhone(s.Phone), s.PartySize, s.ConsentVersion)
	}
	if !strings.Contains(k.texts(), s.Receipt) {
		t.Errorf("the receipt screen does not show code %s: %s", s.Receipt, k.texts())
	}
}

func TestSuggestionByTapsAlone(t *testing.T) {
	k := newKiosk(t)
	k.tap(k.tr("tile.suggest"), k.tr("form.next"), k.tr("cat.environment"), k.tr("form.next"),
		k.tr("phrase.1"), k.tr("phrase.2"), k.tr("form.next"), k.tr("form.next"), k.tr("form.next"))
	k.key("13900001111")
	k.tap(k.tr("suggest.anon"), k.tr("form.next"), k.tr("consent.agree"), k.tr("form.send"))
	k.wantScreen("receipt")
	items, err := k.DB.PendingOutbox(context.Background(), 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 1 || items[0].Kind != alliance.KindSuggestion {
		t.Fatalf("outbox: got %+v, want one suggestion", items)
	}
	var s alliance.Suggestion
	if err := json.Unmarshal(items[0].Payload, &s); err != nil {
		t.Fatal(err)
	}
	if s.Category != "environment" || len(s.Phrases) != 2 || !s.Anonymous || s.CallbackPhone != "13900001111" {
		t.Errorf("saved suggestion: got category %q phrases %q anonymous %v", s.Category, s.Phrases, s.Anonymous)
	}
	pin := alliance.LookupPIN(s.ID)
	// Looking it up by its code and PIN shows its status; the code alone
	// shows nothing.
	k.ShowHome()
	k.tap(k.tr("tile.suggest"), k.tr("suggest.lookup"))
	k.key(s.Receipt)
	k.tap(k.tr("form.next"), k.tr("records.find"))
	if got := k.texts(); strings.Contains(got, k.tr("status.submitted")) || strings.Contains(got, k.tr("suggest.lookup_notfound")) ||
		!strings.Contains(got, k.tr("suggest.need_pin")) {
		t.Errorf("lookup by the receipt alone: %s", got)
	}
	k.key(pin)
	k.tap(k.tr("records.find"))
	if got := k.texts(); !strings.Contains(got, k.tr("status.submitted")) {
		t.Errorf("lookup by code and PIN does not show the status: %s", got)
	}
}

// The receipt of a suggestion shows the PIN beside the code, and five wrong
// lookups in a row make the kiosk wait.
func TestSuggestionReceiptHasPIN(t *testing.T) {
	k := newKiosk(t)
	k.tap(k.tr("tile.suggest"), k.tr("form.next"), k.tr("cat.environment"), k.tr("form.next"), k.tr("phrase.1"), k.tr("form.next"))
	k.tap(k.tr("form.next"), k.tr("form.next"), k.tr("form.next"), k.tr("consent.agree"), k.tr("form.send"))
	k.wantScreen("receipt")
	items, err := k.DB.PendingOutbox(context.Background(), 10)
	if err != nil || len(items) != 1 {
		t.Fatalf("outbox: %v %v", items, err)
	}
	var s alliance.Suggestion
	if err := json.Unmarshal(items[0].Payload, &s); err != nil {
		t.Fatal(err)
	}
	if got := k.texts(); !strings.Contains(got, s.Receipt) || !strings.Contains(got, alliance.LookupPIN(s.ID)) {
		t.Errorf("the receipt screen lacks the code or the PIN: %s", got)
	}
	k.ShowHome()
	k.tap(k.tr("tile.suggest"), k.tr("suggest.lookup"))
	k.key("999999")
	k.tap(k.tr("form.next"))
	for range 5 {
		k.key("0000")
		k.tap(k.tr("records.find"))
		if got := k.texts(); !strings.Contains(got, k.tr("suggest.lookup_notfound")) && !strings.Contains(got, k.tr("suggest.lookup_wait")) {
			t.Fatalf("a wrong code and PIN: %s", got)
		}
		k.tap(k.tr("form.prev"), k.tr("key.clear"))
	}
	k.tap(k.tr("form.prev"), k.tr("key.clear"))
	k.key(s.Receipt)
	k.tap(k.tr("form.next"))
	k.key(alliance.LookupPIN(s.ID))
	k.tap(k.tr("records.find"))
	if got := k.texts(); !strings.Contains(got, k.tr("suggest.lookup_wait")) {
		t.Errorf("after five wrong tries the kiosk does not wait: %s", got)
	}
}

func TestCallbackGoesThroughTheOutbox(t *testing.T) {
	k := newKiosk(t)
	if err := k.Open("phone"); err != nil {
		t.Fatal(err)
	}
	k.tap(k.tr("phone.callback"))
	k.key("13712345678")
	k.tap(k.tr("consent.agree"), k.tr("form.send"))
	k.wantScreen("receipt")
	if got := k.texts(); !strings.Contains(got, "137****5678") || strings.Contains(got, "13712345678") {
		t.Errorf("the receipt shows the phone unmasked or not at all: %s", got)
	}
	items, err := k.DB.PendingOutbox(context.Background(), 10)
	if err != nil || len(items) != 1 || items[0].Kind != alliance.KindCallback {
		t.Fatalf("outbox: got %+v (%v), want one callback", items, err)
	}
	// 我的记录 shows it, and what staff made of it once the hub says.
	var cb alliance.CallbackRequest
	if err := json.Unmarshal(items[0].Payload, &cb); err != nil {
		t.Fatal(err)
	}
	update, _ := json.Marshal(alliance.CallbackUpdate{Status: alliance.CallbackNoAnswer, At: k.now})
	if err := k.DB.ApplyChanges(context.Background(), []store.Change{store.DecodeChange(alliance.KindCallbackStatus, cb.ID, false, update, "")}, 1, false, false); err != nil {
		t.Fatal(err)
	}
	k.ShowHome()
	k.tap(k.tr("tile.records"))
	k.key("13712345678")
	k.tap(k.tr("form.next"))
	k.key(cb.Receipt)
	k.tap(k.tr("records.find"))
	if got := k.texts(); !strings.Contains(got, k.tr("callback.no_answer")) {
		t.Errorf("my records does not show the call-back's status: %s", got)
	}
}

func TestIdleResetClearsAHalfFilledForm(t *testing.T) {
	k := newKiosk(t)
	if err := k.Open("signup"); err != nil {
		t.Fatal(err)
	}
	k.tap("王", k.tr("form.next"), "先生", k.tr("form.next"))
	k.key("1381234")
	k.now = k.now.Add(k.IdleTimeout() - time.Second)
	k.CheckIdle(k.now)
	if k.Warning() {
		t.Fatal("warned before the idle time")
	}
	k.now = k.now.Add(2 * time.Second)
	k.CheckIdle(k.now)
	if !k.Warning() || !strings.Contains(k.texts(), k.tr("idle.title")) {
		t.Fatalf("no 还在吗? warning after the idle time: %s", k.texts())
	}
	// A touch keeps the form.
	k.tap(k.tr("idle.stay"))
	if k.Warning() {
		t.Fatal("the warning stayed after a touch")
	}
	k.wantScreen("signup")
	// Walking away loses it.
	k.now = k.now.Add(k.IdleTimeout())
	k.CheckIdle(k.now)
	k.now = k.now.Add(ui.IdleWarning)
	k.CheckIdle(k.now)
	k.wantScreen("home")
	if k.Warning() {
		t.Error("the warning is still up at home")
	}
	if err := k.Open("signup"); err != nil {
		t.Fatal(err)
	}
	if b := k.find("王"); b.Importance == widget.HighImportance {
		t.Error("the next person sees the last person's surname chosen")
	}
	k.tap(k.tr("form.next"))
	if !strings.Contains(k.texts(), k.tr("form.need_surname")) {
		t.Error("the form went on with the last person's name")
	}
}

func TestMyRecordsMasksPhones(t *testing.T) {
	k := newKiosk(t)
	evs, err := k.DB.UpcomingEvents(context.Background(), "", 1)
	if err != nil || len(evs) == 0 {
		t.Fatal("no event", err)
	}
	s := &alliance.SignUp{EventID: evs[0].ID, Name: "李先生", Phone: "13612345678", PartySize: 1, ConsentVersion: "1"}
	if err := k.DB.SaveSignUp(context.Background(), s); err != nil {
		t.Fatal(err)
	}
	k.tap(k.tr("tile.records"))
	k.key("13612345678")
	k.tap(k.tr("form.next"))
	k.key(s.Receipt)
	k.tap(k.tr("records.find"))
	got := k.texts()
	if !strings.Contains(got, "136****5678") || !strings.Contains(got, k.tr("status.provisional")) {
		t.Errorf("my records does not show the sign-up with a masked phone: %s", got)
	}
	if strings.Contains(got, "13612345678") {
		t.Errorf("my records shows the phone in full: %s", got)
	}
}

func TestLanguageSwitchChangesVisibleText(t *testing.T) {
	k := newKiosk(t)
	if err := k.Open("signup"); err != nil {
		t.Fatal(err)
	}
	k.tap("张")
	for _, tc := range []struct {
		button string
		want   []string
	}{
		{"繁", []string{"返回", "首頁", "張", "下一步"}},
		{"EN", []string{"Back", "Home", "Next"}},
		{"简", []string{"返回", "首页", "张"}},
	} {
		t.Run(tc.button, func(t *testing.T) {
			k.t = t
			k.tap(tc.button)
			got := k.texts()
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("after %s: %q missing from %s", tc.button, w, got)
				}
			}
			if b := k.find(chinese.Script(k.Lang(), "张")); k.Lang() != alliance.English && b.Importance != widget.HighImportance {
				t.Error("the switch lost the surname already chosen")
			}
		})
	}
}

func TestTranslationsAreComplete(t *testing.T) {
	hans := ui.Catalog(alliance.Hans)
	for _, l := range alliance.Langs {
		t.Run(string(l), func(t *testing.T) {
			c := ui.Catalog(l)
			for key := range hans {
				if c[key] == "" {
					t.Errorf("%s: no text for %q", l, key)
				}
			}
			if got, want := len(c), len(hans); got != want {
				t.Errorf("%s has %d keys, zh-Hans %d", l, got, want)
			}
		})
	}
}

func TestStaffPINLocksOutAcrossRestarts(t *testing.T) {
	path := t.TempDir() + "/kiosk.db"
	k := newKioskAt(t, path)
	pin, err := staffpin.Ensure(context.Background(), k.DB)
	if err != nil || len(pin) != 6 {
		t.Fatalf("first start: got pin of %d digits, err %v", len(pin), err)
	}
	if again, _ := staffpin.Ensure(context.Background(), k.DB); again != "" {
		t.Error("a second start made a new PIN")
	}
	wrong := "000000"
	if wrong == pin {
		wrong = "111111"
	}
	for i := range 4 {
		if _, err := k.CheckPIN(wrong); !errors.Is(err, staffpin.ErrWrong) {
			t.Fatalf("wrong pin %d: got %v, want ErrWrongPIN", i+1, err)
		}
	}
	if _, err := k.CheckPIN(pin); !errors.Is(err, staffpin.ErrLocked) {
		t.Fatalf("right pin while locked: got %v, want ErrPINLocked", err)
	}
	// A restart keeps the lockout.
	k.DB.Close()
	k2 := newKioskAt(t, path)
	k2.now = k.now
	if _, err := k2.CheckPIN(pin); !errors.Is(err, staffpin.ErrLocked) {
		t.Fatalf("after restart: got %v, want ErrPINLocked", err)
	}
	k2.now = k2.now.Add(staffpin.Lockout(4) + time.Second)
	must, err := k2.CheckPIN(pin)
	if err != nil || !must {
		t.Fatalf("after the lockout: got must-change %v, err %v; want true, nil", must, err)
	}
	// Through the screens: the generated PIN leads to changing it.
	k2.tap(k2.tr("staff.corner"))
	k2.key(pin)
	k2.tap(k2.tr("staff.enter"))
	k2.wantScreen("change-pin")
	k2.key("246810")
	k2.tap(k2.tr("form.next"))
	k2.key("246810")
	k2.tap(k2.tr("form.next"))
	k2.wantScreen("staff")
	if !strings.Contains(k2.texts(), k2.tr("staff.no_hub")) {
		t.Errorf("the staff panel without a syncer does not say 未连接中心: %s", k2.texts())
	}
	if _, err := k2.CheckPIN(pin); !errors.Is(err, staffpin.ErrWrong) {
		t.Errorf("the old PIN still works: %v", err)
	}
}

func TestRosterCSV(t *testing.T) {
	k := newKiosk(t)
	evs, _ := k.DB.UpcomingEvents(context.Background(), "", 1)
	s := &alliance.SignUp{EventID: evs[0].ID, Name: "赵女士", Phone: "13512345678", PartySize: 3, ConsentVersion: "1"}
	if err := k.DB.SaveSignUp(context.Background(), s); err != nil {
		t.Fatal(err)
	}
	path, err := report.ExportRoster(context.Background(), k.DB, evs[0], t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	b, err := readFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b, "赵女士,13512345678,3,待确认") || !strings.HasPrefix(b, "\ufeff活动,") {
		t.Errorf("roster: got %q", b)
	}
}

func TestCancelSignUpFromMyRecords(t *testing.T) {
	k := newKiosk(t)
	evs, _ := k.DB.UpcomingEvents(context.Background(), "", 1)
	s := &alliance.SignUp{EventID: evs[0].ID, Name: "周先生", Phone: "13312345678", PartySize: 1, ConsentVersion: "1"}
	if err := k.DB.SaveSignUp(context.Background(), s); err != nil {
		t.Fatal(err)
	}
	k.tap(k.tr("tile.records"))
	k.key(s.Phone)
	k.tap(k.tr("form.next"))
	k.key(s.Receipt)
	k.tap(k.tr("records.find"), k.tr("records.cancel"))
	k.wantScreen("cancel")
	k.tap(k.tr("records.cancel_yes"))
	k.wantScreen("receipt")
	got, err := k.DB.SignUpByReceipt(context.Background(), s.Phone, s.Receipt)
	if err != nil || got.Status != alliance.SignUpCancelled {
		t.Errorf("status: got %q, %v; want cancelled", got.Status, err)
	}
}

func TestReaderDrawsLinksAsPlainWords(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"见[通知](https://example.org/x)。", "见通知。"},
		{"no links", "no links"},
	} {
		t.Run(tc.in, func(t *testing.T) {
			if got := ui.PlainLinksForTest(tc.in); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

// An event's id comes from the hub; as part of the roster's file name it
// cannot lead the file out of the folder staff chose.
func TestRosterStaysInItsFolder(t *testing.T) {
	k := newKiosk(t)
	evs, _ := k.DB.UpcomingEvents(context.Background(), "", 1)
	e := evs[0]
	e.ID = "/../../../escaped"
	dir := filepath.Join(t.TempDir(), "usb", "stick")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	path, err := report.ExportRoster(context.Background(), k.DB, e, dir)
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Dir(path) != dir {
		t.Errorf("the roster went to %s, outside %s", path, dir)
	}
	if m, _ := filepath.Glob(filepath.Join(dir, "..", "..", "escaped*")); len(m) != 0 {
		t.Errorf("files written outside the folder: %v", m)
	}
}

// A second sign-up for the same event from the same phone is not taken
// without a word: the kiosk says she is signed up already, and goes on
// only when she says she means a second booking.
func TestSecondSignUpAsksFirst(t *testing.T) {
	k := newKiosk(t)
	signUp := func(phone string) {
		t.Helper()
		k.ShowHome()
		if err := k.Open("event"); err != nil {
			t.Fatal(err)
		}
		k.tap(k.tr("event.signup"))
		k.tap("王", k.tr("form.next"), "女士", k.tr("form.next"))
		k.key(phone)
		k.tap(k.tr("form.next"))
	}
	send := func() {
		t.Helper()
		k.tap(k.tr("form.next"), k.tr("consent.agree"), k.tr("form.send"))
		k.wantScreen("receipt")
	}
	pending := func() int {
		items, err := k.DB.PendingOutbox(context.Background(), 10)
		if err != nil {
			t.Fatal(err)
		}
		return len(items)
	}
	already := ui.T(k.Lang(), "signup.already", "", 0)[:len("您已经报过名了")]

	signUp("13812345678")
	if strings.Contains(k.texts(), already) {
		t.Fatalf("a first sign-up is told it is a second: %s", k.texts())
	}
	send()

	// The same phone again: asked, and "no" takes nothing.
	signUp("13812345678")
	if !strings.Contains(k.texts(), already) {
		t.Fatalf("a second sign-up from the same phone is not questioned: %s", k.texts())
	}
	k.tap(k.tr("signup.again_no"))
	k.wantScreen("event")
	if n := pending(); n != 1 {
		t.Errorf("%d sign-ups after saying no, want 1", n)
	}

	// "Yes, once more" goes on to a second booking.
	signUp("13812345678")
	k.tap(k.tr("signup.again_yes"))
	send()
	if n := pending(); n != 2 {
		t.Errorf("%d sign-ups after confirming a second booking, want 2", n)
	}

	// Another phone is not asked.
	signUp("13912345678")
	if strings.Contains(k.texts(), already) {
		t.Errorf("another phone is told it signed up already: %s", k.texts())
	}
}
