package console

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/hub"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// Base is the path the console is served under.
const Base = "/console"

// CookieName is the session cookie's name.
const CookieName = "alliance_console"

// Console serves the web console. Set its fields before the first call to
// Handler.
type Console struct {
	DB     *hub.DB
	Logger *slog.Logger
	// ClientIP returns the address a request comes from (the hub server's,
	// which knows the trusted proxies); nil takes the peer's address.
	ClientIP func(*http.Request) string
	// SecureCookies marks the session cookie Secure even on plain HTTP
	// requests: for a hub behind a TLS proxy. Requests over TLS always get
	// Secure cookies.
	SecureCookies bool
	// OverdueDays is how many working days an open suggestion may wait
	// before it is overdue (default 3).
	OverdueDays int
	// LoginFailures bounds failed logins per account and per address in 15
	// minutes (defaults 5 and 30).
	AccountFailures, AddressFailures int
	// Preview draws a post as a kiosk shows it, for the post form's 预览;
	// nil leaves the form's HTML approximation alone.
	Preview Previewer

	once  sync.Once
	tmpl  map[string]*template.Template
	mu    sync.Mutex
	fails map[string]*rate.Limiter // "a:login" and "i:addr", guarded by mu
	packs map[string]pendingPack   // uploaded packs awaiting confirmation, guarded by mu
	// accountsCache holds the published accounts until accountsUntil,
	// guarded by mu.
	accountsCache []alliance.Account
	accountsUntil time.Time
	handler       http.Handler
}

func (c *Console) init() {
	c.once.Do(func() {
		if c.Logger == nil {
			c.Logger = slog.Default()
		}
		if c.OverdueDays <= 0 {
			c.OverdueDays = 3
		}
		if c.AccountFailures <= 0 {
			c.AccountFailures = 5
		}
		if c.AddressFailures <= 0 {
			c.AddressFailures = 30
		}
		if c.ClientIP == nil {
			c.ClientIP = peerIP
		}
		c.fails = map[string]*rate.Limiter{}
		c.packs = map[string]pendingPack{}
		c.tmpl = parseTemplates()
		c.handler = c.build()
	})
}

// Handler returns the console's routes, all under Base.
func (c *Console) Handler() http.Handler {
	c.init()
	return c.handler
}

func peerIP(r *http.Request) string {
	host := r.RemoteAddr
	if i := strings.LastIndexByte(host, ':'); i > 0 {
		host = host[:i]
	}
	return strings.Trim(host, "[]")
}

// req is what a handler gets: the request, the user, her language, and the
// communities the route was checked for.
type req struct {
	*http.Request
	c         *Console
	User      hub.User
	L         Lang
	Community string // the community the route touches ("" district-wide)
}

func (r *req) ctx() context.Context { return r.Context() }

// audit writes a line of the audit log for the user's request.
func (r *req) audit(action, subject, community, detail string) {
	err := r.c.DB.Audit(r.ctx(), hub.AuditEntry{UserID: r.User.ID, Login: r.User.Login, Addr: r.c.ClientIP(r.Request),
		Action: action, Subject: subject, Community: community, Detail: detail})
	if err != nil {
		r.c.Logger.Error("audit", "action", action, "err", err)
	}
}

// route is one page or action of the console.
type route struct {
	Method, Path string // Path under Base, in net/http's pattern syntax
	Action       Action
	// Scope returns the communities the request touches; each is checked
	// against the policy ("" is district-wide). nil: district-wide.
	Scope  func(r *req) ([]string, error)
	Handle func(w http.ResponseWriter, r *req)
}

// Routes lists every route of the console that needs a session (for the
// policy test).
func (c *Console) Routes() []route { return c.routes() }

