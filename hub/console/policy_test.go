package console_test

import (
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/hub"
	"github.com/shinan-alliance/alliance/hub/console"
	"github.com/shinan-alliance/alliance/hub/console/consoletest"
)

// ids of one community's records, for the policy test's requests.
type side struct {
	community, post, entry, place, suggestion, template, callback, event, signUp, kiosk string
}

// policyFixture is a hub with records in both communities; the test opens
// a fresh copy of it for every request, so that no request's write
// changes what the next one finds.
type policyFixture struct {
	file     string
	sessions map[string]string // login → session token
	own      side
	other    side
	victim   int64 // a user the user routes act on
	shared   *console.Console
}

func newPolicyFixture(t *testing.T) *policyFixture {
	dir := t.TempDir()
	e := consoletest.New(t, dir)
	d := e.Seed(t)
	ctx := context.Background()
	f := &policyFixture{file: filepath.Join(dir, "hub.db"), sessions: map[string]string{}}
	for _, login := range []string{"admin", "editor", "wang", "zhao"} {
		f.sessions[login] = e.Session(t, login)
	}
	first := func(kind alliance.Kind, owner string) string {
		items, _, err := e.DB.ListContent(ctx, hub.ContentFilter{Kind: kind, Owner: owner, Limit: 1})
		if err != nil || len(items) == 0 {
			t.Fatalf("no %s of %s: %v", kind, owner, err)
		}
		return items[0].Content.ContentID()
	}
	tmpl := func(community string) string {
		id, err := e.DB.SaveReplyTemplate(ctx, hub.ReplyTemplate{Community: community, Category: "other", Title: "t", Body: "b"})
		if err != nil {
			t.Fatal(err)
		}
		return fmt.Sprint(id)
	}
	cbs, _, err := e.DB.Callbacks(ctx, hub.CallbackFilter{Community: consoletest.Other})
	if err != nil || len(cbs) == 0 {
		t.Fatalf("call-backs of the other community: %v", err)
	}
	f.own = side{consoletest.Own, first(alliance.KindPost, consoletest.Own), first(alliance.KindDirectory, consoletest.Own),
		first(alliance.KindPlace, consoletest.Own), d.Suggestion, tmpl(consoletest.Own), d.Callback, d.Event, d.SignUp, d.Kiosks["yanchenglu-1"]}
	f.other = side{consoletest.Other, first(alliance.KindPost, consoletest.Other), first(alliance.KindDirectory, consoletest.Other),
		first(alliance.KindPlace, consoletest.Other), d.OtherSug, tmpl(consoletest.Other), cbs[0].ID, d.OtherEvent, d.OtherSignUp, d.Kiosks["zhanshan-1"]}
	f.victim = e.AddUser(t, "victim", "受试者", hub.RoleStaff, consoletest.Other).ID
	e.DB.Close()
	return f
}

