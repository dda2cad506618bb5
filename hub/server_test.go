package hub_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/hub"
	"github.com/shinan-alliance/alliance/internal/testutil"
	"github.com/shinan-alliance/alliance/wire"
)

// liveHub is a hub database behind a real HTTP server on loopback.
type liveHub struct {
	db  *hub.DB
	srv *hub.Server
	url string
}

func newLiveHub(t *testing.T, configure func(*hub.Server)) *liveHub {
	t.Helper()
	db := testutil.OpenHub(t)
	if _, err := db.ImportPack(context.Background(), testutil.SamplePack(t)); err != nil {
		t.Fatal(err)
	}
	s := &hub.Server{DB: db, HelloTimeout: 2 * time.Second, ReadTimeout: 3 * time.Second,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	if configure != nil {
		configure(s)
	}
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(func() {
		ts.Close()
		s.Shutdown(context.Background())
	})
	return &liveHub{db: db, srv: s, url: ts.URL}
}

// kiosk enrols and joins a kiosk, returning its id and token.
func (h *liveHub) kiosk(t *testing.T, name string) (string, string) {
	t.Helper()
	ctx := context.Background()
	code, err := h.db.Enroll(ctx, name, "yanchenglu")
	if err != nil {
		t.Fatal(err)
	}
	id, _, token, err := h.db.Join(ctx, code)
	if err != nil {
		t.Fatal(err)
	}
	return id, token
}

func (h *liveHub) dial(t *testing.T, token string, hdr http.Header) (*websocket.Conn, *http.Response, error) {
	t.Helper()
	if hdr == nil {
		hdr = http.Header{}
	}
	hdr.Set("Authorization", "Bearer "+token)
	return websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(h.url, "http")+"/sync", hdr)
}

func send(t *testing.T, c *websocket.Conn, msg any) {
	t.Helper()
	b, err := wire.Encode(msg)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.WriteMessage(websocket.TextMessage, b); err != nil {
		t.Fatal(err)
	}
}

// next reads one message, or the close that came instead.
func next(t *testing.T, c *websocket.Conn) (any, *websocket.CloseError) {
	t.Helper()
	c.SetReadDeadline(time.Now().Add(5 * time.Second))
	_, data, err := c.ReadMessage()
	if ce, ok := err.(*websocket.CloseError); ok {
		return nil, ce
	}
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	msg, err := wire.Decode(data)
	if err != nil {
		t.Fatalf("decode %s: %v", data, err)
	}
	return msg, nil
}

func closeOf(t *testing.T, c *websocket.Conn) *websocket.CloseError {
	t.Helper()
	for {
		_, ce := next(t, c)
		if ce != nil {
			return ce
		}
	}
}

func hello(id string) *wire.Hello {
	return &wire.Hello{Kiosk: id, App: "test", Versions: wire.Versions}
}

