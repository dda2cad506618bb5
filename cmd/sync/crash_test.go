package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/assets"
	"github.com/shinan-alliance/alliance/hub"
	"github.com/shinan-alliance/alliance/internal/testutil"
	"github.com/shinan-alliance/alliance/mirror"
	"github.com/shinan-alliance/alliance/pack"
	"github.com/shinan-alliance/alliance/store"
	"github.com/shinan-alliance/alliance/wire"
)

var crashRuns = flag.Int("crash-runs", 50, "SIGKILLs per crash test (20 with -short, as make test runs it, unless given)")

// crashCount is the number of SIGKILLs a crash test makes: fewer with
// -short (make test), the flag's when given (make soak).
func crashCount() int {
	given := false
	flag.Visit(func(f *flag.Flag) { given = given || f.Name == "crash-runs" })
	if testing.Short() && !given {
		return 20
	}
	return *crashRuns
}

// TestMain lets the test binary act as alliance-sync itself, so crash tests
// kill a real process running the real program.
func TestMain(m *testing.M) {
	if os.Getenv("ALLIANCE_SYNC_AS_MAIN") == "1" {
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func program(args ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), "ALLIANCE_SYNC_AS_MAIN=1")
	return cmd
}

// newKioskDB makes a kiosk database with the sample content and some
// records, joined to the hub at url.
func newKioskDB(t *testing.T, hdb *hub.DB, url string) string {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "kiosk.db")
	db, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.ImportPack(ctx, testutil.SamplePack(t)); err != nil {
		t.Fatal(err)
	}
	code, err := hdb.Enroll(ctx, "crash-kiosk", "yanchenglu")
	if err != nil {
		t.Fatal(err)
	}
	if err := mirror.Join(ctx, db, url, code, nil, ""); err != nil {
		t.Fatal(err)
	}
	return path
}

func addRecords(t *testing.T, db *store.DB, run int, rng *rand.Rand) {
	ctx := context.Background()
	for range 1 + rng.IntN(3) {
		s := alliance.Suggestion{Community: "yanchenglu", Category: "environment", Text: fmt.Sprintf("第%d轮的意见", run), ConsentVersion: "v1"}
		if err := db.SaveSuggestion(ctx, &s); err != nil {
			t.Fatal(err)
		}
	}
}

// checkKiosk opens a kiosk database after a crash: it must be sound, and
// its cursor must not be ahead of the posts it holds.
func checkKiosk(t *testing.T, path string, hdb *hub.DB) *store.DB {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(path)
	if err != nil {
		t.Fatalf("reopen after kill: %v", err)
	}
	if err := db.IntegrityCheck(ctx); err != nil {
		t.Fatal(err)
	}
	cursor, _ := db.Cursor(ctx)
	seqs, err := hdb.ItemSeqs(ctx, alliance.KindPost)
	if err != nil {
		t.Fatal(err)
	}
	for id, seq := range seqs {
		if seq <= cursor {
			if _, err := db.Post(ctx, id); err != nil {
				t.Fatalf("cursor %d past post %s (seq %d) the kiosk lacks", cursor, id, seq)
			}
		}
	}
	return db
}

func checkExactlyOnce(t *testing.T, kiosk *store.DB, hdb *hub.DB) {
	t.Helper()
	ctx := context.Background()
	ids, err := kiosk.OutboxIDs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	st, _ := kiosk.SyncState(ctx)
	stored, err := hdb.RecordIDs(ctx, st[store.StateKioskID])
	if err != nil {
		t.Fatal(err)
	}
	for id := range ids {
		if stored[id] != 1 {
			t.Errorf("record %s stored %d times at the hub, want 1", id, stored[id])
		}
	}
	if len(stored) != len(ids) {
		t.Errorf("hub holds %d of this kiosk's records, the kiosk made %d", len(stored), len(ids))
	}
	if n, _ := kiosk.OutboxBacklog(ctx); n != 0 {
		t.Errorf("%d records unacknowledged after a clean sync", n)
	}
}

