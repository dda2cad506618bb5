package pack_test

import (
	"context"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/assets"
	"github.com/shinan-alliance/alliance/pack"
)

func TestSamplePack(t *testing.T) {
	t.Parallel()
	p, err := pack.Load(context.Background(), assets.SamplePack())
	if err != nil {
		t.Fatal(err)
	}
	communities := map[string]bool{}
	for _, a := range p.Accounts {
		if a.Kind == alliance.Community {
			communities[a.ID] = true
		}
	}
	if got, want := len(communities), 65; got != want {
		t.Errorf("communities: got %d, want %d", got, want)
	}
	if got := len(p.Posts); got < 151 {
		t.Errorf("posts: got %d, want the launch report and at least 150 more", got)
	}
	if got := len(p.Places); got < 30 {
		t.Errorf("places: got %d, want at least 30", got)
	}
	if got := len(p.Events); got < 20 {
		t.Errorf("events: got %d, want at least 20", got)
	}
	// Every community's office is in the phone directory.
	for _, d := range p.Directory {
		if d.Category == "community" {
			delete(communities, d.Community)
		}
	}
	if len(communities) > 0 {
		t.Errorf("communities with no office number in directory.yaml: %v", communities)
	}
	columns := map[alliance.Column]int{}
	for _, post := range p.Posts {
		columns[post.Column]++
	}
	for _, c := range []alliance.Column{alliance.ColRelease, alliance.ColBroadcast, alliance.ColScenery, alliance.ColFood,
		alliance.ColWelfare, alliance.ColNotice, alliance.ColCommunity} {
		if columns[c] == 0 {
			t.Errorf("column %s has no posts", c)
		}
	}
	var size int64
	for _, b := range p.Blobs {
		size += b.Size
	}
	if size > 3<<20 {
		t.Errorf("media: %d bytes, want the sample pack under 3 MB", size)
	}
}

const manifest = "format: alliance-pack/1\nid: test\nversion: 1\ncreated: 2026-01-01T00:00:00+08:00\n"

const accounts = `- id: weishinan
  kind: district
  name: 微市南
- id: yanchenglu
  kind: community
  name: 盐城路社区
  street_office: 湛山街道
`

var png = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89")

func post(front, body string) string { return "---\n" + front + "---\n" + body }

const goodPost = "id: p1\naccount: yanchenglu\ncolumn: 通知公告\ntitle: 通知\npublished: 2015-02-06T09:00:00+08:00\n"

func basePack() fstest.MapFS {
	return fstest.MapFS{
		"manifest.yaml":   {Data: []byte(manifest)},
		"accounts.yaml":   {Data: []byte(accounts)},
		"posts/p1.md":     {Data: []byte(post(goodPost, "正文"))},
		"media/a.png":     {Data: png},
		"media/notes.txt": {Data: []byte("hello")},
	}
}

