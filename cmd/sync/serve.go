package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/shinan-alliance/alliance/hub"
	"github.com/shinan-alliance/alliance/hub/console"
	"github.com/shinan-alliance/alliance/internal/version"
	"github.com/shinan-alliance/alliance/store"
)

// ServeCommand serves kiosks.
type ServeCommand struct {
	base
	db            string
	addr          string
	cert, key     string
	generate      bool
	hosts         stringList
	purge         time.Duration
	headerTimeout time.Duration
	retain        time.Duration
	proxies       prefixList
	quotaRecords  int
	quotaMB       int64
	metricsAddr   string
	logFormat     string
	logLevel      string
	printConfig   bool
	consoleAddr   string
	secureCookies bool
	overdueDays   int
	// ready, if set, is told the addresses once the hub listens (tests).
	ready func(addr, metrics string)
	// logOut is where logs go (default standard error).
	logOut io.Writer
}

func newServeCommand(out io.Writer) Command {
	c := &ServeCommand{base: newBase(out, "serve", "",
		"serve kiosks (websocket /sync, /blobs/{sha256}, /enroll, /healthz) and the web console (/console/); /metrics on its own address",
		`The hub: kiosks sync with it over a websocket, fetch images over HTTP and
trade enrolment codes for their credentials. Residents' personal data is
deleted hourly once its retention period is over, and old deletions are
forgotten daily (package hub's Maintenance). SIGHUP reloads the TLS
certificate (so does a change of its files, checked every minute);
SIGINT or SIGTERM finish open syncs (up to 30 s) and stop.

Every flag may also come from a TOML file (--config, keys are the flag
names) or the environment (ALLIANCE_HUB_<FLAG>, e.g. ALLIANCE_HUB_ADDR);
the command line wins, then the environment, then the file.
--print-config shows the result and where each value came from.`)}
	f := c.flags
	configFlags(f, true)
	f.StringVar(&c.db, "db", "hub.db", "hub database `file` (created if missing)")
	f.StringVar(&c.addr, "addr", ":8443", "`address` to listen on")
	f.StringVar(&c.cert, "tls-cert", "", "TLS certificate `file` (PEM); without it the hub serves plain HTTP, for a private network or a TLS proxy in front")
	f.StringVar(&c.key, "tls-key", "", "TLS key `file` (PEM)")
	f.BoolVar(&c.generate, "tls-generate", false, "when neither --tls-cert nor --tls-key exists, make a self-signed pair there first (kiosks trust it by the key fingerprint enroll prints)")
	f.Var(&c.hosts, "tls-hosts", "host `names` or addresses the generated certificate names, comma-separated (default: this machine's name)")
	f.DurationVar(&c.purge, "purge-tombstones", 90*24*time.Hour, "forget deletions older than this; kiosks further behind get a fresh snapshot")
	f.DurationVar(&c.headerTimeout, "header-timeout", 10*time.Second, "drop clients that take longer than this to send their request headers (slow-loris)")
	f.DurationVar(&c.retain, "retain", store.DefaultRetention, "delete residents' sign-ups and suggestions this long after the event ended or the suggestion was closed (PIPL)")
	f.Var(&c.proxies, "trusted-proxy", "address or `CIDR` of a reverse proxy in front of the hub whose X-Forwarded-For names the client (repeat for several); failed logins are then counted per client, not per proxy")
	f.IntVar(&c.quotaRecords, "quota-records", hub.DefaultQuota.RecordsPerDay, "records one kiosk may push in 24 hours; the rest waits at the kiosk for the next day")
	f.Int64Var(&c.quotaMB, "quota-mb", hub.DefaultQuota.BytesPerDay>>20, "megabytes of records one kiosk may push in 24 hours")
	f.StringVar(&c.metricsAddr, "metrics-addr", "127.0.0.1:9464", "`address` of the Prometheus metrics (GET /metrics); empty: none. Keep it off the kiosks' network")
	f.StringVar(&c.logFormat, "log-format", "text", "log `format`: text or json (one object a line, for a log collector)")
	f.StringVar(&c.logLevel, "log-level", "info", "log `level`: debug, info, warn or error")
	f.StringVar(&c.consoleAddr, "console-addr", "", "serve the web console on its own `address` (e.g. 10.1.2.3:8444, the office network only) instead of under /console/ on --addr; \"off\" serves none")
	f.BoolVar(&c.secureCookies, "secure-cookies", false, "mark console cookies Secure although the hub serves plain HTTP: for a TLS proxy in front")
	f.IntVar(&c.overdueDays, "overdue-days", 3, "working days after which an unanswered suggestion is overdue in the console")
	f.BoolVar(&c.printConfig, "print-config", false, "print the settings serve would run with, and where each came from, then stop")
	return c
}

