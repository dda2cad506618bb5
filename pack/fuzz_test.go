package pack

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/hub"
	"github.com/shinan-alliance/alliance/internal/safefs"
	"github.com/shinan-alliance/alliance/store"
)

const (
	fuzzManifest  = "format: alliance-pack/1\nid: fuzz\nversion: 1\ncreated: 2026-01-01T00:00:00+08:00\ntitle: 测试\nreplaces: [old]\n"
	fuzzAccounts  = "- id: weishinan\n  kind: district\n  name: 微市南\n- id: yanchenglu\n  kind: community\n  name: 盐城路社区\n  street_office: 湛山街道\n  qr: media/a.png\n"
	fuzzPlaces    = "- id: zhanqiao\n  name: 栈桥\n  kind: sight\n  community: yanchenglu\n  tags: [海边, 老城]\n  description: |\n    第一行\n    第二行\n  images: [media/a.png]\n"
	fuzzDirectory = "# comment\n- id: d1\n  name: 热线\n  number: 0532-0000-0001\n  category: hotline\n\n- id: d2\n  name: 社区\n  number: \"0532 0000 0002\"\n  category: community\n  community: yanchenglu\n"
	fuzzEvents    = "- id: e1\n  community: yanchenglu\n  title: 学用手机\n  starts: \"+3d 09:30\"\n  ends: \"+3d 11:00\"\n  capacity: 20\n  taken: 3\n- id: e2\n  community: yanchenglu\n  title: 讲座\n  starts: 2026-12-05T09:30:00+08:00\n  ends: 2026-12-05 11:00\n  signup_closes: 2026-12-04\n"
	fuzzPost      = "---\nid: p1\naccount: yanchenglu\ncolumn: 通知公告\ntitle: 通知\npublished: 2015-02-06T09:00:00+08:00\nimages: [media/a.png]\n---\n正文\n"
)

var fuzzPNG = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89")

// FuzzLoadPack loads a whole small pack whose every file comes from the
// fuzzer, the YAML lists parsed whole or a few records at a time. It never
// panics, refuses only with an *Error, and what it accepts keeps the
// domain's rules and imports at the hub and on a kiosk.
func FuzzLoadPack(f *testing.F) {
	f.Add([]byte(fuzzManifest), []byte(fuzzAccounts), []byte(fuzzPlaces), []byte(fuzzDirectory), []byte(fuzzEvents), []byte(fuzzPost), fuzzPNG, false)
	f.Add([]byte(fuzzManifest), []byte(fuzzAccounts), []byte(fuzzPlaces), []byte(fuzzDirectory), []byte(fuzzEvents), []byte(fuzzPost), fuzzPNG, true)
	f.Add([]byte(fuzzManifest), []byte(fuzzAccounts), []byte("[{id: x, name: y, kind: food}]"), []byte("---\n- id: d1\n"), []byte("- -\n-\n- id: [\n"), []byte("---\n---\n"), []byte("GIF89a"), true)
	f.Add([]byte(fuzzManifest), []byte(fuzzAccounts), []byte("- id: x\n  name: \"a\n- b\"\n  kind: food\n"), []byte("- &a {id: d1}\n- *a\n"), []byte("- id: e1\n...\n"), []byte("---\nid: \"\\u202e\"\n---\n"), []byte{}, true)
	f.Fuzz(func(t *testing.T, manifest, accounts, places, directory, events, post, media []byte, chunked bool) {
		fsys := fstest.MapFS{
			"manifest.yaml":  {Data: manifest},
			"accounts.yaml":  {Data: accounts},
			"places.yaml":    {Data: places},
			"directory.yaml": {Data: directory},
			"events.yaml":    {Data: events},
			"posts/p1.md":    {Data: post},
			"media/a.png":    {Data: media},
		}
		l := &loader{ctx: context.Background(), fsys: safefs.New(context.Background(), fsys, maxFileBytes), keepData: true, wholeBelow: wholeBelow}
		if chunked {
			l.wholeBelow = 0
		}
		p, err := loadWith(l)
		if err != nil {
			var pe *Error
			if !errors.As(err, &pe) || len(pe.Problems) == 0 {
				t.Fatalf("error of type %T, want a *pack.Error with problems: %v", err, err)
			}
			return
		}
		checkAccepted(t, p)
		importEverywhere(t, p)
	})
}