func TestLoadPackProblems(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		file string
		data string
		want string // a line of the error
	}{
		{"wrong format", "manifest.yaml", strings.Replace(manifest, "alliance-pack/1", "other/2", 1), `manifest.yaml:1: pack format "other/2" is not one this program reads`},
		{"bad manifest yaml", "manifest.yaml", "format: [\n", "manifest.yaml:"},
		{"unknown account field", "accounts.yaml", accounts + "  colour: red\n", `accounts.yaml:8: unknown field "colour"`},
		{"bad account kind", "accounts.yaml", strings.Replace(accounts, "kind: community", "kind: village", 1), `accounts.yaml:5: kind "village" is not one of district, community`},
		{"community without office", "accounts.yaml", strings.Replace(accounts, "  street_office: 湛山街道\n", "", 1), `community "yanchenglu" has no street_office`},
		{"duplicate account", "accounts.yaml", accounts + "- id: weishinan\n  kind: district\n  name: x\n", `accounts.yaml:8: account id "weishinan" already used on line 1`},
		{"post without front matter", "posts/p1.md", "正文", "posts/p1.md:1: no front matter"},
		{"post unknown column", "posts/p1.md", post(strings.Replace(goodPost, "通知公告", "八卦", 1), "x"), `posts/p1.md:4: unknown column "八卦"`},
		{"post unknown account", "posts/p1.md", post(strings.Replace(goodPost, "yanchenglu", "atlantis", 1), "x"), `posts/p1.md:3: account "atlantis" is not an account in accounts.yaml`},
		{"post bad date", "posts/p1.md", post(strings.Replace(goodPost, "2015-02-06T09:00:00+08:00", "yesterday", 1), "x"), `posts/p1.md:6: published "yesterday" is not a date`},
		{"post missing title", "posts/p1.md", post(strings.Replace(goodPost, "title: 通知\n", "", 1), "x"), "posts/p1.md:2: missing title"},
		{"post missing image", "posts/p1.md", post(goodPost+"images: [media/nope.png]\n", "x"), `posts/p1.md:7: media file "media/nope.png"`},
		{"post image not an image", "posts/p1.md", post(goodPost+"images: [media/notes.txt]\n", "x"), `media file "media/notes.txt" is text/plain`},
		{"post image outside media", "posts/p1.md", post(goodPost+"images: [../../etc/passwd]\n", "x"), "must be inside the pack's media/ folder"},
		{"post bad yaml", "posts/p1.md", post("id: p1\ntitle: a: b\n", "x"), "posts/p1.md:3: invalid YAML"},
		{"expires before published", "posts/p1.md", post(goodPost+"expires: 2015-01-01T00:00:00+08:00\n", "x"), "posts/p1.md:7: expires before it is published"},
		{"event ends before start", "events.yaml", "- id: e1\n  community: yanchenglu\n  title: t\n  starts: \"+3d 10:00\"\n  ends: \"+3d 09:00\"\n", "events.yaml:5: event ends before it starts"},
		{"event overfull", "events.yaml", "- id: e1\n  community: yanchenglu\n  title: t\n  starts: \"+3d 10:00\"\n  ends: \"+3d 11:00\"\n  capacity: 5\n  taken: 6\n", "events.yaml:7: taken is 6, want 0 to capacity (5)"},
		{"event bad relative time", "events.yaml", "- id: e1\n  community: yanchenglu\n  title: t\n  starts: \"+3d 25:00\"\n  ends: \"+3d 11:00\"\n", "events.yaml:4: starts \"+3d 25:00\" has no such time of day"},
		{"event sign-up after start", "events.yaml", "- id: e1\n  community: yanchenglu\n  title: t\n  starts: \"+3d 10:00\"\n  ends: \"+3d 11:00\"\n  signup_closes: \"+4d 10:00\"\n", "events.yaml:6: sign-up closes after the event starts"},
		{"place bad kind", "places.yaml", "- id: x\n  name: 栈桥\n  kind: beach\n", `places.yaml:3: kind "beach" is not one of food, sight, service`},
		{"directory bad number", "directory.yaml", "- id: x\n  name: 热线\n  number: call me\n  category: hotline\n", `directory.yaml:3: number "call me" is not a phone number`},
		{"not a list", "places.yaml", "id: x\n", "places.yaml:1: want a list of records"},
		{"unknown top-level file", "extra.json", "{}", "extra.json: unknown file in a pack"},
		{"bad id", "places.yaml", "- id: Bad_ID\n  name: x\n  kind: food\n", `places.yaml:1: id "Bad_ID" must be lowercase`},
		{"not utf-8", "places.yaml", "- id: x\n  name: \xff\xfe\n  kind: food\n", "places.yaml: is not UTF-8 text"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := basePack()
			fsys[tt.file] = &fstest.MapFile{Data: []byte(tt.data)}
			_, err := pack.Load(context.Background(), fsys)
			if err == nil {
				t.Fatalf("got no error, want %q", tt.want)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got error:\n%v\nwant a line containing %q", err, tt.want)
			}
		})
	}
}

func TestLoadPackReportsEveryProblem(t *testing.T) {
	t.Parallel()
	fsys := basePack()
	fsys["places.yaml"] = &fstest.MapFile{Data: []byte("- id: a\n  name: x\n  kind: beach\n- id: b\n  kind: food\n")}
	fsys["posts/p2.md"] = &fstest.MapFile{Data: []byte("no front matter")}
	_, err := pack.Load(context.Background(), fsys)
	pe, ok := err.(*pack.Error)
	if !ok {
		t.Fatalf("got %v, want a *pack.Error", err)
	}
	if got, want := len(pe.Problems), 3; got != want {
		t.Errorf("got %d problems, want %d:\n%v", got, want, err)
	}
}

