package main

import (
	"bytes"
	"context"
	"crypto"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"io"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/hub"
	"github.com/shinan-alliance/alliance/mirror"
	"github.com/shinan-alliance/alliance/store"
	"github.com/shinan-alliance/alliance/wire"
)

// lockedBuffer is a log both the hub and the test touch.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestServeAsPackaged runs serve as the packaged configuration does: a
// self-signed certificate made on first start, metrics on their own
// address, JSON logs. A kiosk joins with the code enroll prints (carrying
// the key's pin), syncs a resident's sign-up; /metrics counts it; the logs
// never hold her name or phone; SIGHUP swaps in a renewed certificate with
// the same key, and the kiosk goes on syncing.
func TestServeAsPackaged(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	dir := t.TempDir()
	db := filepath.Join(dir, "hub.db")
	var out bytes.Buffer
	if err := run(ctx, []string{"import", "--db", db, "../../assets/sample"}, &out); err != nil {
		t.Fatal(err)
	}
	c := newServeCommand(io.Discard).(*ServeCommand)
	logs := &lockedBuffer{}
	c.logOut = logs
	ready := make(chan [2]string, 1)
	c.ready = func(addr, metrics string) { ready <- [2]string{addr, metrics} }
	errc := make(chan error, 1)
	cert, key := filepath.Join(dir, "tls", "hub.pem"), filepath.Join(dir, "tls", "hub.key")
	go func() {
		errc <- c.Run(ctx, []string{"--db", db, "--addr", "127.0.0.1:0", "--metrics-addr", "127.0.0.1:0",
			"--tls-cert", cert, "--tls-key", key, "--tls-generate", "--tls-hosts", "127.0.0.1", "--log-format", "json"})
	}()
	var addrs [2]string
	select {
	case addrs = <-ready:
	case err := <-errc:
		t.Fatal(err)
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not start")
	}
	if _, err := os.Stat(cert); err != nil {
		t.Fatal("no certificate was made")
	}
	if _, err := hub.LockServing(db); err == nil || !strings.Contains(err.Error(), "running hub") {
		t.Errorf("a second hub on the same database: %v", err)
	}

	out.Reset()
	if err := run(context.Background(), []string{"enroll", "--db", db, "--name", "k1", "--community", "yanchenglu"}, &out); err != nil {
		t.Fatal(err)
	}
	line := strings.SplitN(out.String(), "\n", 2)[0]
	code := line[strings.LastIndex(line, " ")+1:]
	if _, pin := wire.SplitCode(code); pin == "" {
		t.Fatalf("enroll printed no pin: %s", out.String())
	}
	kdb, err := store.Open(filepath.Join(dir, "kiosk.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer kdb.Close()
	url := "https://" + addrs[0]
	if err := mirror.JoinWith(context.Background(), kdb, url, code, mirror.JoinOptions{}); err != nil {
		t.Fatalf("join with the printed code: %v", err)
	}
	kc, _ := mirror.FromStore(context.Background(), kdb)
	if _, err := kc.Sync(context.Background()); err != nil {
		t.Fatal(err)
	}
	evs, _ := kdb.UpcomingEvents(context.Background(), "", 10)
	if len(evs) == 0 {
		t.Fatal("no events")
	}
	su := alliance.SignUp{EventID: evs[0].ID, Name: "欧阳女士", Phone: "13912345678", PartySize: 2, ConsentVersion: "v1", KioskID: kc.KioskID}
	if err := kdb.SaveSignUp(context.Background(), &su); err != nil {
		t.Fatal(err)
	}
	if res, err := kc.Sync(context.Background()); err != nil || res.Pushed != 1 {
		t.Fatalf("sync: %+v %v", res, err)
	}

	resp, err := http.Get("http://" + addrs[1] + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, want := range []string{
		`alliance_hub_records_total{decision="accepted",kind="signup"} 1`,
		`alliance_hub_kiosks{state="ok"} 1`,
		`alliance_hub_sync_duration_seconds_count{outcome="done"} 2`,
		`alliance_hub_enrolments_total{result="joined"} 1`,
		`alliance_hub_websocket_connections 0`,
		`alliance_hub_bytes_total{channel="websocket",direction="in"}`,
		`alliance_hub_signups{status=`,
		`alliance_hub_build_info{commit=`,
	} {
		if !strings.Contains(string(body), want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}

	// A renewed certificate with the same key: SIGHUP, and new
	// connections get it; the pin holds.
	old, _ := os.ReadFile(cert)
	certs, _ := hub.LoadCertificates(cert, key, nil, nil)
	pin := certs.Pin()
	renewed := renewCert(t, key, "127.0.0.1") // the same key, a new certificate
	os.WriteFile(cert, renewed, 0o644)
	if bytes.Equal(old, renewed) {
		t.Fatal("the renewed certificate is the old one")
	}
	syscall.Kill(os.Getpid(), syscall.SIGHUP)
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(logs.String(), "TLS certificate reloaded") && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	conn, err := tls.Dial("tcp", addrs[0], &tls.Config{InsecureSkipVerify: true})
	if err != nil {
		t.Fatal(err)
	}
	leaf := conn.ConnectionState().PeerCertificates[0]
	served := leaf.Raw
	conn.Close()
	if wire.KeyPin(leaf) != pin {
		t.Errorf("after SIGHUP the hub serves a key of another pin")
	}
	if got := pemDER(t, renewed); !bytes.Equal(served, got) {
		t.Errorf("after SIGHUP the hub still serves the old certificate")
	}
	if _, err := kc.Sync(context.Background()); err != nil {
		t.Errorf("sync after the renewal: %v", err)
	}

	cancel()
	if err := <-errc; err != nil {
		t.Fatal(err)
	}
	all := logs.String()
	if !strings.Contains(all, `"msg":"hub serving"`) {
		t.Errorf("logs are not JSON: %.300s", all)
	}
	for _, secret := range []string{"欧阳", "13912345678", "12345678"} {
		if strings.Contains(all, secret) {
			t.Errorf("the hub's logs hold a resident's name or phone (%s)", secret)
		}
	}
}

// renewCert makes a new self-signed certificate for an existing key.
func renewCert(t *testing.T, keyFile, host string) []byte {
	t.Helper()
	kb, err := os.ReadFile(keyFile)
	if err != nil {
		t.Fatal(err)
	}
	blk, _ := pem.Decode(kb)
	k, err := x509.ParsePKCS8PrivateKey(blk.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	signer := k.(crypto.Signer)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(time.Now().UnixNano()), Subject: pkix.Name{CommonName: "renewed"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().AddDate(1, 0, 0), IPAddresses: []net.IP{net.ParseIP(host)},
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, KeyUsage: x509.KeyUsageDigitalSignature}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, signer.Public(), signer)
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
}

func pemDER(t *testing.T, b []byte) []byte {
	blk, _ := pem.Decode(b)
	if blk == nil {
		t.Fatal("no PEM block")
	}
	return blk.Bytes
}
