package console

import (
	"bytes"
	"html/template"
	"image"
	"image/jpeg"
	"io/fs"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/hub"
)

// An uploaded photo keeps no metadata: the EXIF block (with a GPS
// position) a phone writes is gone after cleaning.
func TestCleanImageStripsMetadata(t *testing.T) {
	var b bytes.Buffer
	if err := jpeg.Encode(&b, image.NewRGBA(image.Rect(0, 0, 32, 24)), nil); err != nil {
		t.Fatal(err)
	}
	raw := b.Bytes()
	exif := append([]byte{0xff, 0xe1, 0x00, 0x1c}, []byte("Exif\x00\x00GPSLatitude=36.06N;lon")...)
	photo := append(append(append([]byte{}, raw[:2]...), exif...), raw[2:]...)
	if !bytes.Contains(photo, []byte("GPSLatitude")) {
		t.Fatal("the test photo has no metadata")
	}
	blob, err := cleanImage(bytes.NewReader(photo), int64(len(photo)))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(blob.Data, []byte("Exif")) || bytes.Contains(blob.Data, []byte("GPS")) || blob.MIME != "image/jpeg" {
		t.Errorf("cleaned: %s, %d bytes, still has metadata", blob.MIME, len(blob.Data))
	}
	if _, err := cleanImage(strings.NewReader("<svg onload=alert(1)>"), 20); err == nil {
		t.Error("an SVG was taken as an image")
	}
}

// Markdown in a post is CommonMark, and nothing in it runs.
func TestMarkdownIsSanitised(t *testing.T) {
	for _, md := range []string{"<script>alert(1)</script>", "[x](javascript:alert(1))", "<img src=x onerror=alert(1)>",
		"<a href=\"http://x\" onclick=\"alert(1)\">x</a>", "![x](data:text/html;base64,PHNjcmlwdD4=)"} {
		out := string(Markdown(md))
		for _, bad := range []string{"<script", "javascript:", "onerror", "onclick", "data:text"} {
			if strings.Contains(strings.ToLower(out), bad) {
				t.Errorf("%q renders as %q", md, out)
			}
		}
	}
	if got := string(Markdown("**加粗** 和\n\n- 一\n- 二")); !strings.Contains(got, "<strong>加粗</strong>") || !strings.Contains(got, "<li>一</li>") {
		t.Errorf("CommonMark: %s", got)
	}
}

// A CSV opens in Excel with Chinese intact: a byte order mark, CRLF, and
// no cell Excel would run as a formula.
func TestCSVForExcel(t *testing.T) {
	w := httptest.NewRecorder()
	cw := newCSV(w, "x.csv")
	cw.row("姓名", "电话")
	cw.row("王女士", "=HYPERLINK(\"http://x\")")
	cw.flush()
	got := w.Body.String()
	if !strings.HasPrefix(got, "\ufeff姓名,电话\r\n") || !strings.Contains(got, `"'=HYPERLINK(""http://x"")"`) {
		t.Errorf("csv: %q", got)
	}
}

// Every key the templates and handlers use has a Chinese and an English
// text.
func TestEveryKeyTranslated(t *testing.T) {
	keys := map[string]bool{}
	re := regexp.MustCompile(`\.Tf? "([a-z0-9_.]+)"|T\("([a-z0-9_.]+)"\)|Tf\("([a-z0-9_.]+)"`)
	add := func(src string) {
		for _, m := range re.FindAllStringSubmatch(src, -1) {
			for _, k := range m[1:] {
				if k != "" && !strings.HasSuffix(k, ".") {
					keys[k] = true
				}
			}
		}
	}
	fs.WalkDir(templateFS, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := fs.ReadFile(templateFS, p)
			add(string(b))
		}
		return nil
	})
	gofiles, _ := filepath.Glob("*.go")
	for _, f := range gofiles {
		if !strings.HasSuffix(f, "_test.go") {
			b, _ := os.ReadFile(f)
			add(string(b))
		}
	}
	for k := range keys {
		m, ok := messages[k]
		if !ok || m[0] == "" || m[1] == "" {
			t.Errorf("key %q: %v", k, m)
		}
	}
	for _, prefix := range []string{"status.", "cat.", "cb.", "su.", "es.", "ks.", "role.", "rolehint.", "col.", "dc.", "pk."} {
		found := false
		for k := range messages {
			found = found || strings.HasPrefix(k, prefix)
		}
		if !found {
			t.Errorf("no keys %s*", prefix)
		}
	}
	if len(keys) < 100 {
		t.Errorf("found only %d keys: the pattern is wrong", len(keys))
	}
}