func TestLoadPackGood(t *testing.T) {
	t.Parallel()
	fsys := basePack()
	fsys["posts/p1.md"] = &fstest.MapFile{Data: []byte(post(goodPost+"images: [media/a.png, media/a.png]\npinned: true\n", "\n第一段\n\n第二段\n"))}
	fsys["events.yaml"] = &fstest.MapFile{Data: []byte("- id: e1\n  community: yanchenglu\n  title: 学用手机\n  starts: \"+3d 09:30\"\n  ends: \"+3d 11:00\"\n  signup_closes: 2030-01-01T00:00:00+08:00\n  capacity: 20\n  taken: 18\n")}
	p, err := pack.Load(context.Background(), fsys)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(p.Blobs), 1; got != want {
		t.Errorf("blobs: got %d, want %d (the same image twice is stored once)", got, want)
	}
	post := p.Posts[0]
	if got, want := post.Body, "第一段\n\n第二段"; got != want {
		t.Errorf("body: got %q, want %q", got, want)
	}
	if got, want := post.Column, alliance.ColNotice; got != want {
		t.Errorf("column: got %q, want %q", got, want)
	}
	if !post.Pinned || len(post.Images) != 2 || post.Images[0] != p.Blobs[0].SHA256 {
		t.Errorf("post: got pinned=%v images=%v", post.Pinned, post.Images)
	}
	base := time.Date(2026, 11, 27, 23, 30, 0, 0, time.UTC) // already the 28th in Shanghai
	p.ResolveDates(base)
	e := p.Events[0]
	if got, want := e.Starts.In(alliance.Location).Format("2006-01-02 15:04"), "2026-12-01 09:30"; got != want {
		t.Errorf("relative start: got %s, want %s", got, want)
	}
	if got, want := e.PlacesLeft(), 2; got != want {
		t.Errorf("places left: got %d, want %d", got, want)
	}
}

func FuzzLoadPost(f *testing.F) {
	f.Add([]byte(post(goodPost, "正文")))
	f.Add([]byte("---\n---\n"))
	f.Add([]byte("---\nid: [\n---\nx"))
	f.Add([]byte("---\r\nid: p1\r\n---\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fsys := basePack()
		fsys["posts/p1.md"] = &fstest.MapFile{Data: data}
		p, err := pack.Load(context.Background(), fsys)
		if err == nil && len(p.Posts) != 1 {
			t.Fatalf("no error but %d posts", len(p.Posts))
		}
		if err != nil {
			if _, ok := err.(*pack.Error); !ok {
				t.Fatalf("error of type %T, want *pack.Error", err)
			}
		}
	})
}

func TestPackLessons(t *testing.T) {
	t.Parallel()
	fsys := basePack()
	cur := assets.Curriculum()
	yaml, err := fs.ReadFile(cur, "05-calls/lesson.yaml")
	if err != nil {
		t.Fatal(err)
	}
	entries, _ := fs.ReadDir(cur, "05-calls")
	for _, e := range entries {
		b, _ := fs.ReadFile(cur, "05-calls/"+e.Name())
		fsys["lessons/05-calls/"+e.Name()] = &fstest.MapFile{Data: b}
	}
	p, err := pack.Load(context.Background(), fsys)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Lessons) != 1 || p.Lessons[0].ID != "calls" || string(p.Lessons[0].Files["lesson.yaml"]) != string(yaml) {
		t.Fatalf("lessons: got %+v", p.Lessons)
	}
	// A broken lesson is reported at its place in the pack.
	fsys["lessons/05-calls/lesson.yaml"] = &fstest.MapFile{Data: []byte("id: calls\nsteps:\n  - kind: dance\n")}
	_, err = pack.Load(context.Background(), fsys)
	if err == nil || !strings.Contains(err.Error(), "lessons/05-calls/lesson.yaml:") {
		t.Errorf("got %v, want problems located in lessons/05-calls/lesson.yaml", err)
	}
}