// newLogger makes the hub's logger. Logs name kiosks by id and never hold
// a resident's name or phone number: the hub logs no record's payload.
func newLogger(w io.Writer, format, level string) (*slog.Logger, error) {
	var lv slog.Level
	if err := lv.UnmarshalText([]byte(level)); err != nil {
		return nil, fmt.Errorf("log level %q: want debug, info, warn or error", level)
	}
	o := &slog.HandlerOptions{Level: lv}
	switch format {
	case "text":
		return slog.New(slog.NewTextHandler(w, o)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, o)), nil
	}
	return nil, fmt.Errorf("log format %q: want text or json", format)
}

// Run implements Command.
func (c *ServeCommand) Run(ctx context.Context, args []string) error {
	if err := c.flags.Parse(args); err != nil {
		return err
	}
	if c.printConfig {
		c.flags.PrintConfig(c.out)
		return nil
	}
	if c.logOut == nil {
		c.logOut = os.Stderr
	}
	logger, err := newLogger(c.logOut, c.logFormat, c.logLevel)
	if err != nil {
		return err
	}
	slog.SetDefault(logger)
	if (c.cert == "") != (c.key == "") {
		return errors.New("give both --tls-cert and --tls-key, or neither")
	}
	if c.generate && c.cert == "" {
		return errors.New("--tls-generate needs --tls-cert and --tls-key: where to write the pair")
	}
	release, err := hub.LockServing(c.db)
	if err != nil {
		return err
	}
	defer release()
	db, err := hub.Open(c.db)
	if err != nil {
		return err
	}
	defer db.Close()

	certs, err := c.certificates(ctx, db, logger)
	if err != nil {
		return err
	}

	metrics := hub.NewMetrics(db)
	s := &hub.Server{DB: db, Logger: logger, Metrics: metrics, TrustedProxies: c.proxies,
		Quota: hub.Quota{RecordsPerDay: c.quotaRecords, BytesPerDay: c.quotaMB << 20}}
	maint := &hub.Maintenance{DB: db, Logger: logger, Retain: c.retain, PurgeAfter: c.purge, Done: metrics.Retained}
	mctx, stopMaint := context.WithCancel(ctx)
	defer stopMaint()
	go maint.Run(mctx)

	con := &console.Console{DB: db, ClientIP: s.ClientIP, SecureCookies: c.secureCookies, OverdueDays: c.overdueDays, Preview: kioskPreview{}}
	handler := s.Handler()
	var csrv *http.Server
	switch c.consoleAddr {
	case "off":
	case "":
		handler = console.Mount(handler, con)
	default:
		csrv = &http.Server{Handler: console.Mount(http.NotFoundHandler(), con),
			ReadHeaderTimeout: c.headerTimeout, IdleTimeout: 2 * time.Minute,
			ErrorLog: slog.NewLogLogger(logger.Handler(), slog.LevelWarn)}
	}
	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: c.headerTimeout, // slow-loris clients are dropped
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	ln, err := net.Listen("tcp", c.addr)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	errc := make(chan error, 3)
	if csrv != nil {
		cln, err := net.Listen("tcp", c.consoleAddr)
		if err != nil {
			ln.Close()
			return fmt.Errorf("console: %w", err)
		}
		defer csrv.Close()
		logger.Info("console serving", "addr", cln.Addr().String(), "tls", certs != nil)
		serveOn(csrv, cln, certs, errc) // the same certificate, reloaded with the hub's
	}
	if certs != nil {
		watchCertificates(mctx, certs, logger)
	}
	serveOn(srv, ln, certs, errc)
	msrv, metricsAt, err := c.serveMetrics(metrics, errc)
	if err != nil {
		srv.Close()
		return err
	}
	pin := ""
	if certs != nil {
		pin = certs.Pin()
	}
	logger.Info("hub serving", "version", version.String(), "addr", ln.Addr().String(), "tls", certs != nil, "pin", pin,
		"metrics", metricsAt, "db", c.db)
	if c.ready != nil {
		c.ready(ln.Addr().String(), metricsAt)
	}
	select {
	case err := <-errc:
		srv.Close()
		if msrv != nil {
			msrv.Close()
		}
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	logger.Info("shutting down: finishing open syncs")
	sctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	srv.Shutdown(sctx)
	if msrv != nil {
		msrv.Shutdown(sctx)
	}
	if err := s.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	logger.Info("stopped")
	return nil
}

// stringList is a repeatable flag of words, also comma-separated.

// certificates loads (and with --tls-generate first makes) the hub's TLS
// pair, recording the key's pin for enrolment codes; without --tls-cert the
// hub serves plain http and forgets any pin it had.
func (c *ServeCommand) certificates(ctx context.Context, db *hub.DB, logger *slog.Logger) (*hub.Certificates, error) {
	if c.cert == "" {
		return nil, db.SetTLSPin(ctx, "")
	}
	if c.generate {
		hosts := []string(c.hosts)
		if len(hosts) == 0 {
			name, _ := os.Hostname()
			hosts = []string{name, "localhost", "127.0.0.1", "::1"}
		}
		if made, err := hub.GenerateCertificate(c.cert, c.key, hosts); err != nil {
			return nil, fmt.Errorf("generate TLS certificate: %w", err)
		} else if made {
			logger.Info("made a self-signed TLS certificate", "cert", c.cert, "hosts", strings.Join(hosts, ","))
		}
	}
	return hub.LoadCertificates(c.cert, c.key, logger, func(pin string) {
		if err := db.SetTLSPin(context.Background(), pin); err != nil {
			logger.Error("record the TLS key pin", "err", err)
		}
	})
}

// watchCertificates reloads the TLS pair when its files change (checked
// every minute) and on SIGHUP, until ctx ends; a pair that does not load
// leaves the one in use.
func watchCertificates(ctx context.Context, certs *hub.Certificates, logger *slog.Logger) {
	go certs.Watch(ctx, time.Minute)
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	go func() {
		defer signal.Stop(hup)
		for {
			select {
			case <-ctx.Done():
				return
			case <-hup:
				if err := certs.Reload(); err != nil {
					logger.Error("SIGHUP: TLS certificate does not load; keeping the one in use", "err", err)
				}
			}
		}
	}()
}

// serveOn serves srv on ln in the background, over TLS with the hub's
// certificates when there are any, sending the reason it stopped to errc.
func serveOn(srv *http.Server, ln net.Listener, certs *hub.Certificates, errc chan<- error) {
	if certs == nil {
		go func() { errc <- srv.Serve(ln) }()
		return
	}
	srv.TLSConfig = certs.TLSConfig()
	go func() { errc <- srv.ServeTLS(ln, "", "") }()
}

// serveMetrics starts the /metrics listener when --metrics-addr is set,
// returning its server (nil when off) and the address it listens on.
func (c *ServeCommand) serveMetrics(metrics *hub.Metrics, errc chan<- error) (*http.Server, string, error) {
	if c.metricsAddr == "" {
		return nil, "", nil
	}
	mln, err := net.Listen("tcp", c.metricsAddr)
	if err != nil {
		return nil, "", fmt.Errorf("metrics: %w", err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", metrics.Handler())
	msrv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() { errc <- msrv.Serve(mln) }()
	return msrv, mln.Addr().String(), nil
}

type stringList []string

func (l *stringList) String() string { return strings.Join(*l, ",") }

// Get implements flag.Getter, for --print-config.
func (l *stringList) Get() any { return []string(*l) }

// Reset empties the list (the environment replaces the file's).
func (l *stringList) Reset() { *l = nil }

func (l *stringList) Set(v string) error {
	for _, p := range strings.Split(v, ",") {
		if p = strings.TrimSpace(p); p != "" {
			*l = append(*l, p)
		}
	}
	return nil
}
