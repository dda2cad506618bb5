package mirror

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/store"
	"github.com/shinan-alliance/alliance/wire"
)

// JoinOptions are how a kiosk reaches its hub when it joins.
type JoinOptions struct {
	TLS    *tls.Config // nil: the system's roots
	CAFile string      // a certificate file trusted for the hub, remembered for later syncs
	// AllowHTTP lets the kiosk use plain HTTP with a hub that is not on
	// this machine (see Client.AllowHTTP); remembered for later syncs.
	AllowHTTP bool
	// Pin is the hub's key pin (wire.KeyPin) staff confirmed, or that came
	// with the code: a hub with its own certificate is trusted by it. A
	// code may carry the pin itself (ACDE-FGH3-KMNP-QRTU-VWXY). Without
	// TLS, an https hub the system does not trust is refused with an
	// *UnverifiedHubError that names its pin, for staff to compare.
	Pin string
}

// Join trades an enrolment code for the kiosk's credentials and stores them.
func Join(ctx context.Context, db *store.DB, hubURL, code string, tlsConf *tls.Config, caFile string) error {
	return JoinWith(ctx, db, hubURL, code, JoinOptions{TLS: tlsConf, CAFile: caFile})
}

// ErrPlainHTTP is returned for a plain http:// (ws://) hub address that is
// not on this machine, unless plain HTTP was allowed.
var ErrPlainHTTP = errors.New("plain http is refused for a hub on another machine: use https://, or allow plain http explicitly")

// checkScheme refuses plain HTTP to a hub on another machine.
func checkScheme(addr string, allowHTTP bool) error {
	u, err := url.Parse(addr)
	if err != nil {
		return fmt.Errorf("hub address %q: %w", addr, err)
	}
	switch u.Scheme {
	case "https", "wss":
		return nil
	case "http", "ws":
		if allowHTTP || isLoopback(u.Hostname()) {
			return nil
		}
		return fmt.Errorf("hub address %q: %w", addr, ErrPlainHTTP)
	}
	return fmt.Errorf("hub address %q: want https:// (or http:// for a hub on this machine)", addr)
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.IsLoopback()
}

// JoinWith trades an enrolment code for the kiosk's credentials and stores
// them, with the options it will keep using.
func JoinWith(ctx context.Context, db *store.DB, hubURL, code string, o JoinOptions) error {
	hubURL = hubHTTP(hubURL)
	if err := checkScheme(hubURL, o.AllowHTTP); err != nil {
		return fmt.Errorf("join: %w", err)
	}
	code, codePin := wire.SplitCode(code)
	pin := ""
	for _, p := range []string{o.Pin, codePin} {
		if p == "" {
			continue
		}
		np, ok := wire.NormalizePin(p)
		if !ok {
			return fmt.Errorf("join: %q is not a key fingerprint (12 letters and digits, like KMNP-QRTU-VWXY)", p)
		}
		if pin != "" && np != pin {
			return fmt.Errorf("join: the code names the hub key %s, but %s was confirmed", pin, np)
		}
		pin = np
	}
	conf, pinned := o.TLS, ""
	if u, err := url.Parse(hubURL); err == nil && u.Scheme == "https" && o.TLS == nil {
		conf = joinTLS(u.Hostname(), pin, &pinned)
	}
	body, err := json.Marshal(wire.EnrollRequest{Code: code})
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimRight(hubURL, "/")+"/enroll", bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("join %s: %w", hubURL, err)
	}
	req.Header.Set("Content-Type", "application/json")
	c := &Client{TLS: conf}
	resp, err := c.httpClient().Do(req)
	if err != nil {
		return fmt.Errorf("join %s: %w", hubURL, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("join %s: %w", hubURL, refusal(resp))
	}
	var r wire.EnrollResponse
	if err := json.NewDecoder(io.LimitReader(resp.Body, 64<<10)).Decode(&r); err != nil || r.Token == "" ||
		r.KioskID == "" || len(r.KioskID) > 64 || !alliance.IDPattern.MatchString(r.Community) {
		return fmt.Errorf("join %s: unreadable answer from the hub", hubURL)
	}
	allow := ""
	if o.AllowHTTP {
		allow = "1"
	}
	return db.SetSyncState(ctx, map[string]string{
		store.StateHubURL: hubURL, store.StateKioskID: r.KioskID,
		store.StateToken: r.Token, store.StateCommunity: r.Community, store.StateCAFile: o.CAFile,
		store.StateAllowHTTP: allow, store.StateHubPin: pinned, store.StateCursor: "0", store.StateLog: "", store.StateSnapshot: "",
	})
}

func refusal(resp *http.Response) error {
	var e wire.Error
	if json.NewDecoder(io.LimitReader(resp.Body, 64<<10)).Decode(&e) == nil && e.Message != "" {
		return &RefusedError{Code: e.Code, Message: e.Message}
	}
	return &RefusedError{Code: strconv.Itoa(resp.StatusCode), Message: resp.Status}
}
