package mirror_test

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/internal/testutil"
	"github.com/shinan-alliance/alliance/store"
)

var faultRuns = flag.Int("fault-runs", 200, "runs of the fault-injection loop (100 with -short, as make test runs it, unless given)")

// faultCount is the number of fault-injection runs: fewer with -short
// (make test), the flag's when given (make soak).
func faultCount() int {
	given := false
	flag.Visit(func(f *flag.Flag) { given = given || f.Name == "fault-runs" })
	if testing.Short() && !given {
		return 100
	}
	return *faultRuns
}

// faultyProxy forwards TCP between a kiosk and the hub, and for each
// connection may cut it after a random number of bytes in either direction
// and delay traffic.
type faultyProxy struct {
	ln     net.Listener
	target string
	mu     sync.Mutex
	rng    *rand.Rand
	// reach is how far into a connection a cut may fall, in bytes; 0 for
	// the first few kilobytes, where a routine sync's messages are.
	reach int64
}

func newProxy(t *testing.T, target string, seed uint64) *faultyProxy {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &faultyProxy{ln: ln, target: target, rng: rand.New(rand.NewPCG(seed, 1))}
	go p.serve()
	t.Cleanup(func() { ln.Close() })
	return p
}

func (p *faultyProxy) serve() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.mu.Lock()
		// Half the connections are cut within the first few kilobytes,
		// where a routine sync's messages are: in the upgrade, the hello,
		// a batch, a push or its acknowledgement.
		up, down := int64(-1), int64(-1)
		upReach, downReach := int64(1500), int64(3000)
		if p.reach > 0 {
			upReach, downReach = p.reach, p.reach
		}
		switch p.rng.IntN(4) {
		case 0:
			up = p.rng.Int64N(upReach)
		case 1:
			down = p.rng.Int64N(downReach)
		}
		delay := time.Duration(p.rng.IntN(3)) * time.Millisecond
		p.mu.Unlock()
		go p.pipe(c, up, down, delay)
	}
}

func (p *faultyProxy) pipe(c net.Conn, up, down int64, delay time.Duration) {
	s, err := net.Dial("tcp", p.target)
	if err != nil {
		c.Close()
		return
	}
	var once sync.Once
	cut := func() {
		once.Do(func() {
			c.Close()
			s.Close()
		})
	}
	copyN := func(dst, src net.Conn, limit int64) {
		defer cut()
		buf := make([]byte, 4096)
		var n int64
		for {
			k, err := src.Read(buf)
			if k > 0 {
				if limit >= 0 && n+int64(k) > limit {
					dst.Write(buf[:limit-n])
					return
				}
				if delay > 0 {
					time.Sleep(delay)
				}
				if _, werr := dst.Write(buf[:k]); werr != nil {
					return
				}
				n += int64(k)
			}
			if err != nil {
				return
			}
		}
	}
	go copyN(s, c, up)
	copyN(c, s, down)
}

// TestExactlyOnceUnderFaults: whatever the network does, every record a
// kiosk committed reaches the hub exactly once, the kiosk's cursor is never
// ahead of what it applied, and both databases stay sound.
func TestExactlyOnceUnderFaults(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	h := testutil.StartHub(t)
	pack := testutil.SamplePack(t)
	testutil.Import(t, h.DB, pack)
	db := testutil.SampleKiosk(t)
	direct := h.Join(t, db, "kiosk-f")
	proxy := newProxy(t, strings.TrimPrefix(h.URL, "http://"), 42)
	faulty := *direct
	faulty.HubURL = "http://" + proxy.ln.Addr().String()
	faulty.ReadTimeout = 2 * time.Second

	rng := rand.New(rand.NewPCG(7, 7))
	evs := pack.Events
	failures := 0
	for run := range faultCount() {
		// The kiosk takes a few records...
		for range rng.IntN(3) {
			if rng.IntN(2) == 0 {
				e := evs[rng.IntN(len(evs))]
				s := alliance.SignUp{EventID: e.ID, Name: "张先生", Phone: fmt.Sprintf("1390000%04d", run), PartySize: 1, ConsentVersion: "v1", KioskID: direct.KioskID}
				var closed *store.NotAcceptingError
				if err := db.SaveSignUp(ctx, &s); err != nil && !errors.As(err, &closed) && !errors.Is(err, alliance.ErrNotFound) {
					t.Fatal(err)
				}
			} else {
				s := alliance.Suggestion{Community: "yanchenglu", Category: "environment", Text: fmt.Sprintf("第%d条意见", run), ConsentVersion: "v1", KioskID: direct.KioskID}
				if err := db.SaveSuggestion(ctx, &s); err != nil {
					t.Fatal(err)
				}
			}
		}
		// ...the hub publishes an edit now and then...
		if rng.IntN(5) == 0 {
			p := testutil.SamplePack(t)
			p.Posts[rng.IntN(len(p.Posts))].Title = fmt.Sprintf("第%d次修改的标题", run)
			testutil.Import(t, h.DB, p)
		}
		// ...and the sync goes through a network that fails.
		if _, err := faulty.Sync(ctx); err != nil {
			failures++
		}
		checkCursor(t, ctx, h, db)
	}
	if failures == 0 || failures == faultCount() {
		t.Errorf("%d of %d faulty syncs failed: the proxy is not exercising both outcomes", failures, faultCount())
	}
	// Then one clean sync brings everything level.
	mustSync(t, direct)
	checkCursor(t, ctx, h, db)
	outbox, err := db.OutboxIDs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	stored, err := h.DB.RecordIDs(ctx, direct.KioskID)
	if err != nil {
		t.Fatal(err)
	}
	if len(outbox) == 0 {
		t.Fatal("no records were made")
	}
	for id := range outbox {
		if stored[id] != 1 {
			t.Errorf("record %s stored %d times at the hub, want 1", id, stored[id])
		}
	}
	if len(stored) != len(outbox) {
		t.Errorf("hub has %d records of this kiosk, kiosk made %d", len(stored), len(outbox))
	}
	if n, _ := db.OutboxBacklog(ctx); n != 0 {
		t.Errorf("%d records still unacknowledged after a clean sync", n)
	}
	if err := db.IntegrityCheck(ctx); err != nil {
		t.Error(err)
	}
	if err := h.DB.IntegrityCheck(ctx); err != nil {
		t.Error(err)
	}
	t.Logf("%d runs, %d syncs cut short, %d records delivered once each", faultCount(), failures, len(outbox))
}

// checkCursor verifies the kiosk holds every post the hub published at or
// before the kiosk's cursor, in that version.
func checkCursor(t *testing.T, ctx context.Context, h *testutil.Hub, db *store.DB) {
	t.Helper()
	cursor, err := db.Cursor(ctx)
	if err != nil {
		t.Fatal(err)
	}
	seqs, err := h.DB.ItemSeqs(ctx, alliance.KindPost)
	if err != nil {
		t.Fatal(err)
	}
	for id, seq := range seqs {
		if seq > cursor {
			continue
		}
		if _, err := db.Post(ctx, id); err != nil {
			t.Fatalf("cursor %d is past post %s (seq %d), which the kiosk lacks: %v", cursor, id, seq, err)
		}
	}
}
