package main

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strconv"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/mirror"
	"github.com/shinan-alliance/alliance/store"
)

// kioskDBFlag adds the --db flag every kiosk command has.
func kioskDBFlag(f *Flags, p *string) {
	f.StringVar(p, "db", "kiosk.db", "kiosk database `file`")
}

// JoinCommand trades an enrolment code for the kiosk's credentials.
type JoinCommand struct {
	base
	db        string
	hub       string
	code      string
	ca        string
	allowHTTP bool
}

func newJoinCommand(out io.Writer) Command {
	c := &JoinCommand{base: newBase(out, "join", "",
		"trade an enrolment code for this kiosk's credentials",
		`The code comes from alliance-sync enroll on the hub and works once. The
kiosk keeps the hub's address and its own long token in its database (made
if missing); the staff panel's 加入中心 does the same. A hub on another
machine is reached over https only, unless --allow-http.`)}
	kioskDBFlag(c.flags, &c.db)
	c.flags.StringVar(&c.hub, "hub", "", "the hub's `address`, e.g. https://hub.example:8443")
	c.flags.StringVar(&c.code, "code", "", "the enrolment `code` from alliance-sync enroll")
	c.flags.StringVar(&c.ca, "ca", "", "a certificate `file` (PEM) to trust for the hub, e.g. its self-signed certificate")
	c.flags.BoolVar(&c.allowHTTP, "allow-http", false, "allow plain http:// to a hub on another machine (a private network you trust); without it only https, or http to this machine, is accepted")
	c.flags.Require("hub", "code")
	return c
}

// Run implements Command.
func (c *JoinCommand) Run(ctx context.Context, args []string) error {
	if err := c.flags.Parse(args); err != nil {
		return err
	}
	db, err := store.Open(c.db)
	if err != nil {
		return err
	}
	defer db.Close()
	var conf *tls.Config // nil: the system's trusted roots
	if c.ca != "" {
		if conf, err = mirror.TLSTrusting(c.ca); err != nil {
			return err
		}
	}
	if err := mirror.JoinWith(ctx, db, c.hub, c.code, mirror.JoinOptions{TLS: conf, CAFile: c.ca, AllowHTTP: c.allowHTTP}); err != nil {
		return err
	}
	fmt.Fprintln(c.out, "Joined the hub; run `alliance-sync now` to sync.")
	return nil
}

