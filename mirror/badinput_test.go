package mirror_test

import (
	"context"
	"crypto/tls"
	"encoding/pem"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/shinan-alliance/alliance/internal/testutil"
	"github.com/shinan-alliance/alliance/mirror"
	"github.com/shinan-alliance/alliance/wire"
)

// dial opens a raw websocket to the hub with a token.
func dial(t *testing.T, h *testutil.Hub, token string) (*websocket.Conn, *http.Response, error) {
	url := "ws" + strings.TrimPrefix(h.URL, "http") + "/sync"
	return websocket.DefaultDialer.Dial(url, http.Header{"Authorization": {"Bearer " + token}})
}

func TestHubBadInput(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	h := testutil.StartHub(t)
	testutil.Import(t, h.DB, testutil.SamplePack(t))
	good := testutil.SampleKiosk(t)
	c := h.Join(t, good, "good")
	token := c.Token

	closeCode := func(t *testing.T, conn *websocket.Conn) int {
		t.Helper()
		conn.SetReadDeadline(time.Now().Add(5 * time.Second))
		for {
			_, _, err := conn.ReadMessage()
			if ce, ok := err.(*websocket.CloseError); ok {
				return ce.Code
			}
			if err != nil {
				t.Fatalf("got %v, want a close frame", err)
			}
		}
	}
	for _, tt := range []struct {
		name string
		send []byte
		want int
	}{
		{"malformed JSON", []byte(`{"type": "hello", "body": {`), wire.CloseBadMessage},
		{"unknown message type", []byte(`{"type":"gossip","body":{}}`), wire.CloseBadMessage},
		{"pull before hello", []byte(`{"type":"pull","body":{"after":0}}`), wire.CloseBadMessage},
		{"unknown protocol version", []byte(`{"type":"hello","body":{"kiosk":"` + c.KioskID + `","versions":[99],"cursor":0}}`), wire.CloseUpgradeRequired},
		{"10 MB message", []byte(`{"type":"hello","body":{"kiosk":"` + strings.Repeat("x", 10<<20) + `"}}`), websocket.CloseMessageTooBig},
	} {
		t.Run(tt.name, func(t *testing.T) {
			conn, _, err := dial(t, h, token)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			conn.WriteMessage(websocket.TextMessage, tt.send)
			if got := closeCode(t, conn); got != tt.want {
				t.Errorf("close code: got %d, want %d", got, tt.want)
			}
		})
	}

	t.Run("slow client is dropped", func(t *testing.T) {
		conn, _, err := dial(t, h, token)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		start := time.Now()
		if got := closeCode(t, conn); got != websocket.ClosePolicyViolation {
			t.Errorf("close code: got %d, want %d", got, websocket.ClosePolicyViolation)
		}
		if d := time.Since(start); d > 4*time.Second {
			t.Errorf("dropped after %v, want about the 2 s hello timeout", d)
		}
	})

	t.Run("slow headers are dropped", func(t *testing.T) {
		raw, err := net.Dial("tcp", strings.TrimPrefix(h.URL, "http://"))
		if err != nil {
			t.Fatal(err)
		}
		defer raw.Close()
		raw.Write([]byte("GET /sync HTTP/1.1\r\nHost: x\r\n")) // and never finish
		// httptest's server has no header timeout; the real one (cmd/sync
		// serve) sets ReadHeaderTimeout. Here we only check that the hub
		// keeps serving others meanwhile.
		mustSync(t, c)
	})

	for _, tok := range []string{"", "not-a-token"} {
		t.Run("token "+tok, func(t *testing.T) {
			_, resp, err := dial(t, h, tok)
			if err == nil || resp == nil || resp.StatusCode != http.StatusUnauthorized {
				t.Errorf("got %v %v, want 401", err, resp)
			}
		})
	}

	t.Run("hub keeps serving others", func(t *testing.T) {
		if _, err := c.Sync(ctx); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("repeated failures are refused outright", func(t *testing.T) {
		var last int
		for range 30 {
			_, resp, _ := dial(t, h, "guess")
			if resp != nil {
				last = resp.StatusCode
			}
		}
		if last != http.StatusTooManyRequests {
			t.Errorf("after 30 bad tokens: got %d, want 429", last)
		}
	})
}

func TestTLS(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	h := testutil.StartHub(t)
	testutil.Import(t, h.DB, testutil.SamplePack(t))
	srv := httptest.NewTLSServer(h.Server.Handler())
	defer srv.Close()
	certFile := filepath.Join(t.TempDir(), "hub.pem")
	os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw}), 0o644)

	code, _ := h.DB.Enroll(ctx, "tls-kiosk", "yanchenglu")
	db := testutil.SampleKiosk(t)
	if err := mirror.Join(ctx, db, srv.URL, code, nil, ""); err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Fatalf("joined a hub with an untrusted certificate: %v", err)
	}
	conf, err := mirror.TLSTrusting(certFile)
	if err != nil {
		t.Fatal(err)
	}
	if err := mirror.Join(ctx, db, srv.URL, code, conf, certFile); err != nil {
		t.Fatal(err)
	}
	c, err := mirror.FromStore(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	if res := mustSync(t, c); res.Pulled == 0 {
		t.Errorf("sync over wss pulled nothing: %+v", res)
	}
	c.TLS = &tls.Config{}
	if _, err := c.Sync(ctx); err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Errorf("sync without trusting the certificate: got %v, want a certificate error", err)
	}
}
