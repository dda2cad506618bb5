package consoletest

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/assets"
	"github.com/shinan-alliance/alliance/hub"
	"github.com/shinan-alliance/alliance/hub/console"
	"github.com/shinan-alliance/alliance/mirror"
	"github.com/shinan-alliance/alliance/pack"
	"github.com/shinan-alliance/alliance/store"
	"github.com/shinan-alliance/alliance/wire"
)

// Communities the fixtures use: "own" for the staff and trainer, "other"
// for the staff of another community.
const (
	Own   = "yanchenglu"
	Other = "zhanshan"
)

// Password is every fixture user's password.
const Password = "correct horse battery"

// Logins of the fixture users, by role.
var Logins = map[hub.Role]string{hub.RoleOperator: "admin", hub.RoleEditor: "editor", hub.RoleStaff: "wang", hub.RoleTrainer: "zhao"}

// OtherStaff is the login of staff of the other community.
const OtherStaff = "li"

// Env is a hub serving kiosks and the console on loopback.
type Env struct {
	Dir     string
	DB      *hub.DB
	Server  *hub.Server
	Console *console.Console
	HTTP    *httptest.Server
	URL     string // the console's base, e.g. http://127.0.0.1:40123/console
	Users   map[string]hub.User
	Pack    *alliance.Pack
}

// Quiet is a logger that drops everything.
var Quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// New starts a hub in dir with the sample content and the fixture users.
func New(tb testing.TB, dir string) *Env { tb.Helper(); return NewWith(tb, dir, nil) }

// NewWith is New with a change to the console before it serves (a
// Previewer, say); setup may be nil.
func NewWith(tb testing.TB, dir string, setup func(*console.Console)) *Env {
	tb.Helper()
	ctx := context.Background()
	db, err := hub.Open(filepath.Join(dir, "hub.db"))
	if err != nil {
		tb.Fatal(err)
	}
	p, err := pack.Load(ctx, assets.SamplePack())
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := db.ImportPack(ctx, p); err != nil {
		tb.Fatal(err)
	}
	e := &Env{Dir: dir, DB: db, Users: map[string]hub.User{}, Pack: p}
	e.Server = &hub.Server{DB: db, Logger: Quiet, HelloTimeout: 5 * time.Second, ReadTimeout: 10 * time.Second}
	e.Console = &console.Console{DB: db, Logger: Quiet, ClientIP: e.Server.ClientIP}
	if setup != nil {
		setup(e.Console)
	}
	e.HTTP = httptest.NewServer(console.Mount(e.Server.Handler(), e.Console))
	e.URL = e.HTTP.URL + console.Base
	tb.Cleanup(func() {
		e.HTTP.Close()
		e.Server.Shutdown(context.Background())
		db.Close()
	})
	for role, login := range Logins {
		community := ""
		if role.Scoped() {
			community = Own
		}
		e.AddUser(tb, login, map[hub.Role]string{hub.RoleOperator: "周明", hub.RoleEditor: "陈编辑", hub.RoleStaff: "王丽", hub.RoleTrainer: "赵老师"}[role], role, community)
	}
	e.AddUser(tb, OtherStaff, "李强", hub.RoleStaff, Other)
	return e
}

// AddUser adds a user with Password.
func (e *Env) AddUser(tb testing.TB, login, name string, role hub.Role, community string) hub.User {
	tb.Helper()
	ctx := context.Background()
	_, token, err := e.DB.AddUser(ctx, login, name, role, community)
	if err != nil {
		tb.Fatal(err)
	}
	u, err := e.DB.SetPassword(ctx, token, Password)
	if err != nil {
		tb.Fatal(err)
	}
	e.Users[login] = u
	return u
}

// Session logs a user in and returns her session cookie's value.
func (e *Env) Session(tb testing.TB, login string) string {
	tb.Helper()
	_, token, err := e.DB.Login(context.Background(), login, Password, "127.0.0.1")
	if err != nil {
		tb.Fatal(err)
	}
	return token
}

// Kiosk is a kiosk database joined to the hub.
type Kiosk struct {
	Name   string
	ID     string
	DB     *store.DB
	Client *mirror.Client
}

