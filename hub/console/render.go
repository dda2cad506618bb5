package console

import (
	"bytes"
	"fmt"
	"html"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/hub"
)

// view is what every page's template gets.
type view struct {
	L         Lang
	User      hub.User
	Page      string // the template's name, for the menu
	Title     string
	Note      string // a message after a write (?note=)
	Nav       []navItem
	D         map[string]any
	Path      string // the request's path and query, for the language switch
	Community string
}

type navItem struct {
	Href, Label string
	Active      bool
}

var md = goldmark.New() // CommonMark; raw HTML is left out unless allowed, and it is not

// sanitizer is the second line: whatever goldmark emits is filtered to
// harmless markup (no script, no event handlers, no javascript: links).
var sanitizer = func() *bluemonday.Policy {
	p := bluemonday.UGCPolicy()
	p.RequireNoFollowOnLinks(true)
	p.AllowURLSchemes("http", "https")
	return p
}()

// Markdown renders a post's Markdown as the console shows it: CommonMark,
// then sanitised, so a <script> in a post is inert.
func Markdown(src string) template.HTML {
	var b bytes.Buffer
	if err := md.Convert([]byte(src), &b); err != nil {
		return template.HTML(template.HTMLEscapeString(src))
	}
	return template.HTML(sanitizer.SanitizeBytes(b.Bytes()))
}

var funcs = template.FuncMap{
	"md":   Markdown,
	"mask": alliance.MaskPhone,
	"date": dateText,
	"day": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.In(alliance.Location).Format("2006-01-02")
	},
	"local": func(t time.Time) string { // for <input type=datetime-local>
		if t.IsZero() {
			return ""
		}
		return t.In(alliance.Location).Format("2006-01-02T15:04")
	},
	"join":  strings.Join,
	"list":  func(s ...string) []string { return s },
	"add":   func(a, b int) int { return a + b },
	"sub":   func(a, b int) int { return a - b },
	"str":   func(v any) string { return strings.TrimSpace(strings.ReplaceAll(toString(v), "\n", " ")) },
	"query": url.QueryEscape,
	"pct": func(a, b int) int {
		if b <= 0 {
			return 0
		}
		return min(100, a*100/b)
	},
	"short": shorten,
	"seq": func(n int) []int {
		out := make([]int, n)
		for i := range out {
			out[i] = i
		}
		return out
	},
	"options": communityOptions,
	"dict": func(kv ...any) map[string]any {
		m := map[string]any{}
		for i := 0; i+1 < len(kv); i += 2 {
			m[toString(kv[i])] = kv[i+1]
		}
		return m
	},
}

// communityOptions writes a <select>'s options for communities, the one
// whose id is selected marked. Sixty-five options through the template's
// range and escapers cost a console page about as much as its query.
func communityOptions(communities []alliance.Account, selected string) template.HTML {
	var b strings.Builder
	b.Grow(len(communities) * 60)
	for _, a := range communities {
		b.WriteString(`<option value="` + html.EscapeString(a.ID) + `"`)
		if a.ID == selected {
			b.WriteString(" selected")
		}
		b.WriteString(">" + html.EscapeString(a.Name) + "</option>")
	}
	return template.HTML(b.String())
}

// dateText is a moment in district time to the minute, or "—" for none.
func dateText(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.In(alliance.Location).Format("2006-01-02 15:04")
}

func toString(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case int:
		return strconv.Itoa(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case fmt.Stringer:
		return x.String()
	case nil:
		return ""
	}
	return fmt.Sprint(v)
}

func parseTemplates() map[string]*template.Template {
	base := template.Must(template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html"))
	pages, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		panic(err)
	}
	out := map[string]*template.Template{}
	for _, p := range pages {
		name := strings.TrimSuffix(path.Base(p), ".html")
		if name == "layout" {
			continue
		}
		out[name] = template.Must(template.Must(base.Clone()).ParseFS(templateFS, p))
	}
	return out
}

// nav is the menu: only what the user may do.
func nav(r *req, page string) []navItem {
	u := r.User
	var out []navItem
	add := func(a Action, href, key string, pages ...string) {
		if !Can(u, a) {
			return
		}
		active := false
		for _, p := range pages {
			active = active || p == page
		}
		out = append(out, navItem{Href: Base + href, Label: r.L.T(key), Active: active})
	}
	add(ActDashboard, "/", "nav.dashboard", "dashboard")
	add(ActContent, "/posts", "nav.posts", "posts", "post")
	add(ActSuggestView, "/suggestions", "nav.suggestions", "inbox", "suggestion", "stats", "templates")
	add(ActCallbacks, "/callbacks", "nav.callbacks", "callbacks", "callback")
	add(ActEvents, "/events", "nav.events", "events", "event", "roster", "checkin")
	add(ActContent, "/directory", "nav.directory", "directory", "account", "places", "place", "entry")
	add(ActKiosksView, "/kiosks", "nav.kiosks", "kiosks", "enrolled")
	add(ActTraining, "/training", "nav.training", "training")
	add(ActUsers, "/users", "nav.users", "users", "useradded")
	add(ActAudit, "/audit", "nav.audit", "audit")
	return out
}

// render writes a page.
func (c *Console) render(w http.ResponseWriter, r *req, status int, page string, d map[string]any) {
	t, ok := c.tmpl[page]
	if !ok {
		c.Logger.Error("console: no template", "page", page)
		http.Error(w, "no such page", http.StatusInternalServerError)
		return
	}
	v := view{L: r.L, User: r.User, Page: page, D: d, Path: r.URL.RequestURI(), Community: r.Community}
	if r.User.ID != 0 {
		v.Nav = nav(r, page)
	}
	v.Note = r.URL.Query().Get("note")
	if k := "title." + page; r.L.Has(k) {
		v.Title = r.L.T(k)
	}
	if s, ok := d["Title"].(string); ok {
		v.Title = s
	}
	var b bytes.Buffer
	if err := t.ExecuteTemplate(&b, "layout", v); err != nil {
		c.Logger.Error("console: render", "page", page, "err", err)
		http.Error(w, "the page could not be drawn", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(b.Bytes())
}
