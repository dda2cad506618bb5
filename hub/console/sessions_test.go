package console_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/shinan-alliance/alliance/hub/console"
	"github.com/shinan-alliance/alliance/hub/console/consoletest"
)

func postLogin(h http.Handler, login, pw, addr string) *httptest.ResponseRecorder {
	r := httptest.NewRequest("POST", console.Base+"/login", strings.NewReader(url.Values{"login": {login}, "password": {pw}}.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.RemoteAddr = addr + ":5555"
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

// Logins are throttled per account (whatever the address) and per address
// (whatever the account): guessing stops, and the right password waits too.
func TestLoginThrottled(t *testing.T) {
	e := consoletest.New(t, t.TempDir())
	h := e.Console.Handler()
	for i := range 5 {
		if w := postLogin(h, "wang", "wrong password", "10.0.0."+string(rune('1'+i))); w.Code != http.StatusUnauthorized {
			t.Fatalf("attempt %d: %d", i, w.Code)
		}
	}
	if w := postLogin(h, "wang", consoletest.Password, "10.0.1.1"); w.Code != http.StatusTooManyRequests {
		t.Errorf("after 5 failures for the account, the right password from elsewhere: %d, want 429", w.Code)
	}
	if w := postLogin(h, "admin", consoletest.Password, "10.0.1.1"); w.Code != http.StatusSeeOther {
		t.Errorf("another account: %d, want to get in", w.Code)
	}
	for i := range 30 {
		postLogin(h, "nobody"+string(rune('a'+i)), "x", "10.9.9.9")
	}
	if w := postLogin(h, "editor", consoletest.Password, "10.9.9.9"); w.Code != http.StatusTooManyRequests {
		t.Errorf("after 30 failures from the address: %d, want 429", w.Code)
	}
	if log, _, _ := e.DB.AuditLog(context.Background(), auditAction("login.failed")); len(log) == 0 {
		t.Error("failed logins are not in the audit log")
	}
}

// Disabling a user ends her sessions at once.
func TestDisabledUserLosesSession(t *testing.T) {
	e := consoletest.New(t, t.TempDir())
	token := e.Session(t, "wang")
	get := func() int {
		r := httptest.NewRequest("GET", console.Base+"/", nil)
		r.AddCookie(&http.Cookie{Name: console.CookieName, Value: token})
		w := httptest.NewRecorder()
		e.Console.Handler().ServeHTTP(w, r)
		return w.Code
	}
	if c := get(); c != http.StatusOK {
		t.Fatalf("before: %d", c)
	}
	if err := e.DB.SetUserDisabled(context.Background(), e.Users["wang"].ID, true); err != nil {
		t.Fatal(err)
	}
	if c := get(); c != http.StatusSeeOther {
		t.Errorf("after disabling: %d, want a redirect to log in", c)
	}
}

// The first operator's one-time link: the setup page sets her password
// once, and she logs in with it.
func TestSetupLinkOnce(t *testing.T) {
	e := consoletest.New(t, t.TempDir())
	_, token, err := e.DB.AddUser(context.Background(), "first", "周明", "operator", "")
	if err != nil {
		t.Fatal(err)
	}
	h := e.Console.Handler()
	get := httptest.NewRecorder()
	h.ServeHTTP(get, httptest.NewRequest("GET", console.SetupLink(token), nil))
	if get.Code != http.StatusOK || !strings.Contains(get.Body.String(), "周明") {
		t.Fatalf("setup page: %d", get.Code)
	}
	post := func() int {
		form := url.Values{"token": {token}, "password": {"a long enough password"}, "password2": {"a long enough password"}}
		r := httptest.NewRequest("POST", console.Base+"/setup", strings.NewReader(form.Encode()))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w.Code
	}
	if c := post(); c != http.StatusSeeOther {
		t.Fatalf("setting the password: %d", c)
	}
	if c := post(); c != http.StatusUnauthorized {
		t.Errorf("the link used twice: %d", c)
	}
	r := httptest.NewRequest("POST", console.Base+"/login", strings.NewReader(url.Values{"login": {"first"}, "password": {"a long enough password"}}.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if w.Code != http.StatusSeeOther || !strings.Contains(w.Header().Get("Set-Cookie"), "HttpOnly") || !strings.Contains(w.Header().Get("Set-Cookie"), "SameSite=Strict") {
		t.Errorf("login: %d %s", w.Code, w.Header().Get("Set-Cookie"))
	}
}
