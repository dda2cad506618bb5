package mirror_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/hub"
	"github.com/shinan-alliance/alliance/internal/testutil"
	"github.com/shinan-alliance/alliance/mirror"
	"github.com/shinan-alliance/alliance/store"
	"github.com/shinan-alliance/alliance/wire"
)

// TestAccountEditDoesNotWedge is the reproduction from the field: import
// the sample, change one community's phone number, import again. The edited
// account now comes after the posts that name it. A fresh kiosk, a running
// kiosk, and a kiosk with a resident's sign-up waiting all sync to the
// hub's state, and the sign-up goes up in the same sync.
func TestAccountEditDoesNotWedge(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	h := testutil.StartHub(t)
	h.Server.BatchItems = 50 // many batches: the edited account lands in a late one
	pack := testutil.SamplePack(t)
	testutil.Import(t, h.DB, pack)

	running := testutil.SampleKiosk(t)
	rc := h.Join(t, running, "running")
	mustSync(t, rc)

	waiting := testutil.SampleKiosk(t)
	wc := h.Join(t, waiting, "waiting")
	var ev alliance.Event
	for _, e := range pack.Events {
		if e.SignUpReason(time.Now(), time.Now()) == "" && e.PlacesLeft() != 0 {
			ev = e
			break
		}
	}
	s := alliance.SignUp{EventID: ev.ID, Name: "王女士", Phone: "13800001234", PartySize: 1, ConsentVersion: "v1", KioskID: wc.KioskID}
	if err := waiting.SaveSignUp(ctx, &s); err != nil {
		t.Fatal(err)
	}

	edited := testutil.SamplePack(t)
	for i, a := range edited.Accounts {
		if a.ID == "yanchenglu" {
			edited.Accounts[i].Phone = "0532-0000-9999"
		}
	}
	if st := testutil.Import(t, h.DB, edited); st.Updated != 1 {
		t.Fatalf("import of the edit: %+v", st)
	}

	fresh := testutil.SampleKiosk(t)
	fc := h.Join(t, fresh, "fresh")
	for name, c := range map[string]*mirror.Client{"fresh": fc, "running": rc, "waiting": wc} {
		t.Run(name, func(t *testing.T) {
			res := mustSync(t, c)
			if err := sameContent(ctx, h.DB, c.DB); err != nil {
				t.Fatal(err)
			}
			a, err := c.DB.Account(ctx, "yanchenglu")
			if err != nil || a.Phone != "0532-0000-9999" {
				t.Errorf("account: %+v %v", a, err)
			}
			if name == "waiting" {
				if res.Pushed != 1 {
					t.Errorf("pushed %d, want the waiting sign-up", res.Pushed)
				}
				got, err := c.DB.SignUpByReceipt(ctx, s.Phone, s.Receipt)
				if err != nil || got.Status != alliance.SignUpConfirmed {
					t.Errorf("sign-up %+v %v, want confirmed in the same sync", got, err)
				}
			}
		})
	}
}

