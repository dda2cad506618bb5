package mirror_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math/rand/v2"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/hub"
	"github.com/shinan-alliance/alliance/mirror"
	"github.com/shinan-alliance/alliance/store"
)

var (
	histories = flag.Int("histories", 500, "generated edit histories in TestConvergence")
	onlySeed  = flag.Uint64("seed", 0, "run only this history of TestConvergence")
)

// regressionSeeds are histories that once failed; they run every time.
var regressionSeeds = []uint64{}

// TestConvergence: whatever the hub's history of creates, edits, deletes and
// re-creates of every content kind, in any order, whatever the batch size
// and wherever connections are cut, a kiosk that syncs to the end holds
// exactly the hub's content, item by item. The kiosk also syncs now and
// then during the history, through a proxy that cuts connections, so it
// meets every intermediate state of the log a running kiosk would.
func TestConvergence(t *testing.T) {
	t.Parallel()
	seeds := append([]uint64{}, regressionSeeds...)
	for i := range *histories {
		seeds = append(seeds, uint64(i)+1)
	}
	if *onlySeed != 0 {
		seeds = []uint64{*onlySeed}
	}
	dir := fastTempDir(t)
	// Histories are independent (each has its own folder, hub, kiosk and
	// servers) and mostly wait on their connections: a few run at once.
	// On a failure the others stop, and the first failing history in seed
	// order is reported.
	errs := make([]error, len(seeds))
	var next atomic.Int64
	var failed atomic.Bool
	var wg sync.WaitGroup
	for range min(4*runtime.GOMAXPROCS(0), len(seeds)) {
		wg.Go(func() {
			for !failed.Load() {
				i := int(next.Add(1) - 1)
				if i >= len(seeds) {
					return
				}
				start := time.Now()
				errs[i] = convergeOnce(t, dir, seeds[i])
				if d := time.Since(start); d > 300*time.Millisecond && os.Getenv("CONVERGE_DEBUG") != "" {
					t.Logf("seed %d took %v", seeds[i], d)
				}
				if errs[i] != nil {
					failed.Store(true)
				}
			}
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			seed := seeds[i]
			t.Fatalf("history %d: %v\n(add %d to regressionSeeds once fixed; rerun with -run TestConvergence -histories 0 after adding it)", seed, err, seed)
		}
	}
}

// fastTempDir is a folder on a RAM disk when there is one: each history
// opens two databases and commits a few dozen times, and disk syncs would
// make 500 histories take minutes. What is tested is the logic, not the
// disk, which other tests cover.
func fastTempDir(t *testing.T) string {
	if st, err := os.Stat("/dev/shm"); err == nil && st.IsDir() {
		d, err := os.MkdirTemp("/dev/shm", "converge-")
		if err == nil {
			t.Cleanup(func() { os.RemoveAll(d) })
			return d
		}
	}
	return t.TempDir()
}

func convergeOnce(t *testing.T, dir string, seed uint64) (err error) {
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	base := filepath.Join(dir, fmt.Sprint(seed))
	if err := os.MkdirAll(base, 0o700); err != nil {
		return err
	}
	defer os.RemoveAll(base)

	hdb, err := hub.Open(filepath.Join(base, "hub.db"))
	if err != nil {
		return err
	}
	defer hdb.Close()
	srv := &hub.Server{DB: hdb, HelloTimeout: 2 * time.Second, ReadTimeout: 2 * time.Second, BatchItems: 1 + rng.IntN(12)}
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	defer srv.Shutdown(ctx)
	kdb, err := store.Open(filepath.Join(base, "kiosk.db"))
	if err != nil {
		return err
	}
	defer kdb.Close()

	g := &historyGen{rng: rng, blobs: blobPool(), live: map[alliance.Kind]map[string]bool{}}
	for _, k := range alliance.ContentKinds {
		g.live[k] = map[string]bool{}
	}
	// A community the kiosk enrols for: the first thing every hub holds.
	first := g.account(1)
	first.QR = ""
	if _, err := hdb.Publish(ctx, "console", first); err != nil {
		return err
	}
	g.live[alliance.KindAccount] = map[string]bool{first.ID: true}
	code, err := hdb.Enroll(ctx, "k", g.accountID(1))
	if err != nil {
		return err
	}
	if err := mirror.Join(ctx, kdb, ts.URL, code, nil, ""); err != nil {
		return err
	}
	direct, err := mirror.FromStore(ctx, kdb)
	if err != nil {
		return err
	}
	direct.Logger = quiet
	proxy := newProxy(t, strings.TrimPrefix(ts.URL, "http://"), seed)
	proxy.reach = 1 + rng.Int64N(40_000)
	cut := *direct
	cut.HubURL = "http://" + proxy.ln.Addr().String()
	cut.ReadTimeout = time.Second

	steps := 10 + rng.IntN(50)
	for range steps {
		g.step(ctx, hdb)
		if rng.IntN(6) == 0 {
			cut.Sync(ctx) // may be cut anywhere: fine, it resumes
		}
	}
	for range 2 {
		if _, err := cut.Sync(ctx); err == nil {
			break
		}
	}
	// Whatever happened, an uncut sync must finish: a kiosk never wedges.
	if _, err := direct.Sync(ctx); err != nil {
		return fmt.Errorf("final sync: %w", err)
	}
	return sameContent(ctx, hdb, kdb)
}

// sameContent compares the kiosk's content with the hub's, item by item.
func sameContent(ctx context.Context, hdb *hub.DB, kdb *store.DB) error {
	want, err := hdb.Content(ctx)
	if err != nil {
		return err
	}
	got, err := kdb.Content(ctx)
	if err != nil {
		return err
	}
	var problems []string
	for _, kind := range alliance.ContentKinds {
		for id, w := range want[kind] {
			g, ok := got[kind][id]
			switch {
			case !ok && kind == alliance.KindBlob && !referenced(want, id):
				// an image no content names: the kiosk does not keep it (store.CollectBlobs)
			case !ok:
				problems = append(problems, fmt.Sprintf("%s %s missing at the kiosk", kind, id))
			case !reflect.DeepEqual(g, w):
				problems = append(problems, fmt.Sprintf("%s %s differs:\n  hub   %+v\n  kiosk %+v", kind, id, w, g))
			}
		}
		for id := range got[kind] {
			if _, ok := want[kind][id]; ok {
				continue
			}
			if kind == alliance.KindBlob && !referenced(got, id) {
				continue // an image nothing shows: collected later, harmless
			}
			problems = append(problems, fmt.Sprintf("%s %s at the kiosk, not at the hub", kind, id))
		}
	}
	if len(problems) > 0 {
		sort.Strings(problems)
		return errors.New(strings.Join(problems, "\n"))
	}
	return nil
}

func referenced(c map[alliance.Kind]map[string]alliance.Content, sha string) bool {
	for _, x := range c[alliance.KindPost] {
		for _, s := range x.(alliance.Post).Images {
			if s == sha {
				return true
			}
		}
	}
	for _, x := range c[alliance.KindPlace] {
		for _, s := range x.(alliance.Place).Images {
			if s == sha {
				return true
			}
		}
	}
	for _, x := range c[alliance.KindAccount] {
		if x.(alliance.Account).QR == sha {
			return true
		}
	}
	return false
}

// historyGen makes random but plausible editing: a few ids per kind, so
// records are created, edited, deleted and created again, and references
// between them (posts to accounts, images to blobs) are made and broken in
// every order. The hub refuses what breaks its rules (a post naming an
// account not published, withdrawing an account still in use): those steps
// simply do not happen, as for a real editor.
type historyGen struct {
	rng   *rand.Rand
	blobs []alliance.Blob
	live  map[alliance.Kind]map[string]bool // what the hub accepted, as far as the generator knows
}

// ref picks an id of a kind to refer to: mostly one that is live, so that
// most steps succeed, sometimes any, so that the hub's refusals are met.
func (g *historyGen) ref(kind alliance.Kind, any func() string) string {
	var ids []string
	for id := range g.live[kind] {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	if len(ids) == 0 || g.pick(10) == 0 {
		return any()
	}
	return ids[g.pick(len(ids))]
}

func (g *historyGen) pick(n int) int         { return g.rng.IntN(n) }
func (g *historyGen) accountID(i int) string { return fmt.Sprintf("acct-%d", i) }

var words = []string{"社区", "社區", "老年", "体检", "體檢", "联盟", "活动", "通知", "义诊", "剪纸", "太极", "讲座", "微信"}

func (g *historyGen) text(n int) string {
	var b strings.Builder
	for range 1 + g.pick(n) {
		b.WriteString(words[g.pick(len(words))])
	}
	return b.String()
}

func (g *historyGen) when() time.Time {
	return time.Date(2025, 1, 1, 0, 0, 0, 0, alliance.Location).Add(time.Duration(g.rng.Int64N(3*365*24*3600)) * time.Second)
}

func (g *historyGen) blob() string {
	return g.ref(alliance.KindBlob, func() string { return g.blobs[g.pick(len(g.blobs))].SHA256 })
}

func (g *historyGen) someAccount() string {
	return g.ref(alliance.KindAccount, func() string { return g.accountID(g.pick(4)) })
}

func (g *historyGen) images() []string {
	var out []string
	for range g.pick(3) {
		out = append(out, g.blob())
	}
	return out
}

func (g *historyGen) account(i int) alliance.Account {
	a := alliance.Account{ID: g.accountID(i), Kind: alliance.Community, Name: g.text(3) + "社区", StreetOffice: g.text(2) + "街道",
		Phone: fmt.Sprintf("0532-0000-%04d", g.pick(10000)), Address: g.text(4)}
	if i == 0 {
		a.Kind, a.StreetOffice = alliance.District, ""
	}
	if g.pick(4) == 0 {
		a.QR = g.blob()
	}
	return a
}

func (g *historyGen) content() alliance.Content {
	switch g.pick(8) {
	case 0, 7: // accounts change often: their edits move them after the records that name them
		return g.account(g.pick(4))
	case 1:
		p := alliance.Post{ID: fmt.Sprintf("post-%d", g.pick(8)), Account: g.someAccount(),
			Column: alliance.Columns[g.pick(len(alliance.Columns))].ID, Title: g.text(4), Body: g.text(20) + "\n\n" + g.text(10),
			Published: g.when(), Pinned: g.pick(5) == 0, Images: g.images()}
		if g.pick(3) == 0 {
			p.Expires = p.Published.Add(time.Duration(1+g.pick(1000)) * time.Hour)
		}
		return p
	case 2:
		p := alliance.Place{ID: fmt.Sprintf("place-%d", g.pick(4)), Name: g.text(2), Kind: []alliance.PlaceKind{alliance.Food, alliance.Sight, alliance.Service}[g.pick(3)],
			Tags: []string{g.text(1)}, Description: g.text(8), Images: g.images()}
		if g.pick(2) == 0 {
			p.Community = g.someAccount()
		}
		return p
	case 3:
		d := alliance.DirectoryEntry{ID: fmt.Sprintf("dir-%d", g.pick(4)), Name: g.text(2), Number: fmt.Sprintf("0532-0000-%04d", g.pick(10000)),
			Category: alliance.DirectoryCategories[g.pick(len(alliance.DirectoryCategories))]}
		if g.pick(2) == 0 {
			d.Community = g.someAccount()
		}
		return d
	case 4:
		starts := g.when()
		e := alliance.Event{ID: fmt.Sprintf("event-%d", g.pick(4)), Community: g.someAccount(), Title: g.text(3),
			Starts: starts, Ends: starts.Add(time.Duration(1+g.pick(5)) * time.Hour), Capacity: g.pick(40),
			Status: []alliance.EventStatus{alliance.EventOpen, alliance.EventClosed, alliance.EventCancelled}[g.pick(3)], Waitlist: g.pick(2) == 0}
		if g.pick(2) == 0 {
			e.SignupCloses = starts.Add(-24 * time.Hour)
		}
		return e
	case 5:
		n := g.pick(2)
		return alliance.LessonFolder{Dir: fmt.Sprintf("0%d-lesson", n+1), ID: fmt.Sprintf("lesson-%d", n), Version: 1 + g.pick(5),
			Files: map[string][]byte{"lesson.yaml": []byte("id: lesson\n# " + g.text(5)), "pic.png": g.blobs[g.pick(len(g.blobs))].Data}}
	}
	return g.blobs[g.pick(len(g.blobs))]
}

func (g *historyGen) step(ctx context.Context, h *hub.DB) {
	switch r := g.pick(20); {
	case r < 14:
		c := g.content()
		if _, err := h.Publish(ctx, "console", c); err == nil {
			g.live[c.ContentKind()][c.ContentID()] = true
		}
	case r < 19:
		c := g.content()
		if _, err := h.Withdraw(ctx, c.ContentKind(), c.ContentID()); err == nil {
			delete(g.live[c.ContentKind()], c.ContentID())
		}
	default:
		h.PurgeTombstones(ctx, 0) // kiosks behind the horizon start afresh
	}
}

// blobPool is four small distinct PNG images.
func blobPool() []alliance.Blob {
	var out []alliance.Blob
	for i := range 4 {
		img := image.NewNRGBA(image.Rect(0, 0, 4+i, 3))
		for x := range 4 + i {
			img.Set(x, 1, color.NRGBA{R: byte(60 * i), G: byte(x * 40), B: 200, A: 255})
		}
		var b bytes.Buffer
		png.Encode(&b, img)
		sum := sha256.Sum256(b.Bytes())
		out = append(out, alliance.Blob{SHA256: hex.EncodeToString(sum[:]), Size: int64(b.Len()), MIME: "image/png", Data: b.Bytes()})
	}
	return out
}