// checkAccepted checks what the loader promises of a pack it accepts.
func checkAccepted(t *testing.T, p *alliance.Pack) {
	t.Helper()
	text := func(what, s string, multiline bool) {
		if err := alliance.CheckText(s, 0, multiline); err != nil {
			t.Errorf("accepted %s %q: %v", what, s, err)
		}
	}
	date := func(what string, d time.Time, required bool) {
		if (required || !d.IsZero()) && alliance.CheckTime(d) != nil {
			t.Errorf("accepted %s %v: %v", what, d, alliance.CheckTime(d))
		}
	}
	id := func(what, s string) {
		if !idPattern.MatchString(s) {
			t.Errorf("accepted %s id %q", what, s)
		}
	}
	m := p.Manifest
	if m.Format != Format || m.Version < 1 {
		t.Errorf("accepted manifest %+v", m)
	}
	id("pack", m.ID)
	date("created", m.Created, true)
	text("title", m.Title, false)
	for _, a := range p.Accounts {
		id("account", a.ID)
		for _, s := range []string{a.Name, a.StreetOffice, a.Address, a.OfficeHours, a.Phone, a.WeChat, a.Link} {
			text("account field", s, false)
		}
	}
	for _, x := range p.Posts {
		id("post", x.ID)
		text("title", x.Title, false)
		text("body", x.Body, true)
		date("published", x.Published, true)
		date("expires", x.Expires, false)
	}
	for _, x := range p.Places {
		id("place", x.ID)
		for _, s := range append([]string{x.Name, x.Address, x.Hours, x.Phone}, x.Tags...) {
			text("place field", s, false)
		}
		text("description", x.Description, true)
	}
	for _, x := range p.Directory {
		id("directory", x.ID)
		for _, s := range []string{x.Name, x.Number, x.Hours, x.Note} {
			text("directory field", s, false)
		}
	}
	relative := map[string]bool{}
	for _, r := range p.Relative {
		relative[r.Event] = true
	}
	for _, x := range p.Events {
		id("event", x.ID)
		text("title", x.Title, false)
		text("description", x.Description, true)
		text("place", x.Place, false)
		if !relative[x.ID] {
			date("starts", x.Starts, true)
			date("ends", x.Ends, true)
		}
		if x.Capacity < 0 || x.Taken < 0 || (x.Capacity > 0 && x.Taken > x.Capacity) {
			t.Errorf("accepted event %s with capacity %d, taken %d", x.ID, x.Capacity, x.Taken)
		}
	}
	for _, b := range p.Blobs {
		sum := sha256.Sum256(b.Data)
		if hex.EncodeToString(sum[:]) != b.SHA256 || int64(len(b.Data)) != b.Size || len(b.Data) > alliance.MaxMediaBytes {
			t.Errorf("blob %s: %d bytes, size %d", b.SHA256, len(b.Data), b.Size)
		}
	}
}

// The hub and the kiosk database every accepted pack is imported into,
// one of each per test process: a pack check accepts imports everywhere.
var targets struct {
	once sync.Once
	dir  string
	hub  *hub.DB
	kio  *store.DB
	err  error
}

func importEverywhere(t *testing.T, p *alliance.Pack) {
	t.Helper()
	targets.once.Do(func() {
		if targets.dir, targets.err = os.MkdirTemp("", "pack-fuzz-"); targets.err != nil {
			return
		}
		if targets.hub, targets.err = hub.Open(filepath.Join(targets.dir, "hub.db")); targets.err != nil {
			return
		}
		targets.kio, targets.err = store.Open(filepath.Join(targets.dir, "kiosk.db"))
	})
	if targets.err != nil {
		t.Fatal(targets.err)
	}
	// Every input is the same pack to the importers, so that ids never
	// move between packs and versions may go either way.
	p.Manifest.ID, p.Manifest.Replaces = "fuzz", nil
	ctx := context.Background()
	if _, err := targets.hub.ImportPack(ctx, p, alliance.AllowOlder); err != nil {
		t.Fatalf("accepted, but the hub refuses it: %v", err)
	}
	if _, err := targets.kio.ImportPack(ctx, p, alliance.AllowOlder); err != nil {
		t.Fatalf("accepted, but the kiosk refuses it: %v", err)
	}
}

func TestMain(m *testing.M) {
	code := m.Run()
	if targets.dir != "" {
		if targets.hub != nil {
			targets.hub.Close()
		}
		if targets.kio != nil {
			targets.kio.Close()
		}
		os.RemoveAll(targets.dir)
	}
	os.Exit(code)
}