// TestRefusedRecordsAreKeptAndNotRetried: a record the hub refuses is kept
// at the kiosk with the reason, shown to staff, never sent again, and the
// records behind it go up.
func TestRefusedRecordsAreKeptAndNotRetried(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	h := testutil.StartHub(t)
	testutil.Import(t, h.DB, testutil.SamplePack(t))
	db := testutil.SampleKiosk(t)
	c := h.Join(t, db, "k")
	// A suggestion to a community the hub does not publish: valid by its
	// own rules, so the kiosk saves it; the hub refuses it.
	bad := alliance.Suggestion{Community: "atlantis", Category: "other", Text: "这里没有这个社区", KioskID: c.KioskID}
	if err := db.SaveSuggestion(ctx, &bad); err != nil {
		t.Fatal(err)
	}
	good := alliance.Suggestion{Community: "yanchenglu", Category: "repairs", Text: "楼道灯坏了", KioskID: c.KioskID}
	if err := db.SaveSuggestion(ctx, &good); err != nil {
		t.Fatal(err)
	}
	res := mustSync(t, c)
	if res.Pushed != 2 || res.Refused != 1 {
		t.Fatalf("result %+v, want 2 settled, 1 refused", res)
	}
	refused, err := db.RefusedOutbox(ctx)
	if err != nil || len(refused) != 1 || refused[0].ID != bad.ID || refused[0].Reason != alliance.ReasonUnknownRef || refused[0].Message == "" {
		t.Fatalf("refused: %+v %v", refused, err)
	}
	if n, _ := db.OutboxBacklog(ctx); n != 0 {
		t.Errorf("backlog %d after a refusal: it would be sent again", n)
	}
	if res := mustSync(t, c); res.Pushed != 0 {
		t.Errorf("next sync pushed %d records", res.Pushed)
	}
	if got, err := db.SuggestionByReceipt(ctx, good.Receipt); err != nil || got.Status != alliance.SuggestionReceived {
		t.Errorf("the good suggestion: %+v %v", got, err)
	}
}

// TestFailingKioskReportsItsError: a kiosk whose syncs fail says so in its
// next hello, with the reason and since when; the hub shows it as failing
// even when that sync fails too.
func TestFailingKioskReportsItsError(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	h := testutil.StartHub(t)
	testutil.Import(t, h.DB, testutil.SamplePack(t))
	db := testutil.SampleKiosk(t)
	c := h.Join(t, db, "k")
	good := c.HubURL
	c.HubURL = "http://127.0.0.1:1"
	if _, err := c.Sync(ctx); err == nil {
		t.Fatal("sync with a dead hub worked")
	}
	st, _ := db.SyncState(ctx)
	if st[store.StateLastErrorCode] != "network" || st[store.StateFailingSince] == "" {
		t.Fatalf("state after a failure: %v", st)
	}
	// The next sync fails after its hello: a proxy cuts it.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	p := &faultyProxy{ln: ln, target: strings.TrimPrefix(good, "http://")}
	go p.serveCutAfterHello()
	c.HubURL = "http://" + ln.Addr().String()
	c.ReadTimeout = time.Second
	if _, err := c.Sync(ctx); err == nil {
		t.Fatal("the cut sync worked")
	}
	ks, err := h.DB.Kiosks(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(ks) != 1 || ks[0].ErrorCode != "network" || ks[0].FailingSince.IsZero() || ks[0].Error == "" {
		t.Fatalf("hub's kiosk list: %+v", ks)
	}
	c.HubURL = good
	mustSync(t, c)
	if ks, _ := h.DB.Kiosks(ctx); ks[0].ErrorCode != "" {
		t.Errorf("still failing after a good sync: %+v", ks[0])
	}
	if st, _ := db.SyncState(ctx); st[store.StateFailingSince] != "" {
		t.Errorf("kiosk still failing since %s", st[store.StateFailingSince])
	}
}

// serveCutAfterHello forwards the upgrade and the hello, then cuts.
func (p *faultyProxy) serveCutAfterHello() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		go p.pipe(c, -1, 600, 0) // the welcome never arrives whole
	}
}

