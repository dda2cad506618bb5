package mirror_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/gorilla/websocket"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/hub"
	"github.com/shinan-alliance/alliance/internal/testutil"
	"github.com/shinan-alliance/alliance/mirror"
	"github.com/shinan-alliance/alliance/wire"
)

// stormKiosk is a protocol-only kiosk (as mirror/bench's manyPull has
// them): it keeps its records' payloads, what the hub acknowledged, the
// change log's id and its cursor, and does what wire's "A restored hub"
// asks of a kiosk, without a database.
type stormKiosk struct {
	id, token string
	recs      []wire.Record
	acked     int64 // the hub settled every record up to this sequence
	log       string
	cursor    int64
	resets    int
}

func (k *stormKiosk) add(n int) {
	for range n {
		id := uuid.NewString()
		seq := int64(len(k.recs) + 1)
		p, _ := json.Marshal(alliance.Suggestion{ID: id, Community: "yanchenglu", Category: alliance.SuggestionCategories[0],
			Text: fmt.Sprintf("楼道灯坏了 %d", seq), Created: time.Now().UTC().Truncate(time.Second), Receipt: fmt.Sprintf("%06d", seq)})
		k.recs = append(k.recs, wire.Record{Seq: seq, ID: id, Kind: alliance.KindSuggestion, Payload: p})
	}
}

// sync is one sync: hello, push what is not acknowledged, bye. It pulls
// nothing beyond the welcome's batch: the storm is about pushes.
func (k *stormKiosk) sync(ws string) error {
	conn, resp, err := websocket.DefaultDialer.Dial(ws, http.Header{"Authorization": {"Bearer " + k.token}})
	if err != nil {
		if resp != nil {
			return fmt.Errorf("dial: %s", resp.Status)
		}
		return err
	}
	defer conn.Close()
	conn.SetReadDeadline(time.Now().Add(60 * time.Second))
	send := func(m any) error { b, _ := wire.Encode(m); return conn.WriteMessage(websocket.TextMessage, b) }
	read := func() (any, error) {
		_, data, err := conn.ReadMessage()
		if err != nil {
			return nil, err
		}
		return wire.Decode(data)
	}
	if err := send(&wire.Hello{Kiosk: k.id, App: "storm", Versions: wire.Versions, Cursor: k.cursor, Log: k.log,
		Backlog: len(k.recs) - int(k.acked)}); err != nil {
		return err
	}
	msg, err := read()
	if err != nil {
		return err
	}
	w, ok := msg.(*wire.Welcome)
	if !ok {
		return fmt.Errorf("hello answered with %T", msg)
	}
	if w.Log != "" {
		if k.log != "" && w.Log != k.log {
			k.acked, k.resets = 0, k.resets+1 // a restored hub: push again all it holds
		}
		k.log = w.Log
	}
	k.cursor = w.Batch.Cursor
	for int(k.acked) < len(k.recs) {
		end := min(len(k.recs), int(k.acked)+wire.MaxPushRecords)
		if err := send(&wire.Push{Records: k.recs[k.acked:end]}); err != nil {
			return err
		}
		msg, err := read()
		if err != nil {
			return err
		}
		p, ok := msg.(*wire.Pushed)
		if !ok {
			return fmt.Errorf("push answered with %T", msg)
		}
		if len(p.Refused) > 0 {
			return fmt.Errorf("refused: %+v", p.Refused[0])
		}
		k.acked = p.Upto
	}
	return send(&wire.Bye{Cursor: k.cursor})
}

