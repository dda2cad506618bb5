package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/gorilla/websocket"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/assets"
	"github.com/shinan-alliance/alliance/assets/packgen"
	"github.com/shinan-alliance/alliance/hub"
	"github.com/shinan-alliance/alliance/mirror"
	"github.com/shinan-alliance/alliance/pack"
	"github.com/shinan-alliance/alliance/store"
	"github.com/shinan-alliance/alliance/store/benchutil"
	"github.com/shinan-alliance/alliance/wire"
)

func main() {
	posts := flag.Int("posts", 100_000, "posts in the generated pack")
	images := flag.Int("images", 2_000, "images in the generated pack")
	idle := flag.Int("idle", 2000, "idle kiosk connections for the memory figure")
	stuck := flag.Int("stuck", 60, "kiosks that ask for a snapshot and never read it, for the bounded-memory figure")
	kiosks := flag.Int("kiosks", 500, "kiosks pulling a change at once")
	change := flag.Int("change", 1000, "items in that change")
	syncBin := flag.String("sync-bin", "bin/alliance-sync", "the alliance-sync program, run as the hub for the memory figure")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the initial mirror to this `file`")
	flag.Parse()
	log.SetFlags(0)
	ctx := context.Background()
	raiseFileLimit()
	dir, err := os.MkdirTemp("", "alliance-syncbench-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	// --- initial mirror ---
	packDir := filepath.Join(dir, "pack")
	os.MkdirAll(packDir, 0o755)
	if _, err := packgen.Write(packDir, packgen.Options{Posts: *posts, Images: *images, BodyRunes: 400, Seed: 2}); err != nil {
		log.Fatal(err)
	}
	p, err := pack.LoadDir(ctx, packDir)
	if err != nil {
		log.Fatal(err)
	}
	hubDB, err := hub.Open(filepath.Join(dir, "hub.db"))
	if err != nil {
		log.Fatal(err)
	}
	t0 := time.Now()
	if _, err := hubDB.ImportPack(ctx, p); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("hub imported the generated pack (%d posts, %d images) in %.1fs\n\n", *posts, *images, time.Since(t0).Seconds())
	srv := httptest.NewServer((&hub.Server{DB: hubDB}).Handler())
	defer srv.Close()

	kdb, err := store.Open(filepath.Join(dir, "kiosk.db"))
	if err != nil {
		log.Fatal(err)
	}
	c := join(ctx, hubDB, kdb, srv.URL, "bench-kiosk")
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			log.Fatal(err)
		}
		pprof.StartCPUProfile(f)
	}
	t0 = time.Now()
	res, err := c.Sync(ctx)
	if err != nil {
		log.Fatal(err)
	}
	mirrorTime := time.Since(t0)
	if *cpuprofile != "" {
		pprof.StopCPUProfile()
	}
	items := res.Pulled
	mb := float64(res.BytesIn) / (1 << 20)

	base, err := benchutil.Baseline(ctx, filepath.Join(dir, "baseline.db"), p)
	if err != nil {
		log.Fatal(err)
	}
	tcp := rawCopy(res.BytesIn)
	fmt.Println("INITIAL MIRROR into an empty kiosk (websocket on loopback, blobs over HTTP)")
	fmt.Printf("  %-46s %8.0f items/s %7.1f MB/s  (%.1fs, %d items, %d blobs, %.0f MB, %d round trips)\n",
		"mirror.Client.Sync", float64(items)/mirrorTime.Seconds(), mb/mirrorTime.Seconds(), mirrorTime.Seconds(), items, res.Blobs, mb, res.RoundTrips)
	fmt.Printf("  %-46s %8.0f posts/s  (%.1fs)\n", "baseline: bare SQL, same rows + index terms", float64(len(p.Posts))/base.Total.Seconds(), base.Total.Seconds())
	fmt.Printf("  %-46s %24.1f MB/s  (%.2fs)\n", "baseline: the same bytes over raw loopback TCP", mb/tcp.Seconds(), tcp.Seconds())
	fmt.Printf("  %-46s %8.2f  (target ≥ 0.5)\n", "ratio mirror / bare SQL (posts per second)", base.Total.Seconds()/mirrorTime.Seconds())
	fmt.Println()

	// --- nothing new ---
	t0 = time.Now()
	res, err = c.Sync(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("SYNC WITH NOTHING NEW")
	fmt.Printf("  %d round trip(s), %d bytes on the wire (%d out, %d in), %.1f ms  (target: 1 round trip, < 2 KB)\n\n",
		res.RoundTrips, res.BytesIn+res.BytesOut, res.BytesOut, res.BytesIn, float64(time.Since(t0).Microseconds())/1000)
	kdb.Close()

	// --- idle connections ---
	if err := idleMemory(ctx, dir, *syncBin, *idle); err != nil {
		fmt.Printf("HUB MEMORY: skipped: %v\n\n", err)
	}

	// --- kiosks that never read ---
	if err := stuckMemory(ctx, hubDB, filepath.Join(dir, "hub.db"), *syncBin, *stuck); err != nil {
		fmt.Printf("HUB MEMORY with kiosks that never read: skipped: %v\n\n", err)
	}

	// --- many kiosks pulling at once ---
	if err := manyPull(ctx, hubDB, srv.URL, *kiosks, *change); err != nil {
		log.Fatal(err)
	}
	hubDB.Close()
}