func TestKioskKilledMidSync(t *testing.T) {
	t.Parallel() // the two crash loops overlap: each mostly waits on its processes
	ctx := context.Background()
	hdb, err := hub.Open(filepath.Join(t.TempDir(), "hub.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer hdb.Close()
	if _, err := hdb.ImportPack(ctx, testutil.SamplePack(t)); err != nil {
		t.Fatal(err)
	}
	// Small batches: a sync commits many times, so kills land between
	// commits as well as inside them.
	srv := httptest.NewServer((&hub.Server{DB: hdb, BatchItems: 15}).Handler())
	defer srv.Close()
	path := newKioskDB(t, hdb, srv.URL)
	rng := rand.New(rand.NewPCG(3, 3))
	// Time whole runs of the program, to spread the kills over one. The
	// quickest of three: other packages' tests share the machine, and a
	// run timed while they were busy would let most kills come too late.
	whole := time.Duration(0)
	for i := range 3 {
		editPosts(t, hdb, -1-i, rng)
		start := time.Now()
		if out, err := program("now", "--db", path).CombinedOutput(); err != nil {
			t.Fatalf("first syncs: %v\n%s", err, out)
		}
		if d := time.Since(start); whole == 0 || d < whole {
			whole = d
		}
	}

	killed, partial := 0, 0
	for run := range crashCount() {
		db := checkKiosk(t, path, hdb)
		addRecords(t, db, run, rng)
		before := progressOf(t, db)
		db.Close()
		editPosts(t, hdb, run, rng)
		cmd := program("now", "--db", path)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case <-time.After(time.Duration(rng.Int64N(int64(whole)))):
			cmd.Process.Signal(syscall.SIGKILL)
			<-done
			killed++
			db := checkKiosk(t, path, hdb)
			if progressOf(t, db) != before {
				partial++ // killed after some of the sync was committed
			}
			db.Close()
		case <-done:
		}
	}
	if killed < crashCount()/3 || partial == 0 {
		t.Errorf("%d of %d runs killed, %d of them after partial progress: the kills do not land mid-sync", killed, crashCount(), partial)
	}
	out, err := program("now", "--db", path).CombinedOutput()
	if err != nil {
		t.Fatalf("clean sync after the crashes: %v\n%s", err, out)
	}
	db := checkKiosk(t, path, hdb)
	defer db.Close()
	checkExactlyOnce(t, db, hdb)
	if err := hdb.IntegrityCheck(ctx); err != nil {
		t.Error(err)
	}
	t.Logf("%d of %d syncs killed with SIGKILL, %d of them after partial progress", killed, crashCount(), partial)
}

// editPosts publishes a new title for every post, so that every sync has
// work to be killed in the middle of.
func editPosts(t *testing.T, hdb *hub.DB, run int, rng *rand.Rand) {
	p := testutil.SamplePack(t)
	for i := range p.Posts {
		p.Posts[i].Title = fmt.Sprintf("第%d轮修改：%s", run, p.Posts[i].Title)
	}
	if _, err := hdb.ImportPack(context.Background(), p); err != nil {
		t.Fatal(err)
	}
}

// progressOf sums up how far a kiosk's syncs have got.
func progressOf(t *testing.T, db *store.DB) [2]int64 {
	cursor, _ := db.Cursor(context.Background())
	backlog, _ := db.OutboxBacklog(context.Background())
	return [2]int64{cursor, int64(backlog)}
}

func freeAddr(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

func startHub(t *testing.T, dbPath, addr string) *exec.Cmd {
	t.Helper()
	cmd := program("serve", "--db", dbPath, "--addr", addr)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	for range 200 {
		resp, err := http.Get("http://" + addr + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return cmd
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	cmd.Process.Kill()
	t.Fatal("hub did not start")
	return nil
}

func TestHubKilledMidSync(t *testing.T) {
	t.Parallel() // the two crash loops overlap: each mostly waits on its processes
	ctx := context.Background()
	hubPath := filepath.Join(t.TempDir(), "hub.db")
	hdb, err := hub.Open(hubPath)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := hdb.ImportPack(ctx, testutil.SamplePack(t)); err != nil {
		t.Fatal(err)
	}
	hdb.Close()
	addr := freeAddr(t)
	first := startHub(t, hubPath, addr)
	hdb, err = hub.Open(hubPath) // enrol beside the running hub: SQLite in WAL mode shares the file
	if err != nil {
		t.Fatal(err)
	}
	path := newKioskDB(t, hdb, "http://"+addr)
	hdb.Close()
	first.Process.Signal(syscall.SIGTERM)
	first.Wait()

	rng := rand.New(rand.NewPCG(5, 5))
	runs := crashCount() / 2
	killed := 0
	for run := range runs {
		hdb, err := hub.Open(hubPath)
		if err != nil {
			t.Fatal(err)
		}
		editPosts(t, hdb, run, rng)
		hdb.Close()
		h := startHub(t, hubPath, addr)
		db, err := store.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		addRecords(t, db, run, rng)
		c, err := mirror.FromStore(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		c.ReadTimeout = 2 * time.Second
		done := make(chan error, 1)
		go func() { _, err := c.Sync(ctx); done <- err }()
		select {
		case <-time.After(time.Duration(rng.IntN(60)) * time.Millisecond):
			h.Process.Signal(syscall.SIGKILL)
			<-done
			killed++
		case <-done:
			h.Process.Signal(syscall.SIGKILL)
		}
		h.Wait()
		db.Close()
		hdb, err = hub.Open(hubPath)
		if err != nil {
			t.Fatalf("reopen hub after kill: %v", err)
		}
		if err := hdb.IntegrityCheck(ctx); err != nil {
			t.Fatal(err)
		}
		hdb.Close()
	}
	h := startHub(t, hubPath, addr)
	db, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	c, _ := mirror.FromStore(ctx, db)
	if _, err := c.Sync(ctx); err != nil {
		t.Fatalf("clean sync after the crashes: %v", err)
	}
	db.Close()
	h.Process.Signal(syscall.SIGTERM)
	h.Wait()
	hdb, err = hub.Open(hubPath)
	if err != nil {
		t.Fatal(err)
	}
	defer hdb.Close()
	kdb := checkKiosk(t, path, hdb)
	defer kdb.Close()
	checkExactlyOnce(t, kdb, hdb)
	t.Logf("hub killed %d of %d times mid-sync", killed, runs)
}

// TestServeDropsSlowClients runs the real hub and checks that a client
// dribbling its request headers is cut off, while others are served.
func TestServeDropsSlowClients(t *testing.T) {
	hubPath := filepath.Join(t.TempDir(), "hub.db")
	addr := freeAddr(t)
	cmd := program("serve", "--db", hubPath, "--addr", addr, "--header-timeout", "500ms")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cmd.Process.Signal(syscall.SIGTERM); cmd.Wait() }()
	for range 200 {
		if resp, err := http.Get("http://" + addr + "/healthz"); err == nil {
			resp.Body.Close()
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	raw, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	raw.Write([]byte("GET /sync HTTP/1.1\r\nHost: x\r\n")) // and never the rest
	start := time.Now()
	raw.SetReadDeadline(time.Now().Add(5 * time.Second))
	buf := make([]byte, 512)
	for {
		if _, err := raw.Read(buf); err != nil {
			break
		}
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("slow client kept for %v, want it dropped after about 500ms", d)
	}
	resp, err := http.Get("http://" + addr + "/healthz")
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Errorf("hub stopped serving others: %v", err)
	} else {
		resp.Body.Close()
	}
}

// TestServeShutsDownGracefully: SIGTERM with a sync open closes it with
// "going away" and the hub exits cleanly, promptly.
func TestServeShutsDownGracefully(t *testing.T) {
	ctx := context.Background()
	hubPath := filepath.Join(t.TempDir(), "hub.db")
	hdb, err := hub.Open(hubPath)
	if err != nil {
		t.Fatal(err)
	}
	p, err := pack.Load(context.Background(), assets.SamplePack())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := hdb.ImportPack(ctx, p); err != nil {
		t.Fatal(err)
	}
	code, _ := hdb.Enroll(ctx, "k", "yanchenglu")
	id, _, token, err := hdb.Join(ctx, code)
	if err != nil {
		t.Fatal(err)
	}
	hdb.Close()
	addr := freeAddr(t)
	cmd := startHub(t, hubPath, addr)
	conn, _, err := websocket.DefaultDialer.Dial("ws://"+addr+"/sync", http.Header{"Authorization": {"Bearer " + token}})
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	b, _ := wire.Encode(&wire.Hello{Kiosk: id, Versions: wire.Versions})
	conn.WriteMessage(websocket.TextMessage, b)
	if _, _, err := conn.ReadMessage(); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	cmd.Process.Signal(syscall.SIGTERM)
	conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	_, _, err = conn.ReadMessage()
	var ce *websocket.CloseError
	if !errors.As(err, &ce) || ce.Code != websocket.CloseGoingAway {
		t.Errorf("open sync got %v, want a going-away close", err)
	}
	if err := cmd.Wait(); err != nil {
		t.Errorf("hub exit: %v", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("shutdown took %v", d)
	}
}