// storm syncs every kiosk at once; after is called when half are done.
func storm(t *testing.T, ks []*stormKiosk, url string, half func()) time.Duration {
	t.Helper()
	ws := "ws" + strings.TrimPrefix(url, "http") + "/sync"
	var wg sync.WaitGroup
	var done atomic.Int32
	var once sync.Once
	errs := make(chan error, len(ks))
	t0 := time.Now()
	for _, k := range ks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var err error
			for try := 0; try < 5; try++ { // 429 busy and the like: again, as a kiosk would
				if err = k.sync(ws); err == nil {
					break
				}
				time.Sleep(time.Duration(50*(try+1)) * time.Millisecond)
			}
			if err != nil {
				errs <- fmt.Errorf("kiosk %s: %w", k.id, err)
			}
			if int(done.Add(1)) == len(ks)/2 && half != nil {
				once.Do(half)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	return time.Since(t0)
}

// TestBackupDuringStormRestores: a backup taken while 500 kiosks push at
// once is a consistent copy; restored (alliance-sync restore: a new log
// id), it is a hub every kiosk syncs against again, after which the hub
// holds every record every kiosk ever made, each once, including those it
// had acknowledged after the backup was taken. Three of the kiosks are
// real mirror clients with their own databases.
func TestBackupDuringStormRestores(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	hubPath := filepath.Join(dir, "hub.db")
	hdb, err := hub.Open(hubPath)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := hdb.ImportPack(ctx, testutil.SamplePack(t)); err != nil {
		t.Fatal(err)
	}
	serve := func(db *hub.DB) (*hub.Server, *httptest.Server) {
		s := &hub.Server{DB: db, Logger: quiet, BatchItems: 50}
		return s, httptest.NewServer(s.Handler())
	}
	srv, ts := serve(hdb)
	const n, real = 500, 3
	ks := make([]*stormKiosk, n)
	for i := range ks {
		code, err := hdb.Enroll(ctx, fmt.Sprintf("storm-%d", i), "yanchenglu")
		if err != nil {
			t.Fatal(err)
		}
		k := &stormKiosk{}
		if k.id, _, k.token, err = hdb.Join(ctx, code); err != nil {
			t.Fatal(err)
		}
		k.add(2)
		ks[i] = k
	}
	var clients []*mirror.Client
	for i := range real {
		kdb := testutil.SampleKiosk(t)
		code, _ := hdb.Enroll(ctx, fmt.Sprintf("real-%d", i), "yanchenglu")
		if err := mirror.Join(ctx, kdb, ts.URL, code, nil, ""); err != nil {
			t.Fatal(err)
		}
		c, _ := mirror.FromStore(ctx, kdb)
		c.Logger = quiet
		clients = append(clients, c)
	}
	say := func(c *mirror.Client, m int) {
		for range m {
			s := alliance.Suggestion{Community: "yanchenglu", Category: alliance.SuggestionCategories[0], Text: "路灯不亮", KioskID: c.KioskID}
			if err := c.DB.SaveSuggestion(ctx, &s); err != nil {
				t.Fatal(err)
			}
		}
	}
	syncReal := func() {
		for _, c := range clients {
			c.HubURL = ts.URL
			mustSync(t, c)
		}
	}
	for _, c := range clients {
		say(c, 2)
	}

	// The storm; the backup is taken when half the kiosks are done, while
	// the others push.
	backup := filepath.Join(dir, "backup.db")
	var binfo hub.BackupInfo
	var berr error
	d1 := storm(t, ks, ts.URL, func() { binfo, berr = hdb.BackupFile(ctx, backup) })
	if berr != nil {
		t.Fatal(berr)
	}
	syncReal()
	// More records, acknowledged by the hub, then lost with it.
	for _, k := range ks {
		k.add(2)
	}
	for _, c := range clients {
		say(c, 2)
	}
	d2 := storm(t, ks, ts.URL, nil)
	syncReal()
	total, _ := recordCount(ctx, hdb)
	want := n*4 + real*4
	if total != want {
		t.Fatalf("before the restore the hub holds %d records, want %d", total, want)
	}
	ts.Close()
	srv.Shutdown(ctx)
	hdb.Close()

	info, err := hub.Restore(ctx, backup, hubPath)
	if err != nil {
		t.Fatal(err)
	}
	if info.Records == 0 || info.Records >= want {
		t.Errorf("the backup holds %d records: not taken mid-storm (%d before, %d after)", info.Records, n, want)
	}
	hdb, err = hub.Open(hubPath)
	if err != nil {
		t.Fatal(err)
	}
	defer hdb.Close()
	srv, ts = serve(hdb)
	defer func() { ts.Close(); srv.Shutdown(ctx) }()
	d3 := storm(t, ks, ts.URL, nil)
	syncReal()

	for i, k := range ks {
		if k.resets != 1 || int(k.acked) != len(k.recs) {
			t.Fatalf("kiosk %d: %d resets, %d of %d acknowledged", i, k.resets, k.acked, len(k.recs))
		}
	}
	ids := map[string]bool{}
	for _, k := range ks {
		for _, r := range k.recs {
			ids[r.ID] = true
		}
	}
	for _, c := range clients {
		got, _ := hdb.RecordIDs(ctx, c.KioskID)
		if len(got) != 4 {
			t.Errorf("real kiosk %s: the restored hub holds %d of its 4 records", c.KioskID, len(got))
		}
		if n, _ := c.DB.OutboxBacklog(ctx); n != 0 {
			t.Errorf("real kiosk %s: %d records still waiting", c.KioskID, n)
		}
		if err := sameContent(ctx, hdb, c.DB); err != nil {
			t.Error(err)
		}
	}
	counts, err := recordIDCounts(ctx, hdb)
	if err != nil {
		t.Fatal(err)
	}
	for id := range ids {
		if counts[id] != 1 {
			t.Fatalf("record %s is held %d times, want once", id, counts[id])
		}
	}
	if total, _ := recordCount(ctx, hdb); total != want {
		t.Fatalf("the restored hub holds %d records, want %d", total, want)
	}
	t.Logf("%d kiosks (%d real): storm 1 %.2fs with a backup at half time (%d records of %d, %s, in %s); storm 2 %.2fs; after the restore %.2fs, every kiosk reset and re-pushed; %d records, each once",
		n+real, real, d1.Seconds(), binfo.Records, want, sizeOf(binfo.Bytes), binfo.Took.Round(time.Millisecond), d2.Seconds(), d3.Seconds(), want)
}

func sizeOf(n int64) string { return fmt.Sprintf("%.1f MB", float64(n)/(1<<20)) }

func recordCount(ctx context.Context, db *hub.DB) (int, error) {
	c, err := recordIDCounts(ctx, db)
	n := 0
	for _, v := range c {
		n += v
	}
	return n, err
}

func recordIDCounts(ctx context.Context, db *hub.DB) (map[string]int, error) {
	ks, err := db.Kiosks(ctx)
	if err != nil {
		return nil, err
	}
	out := map[string]int{}
	for _, k := range ks {
		ids, err := db.RecordIDs(ctx, k.ID)
		if err != nil {
			return nil, err
		}
		for id, n := range ids {
			out[id] += n
		}
	}
	return out, nil
}