func join(ctx context.Context, h *hub.DB, db *store.DB, url, name string) *mirror.Client {
	code, err := h.Enroll(ctx, name, "yanchenglu")
	if err != nil {
		log.Fatal(err)
	}
	if err := mirror.Join(ctx, db, url, code, nil, ""); err != nil {
		log.Fatal(err)
	}
	c, err := mirror.FromStore(ctx, db)
	if err != nil {
		log.Fatal(err)
	}
	return c
}

// rawCopy sends n bytes through a loopback TCP connection: the network's
// own limit on this machine.
func rawCopy(n int64) time.Duration {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	defer ln.Close()
	done := make(chan struct{})
	go func() {
		conn, err := ln.Accept()
		if err == nil {
			io.Copy(io.Discard, conn)
			conn.Close()
		}
		close(done)
	}()
	conn, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		log.Fatal(err)
	}
	buf := make([]byte, 32<<10)
	t0 := time.Now()
	for sent := int64(0); sent < n; sent += int64(len(buf)) {
		conn.Write(buf)
	}
	conn.Close()
	<-done
	return time.Since(t0)
}

func raiseFileLimit() {
	var l syscall.Rlimit
	if syscall.Getrlimit(syscall.RLIMIT_NOFILE, &l) == nil && l.Cur < l.Max {
		l.Cur = l.Max
		syscall.Setrlimit(syscall.RLIMIT_NOFILE, &l)
	}
}

// rss reads a process's resident memory in bytes.
func rss(pid int) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmRSS:" {
			n, _ := strconv.ParseInt(f[1], 10, 64)
			return n << 10
		}
	}
	return 0
}

