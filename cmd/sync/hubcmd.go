package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/netip"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/hub"
	"github.com/shinan-alliance/alliance/hub/console"
	"github.com/shinan-alliance/alliance/store"
)

// hubDBFlag adds the --db flag every hub command has.
func hubDBFlag(f *Flags, p *string) {
	f.StringVar(p, "db", "hub.db", "hub database `file`")
}

// withHub opens the hub database at path, which must exist (a mistyped
// --db makes no new, empty hub), and runs fn with it.
func withHub(path string, fn func(*hub.DB) error) error {
	db, err := hub.OpenExisting(path)
	if err != nil {
		return err
	}
	defer db.Close()
	return fn(db)
}

// ServeCommand serves kiosks.
type ServeCommand struct {
	base
	db            string
	addr          string
	cert, key     string
	purge         time.Duration
	headerTimeout time.Duration
	retain        time.Duration
	proxies       prefixList
	quotaRecords  int
	quotaMB       int64
	consoleAddr   string
	secureCookies bool
	overdueDays   int
}

func newServeCommand(out io.Writer) Command {
	c := &ServeCommand{base: newBase(out, "serve", "",
		"serve kiosks (websocket /sync, /blobs/{sha256}, /enroll, /healthz) and the web console (/console/)",
		`The hub: kiosks sync with it over a websocket, fetch images over HTTP and
trade enrolment codes for their credentials. Residents' personal data is
deleted hourly once its retention period is over. SIGINT or SIGTERM finish
open syncs (up to 30 s) and stop.`)}
	f := c.flags
	f.StringVar(&c.db, "db", "hub.db", "hub database `file` (created if missing)")
	f.StringVar(&c.addr, "addr", ":8443", "`address` to listen on")
	f.StringVar(&c.cert, "tls-cert", "", "TLS certificate `file` (PEM); without it the hub serves plain HTTP, for a private network or a TLS proxy in front")
	f.StringVar(&c.key, "tls-key", "", "TLS key `file` (PEM)")
	f.DurationVar(&c.purge, "purge-tombstones", 90*24*time.Hour, "forget deletions older than this; kiosks further behind get a fresh snapshot")
	f.DurationVar(&c.headerTimeout, "header-timeout", 10*time.Second, "drop clients that take longer than this to send their request headers (slow-loris)")
	f.DurationVar(&c.retain, "retain", store.DefaultRetention, "delete residents' sign-ups and suggestions this long after the event ended or the suggestion was closed (PIPL)")
	f.Var(&c.proxies, "trusted-proxy", "address or `CIDR` of a reverse proxy in front of the hub whose X-Forwarded-For names the client (repeat for several); failed logins are then counted per client, not per proxy")
	f.IntVar(&c.quotaRecords, "quota-records", hub.DefaultQuota.RecordsPerDay, "records one kiosk may push in 24 hours; the rest waits at the kiosk for the next day")
	f.Int64Var(&c.quotaMB, "quota-mb", hub.DefaultQuota.BytesPerDay>>20, "megabytes of records one kiosk may push in 24 hours")
	f.StringVar(&c.consoleAddr, "console-addr", "", "serve the web console on its own `address` (e.g. 10.1.2.3:8444, the office network only) instead of under /console/ on --addr; \"off\" serves none")
	f.BoolVar(&c.secureCookies, "secure-cookies", false, "mark console cookies Secure although the hub serves plain HTTP: for a TLS proxy in front")
	f.IntVar(&c.overdueDays, "overdue-days", 3, "working days after which an unanswered suggestion is overdue in the console")
	return c
}