func isTerminal(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// NowCommand syncs once.
type NowCommand struct {
	base
	db  string
	hub string
	ca  string
}

func newNowCommand(out io.Writer) Command {
	c := &NowCommand{base: newBase(out, "now", "",
		"sync once; exit status 0 on success",
		`Pulls what the hub published since the last sync, pushes the kiosk's
records and fetches missing images, with a progress bar on a terminal
(log lines otherwise). The kiosk must have joined a hub.`)}
	kioskDBFlag(c.flags, &c.db)
	c.flags.StringVar(&c.hub, "hub", "", "sync with this hub `address` instead of the one stored at join")
	c.flags.StringVar(&c.ca, "ca", "", "trust this certificate `file` (PEM) for the hub instead of the stored one")
	return c
}

// Run implements Command.
func (c *NowCommand) Run(ctx context.Context, args []string) error {
	if err := c.flags.Parse(args); err != nil {
		return err
	}
	db, err := store.OpenExisting(c.db) // a kiosk that joined has one; a typo makes none
	if err != nil {
		return err
	}
	defer db.Close()
	cl, err := mirror.FromStore(ctx, db)
	if err != nil {
		return err
	}
	if c.hub != "" {
		cl.HubURL = c.hub
	}
	if c.ca != "" {
		if cl.TLS, err = mirror.TLSTrusting(c.ca); err != nil {
			return err
		}
	}
	if isTerminal(os.Stderr) {
		bar := progressbar.NewOptions64(-1, progressbar.OptionSetWriter(os.Stderr), progressbar.OptionShowBytes(true),
			progressbar.OptionSetDescription("syncing"), progressbar.OptionClearOnFinish())
		cl.Progress = func(p mirror.Progress) {
			bar.Describe(fmt.Sprintf("%s: %d items, %d records sent, blobs %d/%d", p.Phase, p.Items, p.Records, p.Blobs, p.Total))
			bar.Set64(p.Bytes)
		}
		defer bar.Finish()
	} else {
		cl.Progress = func(p mirror.Progress) {
			slog.Info("sync progress", "phase", p.Phase, "items", p.Items, "records", p.Records, "bytes", p.Bytes, "blobs", p.Blobs, "of", p.Total)
		}
	}
	start := time.Now()
	res, err := cl.Sync(ctx)
	if err != nil {
		return fmt.Errorf("sync failed: %w", err)
	}
	fmt.Fprintf(c.out, "Sync done in %s: %d items received, %d records sent, %d images fetched.\n",
		time.Since(start).Round(time.Millisecond), res.Pulled, res.Pushed, res.Blobs)
	return nil
}

// DaemonCommand syncs on a schedule.
type DaemonCommand struct {
	base
	db     string
	spec   string
	jitter time.Duration
}

func newDaemonCommand(out io.Writer) Command {
	c := &DaemonCommand{base: newBase(out, "daemon", "",
		"sync on a schedule (district time) when the kiosk UI is not running",
		`Runs the same schedule as the kiosk program: a run missed while the
machine was off happens at start, failures retry with backoff, SIGINT or
SIGTERM stop it. It is for a machine where the kiosk program is not
running: that program syncs by itself.`)}
	kioskDBFlag(c.flags, &c.db)
	c.flags.StringVar(&c.spec, "schedule", mirror.DefaultSchedule, "when to sync: a cron `expression` in district time (Asia/Shanghai)")
	c.flags.DurationVar(&c.jitter, "jitter", mirror.DefaultJitter, "spread each run over a random delay up to this long, so kiosks do not all call at once")
	return c
}

// Run implements Command.
func (c *DaemonCommand) Run(ctx context.Context, args []string) error {
	if err := c.flags.Parse(args); err != nil {
		return err
	}
	db, err := store.OpenExisting(c.db) // a kiosk that joined has one; a typo makes none
	if err != nil {
		return err
	}
	defer db.Close()
	r := mirror.NewRunner(db, c.spec, c.jitter)
	if err := r.Start(ctx); err != nil {
		return err
	}
	slog.Info("sync daemon running", "schedule", c.spec, "next", r.Next().Format(time.RFC3339))
	<-ctx.Done()
	r.Stop()
	return nil
}

// Status is what `status --json` prints.
type Status struct {
	Joined       bool           `json:"joined"`
	Hub          string         `json:"hub,omitempty"`
	LastSuccess  *time.Time     `json:"last_success,omitempty"`
	LastAttempt  *time.Time     `json:"last_attempt,omitempty"`
	LastError    string         `json:"last_error,omitempty"`
	NextRun      time.Time      `json:"next_run"`
	Cursor       int64          `json:"cursor"`
	Outbox       map[string]int `json:"outbox"`
	BlobsMissing int            `json:"blobs_missing"`
	// ClockSkew is how far the kiosk's clock is ahead of the hub's, in
	// seconds (negative: behind), as measured at the last sync.
	ClockSkew *int64 `json:"clock_skew_seconds,omitempty"`
	// Refused lists the records the hub refused: kept here, never sent
	// again, for staff to report.
	Refused []RefusedRecord `json:"refused,omitempty"`
	// Skipped counts the items from the hub this kiosk could not use, and
	// says why the last one was skipped.
	Skipped     int    `json:"skipped,omitempty"`
	SkippedLast string `json:"skipped_last,omitempty"`
}

// RefusedRecord is one refused record in the status.
type RefusedRecord struct {
	Kind    alliance.Kind   `json:"kind"`
	ID      string          `json:"id"`
	Created time.Time       `json:"created"`
	Reason  alliance.Reason `json:"reason"`
	Message string          `json:"message"`
}

// StatusCommand shows the kiosk's sync state.
type StatusCommand struct {
	base
	db     string
	spec   string
	asJSON bool
}

func newStatusCommand(out io.Writer) Command {
	c := &StatusCommand{base: newBase(out, "status", "",
		"last success, last error, next run, backlog",
		`Reads the kiosk's database without writing to it (a missing one is not
made): the hub it joined, the last sync and its error, the next scheduled
run, the records waiting to be pushed by kind, missing images, and how far
the kiosk's clock is from the hub's.`)}
	kioskDBFlag(c.flags, &c.db)
	c.flags.StringVar(&c.spec, "schedule", mirror.DefaultSchedule, "the schedule (a cron `expression`) the kiosk syncs on, to tell the next run")
	c.flags.BoolVar(&c.asJSON, "json", false, "print JSON")
	return c
}

// Run implements Command.
func (c *StatusCommand) Run(ctx context.Context, args []string) error {
	if err := c.flags.Parse(args); err != nil {
		return err
	}
	out := c.out
	// Reading only: a mistyped path is not created, a pipe is refused
	// without waiting on it, and the database is not written to.
	db, err := store.OpenReadOnly(c.db)
	if err != nil {
		return err
	}
	defer db.Close()
	st, err := db.SyncState(ctx)
	if err != nil {
		return err
	}
	last, err := db.LastSync(ctx) // also when the disk was too full to record it in the database
	if err != nil {
		return err
	}
	s := Status{Joined: st[store.StateToken] != "", Hub: st[store.StateHubURL], LastError: last.Error}
	s.LastSuccess, s.LastAttempt = timePtr(last.Success), timePtr(last.Attempt)
	s.Cursor, _ = strconv.ParseInt(st[store.StateCursor], 10, 64)
	if s.Outbox, err = db.OutboxCounts(ctx); err != nil {
		return err
	}
	counts, err := db.Counts(ctx)
	if err != nil {
		return err
	}
	s.BlobsMissing = counts.BlobsMissing
	refused, err := db.RefusedOutbox(ctx)
	if err != nil {
		return err
	}
	for _, r := range refused {
		s.Refused = append(s.Refused, RefusedRecord{Kind: r.Kind, ID: r.ID, Created: r.Created, Reason: r.Reason, Message: r.Message})
	}
	s.Skipped, _ = strconv.Atoi(st[store.StateSkipped])
	s.SkippedLast = st[store.StateSkippedLast]
	if skew, known := db.ClockSkew(); known {
		sec := int64(skew / time.Second)
		s.ClockSkew = &sec
	}
	sch := &mirror.Scheduler{Spec: c.spec}
	s.NextRun = sch.NextFor(time.Now())
	if c.asJSON {
		enc := json.NewEncoder(out)
		enc.SetIndent("", "  ")
		return enc.Encode(s)
	}
	when := func(t *time.Time) string {
		if t == nil {
			return "never"
		}
		return t.In(alliance.Location).Format("2006-01-02 15:04")
	}
	fmt.Fprintf(out, "joined:        %v %s\nlast success:  %s\nlast attempt:  %s\nlast error:    %s\nnext run:      %s\ncursor:        %d\noutbox:        %v\nblobs missing: %d\n",
		s.Joined, s.Hub, when(s.LastSuccess), when(s.LastAttempt), orNone(s.LastError),
		s.NextRun.In(alliance.Location).Format("2006-01-02 15:04"), s.Cursor, s.Outbox, s.BlobsMissing)
	if s.ClockSkew != nil {
		skew := time.Duration(*s.ClockSkew) * time.Second
		warn := ""
		if skew.Abs() > store.MaxClockSkew {
			warn = "  (set this machine's clock: events and retention follow the hub's)"
		}
		fmt.Fprintf(out, "clock:         %s off the hub's%s\n", skew, warn)
	}
	if s.Skipped > 0 {
		fmt.Fprintf(out, "skipped:       %d items from the hub this kiosk could not use; the last: %s\n", s.Skipped, s.SkippedLast)
	}
	if len(s.Refused) > 0 {
		fmt.Fprintf(out, "refused:       %d records the hub will not take (kept here, not sent again):\n", len(s.Refused))
		for _, r := range s.Refused {
			fmt.Fprintf(out, "  %s  %-14s %s  %s: %s\n", r.Created.In(alliance.Location).Format("2006-01-02 15:04"), r.Kind, r.ID, r.Reason, r.Message)
		}
	}
	return nil
}

func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}