// TestHostileHub: a hub (or anyone on the path of plain http) sends names
// that are not hashes, and content that breaks the rules. The kiosk writes
// no file outside its folder, skips what it cannot use, counts it for
// staff, and keeps syncing.
func TestHostileHub(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	db, err := store.Open(filepath.Join(dir, "kiosk.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	victim := filepath.Join(dir, "victim.txt")
	os.WriteFile(victim, []byte("keep me"), 0o644)
	requests := 0
	up := websocket.Upgrader{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/enroll":
			w.Write([]byte(`{"kiosk_id":"k","community":"yanchenglu","token":"t"}`))
		case r.URL.Path == "/sync":
			conn, err := up.Upgrade(w, r, nil)
			if err != nil {
				return
			}
			defer conn.Close()
			conn.ReadMessage() // hello
			b, _ := wire.Encode(&wire.Welcome{Version: wire.Version, HubTime: time.Now(), Log: "l", Batch: wire.Batch{Cursor: 5, Items: []wire.Item{
				{Seq: 1, Kind: alliance.KindBlob, ID: "../victim.txt", Data: []byte(`{"sha256":"../victim.txt","size":7,"mime":"image/png"}`)},
				{Seq: 2, Kind: alliance.KindPost, ID: "p", Data: []byte(`{"id":"p","account":"a","column":"notice","title":"x","body":"y","published":"0001-01-01T00:00:00Z"}`)},
				{Seq: 3, Kind: "gossip", ID: "g", Data: []byte(`{}`)},
				{Seq: 4, Kind: alliance.KindAccount, ID: "a", Data: []byte(`{"id":"a","kind":"district","name":"微市南"}`)},
				{Seq: 5, Kind: alliance.KindPost, ID: "other", Data: []byte(`{"id":"p","account":"a","column":"notice","title":"x","body":"y","published":"2026-11-30T00:00:00Z"}`)},
			}}})
			conn.WriteMessage(websocket.TextMessage, b)
			conn.ReadMessage() // bye
		default:
			requests++
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	if err := mirror.Join(ctx, db, srv.URL, "CODE", nil, ""); err != nil {
		t.Fatal(err)
	}
	c, err := mirror.FromStore(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	c.Logger = quiet
	if _, err := c.Sync(ctx); err != nil {
		t.Fatalf("sync: %v", err)
	}
	if b, err := os.ReadFile(victim); err != nil || string(b) != "keep me" {
		t.Errorf("victim file: %q %v", b, err)
	}
	if requests != 0 {
		t.Errorf("%d requests for blobs with bad names", requests)
	}
	if _, err := db.Account(ctx, "a"); err != nil {
		t.Errorf("the good item was not applied: %v", err)
	}
	if _, err := db.Post(ctx, "p"); !errors.Is(err, alliance.ErrNotFound) {
		t.Errorf("a post dated year 1 was applied: %v", err)
	}
	st, _ := db.SyncState(ctx)
	if st[store.StateSkipped] != "4" || st[store.StateSkippedLast] == "" {
		t.Errorf("skipped %q (%q), want 4 counted", st[store.StateSkipped], st[store.StateSkippedLast])
	}
}

// TestPlainHTTPNeedsConsent: plain http to a hub on another machine is
// refused unless staff allowed it; on this machine it is fine.
func TestPlainHTTPNeedsConsent(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := testutil.SampleKiosk(t)
	err := mirror.Join(ctx, db, "http://192.0.2.10:8443", "ACDE-FGH3", nil, "")
	if !errors.Is(err, mirror.ErrPlainHTTP) {
		t.Fatalf("join over plain http to another machine: %v", err)
	}
	err = mirror.JoinWith(ctx, db, "http://192.0.2.10:1", "ACDE-FGH3", mirror.JoinOptions{AllowHTTP: true})
	if errors.Is(err, mirror.ErrPlainHTTP) {
		t.Fatalf("allowed plain http still refused: %v", err)
	}
	c := &mirror.Client{DB: db, HubURL: "http://192.0.2.10:8443", KioskID: "k", Token: "t"}
	if _, err := c.Sync(ctx); !errors.Is(err, mirror.ErrPlainHTTP) {
		t.Errorf("sync over plain http to another machine: %v", err)
	}
}

// TestRestoredKioskLosesNothing: a kiosk restored from an old copy of its
// database (or one that lost its WAL file) numbers its next records with
// sequences the hub has seen; they are new records (new UUIDs) and all
// arrive.
func TestRestoredKioskLosesNothing(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	h := testutil.StartHub(t)
	testutil.Import(t, h.DB, testutil.SamplePack(t))
	dir := t.TempDir()
	path := filepath.Join(dir, "kiosk.db")
	db, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	c := h.Join(t, db, "k")
	say := func(db *store.DB, n int) {
		for i := range n {
			s := alliance.Suggestion{Community: "yanchenglu", Category: "other", Text: "第" + string(rune('一'+i)) + "条", KioskID: c.KioskID}
			if err := db.SaveSuggestion(ctx, &s); err != nil {
				t.Fatal(err)
			}
		}
	}
	say(db, 5)
	mustSync(t, c)
	db.Close()
	// The copy a backup would have made.
	backup := filepath.Join(dir, "backup.db")
	copyFile(t, path, backup)
	db, err = store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	c.DB = db
	say(db, 5)
	mustSync(t, c)
	db.Close()
	// The disk dies; the backup comes back; residents go on.
	copyFile(t, backup, path)
	os.Remove(path + "-wal")
	db, err = store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	c.DB = db
	say(db, 5)
	mustSync(t, c)
	if n, _ := h.DB.RecordCount(ctx, c.KioskID); n != 15 {
		t.Errorf("the hub holds %d records, want all 15", n)
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestRestoredHubLosesNothing: the hub's database comes back from a backup
// older than some records it acknowledged. Its log has a new id; every
// kiosk starts afresh from a snapshot and pushes again all it holds; the
// hub ends with every record once.
func TestRestoredHubLosesNothing(t *testing.T) {
	t.Parallel()
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
	srv := &hub.Server{DB: hdb}
	ts := httptest.NewServer(srv.Handler())
	kdb := testutil.SampleKiosk(t)
	code, _ := hdb.Enroll(ctx, "k", "yanchenglu")
	if err := mirror.Join(ctx, kdb, ts.URL, code, nil, ""); err != nil {
		t.Fatal(err)
	}
	c, _ := mirror.FromStore(ctx, kdb)
	say := func(n int) {
		for range n {
			s := alliance.Suggestion{Community: "yanchenglu", Category: "other", Text: "楼道灯坏了", KioskID: c.KioskID}
			if err := kdb.SaveSuggestion(ctx, &s); err != nil {
				t.Fatal(err)
			}
		}
	}
	say(4)
	mustSync(t, c)
	ts.Close()
	srv.Shutdown(ctx)
	hdb.Close()
	copyFile(t, hubPath, filepath.Join(dir, "backup.db")) // last night's backup
	hdb, err = hub.Open(hubPath)
	if err != nil {
		t.Fatal(err)
	}
	srv = &hub.Server{DB: hdb}
	ts = httptest.NewServer(srv.Handler())
	c.HubURL = ts.URL
	say(3)
	mustSync(t, c) // acknowledged, then lost with the disk
	ts.Close()
	srv.Shutdown(ctx)
	hdb.Close()

	copyFile(t, filepath.Join(dir, "backup.db"), hubPath)
	os.Remove(hubPath + "-wal")
	hdb, err = hub.Open(hubPath)
	if err != nil {
		t.Fatal(err)
	}
	defer hdb.Close()
	if err := hdb.RotateLogID(ctx); err != nil { // what restore does
		t.Fatal(err)
	}
	srv = &hub.Server{DB: hdb}
	ts = httptest.NewServer(srv.Handler())
	defer ts.Close()
	c.HubURL = ts.URL
	res := mustSync(t, c)
	if !res.Reset || res.Pushed != 7 {
		t.Errorf("after the restore: %+v, want a reset and all 7 records pushed again", res)
	}
	ids, _ := hdb.RecordIDs(ctx, c.KioskID)
	if len(ids) != 7 {
		t.Errorf("the restored hub holds %d records, want 7", len(ids))
	}
	for id, n := range ids {
		if n != 1 {
			t.Errorf("record %s stored %d times", id, n)
		}
	}
	if err := sameContent(ctx, hdb, kdb); err != nil {
		t.Error(err)
	}
}