// Run implements Command.
func (c *ServeCommand) Run(ctx context.Context, args []string) error {
	if err := c.flags.Parse(args); err != nil {
		return err
	}
	if (c.cert == "") != (c.key == "") {
		return errors.New("give both --tls-cert and --tls-key, or neither")
	}
	db, err := hub.Open(c.db)
	if err != nil {
		return err
	}
	defer db.Close()
	if n, err := db.PurgeTombstones(ctx, c.purge); err != nil {
		return err
	} else if n > 0 {
		slog.Info("purged old deletions", "count", n)
	}
	go retainHourly(ctx, db, c.retain)
	s := &hub.Server{DB: db, TrustedProxies: c.proxies, Quota: hub.Quota{RecordsPerDay: c.quotaRecords, BytesPerDay: c.quotaMB << 20}}
	con := &console.Console{DB: db, ClientIP: s.ClientIP, SecureCookies: c.secureCookies, OverdueDays: c.overdueDays}
	handler := s.Handler()
	errc := make(chan error, 2)
	switch c.consoleAddr {
	case "off":
	case "":
		handler = console.Mount(handler, con)
	default:
		csrv := &http.Server{Addr: c.consoleAddr, Handler: console.Mount(http.NotFoundHandler(), con),
			ReadHeaderTimeout: c.headerTimeout, IdleTimeout: 2 * time.Minute}
		go func() {
			slog.Info("console serving", "addr", c.consoleAddr, "tls", c.cert != "")
			if c.cert != "" {
				errc <- csrv.ListenAndServeTLS(c.cert, c.key)
			} else {
				errc <- csrv.ListenAndServe()
			}
		}()
		defer csrv.Close()
	}
	srv := &http.Server{
		Addr:              c.addr,
		Handler:           handler,
		ReadHeaderTimeout: c.headerTimeout, // slow-loris clients are dropped
		IdleTimeout:       2 * time.Minute,
	}
	go func() {
		slog.Info("hub serving", "addr", c.addr, "tls", c.cert != "", "db", c.db)
		if c.cert != "" {
			errc <- srv.ListenAndServeTLS(c.cert, c.key)
		} else {
			errc <- srv.ListenAndServe()
		}
	}()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	slog.Info("shutting down: finishing open syncs")
	sctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	srv.Shutdown(sctx)
	if err := s.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	slog.Info("stopped")
	return nil
}

// retainHourly deletes personal data whose time is up, every hour until
// ctx ends: not only whenever the hub happens to restart.
func retainHourly(ctx context.Context, db *hub.DB, retain time.Duration) {
	for {
		if st, err := db.Retain(ctx, retain); err != nil {
			slog.Error("retention", "err", err)
		} else if st.Records > 0 {
			slog.Info("retention deleted personal data", "signups", st.SignUps, "suggestions", st.Suggestions, "records", st.Records)
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(time.Hour):
		}
	}
}

// ImportCommand publishes a content pack.
type ImportCommand struct {
	base
	db    string
	force bool
}

func newImportCommand(out io.Writer) Command {
	c := &ImportCommand{base: newBase(out, "import", "PACK",
		"publish a content pack (changes only); --force imports an older version (a roll-back)",
		`Checks the whole pack folder first and reports every problem as
file:line: what is wrong; then publishes, in one transaction, what changed
since the last import. Kiosks receive it at their next sync. The database is
created if missing: importing a pack is how a new hub starts.`)}
	c.flags.StringVar(&c.db, "db", "hub.db", "hub database `file` (created if missing)")
	forceFlag(c.flags, &c.force)
	return c
}

// Run implements Command.
func (c *ImportCommand) Run(ctx context.Context, args []string) error {
	if err := c.flags.Parse(args); err != nil {
		return err
	}
	return importPack(ctx, c.out, c.flags.Arg(0), c.force, func() (packDB, error) { return hub.Open(c.db) })
}

// EnrollCommand makes a one-time enrolment code for a kiosk.
type EnrollCommand struct {
	base
	db        string
	name      string
	community string
}

func newEnrollCommand(out io.Writer) Command {
	c := &EnrollCommand{base: newBase(out, "enroll", "",
		"print a one-time code (valid 24 h) for staff to type on the kiosk",
		`Staff type the code in the kiosk's staff panel (加入中心), or run
alliance-sync join on the kiosk; the kiosk trades it for its own long
token. Enrolling a kiosk's name again makes a new code for it (for a
replaced or revoked kiosk); the community must be one the hub publishes.`)}
	hubDBFlag(c.flags, &c.db)
	c.flags.StringVar(&c.name, "name", "", "the kiosk's `name`, e.g. yanchenglu-1")
	c.flags.StringVar(&c.community, "community", "", "the `id` of the community the kiosk stands in, e.g. yanchenglu")
	c.flags.Require("name", "community")
	return c
}

// Run implements Command.
func (c *EnrollCommand) Run(ctx context.Context, args []string) error {
	if err := c.flags.Parse(args); err != nil {
		return err
	}
	return withHub(c.db, func(db *hub.DB) error {
		code, err := db.Enroll(ctx, c.name, c.community)
		if err != nil {
			return err
		}
		fmt.Fprintf(c.out, "Enrolment code for %s: %s\nType it on the kiosk (staff panel) or run: alliance-sync join --hub URL --code %s\nIt works once, until %s.\n",
			c.name, code, code, time.Now().Add(hub.EnrolmentTTL).In(alliance.Location).Format("2006-01-02 15:04"))
		return nil
	})
}