// NewKiosk makes a kiosk as on first start (the sample content), enrols it
// for a community and joins it to the hub.
func (e *Env) NewKiosk(tb testing.TB, name, community string) *Kiosk {
	tb.Helper()
	ctx := context.Background()
	db, err := store.Open(filepath.Join(e.Dir, name+".db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	if _, err := db.ImportPack(ctx, e.Pack); err != nil {
		tb.Fatal(err)
	}
	code, err := e.DB.Enroll(ctx, name, community)
	if err != nil {
		tb.Fatal(err)
	}
	if err := mirror.Join(ctx, db, e.HTTP.URL, code, nil, ""); err != nil {
		tb.Fatal(err)
	}
	c, err := mirror.FromStore(ctx, db)
	if err != nil {
		tb.Fatal(err)
	}
	c.Logger = Quiet
	k := &Kiosk{Name: name, DB: db, Client: c, ID: c.KioskID}
	k.Sync(tb)
	return k
}

// Sync runs one sync and fails the test if it fails.
func (k *Kiosk) Sync(tb testing.TB) mirror.Result {
	tb.Helper()
	res, err := k.Client.Sync(context.Background())
	if err != nil {
		tb.Fatalf("sync %s: %v", k.Name, err)
	}
	return res
}

// Push stores records at the hub as if a kiosk had pushed them (for data
// that needs no kiosk database: benchmarks, screenshots).
func (e *Env) Push(tb testing.TB, kioskID string, recs ...alliance.Record) {
	tb.Helper()
	var ws []wire.Record
	for i, r := range recs {
		b, err := json.Marshal(r)
		if err != nil {
			tb.Fatal(err)
		}
		ws = append(ws, wire.Record{Seq: time.Now().UnixNano()/1000 + int64(i), ID: r.RecordID(), Kind: r.RecordKind(), Payload: b})
	}
	out, err := e.DB.Accept(context.Background(), kioskID, ws, hub.Quota{RecordsPerDay: 1 << 30, BytesPerDay: 1 << 40})
	if err != nil {
		tb.Fatal(err)
	}
	if len(out.Refused) > 0 {
		tb.Fatalf("refused: %+v", out.Refused)
	}
}

// Chromium is the browser the tests drive: Debian's package.
func Chromium() (string, error) {
	for _, p := range []string{os.Getenv("CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"} {
		if p == "" {
			continue
		}
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p, nil
	}
	return "", fmt.Errorf("no Chromium: run make deps (it installs Debian's chromium)")
}

// Browser starts headless Chromium at 1366×768 with a fresh profile; the
// flags keep it from reaching for the internet (the machine has none, and
// a hub's intranet neither). Tests run as root in CI: --no-sandbox.
// cancel stops it.
func Browser(tb testing.TB) (context.Context, context.CancelFunc) {
	tb.Helper()
	path, err := Chromium()
	if err != nil {
		tb.Fatal(err)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.UserDataDir(tb.TempDir()),
		chromedp.WindowSize(1366, 768),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.Flag("lang", "zh-CN"),
	)
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelC := chromedp.NewContext(actx)
	ctx, cancelT := context.WithTimeout(ctx, 8*time.Minute)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1366, 768)); err != nil {
		cancelT()
		cancelC()
		cancelA()
		tb.Fatalf("start chromium: %v", err)
	}
	return ctx, func() { cancelT(); cancelC(); cancelA() }
}

// Login logs in through the login page.
func (e *Env) Login(ctx context.Context, login string) error {
	return chromedp.Do(ctx,
		chromedp.Navigate(e.URL+"/login"),
		chromedp.WaitVisible(chromedp.ID("login")),
		chromedp.SendKeys(chromedp.ID("login"), login),
		chromedp.SendKeys(chromedp.ID("password"), Password),
		chromedp.Click(chromedp.CSS(`button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`nav.side`)),
	)
}

// Text returns the visible text of the page's main part.
func Text(ctx context.Context) (string, error) {
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`main`)))
	return strings.TrimSpace(s), err
}