func (c *Console) build() http.Handler {
	mux := http.NewServeMux()
	for _, rt := range c.routes() {
		mux.Handle(rt.Method+" "+Base+rt.Path, c.guard(rt))
	}
	mux.HandleFunc("GET "+Base+"/login", c.loginPage)
	mux.HandleFunc("POST "+Base+"/login", c.login)
	mux.HandleFunc("GET "+Base+"/setup", c.setupPage)
	mux.HandleFunc("POST "+Base+"/setup", c.setup)
	mux.HandleFunc("GET "+Base+"/lang/{lang}", c.setLang)
	static, _ := fs.Sub(staticFS, "static")
	files := http.StripPrefix(Base+"/static/", http.FileServerFS(static))
	mux.Handle("GET "+Base+"/static/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		files.ServeHTTP(w, r)
	}))
	mux.HandleFunc(Base+"/", func(w http.ResponseWriter, r *http.Request) {
		c.errorPage(w, r, http.StatusNotFound, "err.notfound")
	})
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u, _ := c.sessionUser(r)
		c.DB.Audit(r.Context(), hub.AuditEntry{UserID: u.ID, Login: u.Login, Addr: c.ClientIP(r), Action: "denied.cross-origin",
			Detail: r.Method + " " + sanitizePath(r.URL.Path) + " from " + sanitizePath(r.Header.Get("Origin"))})
		c.errorPage(w, r, http.StatusForbidden, "err.crossorigin")
	}))
	return securityHeaders(cop.Handler(mux))
}

// securityHeaders keeps the console's pages from being framed, sniffed or
// extended with scripts from anywhere else.
func securityHeaders(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("Referrer-Policy", "same-origin")
		hd.Set("X-Frame-Options", "DENY")
		if r.URL.Path != Base+"/static/" && !strings.HasPrefix(r.URL.Path, Base+"/static/") {
			hd.Set("Cache-Control", "no-store")
		}
		h.ServeHTTP(w, r)
	})
}

func sanitizePath(s string) string {
	if len(s) > 200 {
		s = s[:200]
	}
	return strings.ToValidUTF8(s, "?")
}

// guard checks the session and the policy, then runs the route.
func (c *Console) guard(rt route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, hr *http.Request) {
		u, err := c.sessionUser(hr)
		if err != nil {
			if hr.Method == http.MethodGet {
				http.Redirect(w, hr, Base+"/login?next="+url.QueryEscape(hr.URL.RequestURI()), http.StatusSeeOther)
				return
			}
			c.errorPage(w, hr, http.StatusUnauthorized, "err.session")
			return
		}
		hr.Body = http.MaxBytesReader(w, hr.Body, maxUpload)
		r := &req{Request: hr, c: c, User: u, L: langOf(hr)}
		communities := []string{""}
		if rt.Scope != nil {
			communities, err = rt.Scope(r)
			if errors.Is(err, alliance.ErrNotFound) {
				c.errorPage(w, hr, http.StatusNotFound, "err.notfound")
				return
			}
			if err != nil {
				c.fail(w, r, err)
				return
			}
		}
		for _, cm := range communities {
			if !Allowed(u, rt.Action, cm) {
				r.audit("denied", "", cm, hr.Method+" "+sanitizePath(hr.URL.Path)+" ("+string(rt.Action)+")")
				c.Logger.Warn("console: refused", "user", u.Login, "action", rt.Action, "community", cm, "path", sanitizePath(hr.URL.Path))
				c.errorPage(w, hr, http.StatusForbidden, "err.forbidden")
				return
			}
		}
		if len(communities) > 0 {
			r.Community = communities[0]
		}
		rt.Handle(w, r)
	})
}

// maxUpload bounds a request body: an image or a content pack.
const maxUpload = 64 << 20

func (c *Console) sessionUser(r *http.Request) (hub.User, error) {
	ck, err := r.Cookie(CookieName)
	if err != nil {
		return hub.User{}, hub.ErrNoSession
	}
	return c.DB.SessionUser(r.Context(), ck.Value)
}

func (c *Console) setCookie(w http.ResponseWriter, r *http.Request, value string, maxAge int) {
	http.SetCookie(w, &http.Cookie{Name: CookieName, Value: value, Path: Base + "/", MaxAge: maxAge,
		HttpOnly: true, Secure: r.TLS != nil || c.SecureCookies, SameSite: http.SameSiteStrictMode})
}

// throttled reports whether logins for an account or from an address are
// paused after too many failures.
func (c *Console) throttled(login, addr string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, k := range []string{"a:" + strings.ToLower(login), "i:" + addr} {
		if l, ok := c.fails[k]; ok && l.Tokens() < 1 {
			return true
		}
	}
	return false
}

func (c *Console) failedLogin(login, addr string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.fails) > 50_000 {
		now := time.Now()
		for k, l := range c.fails {
			if l.TokensAt(now) >= float64(l.Burst()) {
				delete(c.fails, k)
			}
		}
	}
	for k, n := range map[string]int{"a:" + strings.ToLower(login): c.AccountFailures, "i:" + addr: c.AddressFailures} {
		l, ok := c.fails[k]
		if !ok {
			l = rate.NewLimiter(rate.Every(15*time.Minute/time.Duration(n)), n)
			c.fails[k] = l
		}
		l.Allow()
	}
}