// RevokeCommand stops a kiosk's access.
type RevokeCommand struct {
	base
	db string
}

func newRevokeCommand(out io.Writer) Command {
	c := &RevokeCommand{base: newBase(out, "revoke", "NAME",
		"stop a kiosk's access at once",
		`The kiosk's token stops working at once; a sync it has open is stopped at
its next message. The records it pushed stay at the hub. Enroll it again to
let it back in.`)}
	hubDBFlag(c.flags, &c.db)
	return c
}

// Run implements Command.
func (c *RevokeCommand) Run(ctx context.Context, args []string) error {
	if err := c.flags.Parse(args); err != nil {
		return err
	}
	name := c.flags.Arg(0)
	return withHub(c.db, func(db *hub.DB) error {
		if err := db.Revoke(ctx, name); err != nil {
			return err
		}
		fmt.Fprintf(c.out, "%s revoked: its token no longer works.\n", name)
		return nil
	})
}

// KiosksCommand lists kiosks and their health.
type KiosksCommand struct {
	base
	db string
}

func newKiosksCommand(out io.Writer) Command {
	c := &KiosksCommand{base: newBase(out, "kiosks", "",
		"list kiosks: last seen, version, lag, backlog, failing and why",
		`LAG is how many changes a kiosk is behind; BACKLOG how many of its records
it still has to push. A kiosk whose syncs fail says why in its next hello:
it is listed as FAILING, since when and why. One not seen for two days is
listed as silent.`)}
	hubDBFlag(c.flags, &c.db)
	return c
}

// Run implements Command.
func (c *KiosksCommand) Run(ctx context.Context, args []string) error {
	if err := c.flags.Parse(args); err != nil {
		return err
	}
	return withHub(c.db, func(db *hub.DB) error {
		ks, err := db.Kiosks(ctx)
		if err != nil {
			return err
		}
		return printKiosks(c.out, ks)
	})
}