// Issue 9, item 11: years 0 and 9999, NUL and bidirectional overrides in
// names were accepted. Every text and date follows the domain's rules
// (alliance.CheckText, alliance.CheckTime), each problem at its line.
func TestLoadPackTextAndDateRules(t *testing.T) {
	t.Parallel()
	event := "- id: e1\n  community: yanchenglu\n  title: t\n  starts: \"+3d 10:00\"\n  ends: \"+3d 11:00\"\n"
	tests := []struct {
		name string
		file string
		data string
		want string
	}{
		{"NUL in a name", "accounts.yaml", strings.Replace(accounts, "name: 盐城路社区", `name: "盐城路\0社区"`, 1), "accounts.yaml:6: name: control character U+0000 at byte 9"},
		{"bidi override in a name", "directory.yaml", "- id: x\n  name: 热线\u202e1234\n  number: 0532-0000-0001\n  category: hotline\n", "directory.yaml:2: name: a bidirectional control character U+202E at byte 6"},
		{"bidi isolate in a title", "posts/p1.md", post(strings.Replace(goodPost, "title: 通知", "title: 通知\u2066x\u2069", 1), "x"), "posts/p1.md:5: title: a bidirectional control character U+2066"},
		{"line break in a name", "places.yaml", "- id: x\n  name: \"栈桥\\n公园\"\n  kind: sight\n", "places.yaml:2: name: a line break or tab"},
		{"NUL in a body", "posts/p1.md", post(goodPost, "正文\x00"), "posts/p1.md: body: control character U+0000"},
		{"bidi in a tag", "places.yaml", "- id: x\n  name: 栈桥\n  kind: sight\n  tags: [海边, \"\u202e海\"]\n", "places.yaml:4: tags: a bidirectional control character U+202E"},
		{"year 0", "posts/p1.md", post(strings.Replace(goodPost, "2015-02-06T09:00:00+08:00", "0000-01-01T00:00:00+08:00", 1), "x"), "posts/p1.md:6: published: year 0 is outside 2000–2100"},
		{"year 9999", "posts/p1.md", post(goodPost+"expires: 9999-12-31T00:00:00+08:00\n", "x"), "posts/p1.md:7: expires: year 9999 is outside 2000–2100"},
		{"event in 9999", "events.yaml", strings.Replace(event, `"+3d 11:00"`, "9999-01-01T10:00:00+08:00", 1), "events.yaml:5: ends: year 9999 is outside 2000–2100"},
		{"manifest created in year 1", "manifest.yaml", strings.Replace(manifest, "2026-01-01T00:00:00+08:00", "0001-01-01T00:00:00Z", 1), "manifest.yaml:4: created: year 1 is outside 2000–2100"},
		{"description may have lines", "places.yaml", "- id: x\n  name: 栈桥\n  kind: sight\n  description: |\n    第一行\n    第二行\n  address: \"\\t太平路\"\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := basePack()
			fsys[tt.file] = &fstest.MapFile{Data: []byte(tt.data)}
			_, err := pack.Load(context.Background(), fsys)
			if tt.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got error:\n%v\nwant a line containing %q", err, tt.want)
			}
		})
	}
}

// replaces names the packs whose records this one may take over.
func TestManifestReplaces(t *testing.T) {
	t.Parallel()
	fsys := basePack()
	fsys["manifest.yaml"] = &fstest.MapFile{Data: []byte(manifest + "replaces: [old-pack, older]\n")}
	p, err := pack.Load(context.Background(), fsys)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(p.Manifest.Replaces, " "); got != "old-pack older" {
		t.Errorf("replaces: got %q", got)
	}
	for data, want := range map[string]string{
		"replaces: [Old_Pack]\n": `manifest.yaml:5: replaces: "Old_Pack" is not a pack id`,
		"replaces: [test]\n":     "manifest.yaml:5: replaces: a pack does not replace itself",
	} {
		fsys["manifest.yaml"] = &fstest.MapFile{Data: []byte(manifest + data)}
		if _, err := pack.Load(context.Background(), fsys); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: got %v, want %q", data, err, want)
		}
	}
}