// idleMemory runs the real hub as its own process, connects n kiosks that
// say hello and then wait, and reads the hub's resident memory before and
// after: the clients' memory is not in it.
func idleMemory(ctx context.Context, dir, bin string, n int) error {
	if _, err := os.Stat(bin); err != nil {
		return fmt.Errorf("%s not built (make build)", bin)
	}
	hubPath := filepath.Join(dir, "idlehub.db")
	h, err := hub.Open(hubPath)
	if err != nil {
		return err
	}
	sample, err := pack.Load(ctx, assets.SamplePack())
	if err != nil {
		return err
	}
	if _, err := h.ImportPack(ctx, sample); err != nil { // kiosks enrol for a community the hub publishes
		return err
	}
	// The idle kiosks are up to date: their hello names the log's end, as
	// a kiosk's after a night with nothing new.
	logID, err := h.LogID(ctx)
	if err != nil {
		return err
	}
	var end int64
	for _, k := range alliance.ContentKinds {
		seqs, err := h.ItemSeqs(ctx, k)
		if err != nil {
			return err
		}
		for _, s := range seqs {
			end = max(end, s)
		}
	}
	tokens := make([]string, n)
	ids := make([]string, n)
	for i := range n {
		code, err := h.Enroll(ctx, fmt.Sprintf("idle-%d", i), "yanchenglu")
		if err != nil {
			return err
		}
		if ids[i], _, tokens[i], err = h.Join(ctx, code); err != nil {
			return err
		}
	}
	h.Close()
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := ln.Addr().String()
	ln.Close()
	cmd := exec.Command(bin, "serve", "--db", hubPath, "--addr", addr)
	if err := cmd.Start(); err != nil {
		return err
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	for range 200 {
		if resp, err := http.Get("http://" + addr + "/healthz"); err == nil {
			resp.Body.Close()
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	// Warm up: one connection, so what the first one costs (pools,
	// database pages) is not charged to the idle ones.
	conns := []*websocket.Conn{}
	open := func(i int) error {
		conn, _, err := websocket.DefaultDialer.Dial("ws://"+addr+"/sync", http.Header{"Authorization": {"Bearer " + tokens[i]}})
		if err != nil {
			return err
		}
		b, _ := wire.Encode(&wire.Hello{Kiosk: ids[i], App: "bench", Versions: wire.Versions, Cursor: end, Log: logID})
		conn.WriteMessage(websocket.TextMessage, b)
		if _, _, err := conn.ReadMessage(); err != nil {
			return err
		}
		conns = append(conns, conn)
		return nil
	}
	if err := open(0); err != nil {
		return err
	}
	runtime.GC()
	time.Sleep(300 * time.Millisecond)
	before := rss(cmd.Process.Pid)
	for i := 1; i < n; i++ {
		if err := open(i); err != nil {
			return fmt.Errorf("connection %d: %w", i, err)
		}
	}
	time.Sleep(500 * time.Millisecond)
	after := rss(cmd.Process.Pid)
	per := float64(after-before) / float64(n-1) / 1024
	fmt.Println("HUB MEMORY with idle kiosk connections (the hub in its own process)")
	fmt.Printf("  %d connections: hub RSS %.1f MB -> %.1f MB, %.1f KB per idle connection  (target ≤ 30 KB)\n\n",
		n, float64(before)/(1<<20), float64(after)/(1<<20), per)
	for _, c := range conns {
		c.Close()
	}
	return nil
}

// manyPull publishes a change and has n protocol-only kiosks pull it at
// once: what the hub itself sustains (each kiosk's apply runs on its own
// machine in the field).
func manyPull(ctx context.Context, h *hub.DB, url string, n, items int) error {
	type kiosk struct{ id, token string }
	ks := make([]kiosk, n)
	for i := range ks {
		code, err := h.Enroll(ctx, fmt.Sprintf("puller-%d", i), "yanchenglu")
		if err != nil {
			return err
		}
		if ks[i].id, _, ks[i].token, err = h.Join(ctx, code); err != nil {
			return err
		}
	}
	var last int64
	seqs, _ := h.ItemSeqs(ctx, alliance.KindPost)
	for _, s := range seqs {
		last = max(last, s)
	}
	// The change holds the district account too, which the generated pack
	// published first: it says so, or the hub refuses to move it.
	p := &alliance.Pack{Manifest: alliance.Manifest{Format: pack.Format, ID: "change", Version: 1, Replaces: []string{"generated"}}}
	p.Accounts = []alliance.Account{{ID: "weishinan", Kind: alliance.District, Name: "微市南"}}
	for i := range items {
		p.Posts = append(p.Posts, alliance.Post{ID: fmt.Sprintf("change-%d", i), Account: "weishinan", Column: alliance.ColNotice,
			Title: fmt.Sprintf("新通知 %d", i), Body: strings.Repeat("社区通知内容。", 40), Published: time.Now()})
	}
	if _, err := h.ImportPack(ctx, p); err != nil {
		return err
	}
	ws := "ws" + strings.TrimPrefix(url, "http") + "/sync"
	var wg sync.WaitGroup
	errs := make(chan error, n)
	got := make([]int, n)
	t0 := time.Now()
	for i, k := range ks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			conn, _, err := websocket.DefaultDialer.Dial(ws, http.Header{"Authorization": {"Bearer " + k.token}})
			if err != nil {
				errs <- err
				return
			}
			defer conn.Close()
			send := func(m any) { b, _ := wire.Encode(m); conn.WriteMessage(websocket.TextMessage, b) }
			send(&wire.Hello{Kiosk: k.id, App: "bench", Versions: wire.Versions, Cursor: last})
			for {
				_, data, err := conn.ReadMessage()
				if err != nil {
					errs <- err
					return
				}
				msg, err := wire.Decode(data)
				if err != nil {
					errs <- err
					return
				}
				var b *wire.Batch
				switch m := msg.(type) {
				case *wire.Welcome:
					b = &m.Batch
				case *wire.Batch:
					b = m
				}
				got[i] += len(b.Items)
				if !b.More {
					send(&wire.Bye{Cursor: b.Cursor})
					return
				}
				send(&wire.Pull{After: b.Cursor})
			}
		}()
	}
	wg.Wait()
	d := time.Since(t0)
	close(errs)
	for err := range errs {
		return err
	}
	total := 0
	for _, g := range got {
		total += g
	}
	fmt.Println("MANY KIOSKS PULLING AT ONCE (protocol-only clients, hub in this process)")
	fmt.Printf("  %d kiosks x %d-item change: all done in %.2fs, %.0f items/s served (%d items in all)\n",
		n, items, d.Seconds(), float64(total)/d.Seconds(), total)
	return nil
}

// startHub runs the real hub program on a database and returns its
// address and process.
func startHub(bin, dbPath string, extra ...string) (string, *exec.Cmd, error) {
	if _, err := os.Stat(bin); err != nil {
		return "", nil, fmt.Errorf("%s not built (make build)", bin)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	addr := ln.Addr().String()
	ln.Close()
	cmd := exec.Command(bin, append([]string{"serve", "--db", dbPath, "--addr", addr}, extra...)...)
	if err := cmd.Start(); err != nil {
		return "", nil, err
	}
	for range 200 {
		if resp, err := http.Get("http://" + addr + "/healthz"); err == nil {
			resp.Body.Close()
			return addr, cmd, nil
		}
		time.Sleep(20 * time.Millisecond)
	}
	cmd.Process.Kill()
	cmd.Wait()
	return "", nil, errors.New("the hub did not start")
}

// stuckMemory measures the hub's memory when n kiosks each ask for a
// whole snapshot of the 100k-post log (batches of about 3 MB) and never
// read a byte, beside the same hub serving n kiosks that read their first
// batch; then again once the stuck ones have been dropped (write timeout),
// and with n sessions opened on one kiosk's token.
func stuckMemory(ctx context.Context, h *hub.DB, dbPath, bin string, n int) error {
	type kiosk struct{ id, token string }
	ks := make([]kiosk, n+1) // the last one for the one-token figure
	for i := range ks {
		code, err := h.Enroll(ctx, fmt.Sprintf("stuck-%d", i), "yanchenglu")
		if err != nil {
			return err
		}
		if ks[i].id, _, ks[i].token, err = h.Join(ctx, code); err != nil {
			return err
		}
	}
	addr, cmd, err := startHub(bin, dbPath)
	if err != nil {
		return err
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	dial := func(k kiosk) (*websocket.Conn, error) {
		d := websocket.Dialer{ReadBufferSize: 1024, WriteBufferSize: 1024}
		conn, resp, err := d.Dial("ws://"+addr+"/sync", http.Header{"Authorization": {"Bearer " + k.token}})
		if err != nil {
			if resp != nil {
				return nil, fmt.Errorf("%w (HTTP %d)", err, resp.StatusCode)
			}
			return nil, err
		}
		b, _ := wire.Encode(&wire.Hello{Kiosk: k.id, App: "bench", Versions: wire.Versions})
		return conn, conn.WriteMessage(websocket.TextMessage, b)
	}
	base := rss(cmd.Process.Pid)
	// Baseline: kiosks that read their welcome (a full first batch).
	var reading []*websocket.Conn
	for _, k := range ks[:n] {
		conn, err := dial(k)
		if err != nil {
			return err
		}
		if _, _, err := conn.ReadMessage(); err != nil {
			return err
		}
		reading = append(reading, conn)
	}
	time.Sleep(time.Second)
	readPeak := rss(cmd.Process.Pid)
	for _, c := range reading {
		c.Close()
	}
	time.Sleep(2 * time.Second)
	// Kiosks that never read: the hub writes into full socket buffers.
	var stuck []net.Conn
	for _, k := range ks[:n] {
		conn, err := dial(k)
		if err != nil {
			return err
		}
		stuck = append(stuck, conn.UnderlyingConn())
	}
	peak := int64(0)
	for range 10 {
		time.Sleep(500 * time.Millisecond)
		peak = max(peak, rss(cmd.Process.Pid))
	}
	// One token, n sessions: all but two are refused.
	admitted := 0
	var same []*websocket.Conn
	for range n {
		if conn, err := dial(ks[n]); err == nil {
			admitted++
			same = append(same, conn)
		}
	}
	for _, c := range same {
		c.Close()
	}
	// The write timeout (30 s) drops the stuck ones.
	time.Sleep(35 * time.Second)
	after := rss(cmd.Process.Pid)
	for _, c := range stuck {
		c.Close()
	}
	mb := func(b int64) float64 { return float64(b) / (1 << 20) }
	fmt.Println("HUB MEMORY with kiosks that never read (the hub in its own process, 100k-post log)")
	fmt.Printf("  %d kiosks asking for a snapshot, never reading: hub RSS %.0f MB -> peak %.0f MB  (bounded by send slots)\n", n, mb(base), mb(peak))
	fmt.Printf("  baseline: %d kiosks that read their first batch:  peak %.0f MB\n", n, mb(readPeak))
	fmt.Printf("  after the write timeout dropped them:            %.0f MB\n", mb(after))
	fmt.Printf("  %d sessions on one kiosk's token: %d admitted (limit 2)\n\n", n, admitted)
	return nil
}