// printKiosks lists kiosks with their health as a table.
func printKiosks(out io.Writer, ks []hub.Kiosk) error {
	tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tCOMMUNITY\tLAST SEEN\tVERSION\tLAG\tBACKLOG\tSTATE")
	for _, k := range ks {
		seen := "never"
		if !k.LastSeen.IsZero() {
			seen = k.LastSeen.In(alliance.Location).Format("2006-01-02 15:04")
		}
		state := "ok"
		switch {
		case k.Revoked:
			state = "revoked"
		case k.ErrorCode != "":
			// A kiosk that cannot finish a sync says why in its next hello.
			state = fmt.Sprintf("FAILING since %s: %s: %s", k.FailingSince.In(alliance.Location).Format("2006-01-02 15:04"), k.ErrorCode, k.Error)
		case k.LastSeen.IsZero():
			state = "not synced yet"
		case time.Since(k.LastSeen) > 48*time.Hour:
			state = "silent for " + time.Since(k.LastSeen).Round(time.Hour).String()
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\t%d\t%s\n", k.Name, k.Community, seen, k.App, k.Lag, k.Backlog, state)
	}
	return tw.Flush()
}

// RefusalsCommand lists the records the hub refused.
type RefusalsCommand struct {
	base
	db    string
	kiosk string
}

func newRefusalsCommand(out io.Writer) Command {
	c := &RefusalsCommand{base: newBase(out, "refusals", "",
		"records the hub refused, with the reason (kept at the kiosk)",
		`A record that breaks the rules is refused alone and never blocks the
records behind it; the kiosk keeps it with the hub's reason, for staff to
see.`)}
	hubDBFlag(c.flags, &c.db)
	c.flags.StringVar(&c.kiosk, "kiosk", "", "only this kiosk's (its `id`, as kiosks lists)")
	return c
}

// Run implements Command.
func (c *RefusalsCommand) Run(ctx context.Context, args []string) error {
	if err := c.flags.Parse(args); err != nil {
		return err
	}
	return withHub(c.db, func(db *hub.DB) error {
		rs, err := db.Refusals(ctx, c.kiosk)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(c.out, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "RECEIVED\tKIOSK\tSEQ\tKIND\tREASON\tMESSAGE")
		for _, r := range rs {
			fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\t%s\n", r.Received.In(alliance.Location).Format("2006-01-02 15:04"), r.Kiosk, r.Seq, r.Kind, r.Reason, r.Message)
		}
		return tw.Flush()
	})
}

// ReplyCommand answers a resident's suggestion.
type ReplyCommand struct {
	base
	db     string
	id     string
	text   string
	by     string
	status string
}

func newReplyCommand(out io.Writer) Command {
	c := &ReplyCommand{base: newBase(out, "reply", "",
		"answer a suggestion (征求意见); the resident reads it at the kiosk with her receipt code",
		`The reply and the new status travel to the kiosk that took the suggestion
at its next sync. Without --text only the status changes.`)}
	hubDBFlag(c.flags, &c.db)
	c.flags.StringVar(&c.id, "suggestion", "", "the suggestion's `id`")
	c.flags.StringVar(&c.text, "text", "", "the `text` residents will read")
	c.flags.StringVar(&c.by, "by", "社区居委会", "who answers (a `name`)")
	c.flags.StringVar(&c.status, "status", "answered", "the suggestion's new `status`: answered, forwarded or closed")
	c.flags.Require("suggestion")
	return c
}

// Run implements Command.
func (c *ReplyCommand) Run(ctx context.Context, args []string) error {
	if err := c.flags.Parse(args); err != nil {
		return err
	}
	status := alliance.SuggestionStatus(c.status)
	switch status {
	case alliance.SuggestionAnswered, alliance.SuggestionForwarded, alliance.SuggestionClosed:
	default:
		return fmt.Errorf("status %q: want answered, forwarded or closed", c.status)
	}
	return withHub(c.db, func(db *hub.DB) error {
		if err := db.Reply(ctx, c.id, c.text, c.by, status); err != nil {
			return err
		}
		fmt.Fprintln(c.out, "Reply recorded; the kiosk receives it at its next sync.")
		return nil
	})
}

// TrainingCommand reports the smartphone classes per community.
type TrainingCommand struct {
	base
	db string
}

func newTrainingCommand(out io.Writer) Command {
	c := &TrainingCommand{base: newBase(out, "training", "",
		"smartphone classes per community: learners, lessons and courses completed",
		`Counts the training records kiosks pushed, per community the kiosk was
enrolled for: learners registered, lessons completed (once per learner and
lesson), courses completed (certificates).`)}
	hubDBFlag(c.flags, &c.db)
	return c
}

// Run implements Command.
func (c *TrainingCommand) Run(ctx context.Context, args []string) error {
	if err := c.flags.Parse(args); err != nil {
		return err
	}
	return withHub(c.db, func(db *hub.DB) error {
		rep, err := db.TrainingReport(ctx)
		if err != nil {
			return err
		}
		return printTraining(c.out, rep)
	})
}

// printTraining lists the training report per community, with a total.
func printTraining(out io.Writer, rep []hub.CommunityTraining) error {
	tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "COMMUNITY\tLEARNERS\tLESSONS COMPLETED\tCOURSES COMPLETED")
	var l, lc, cc int
	for _, c := range rep {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\n", c.Community, c.Learners, c.LessonsCompleted, c.CoursesCompleted)
		l, lc, cc = l+c.Learners, lc+c.LessonsCompleted, cc+c.CoursesCompleted
	}
	fmt.Fprintf(tw, "all\t%d\t%d\t%d\n", l, lc, cc)
	return tw.Flush()
}

// prefixList is a repeatable flag of addresses or CIDR prefixes.
type prefixList []netip.Prefix

func (p *prefixList) String() string {
	var parts []string
	for _, x := range *p {
		parts = append(parts, x.String())
	}
	return strings.Join(parts, ",")
}

func (p *prefixList) Set(v string) error {
	for _, part := range strings.Split(v, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		if !strings.Contains(part, "/") {
			a, err := netip.ParseAddr(part)
			if err != nil {
				return fmt.Errorf("%q is not an address or CIDR prefix", part)
			}
			*p = append(*p, netip.PrefixFrom(a, a.BitLen()))
			continue
		}
		pr, err := netip.ParsePrefix(part)
		if err != nil {
			return fmt.Errorf("%q is not an address or CIDR prefix", part)
		}
		*p = append(*p, pr)
	}
	return nil
}