// fail answers a request whose handler failed: a rule broken is the
// user's to fix (400, with what is wrong), anything else is logged.
func (c *Console) fail(w http.ResponseWriter, r *req, err error) {
	switch {
	case errors.Is(err, alliance.ErrNotFound):
		c.errorPage(w, r.Request, http.StatusNotFound, "err.notfound")
	case isUserError(err):
		c.render(w, r, http.StatusBadRequest, "error", map[string]any{"Message": userMessage(err)})
	default:
		c.Logger.Error("console", "path", sanitizePath(r.URL.Path), "err", err)
		c.errorPage(w, r.Request, http.StatusInternalServerError, "err.internal")
	}
}

// formError is a mistake in what the user entered.
type formError string

func (e formError) Error() string { return string(e) }

func isUserError(err error) bool {
	var fe formError
	return errors.As(err, &fe) || errors.Is(err, alliance.ErrInvalid) || errors.Is(err, hub.ErrBadContent) ||
		errors.Is(err, hub.ErrInUse) || errors.Is(err, hub.ErrNotAllowed) || errors.Is(err, hub.ErrUnknownCommunity) ||
		errors.Is(err, hub.ErrWeakSecret) || errors.Is(err, hub.ErrBadLogin)
}

func userMessage(err error) string {
	s := err.Error()
	for _, p := range []string{"publish: ", "withdraw: "} {
		s = strings.TrimPrefix(s, p)
	}
	return s
}

func (c *Console) errorPage(w http.ResponseWriter, r *http.Request, status int, key string) {
	u, _ := c.sessionUser(r)
	rq := &req{Request: r, c: c, User: u, L: langOf(r)}
	c.render(w, rq, status, "error", map[string]any{"Message": rq.L.T(key)})
}

