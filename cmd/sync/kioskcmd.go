package main

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
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

func joinCmd(ctx context.Context, args []string, out io.Writer) error {
	fs := flags("join", out)
	dbPath := fs.String("db", "kiosk.db", "kiosk database `file`")
	hubURL := fs.String("hub", "", "the hub's address, e.g. https://hub.example:8443")
	code := fs.String("code", "", "the enrolment code from `alliance-sync enroll`")
	ca := fs.String("ca", "", "a certificate `file` (PEM) to trust for the hub, e.g. its self-signed certificate")
	allowHTTP := fs.Bool("allow-http", false, "allow plain http:// to a hub on another machine (a private network you trust); without it only https, or http to this machine, is accepted")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *hubURL == "" || *code == "" {
		return errors.New("usage: join --db kiosk.db --hub URL --code CODE [--ca FILE] [--allow-http]")
	}
	db, err := store.Open(*dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	var conf *tls.Config // nil: the system's trusted roots
	if *ca != "" {
		if conf, err = mirror.TLSTrusting(*ca); err != nil {
			return err
		}
	}
	if err := mirror.JoinWith(ctx, db, *hubURL, *code, mirror.JoinOptions{TLS: conf, CAFile: *ca, AllowHTTP: *allowHTTP}); err != nil {
		return err
	}
	fmt.Fprintln(out, "Joined the hub; run `alliance-sync now` to sync.")
	return nil
}

func isTerminal(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func nowCmd(ctx context.Context, args []string, out io.Writer) error {
	fs := flags("now", out)
	dbPath := fs.String("db", "kiosk.db", "kiosk database `file`")
	hubURL := fs.String("hub", "", "sync with this hub address instead of the one stored at join")
	ca := fs.String("ca", "", "trust this certificate `file` (PEM) for the hub instead of the stored one")
	if err := fs.Parse(args); err != nil {
		return err
	}
	db, err := store.OpenExisting(*dbPath) // a kiosk that joined has one; a typo makes none
	if err != nil {
		return err
	}
	defer db.Close()
	c, err := mirror.FromStore(ctx, db)
	if err != nil {
		return err
	}
	if *hubURL != "" {
		c.HubURL = *hubURL
	}
	if *ca != "" {
		if c.TLS, err = mirror.TLSTrusting(*ca); err != nil {
			return err
		}
	}
	if isTerminal(os.Stderr) {
		bar := progressbar.NewOptions64(-1, progressbar.OptionSetWriter(os.Stderr), progressbar.OptionShowBytes(true),
			progressbar.OptionSetDescription("syncing"), progressbar.OptionClearOnFinish())
		c.Progress = func(p mirror.Progress) {
			bar.Describe(fmt.Sprintf("%s: %d items, %d records sent, blobs %d/%d", p.Phase, p.Items, p.Records, p.Blobs, p.Total))
			bar.Set64(p.Bytes)
		}
		defer bar.Finish()
	} else {
		c.Progress = func(p mirror.Progress) {
			slog.Info("sync progress", "phase", p.Phase, "items", p.Items, "records", p.Records, "bytes", p.Bytes, "blobs", p.Blobs, "of", p.Total)
		}
	}
	start := time.Now()
	res, err := c.Sync(ctx)
	if err != nil {
		return fmt.Errorf("sync failed: %w", err)
	}
	fmt.Fprintf(out, "Sync done in %s: %d items received, %d records sent, %d images fetched.\n",
		time.Since(start).Round(time.Millisecond), res.Pulled, res.Pushed, res.Blobs)
	return nil
}

func daemonCmd(ctx context.Context, args []string, out io.Writer) error {
	fs := flags("daemon", out)
	dbPath := fs.String("db", "kiosk.db", "kiosk database `file`")
	spec := fs.String("schedule", mirror.DefaultSchedule, "when to sync: a cron expression in district time (Asia/Shanghai)")
	jitter := fs.Duration("jitter", 30*time.Minute, "spread each run over a random delay up to this long, so kiosks do not all call at once")
	if err := fs.Parse(args); err != nil {
		return err
	}
	db, err := store.OpenExisting(*dbPath) // a kiosk that joined has one; a typo makes none
	if err != nil {
		return err
	}
	defer db.Close()
	s := &mirror.Scheduler{
		Spec:        *spec,
		Jitter:      *jitter,
		LastSuccess: mirror.LastSuccessFrom(db),
		Sync: func(ctx context.Context) error {
			c, err := mirror.FromStore(ctx, db)
			if err != nil {
				return err
			}
			res, err := c.Sync(ctx)
			if err == nil {
				slog.Info("sync done", "received", res.Pulled, "sent", res.Pushed, "blobs", res.Blobs)
			}
			return err
		},
	}
	if err := s.Start(ctx); err != nil {
		return err
	}
	slog.Info("sync daemon running", "schedule", *spec, "next", s.Next().Format(time.RFC3339))
	<-ctx.Done()
	s.Stop()
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

func statusCmd(ctx context.Context, args []string, out io.Writer) error {
	fs := flags("status", out)
	dbPath := fs.String("db", "kiosk.db", "kiosk database `file`")
	spec := fs.String("schedule", mirror.DefaultSchedule, "the schedule the kiosk syncs on, to tell the next run")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := fs.Parse(args); err != nil {
		return err
	}
	// Reading only: a mistyped path is not created, a pipe is refused
	// without waiting on it, and the database is not written to.
	db, err := store.OpenReadOnly(*dbPath)
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
	c, err := db.Counts(ctx)
	if err != nil {
		return err
	}
	s.BlobsMissing = c.BlobsMissing
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
	sch := &mirror.Scheduler{Spec: *spec}
	s.NextRun = sch.NextFor(time.Now())
	if *asJSON {
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