// The inbox's rows written in Go are what the template wrote before them,
// entity for entity, and nothing a resident types gets out of its cell.
func TestInboxBodyAsTemplate(t *testing.T) {
	ref := template.Must(template.New("rows").Parse(`{{$anon := .L.T "sug.anonymous"}}{{$hasphone := .L.T "sug.hasphone"}}{{$overdue := .L.T "sug.overdue"}}` +
		`{{range .Rows}}<tr><td class="nowrap">{{.Received}}</td><td><a href="/console/suggestions/{{.ID}}">{{.Body}}</a>` +
		`{{if .Anonymous}} <span class="badge">{{$anon}}</span>{{end}}{{if .Phone}} <span class="badge" title="{{$hasphone}}">☎</span>{{end}}</td>` +
		`<td class="nowrap">{{.Category}}</td><td class="nowrap">{{.Community}}</td><td class="nowrap"><span class="badge b-{{.Status}}">{{.StatusLabel}}</span>` +
		`{{if .Overdue}} <span class="badge b-overdue">{{$overdue}}</span>{{end}}</td></tr>` + "\n" +
		`{{else}}<tr><td colspan="5" class="muted">{{.L.T "f.empty"}}</td></tr>` + "\n{{end}}"))
	hostile := `<script>alert("x")</script> & 'y' +1 <img src=x onerror=alert(1)>`
	for _, tc := range []struct {
		name string
		rows []inboxRow
	}{
		{"empty", nil},
		{"plain", []inboxRow{{ID: "0b9c3c1e-5d7a-4d5e-9a51-1f0c2b3d4e5f", Received: "2026-11-30 09:15", Body: "楼道的灯坏了", Category: "环境卫生",
			Community: "延城路社区", Status: "received", StatusLabel: "已收到", Phone: true, Overdue: true}}},
		{"hostile", []inboxRow{{ID: "1c2d", Received: hostile, Body: hostile, Category: hostile, Community: `"延城路"`, Status: `x" onclick="alert(1)`,
			StatusLabel: hostile, Anonymous: true}, {ID: "2e3f", Body: "", Status: "closed"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, l := range []Lang{Zh, En} {
				var want strings.Builder
				if err := ref.Execute(&want, map[string]any{"L": l, "Rows": tc.rows}); err != nil {
					t.Fatal(err)
				}
				got := string(inboxBody(tc.rows, l))
				// html/template writes + as &#43;; html.EscapeString leaves it, harmless.
				if w := strings.ReplaceAll(want.String(), "&#43;", "+"); got != w {
					t.Errorf("rows differ:\ngot  %s\nwant %s", got, w)
				}
				if strings.Contains(got, "<script") || strings.Contains(got, "<img") || strings.Contains(got, `" onclick`) {
					t.Errorf("markup got out: %s", got)
				}
			}
		})
	}
	// An id that is not a plain one cannot leave the link.
	got := string(inboxBody([]inboxRow{{ID: `x"><script>/../`}}, Zh))
	if !strings.Contains(got, `href="/console/suggestions/x%22%3E%3Cscript%3E%2F..%2F"`) {
		t.Errorf("id in the link: %s", got)
	}
}

// The kiosks table's rows written in Go are what the template wrote.
func TestKioskBodyAsTemplate(t *testing.T) {
	ref := template.Must(template.New("rows").Funcs(funcs).Parse(`{{range .D.Rows}}{{$k := .K}}<tr>` +
		`<td><b>{{$k.Name}}</b></td><td>{{or (index $.D.Names $k.Community) $k.Community}}</td><td class="nowrap">{{date $k.LastSeen}}</td><td>{{$k.App}}</td>` +
		`<td class="num">{{$k.Lag}}</td><td class="num">{{$k.Backlog}}</td>` +
		`<td><span class="badge b-{{.State}}">{{$.L.T (printf "ks.%s" .State)}}</span>{{if $k.ErrorCode}}<br><span class="hint">{{$.L.Tf "ks.since" (date $k.FailingSince)}}: {{$k.ErrorCode}} — {{short $k.Error 80}}</span>{{end}}</td>` +
		`{{if $.D.CanEdit}}<td class="nowrap">{{if not $k.Revoked}}<a class="button small" href="/console/kiosks/{{$k.ID}}">{{$.L.T "ks.manage"}}</a>{{end}}</td>{{end}}` +
		"</tr>\n" + `{{else}}<tr><td colspan="8" class="muted">{{.L.T "f.empty"}}</td></tr>` + "\n{{end}}"))
	now := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	hostile := `<script>alert("x")</script> & 'y' +1`
	list := []hub.Kiosk{
		{ID: "5f0e6a2c-1b3d-4c5e-8f70-9a1b2c3d4e5f", Name: "yanchenglu-1", Community: "yanchenglu", LastSeen: now.Add(-time.Hour), App: "0.3.0", Lag: 12, Backlog: 3},
		{ID: "6a1b", Name: hostile, Community: "elsewhere", LastSeen: now.Add(-50 * time.Hour), App: hostile, ErrorCode: "network",
			Error: strings.Repeat("连接超时 ", 30) + hostile, FailingSince: now.Add(-40 * time.Hour)},
		{ID: "7b2c", Name: "revoked", Community: "yanchenglu", Revoked: true},
		{ID: "8c3d", Name: "never", Community: "yanchenglu"},
	}
	names := map[string]string{"yanchenglu": "延城路社区"}
	for _, tc := range []struct {
		name    string
		list    []hub.Kiosk
		canEdit bool
	}{{"empty", nil, true}, {"operator", list, true}, {"staff", list, false}} {
		t.Run(tc.name, func(t *testing.T) {
			for _, l := range []Lang{Zh, En} {
				var rows []map[string]any
				for _, k := range tc.list {
					rows = append(rows, map[string]any{"K": k, "State": string(k.State(now))})
				}
				var want strings.Builder
				if err := ref.Execute(&want, map[string]any{"L": l, "D": map[string]any{"Rows": rows, "Names": names, "CanEdit": tc.canEdit}}); err != nil {
					t.Fatal(err)
				}
				got := string(kioskBody(tc.list, now, names, tc.canEdit, l))
				if w := strings.ReplaceAll(want.String(), "&#43;", "+"); got != w {
					t.Errorf("rows differ:\ngot  %s\nwant %s", got, w)
				}
				if strings.Contains(got, "<script") {
					t.Errorf("markup got out: %s", got)
				}
			}
		})
	}
}

// A community <select> marks the chosen one and escapes names.
func TestCommunityOptions(t *testing.T) {
	got := string(communityOptions([]alliance.Account{{ID: "a", Name: "甲社区"}, {ID: "b", Name: `<b>"乙"</b>`}}, "b"))
	if want := `<option value="a">甲社区</option><option value="b" selected>&lt;b&gt;&#34;乙&#34;&lt;/b&gt;</option>`; got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}