func (c *Console) setLang(w http.ResponseWriter, r *http.Request) {
	l := r.PathValue("lang")
	if l != "en" {
		l = "zh"
	}
	http.SetCookie(w, &http.Cookie{Name: "lang", Value: l, Path: Base + "/", MaxAge: 365 * 24 * 3600, SameSite: http.SameSiteLaxMode})
	next := r.URL.Query().Get("next")
	if !strings.HasPrefix(next, Base+"/") || strings.HasPrefix(next, "//") {
		next = Base + "/"
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func langOf(r *http.Request) Lang {
	if ck, err := r.Cookie("lang"); err == nil && ck.Value == "en" {
		return En
	}
	return Zh
}

func (c *Console) loginPage(w http.ResponseWriter, r *http.Request) {
	rq := &req{Request: r, c: c, L: langOf(r)}
	c.render(w, rq, http.StatusOK, "login", map[string]any{"Next": safeNext(r.URL.Query().Get("next"))})
}

func safeNext(next string) string {
	if !strings.HasPrefix(next, Base+"/") || strings.HasPrefix(next, "//") || strings.Contains(next, "\\") {
		return Base + "/"
	}
	return next
}

func (c *Console) login(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 8<<10)
	rq := &req{Request: r, c: c, L: langOf(r)}
	login, pw := strings.TrimSpace(r.PostFormValue("login")), r.PostFormValue("password")
	addr := c.ClientIP(r)
	next := safeNext(r.PostFormValue("next"))
	if c.throttled(login, addr) {
		c.DB.Audit(r.Context(), hub.AuditEntry{Login: sanitizeLogin(login), Addr: addr, Action: "login.throttled"})
		c.render(w, rq, http.StatusTooManyRequests, "login", map[string]any{"Next": next, "Login": login, "Error": rq.L.T("login.throttled")})
		return
	}
	u, token, err := c.DB.Login(r.Context(), login, pw, addr)
	if errors.Is(err, hub.ErrBadLogin) {
		c.failedLogin(login, addr)
		c.DB.Audit(r.Context(), hub.AuditEntry{Login: sanitizeLogin(login), Addr: addr, Action: "login.failed"})
		c.render(w, rq, http.StatusUnauthorized, "login", map[string]any{"Next": next, "Login": login, "Error": rq.L.T("login.bad")})
		return
	}
	if err != nil {
		c.Logger.Error("console login", "err", err)
		c.errorPage(w, r, http.StatusInternalServerError, "err.internal")
		return
	}
	c.DB.Audit(r.Context(), hub.AuditEntry{UserID: u.ID, Login: u.Login, Addr: addr, Action: "login", Community: u.Community})
	c.setCookie(w, r, token, int(hub.SessionMax/time.Second))
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func sanitizeLogin(s string) string {
	if len(s) > 40 {
		s = s[:40]
	}
	return s
}

func (c *Console) logout(w http.ResponseWriter, r *req) {
	if ck, err := r.Cookie(CookieName); err == nil {
		if err := c.DB.Logout(r.ctx(), ck.Value); err != nil {
			c.fail(w, r, err)
			return
		}
	}
	r.audit("logout", "", "", "")
	c.setCookie(w, r.Request, "", -1)
	http.Redirect(w, r.Request, Base+"/login", http.StatusSeeOther)
}

func (c *Console) setupPage(w http.ResponseWriter, r *http.Request) {
	rq := &req{Request: r, c: c, L: langOf(r)}
	token := r.URL.Query().Get("token")
	u, err := c.DB.SetupUser(r.Context(), token)
	if err != nil {
		c.render(w, rq, http.StatusUnauthorized, "error", map[string]any{"Message": rq.L.T("setup.expired")})
		return
	}
	c.render(w, rq, http.StatusOK, "setup", map[string]any{"Token": token, "Who": u})
}

func (c *Console) setup(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 8<<10)
	rq := &req{Request: r, c: c, L: langOf(r)}
	token, pw := r.PostFormValue("token"), r.PostFormValue("password")
	addr := c.ClientIP(r)
	if c.throttled("setup", addr) {
		c.render(w, rq, http.StatusTooManyRequests, "error", map[string]any{"Message": rq.L.T("login.throttled")})
		return
	}
	if pw != r.PostFormValue("password2") {
		u, _ := c.DB.SetupUser(r.Context(), token)
		c.render(w, rq, http.StatusBadRequest, "setup", map[string]any{"Token": token, "Who": u, "Error": rq.L.T("setup.mismatch")})
		return
	}
	u, err := c.DB.SetPassword(r.Context(), token, pw)
	switch {
	case errors.Is(err, hub.ErrWeakSecret):
		u, _ := c.DB.SetupUser(r.Context(), token)
		c.render(w, rq, http.StatusBadRequest, "setup", map[string]any{"Token": token, "Who": u, "Error": rq.L.Tf("setup.short", hub.MinPassword)})
		return
	case errors.Is(err, hub.ErrUnauthorized):
		c.failedLogin("setup", addr)
		c.render(w, rq, http.StatusUnauthorized, "error", map[string]any{"Message": rq.L.T("setup.expired")})
		return
	case err != nil:
		c.Logger.Error("console setup", "err", err)
		c.errorPage(w, r, http.StatusInternalServerError, "err.internal")
		return
	}
	c.DB.Audit(r.Context(), hub.AuditEntry{UserID: u.ID, Login: u.Login, Addr: addr, Action: "user.password-set"})
	http.Redirect(w, r, Base+"/login?set=1", http.StatusSeeOther)
}

// SetupLink is the path of the one-time link that sets a user's password.
func SetupLink(token string) string { return Base + "/setup?token=" + url.QueryEscape(token) }

// redirect answers a write with 303 to a page, with a note to show there.
func redirect(w http.ResponseWriter, r *req, path string, note string) {
	if note != "" {
		sep := "?"
		if strings.Contains(path, "?") {
			sep = "&"
		}
		path += sep + "note=" + url.QueryEscape(note)
	}
	http.Redirect(w, r.Request, Base+path, http.StatusSeeOther)
}

func errf(format string, args ...any) error { return formError(fmt.Sprintf(format, args...)) }

// Mount serves the console under Base, and everything else with next. A
// browser that opens the hub's bare address is sent to the console.
func Mount(next http.Handler, c *Console) http.Handler {
	mux := http.NewServeMux()
	h := c.Handler()
	mux.Handle(Base+"/", h)
	mux.Handle("GET /{$}", http.RedirectHandler(Base+"/", http.StatusSeeOther))
	mux.Handle(Base, http.RedirectHandler(Base+"/", http.StatusSeeOther))
	mux.Handle("/", next)
	return mux
}