func TestSessionRules(t *testing.T) {
	t.Parallel()
	h := newLiveHub(t, func(s *hub.Server) { s.SessionsPerKiosk = 2 })
	id, token := h.kiosk(t, "k1")

	t.Run("binary frames are refused", func(t *testing.T) {
		c, _, err := h.dial(t, token, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		b, _ := wire.Encode(hello(id))
		c.WriteMessage(websocket.BinaryMessage, b)
		if m, _ := next(t, c); m == nil {
			t.Fatal("no refusal")
		} else if r, ok := m.(*wire.Refused); !ok || r.Code != wire.CodeBadMessage {
			t.Errorf("got %#v, want a bad_message refusal", m)
		}
		if ce := closeOf(t, c); ce.Code != wire.CloseBadMessage {
			t.Errorf("close %d, want %d", ce.Code, wire.CloseBadMessage)
		}
	})
	t.Run("trailing garbage is refused", func(t *testing.T) {
		c, _, err := h.dial(t, token, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		b, _ := wire.Encode(hello(id))
		c.WriteMessage(websocket.TextMessage, append(b, []byte(` {"type":"bye"}`)...))
		if ce := closeOf(t, c); ce.Code != wire.CloseBadMessage {
			t.Errorf("close %d, want %d", ce.Code, wire.CloseBadMessage)
		}
	})
	t.Run("a push over MaxPushBytes closes the connection", func(t *testing.T) {
		c, _, err := h.dial(t, token, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		send(t, c, hello(id))
		next(t, c) // welcome
		big := wire.Push{}
		for i := range 40 {
			big.Records = append(big.Records, wire.Record{Seq: int64(i + 1), ID: fmt.Sprint(i), Kind: alliance.KindSuggestion,
				Payload: json.RawMessage(`"` + strings.Repeat("x", 60_000) + `"`)})
		}
		b, _ := wire.Encode(&big)
		// The hub stops reading at its limit and closes: the write itself
		// may be cut short.
		if err := c.WriteMessage(websocket.TextMessage, b); err == nil {
			c.SetReadDeadline(time.Now().Add(5 * time.Second))
			for {
				_, _, err := c.ReadMessage()
				if ce, ok := err.(*websocket.CloseError); ok {
					if ce.Code != websocket.CloseMessageTooBig {
						t.Errorf("close %d, want %d", ce.Code, websocket.CloseMessageTooBig)
					}
					break
				}
				if err != nil {
					break // reset before the close frame arrived
				}
			}
		}
		if n, _ := h.db.RecordCount(context.Background(), id); n != 0 {
			t.Errorf("%d records stored from an oversized push", n)
		}
	})
	t.Run("a record without id is refused, the session goes on", func(t *testing.T) {
		c, _, err := h.dial(t, token, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		send(t, c, hello(id))
		next(t, c) // welcome
		send(t, c, &wire.Push{Records: []wire.Record{{Seq: 1, Kind: alliance.KindSuggestion}, {Seq: 2, ID: "x", Kind: "", Payload: json.RawMessage(`{}`)}}})
		m, ce := next(t, c)
		p, ok := m.(*wire.Pushed)
		if !ok || p.Upto != 2 || len(p.Refused) != 2 {
			t.Fatalf("got %#v %v, want both refused", m, ce)
		}
		send(t, c, &wire.Pull{After: 0})
		if m, ce := next(t, c); m == nil {
			t.Fatalf("session closed after the refusals: %v", ce)
		}
	})
	t.Run("sessions per kiosk are bounded", func(t *testing.T) {
		var open []*websocket.Conn
		defer func() {
			for _, c := range open {
				c.Close()
			}
		}()
		for range 2 {
			// The earlier subtests' sessions end at the hub a moment after
			// their clients close: wait for their slots to come back.
			var c *websocket.Conn
			var err error
			for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(10 * time.Millisecond) {
				var resp *http.Response
				c, resp, err = h.dial(t, token, nil)
				if err == nil || resp == nil || resp.StatusCode != http.StatusTooManyRequests || time.Now().After(deadline) {
					break
				}
			}
			if err != nil {
				t.Fatal(err)
			}
			open = append(open, c)
		}
		_, resp, err := h.dial(t, token, nil)
		if err == nil || resp == nil || resp.StatusCode != http.StatusTooManyRequests {
			t.Fatalf("third session: %v %v, want 429", err, resp)
		}
		var e wire.Error
		json.NewDecoder(resp.Body).Decode(&e)
		if e.Code != wire.CodeBusy {
			t.Errorf("code %q, want %q", e.Code, wire.CodeBusy)
		}
		open[0].Close()
		open = open[1:]
		// The slot comes back once the hub sees the first one gone.
		deadline := time.Now().Add(5 * time.Second)
		for {
			c, _, err := h.dial(t, token, nil)
			if err == nil {
				open = append(open, c)
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("slot never came back: %v", err)
			}
			time.Sleep(50 * time.Millisecond)
		}
	})
	t.Run("revoking stops a sync under way", func(t *testing.T) {
		id2, token2 := h.kiosk(t, "k2")
		c, _, err := h.dial(t, token2, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		send(t, c, hello(id2))
		next(t, c) // welcome
		if err := h.db.Revoke(context.Background(), "k2"); err != nil {
			t.Fatal(err)
		}
		send(t, c, &wire.Pull{After: 0})
		m, _ := next(t, c)
		if e, ok := m.(*wire.Error); !ok || e.Code != wire.CodeUnauthorized {
			t.Errorf("got %#v, want an unauthorized error", m)
		}
		if ce := closeOf(t, c); ce.Code != wire.CloseUnauthorized {
			t.Errorf("close %d, want %d", ce.Code, wire.CloseUnauthorized)
		}
	})
	t.Run("an old kiosk is told to upgrade", func(t *testing.T) {
		c, _, err := h.dial(t, token, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		send(t, c, &wire.Hello{Kiosk: id, App: "0.1.0", Versions: []int{1}})
		m, _ := next(t, c)
		r, ok := m.(*wire.Refused)
		if !ok || r.Code != wire.CodeUpgradeRequired || !strings.Contains(r.Message, "install the new kiosk program") || !strings.Contains(r.Message, "更新") {
			t.Errorf("got %#v, want upgrade_required in words staff understand", m)
		}
		if ce := closeOf(t, c); ce.Code != wire.CloseUpgradeRequired {
			t.Errorf("close %d, want %d", ce.Code, wire.CloseUpgradeRequired)
		}
	})
}

// TestCursorsFromElsewhereGetAReset: a cursor beyond the log's end, or from
// another log, is never trusted.
func TestCursorsFromElsewhereGetAReset(t *testing.T) {
	t.Parallel()
	h := newLiveHub(t, nil)
	id, token := h.kiosk(t, "k")
	logID, err := h.db.LogID(context.Background())
	if err != nil || len(logID) != 16 {
		t.Fatalf("log id %q, %v", logID, err)
	}
	for _, tc := range []struct {
		name string
		h    *wire.Hello
	}{
		{"cursor beyond the log", &wire.Hello{Kiosk: id, Versions: wire.Versions, Cursor: 1 << 40, Log: logID}},
		{"cursor of another log", &wire.Hello{Kiosk: id, Versions: wire.Versions, Cursor: 5, Log: "0123456789abcdef"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, _, err := h.dial(t, token, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			send(t, c, tc.h)
			m, _ := next(t, c)
			w, ok := m.(*wire.Welcome)
			wantLog := logID
			if tc.h.Log == logID {
				wantLog = "" // the kiosk named it
			}
			if !ok || !w.Batch.Reset || w.Log != wantLog || len(w.Batch.Items) == 0 {
				t.Errorf("got %T (reset %v, log %q, %d items), want a welcome with a reset, log %q and a snapshot",
					m, ok && w.Batch.Reset, w.Log, len(w.Batch.Items), wantLog)
			}
		})
	}
}

// TestFailingKioskIsVisible: the hello's last error is recorded, and a
// finished sync clears it.
func TestFailingKioskIsVisible(t *testing.T) {
	t.Parallel()
	h := newLiveHub(t, nil)
	id, token := h.kiosk(t, "k")
	since := time.Now().Add(-26 * time.Hour).UTC().Truncate(time.Second)
	c, _, err := h.dial(t, token, nil)
	if err != nil {
		t.Fatal(err)
	}
	hl := hello(id)
	hl.LastError = &wire.SyncError{Code: "apply", Text: "apply batch up to 402: apply post x: FOREIGN KEY constraint failed", Since: since}
	send(t, c, hl)
	next(t, c)
	c.Close()
	ks, err := h.db.Kiosks(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(ks) != 1 || ks[0].ErrorCode != "apply" || !ks[0].FailingSince.Equal(since) || !strings.Contains(ks[0].Error, "FOREIGN KEY") {
		t.Fatalf("kiosk list: %+v", ks)
	}
	c, _, err = h.dial(t, token, nil)
	if err != nil {
		t.Fatal(err)
	}
	send(t, c, hello(id))
	next(t, c)
	send(t, c, &wire.Bye{})
	closeOf(t, c)
	ks, _ = h.db.Kiosks(context.Background())
	if ks[0].ErrorCode != "" {
		t.Errorf("after a good sync the kiosk still shows %q", ks[0].ErrorCode)
	}
}

// TestInternalErrorsAreExplained: when the hub fails, the kiosk gets an
// Error message before the close, not a bare 1011.
func TestInternalErrorsAreExplained(t *testing.T) {
	t.Parallel()
	h := newLiveHub(t, nil)
	id, token := h.kiosk(t, "k")
	c, _, err := h.dial(t, token, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	send(t, c, hello(id))
	next(t, c)
	h.db.Close() // the hub's database goes away under it
	send(t, c, &wire.Pull{After: 0})
	m, ce := next(t, c)
	if e, ok := m.(*wire.Error); !ok || e.Code != wire.CodeInternal || e.Message == "" {
		t.Fatalf("got %#v %v, want an internal error message", m, ce)
	}
	if ce := closeOf(t, c); ce.Code != websocket.CloseInternalServerErr {
		t.Errorf("close %d, want 1011", ce.Code)
	}
}

// TestFailedAttemptsAreKeyedOnWhatIsGuessed: guesses from an address do not
// lock out a kiosk with a good token at the same address (NAT, a proxy);
// behind a trusted proxy each client is counted on its own; enrolment
// guesses are bounded for all addresses together; the failures table is
// pruned.
func TestFailedAttemptsAreKeyedOnWhatIsGuessed(t *testing.T) {
	t.Parallel()
	h := newLiveHub(t, func(s *hub.Server) {
		s.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}
		s.FailedEnrolPerMinute = 20
	})
	_, token := h.kiosk(t, "k")
	for range 30 {
		if _, resp, _ := h.dial(t, "guess", nil); resp != nil {
			resp.Body.Close()
		}
	}
	c, resp, err := h.dial(t, token, nil)
	if err != nil {
		t.Fatalf("a good token from the same address was refused: %v %v", err, resp)
	}
	c.Close()

	t.Run("behind a trusted proxy", func(t *testing.T) {
		var last int
		for range 15 {
			_, resp, _ := h.dial(t, "guess", http.Header{"X-Forwarded-For": {"203.0.113.7"}})
			if resp != nil {
				last = resp.StatusCode
			}
		}
		if last != http.StatusTooManyRequests {
			t.Errorf("the guessing client: %d, want 429", last)
		}
		_, resp, _ := h.dial(t, "guess", http.Header{"X-Forwarded-For": {"203.0.113.8"}})
		if resp == nil || resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("another client behind the same proxy: %v, want 401 (not locked out)", resp)
		}
	})
	t.Run("enrolment guesses from many addresses", func(t *testing.T) {
		var last int
		for i := range 40 {
			req, _ := http.NewRequest("POST", h.url+"/enroll", bytes.NewReader([]byte(`{"code":"AAAA-AAAA"}`)))
			req.Header.Set("X-Forwarded-For", fmt.Sprintf("198.51.100.%d", i))
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			last = resp.StatusCode
			resp.Body.Close()
		}
		if last != http.StatusTooManyRequests {
			t.Errorf("after 40 wrong codes from 40 addresses: %d, want 429", last)
		}
	})
}

// Issue 9, item 5: a client that asks and never reads is dropped when one
// write has waited WriteTimeout, not kept (with its buffers) until its read
// timeout: the kiosk's one session slot is free again at once.
func TestNonReadingClientIsDropped(t *testing.T) {
	t.Parallel()
	h := newLiveHub(t, func(s *hub.Server) {
		s.SessionsPerKiosk = 1
		s.WriteTimeout = 300 * time.Millisecond
		s.ReadTimeout = time.Minute // so only the write deadline can end it
	})
	id, token := h.kiosk(t, "k1")
	// A receive buffer of a few KB: the hub's writes stall once the
	// kernel's buffers on both sides are full.
	d := *websocket.DefaultDialer
	d.NetDialContext = (&net.Dialer{Control: func(_, _ string, c syscall.RawConn) error {
		var serr error
		err := c.Control(func(fd uintptr) { serr = syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_RCVBUF, 4096) })
		return errors.Join(err, serr)
	}}).DialContext
	hdr := http.Header{"Authorization": {"Bearer " + token}}
	wsURL := "ws" + strings.TrimPrefix(h.url, "http") + "/sync"
	c, _, err := d.Dial(wsURL, hdr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	send(t, c, hello(id))
	for range 80 { // each asks for the whole content again: tens of MB unread
		b, _ := wire.Encode(&wire.Pull{After: 0})
		if err := c.WriteMessage(websocket.TextMessage, b); err != nil {
			break // the hub already hung up
		}
	}
	start := time.Now()
	for {
		var m any
		c2, resp, err := h.dial(t, token, nil)
		switch {
		case err == nil:
			send(t, c2, hello(id))
			m, _ = next(t, c2)
			c2.Close()
		case resp != nil:
			m = resp.Status // refused before the upgrade: the slot is taken
		default:
			t.Fatal(err)
		}
		if _, ok := m.(*wire.Welcome); ok {
			t.Logf("the stalled session was dropped within %v", time.Since(start).Round(10*time.Millisecond))
			return
		}
		if time.Since(start) > 15*time.Second {
			t.Fatalf("after %v the kiosk is still refused (%#v): the session that never reads holds its slot", time.Since(start), m)
		}
		time.Sleep(200 * time.Millisecond)
	}
}
