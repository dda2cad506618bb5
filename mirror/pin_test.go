package mirror_test

import (
	"context"
	"crypto/tls"
	"errors"
	"io"
	"log"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shinan-alliance/alliance/hub"
	"github.com/shinan-alliance/alliance/internal/testutil"
	"github.com/shinan-alliance/alliance/mirror"
	"github.com/shinan-alliance/alliance/store"
	"github.com/shinan-alliance/alliance/wire"
)

// tlsHub serves the hub over https with a self-signed certificate of its
// own key, made as alliance-sync serve --tls-generate makes it.
func tlsHub(t *testing.T, s *hub.Server) (*tlsServer, string) {
	t.Helper()
	dir := t.TempDir()
	cert, key := filepath.Join(dir, "hub.pem"), filepath.Join(dir, "hub.key")
	if _, err := hub.GenerateCertificate(cert, key, []string{"127.0.0.1"}); err != nil {
		t.Fatal(err)
	}
	certs, err := hub.LoadCertificates(cert, key, quiet, nil)
	if err != nil {
		t.Fatal(err)
	}
	// httptest's StartTLS would put its own certificate first: serve ours.
	ts := httptest.NewUnstartedServer(s.Handler())
	ts.Listener = tls.NewListener(ts.Listener, certs.TLSConfig())
	ts.Config.ErrorLog = log.New(io.Discard, "", 0)
	ts.Start()
	t.Cleanup(ts.Close)
	return &tlsServer{URL: "https://" + ts.Listener.Addr().String()}, certs.Pin()
}

type tlsServer struct{ URL string }

// TestJoinPinsTheHubsKey: joining a hub with its own certificate works from
// the staff panel (no CA file): without a pin the kiosk names the key's pin
// and joins nothing; with the pin in the code it joins, keeps the pin and
// syncs; a hub with another key is then refused with a clear message, and
// so is a join whose code names another key, before the code is sent.
func TestJoinPinsTheHubsKey(t *testing.T) {
	ctx := context.Background()
	h := testutil.StartHub(t)
	testutil.Import(t, h.DB, testutil.SamplePack(t))
	ts, pin := tlsHub(t, h.Server)
	kdb := testutil.SampleKiosk(t)
	code, err := h.DB.Enroll(ctx, "k", "yanchenglu")
	if err != nil {
		t.Fatal(err)
	}

	// Nothing vouches for the key: staff are shown its pin.
	err = mirror.JoinWith(ctx, kdb, ts.URL, code, mirror.JoinOptions{})
	var unv *mirror.UnverifiedHubError
	if !errors.As(err, &unv) || unv.Pin != pin {
		t.Fatalf("join without a pin: %v, want an UnverifiedHubError naming %s", err, pin)
	}

	// A code naming another key is refused before it is sent: the code
	// still works afterwards.
	other := "AAAA-AAAA-AAAA"
	if other == pin {
		other = "CCCC-CCCC-CCCC"
	}
	err = mirror.JoinWith(ctx, kdb, ts.URL, code+"-"+other, mirror.JoinOptions{})
	if !errors.Is(err, mirror.ErrPinMismatch) {
		t.Fatalf("join with another key's pin: %v, want ErrPinMismatch", err)
	}

	// The code with the pin, in lower case and spaced as staff may type it.
	typed := strings.ToLower(strings.ReplaceAll(code+pin, "-", " "))
	if err := mirror.JoinWith(ctx, kdb, ts.URL, typed, mirror.JoinOptions{}); err != nil {
		t.Fatalf("join with the pin in the code: %v", err)
	}
	st, _ := kdb.SyncState(ctx)
	if st[store.StateHubPin] != pin {
		t.Fatalf("stored pin %q, want %q", st[store.StateHubPin], pin)
	}
	c, err := mirror.FromStore(ctx, kdb)
	if err != nil {
		t.Fatal(err)
	}
	if res := mustSync(t, c); res.Pulled == 0 {
		t.Errorf("the first sync over the pinned key pulled nothing")
	}

	// The same address now answers with another key: refused, and the
	// kiosk's stored error says why.
	ts2, pin2 := tlsHub(t, h.Server)
	c.HubURL = ts2.URL
	_, err = c.Sync(ctx)
	if !errors.Is(err, mirror.ErrPinMismatch) {
		t.Fatalf("sync with a hub of another key: %v, want ErrPinMismatch", err)
	}
	if !strings.Contains(err.Error(), pin2) || !strings.Contains(err.Error(), pin) || !strings.Contains(err.Error(), "enrol this kiosk again") {
		t.Errorf("the refusal does not say what happened and what to do: %v", err)
	}

	// Staff may also confirm the pin the panel showed (JoinOptions.Pin).
	k2 := testutil.SampleKiosk(t)
	code2, _ := h.DB.Enroll(ctx, "k2", "yanchenglu")
	if err := mirror.JoinWith(ctx, k2, ts.URL, code2, mirror.JoinOptions{Pin: strings.ReplaceAll(pin, "-", "")}); err != nil {
		t.Fatalf("join with a confirmed pin: %v", err)
	}
}

func TestSplitCode(t *testing.T) {
	for _, c := range []struct{ typed, code, pin string }{
		{"ACDE-FGH3", "ACDE-FGH3", ""},
		{"acde-fgh3-kmnp-qrtu-vwxy", "ACDEFGH3", "KMNP-QRTU-VWXY"},
		{"ACDEFGH3KMNPQRTUVWXY", "ACDEFGH3", "KMNP-QRTU-VWXY"},
	} {
		code, pin := wire.SplitCode(c.typed)
		if code != c.code || pin != c.pin {
			t.Errorf("SplitCode(%q) = %q, %q; want %q, %q", c.typed, code, pin, c.code, c.pin)
		}
	}
}