// request builds the request of a route for one community's records.
func (f *policyFixture) request(t *testing.T, method, pattern string, s side) *http.Request {
	form := url.Values{}
	path := pattern
	for k, v := range map[string]string{"{sha}": strings.Repeat("ab", 32), "{$}": ""} {
		path = strings.ReplaceAll(path, k, v)
	}
	id := map[string]string{
		"/posts/": s.post, "/accounts/": s.community, "/directory/": s.entry, "/places/": s.place, "/suggestions/": s.suggestion,
		"/templates/": s.template, "/callbacks/": s.callback, "/events/": s.event, "/signups/": s.signUp, "/kiosks/": s.kiosk,
		"/users/": fmt.Sprint(f.victim),
	}
	for prefix, v := range id {
		if strings.HasPrefix(path, prefix+"{id}") {
			path = strings.Replace(path, "{id}", v, 1)
		}
	}
	form.Set("community", s.community)
	switch pattern {
	case "/posts", "/posts/{id}":
		form.Set("account", s.community)
		form.Set("column", "notice")
		form.Set("title", "停水通知")
		form.Set("body", "明天停水。")
	case "/directory", "/directory/{id}":
		form.Set("name", "值班电话")
		form.Set("number", "0532-0000-9999")
		form.Set("category", "community")
	case "/places", "/places/{id}":
		form.Set("name", "社区食堂")
		form.Set("kind", "food")
	case "/accounts/{id}":
		form.Set("name", "某社区")
	case "/suggestions/{id}":
		form.Set("reply", "已收到，谢谢。")
	case "/templates", "/templates/{id}":
		form.Set("category", "other")
		form.Set("title", "谢谢")
		form.Set("body", "谢谢您的意见。")
	case "/callbacks/{id}":
		form.Set("status", "called")
	case "/events", "/events/{id}":
		form.Set("title", "茶话会")
		form.Set("starts", "2030-01-02T09:00")
		form.Set("ends", "2030-01-02T11:00")
		form.Set("capacity", "20")
	case "/kiosks", "/kiosks/{id}/rename":
		form.Set("name", "kiosk-"+s.community+"-new")
	case "/users":
		form.Set("login", "newbie")
		form.Set("name", "新人")
		form.Set("role", "staff")
	case "/password":
		form.Set("old", consoletest.Password)
		form.Set("password", "another long password")
		form.Set("password2", "another long password")
	}
	target := console.Base + path
	if !strings.Contains(pattern, "{id}") {
		// A list's community is asked for; a record's is its own.
		target += "?c=" + s.community
	} else {
		form.Del("community")
	}
	if method == "GET" {
		return httptest.NewRequest(method, target, nil)
	}
	if pattern == "/pack" {
		var b strings.Builder
		mw := multipart.NewWriter(&b)
		w, _ := mw.CreateFormFile("pack", "p.zip")
		io.WriteString(w, "not a zip")
		mw.Close()
		r := httptest.NewRequest(method, target, strings.NewReader(b.String()))
		r.Header.Set("Content-Type", mw.FormDataContentType())
		return r
	}
	r := httptest.NewRequest(method, target, strings.NewReader(form.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return r
}

// TestPolicyTable walks every route × every role × a record of the user's
// own community and of another, and checks the answer against Policy:
// allowed (any answer but 401 and 403, and no server error) or refused
// (403, with a line in the audit log). A route the console adds without a
// case here fails the test.
func TestPolicyTable(t *testing.T) {
	f := newPolicyFixture(t)
	users := map[hub.Role]hub.User{
		hub.RoleOperator: {Role: hub.RoleOperator, Login: "admin"},
		hub.RoleEditor:   {Role: hub.RoleEditor, Login: "editor"},
		hub.RoleStaff:    {Role: hub.RoleStaff, Login: "wang", Community: consoletest.Own},
		hub.RoleTrainer:  {Role: hub.RoleTrainer, Login: "zhao", Community: consoletest.Own},
	}
	routes := (&console.Console{}).Routes()
	sort.Slice(routes, func(i, j int) bool { return routes[i].Path+routes[i].Method < routes[j].Path+routes[j].Method })
	checked := 0
	for _, rt := range routes {
		for _, role := range hub.Roles {
			u := users[role]
			for _, own := range []bool{true, false} {
				s := f.own
				if !own {
					s = f.other
				}
				community := s.community
				if rt.Scope == nil {
					community = ""
				}
				want := console.Allowed(u, rt.Action, community)
				// A write that is let through gets a fresh copy of the hub;
				// reads and refusals change nothing but the audit log.
				serve := f.serveShared
				if want && rt.Method != "GET" {
					serve = f.serve
				}
				status, denied := serve(t, u.Login, f.request(t, rt.Method, rt.Path, s))
				name := fmt.Sprintf("%s %s as %s, %s community", rt.Method, rt.Path, role, map[bool]string{true: "own", false: "other"}[own])
				switch {
				case want && (status == http.StatusForbidden || status == http.StatusUnauthorized || status >= 500):
					t.Errorf("%s: %d, want allowed", name, status)
				case !want && status != http.StatusForbidden:
					t.Errorf("%s: %d, want 403", name, status)
				case !want && !denied:
					t.Errorf("%s: refused without a line in the audit log", name)
				}
				checked++
			}
		}
	}
	t.Logf("%d routes × %d roles × own/other: %d requests", len(routes), len(hub.Roles), checked)
}

// serveShared answers one request on the fixture's shared copy; denied
// says whether it added a "denied" line to the audit log.
func (f *policyFixture) serveShared(t *testing.T, login string, r *http.Request) (int, bool) {
	if f.shared == nil {
		path := filepath.Join(t.TempDir(), "hub.db")
		data, err := os.ReadFile(f.file)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		db, err := hub.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		f.shared = &console.Console{DB: db, Logger: consoletest.Quiet}
	}
	count := func() int {
		_, n, err := f.shared.DB.AuditLog(context.Background(), hub.AuditFilter{Action: "denied"})
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := count()
	r.AddCookie(&http.Cookie{Name: console.CookieName, Value: f.sessions[login]})
	w := httptest.NewRecorder()
	f.shared.Handler().ServeHTTP(w, r)
	return w.Code, count() > before
}

// serve answers one request on a fresh copy of the fixture; denied says
// whether the audit log got a "denied" line.
func (f *policyFixture) serve(t *testing.T, login string, r *http.Request) (int, bool) {
	dir := t.TempDir()
	data, err := os.ReadFile(f.file)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "hub.db")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	db, err := hub.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	c := &console.Console{DB: db, Logger: consoletest.Quiet}
	r.AddCookie(&http.Cookie{Name: console.CookieName, Value: f.sessions[login]})
	w := httptest.NewRecorder()
	c.Handler().ServeHTTP(w, r)
	log, _, err := db.AuditLog(context.Background(), hub.AuditFilter{Action: "denied"})
	if err != nil {
		t.Fatal(err)
	}
	return w.Code, len(log) > 0
}

// The table itself, as issue 10 gives it: a change to Policy must change
// this too, on purpose.
func TestPolicyIsTheIssues(t *testing.T) {
	want := map[console.Action]string{ // operator editor staff trainer: A all, O own, - none
		console.ActDashboard: "AAOO", console.ActContent: "AAO-", console.ActPack: "AA--",
		console.ActSuggestView: "AAO-", console.ActSuggestEdit: "A-O-", console.ActSuggestPhone: "A-O-", console.ActTemplates: "A-O-",
		console.ActCallbacks: "A-O-", console.ActEvents: "AAO-", console.ActRoster: "A-O-",
		console.ActKiosksView: "A-O-", console.ActKiosksEdit: "A---", console.ActTraining: "A-OO",
		console.ActUsers: "A---", console.ActAudit: "A---", console.ActBackup: "A---", console.ActSelf: "AAAA",
	}
	if len(want) != len(console.Policy) {
		t.Errorf("Policy has %d actions, this table %d", len(console.Policy), len(want))
	}
	for a, roles := range want {
		for i, role := range hub.Roles {
			got := map[console.Scope]byte{console.All: 'A', console.Own: 'O', console.None: '-'}[console.Policy[a][role]]
			if got != roles[i] {
				t.Errorf("%s for %s: %c, want %c", a, role, got, roles[i])
			}
		}
	}
}

// Moving a record to another community needs both communities: staff may
// not take their own post and give it to another community.
func TestPolicyMoveNeedsBoth(t *testing.T) {
	f := newPolicyFixture(t)
	r := f.request(t, "POST", "/posts/{id}", f.own)
	r.Body = io.NopCloser(strings.NewReader(url.Values{"account": {consoletest.Other}, "column": {"notice"}, "title": {"x"}}.Encode()))
	if status, denied := f.serve(t, "wang", r); status != http.StatusForbidden || !denied {
		t.Errorf("staff moving a post to another community: %d", status)
	}
}
