package main

import (
	"context"
	"errors"
	"flag"
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
	"github.com/shinan-alliance/alliance/pack"
	"github.com/shinan-alliance/alliance/store"
)

func serveCmd(ctx context.Context, args []string, out io.Writer) error {
	fs := flags("serve", out)
	dbPath := fs.String("db", "hub.db", "hub database `file` (created if missing)")
	addr := fs.String("addr", ":8443", "address to listen on")
	cert := fs.String("tls-cert", "", "TLS certificate `file` (PEM); without it the hub serves plain HTTP, for a private network or a TLS proxy in front")
	key := fs.String("tls-key", "", "TLS key `file` (PEM)")
	purge := fs.Duration("purge-tombstones", 90*24*time.Hour, "forget deletions older than this; kiosks further behind get a fresh snapshot")
	headerTimeout := fs.Duration("header-timeout", 10*time.Second, "drop clients that take longer than this to send their request headers (slow-loris)")
	retain := fs.Duration("retain", store.DefaultRetention, "delete residents' sign-ups and suggestions this long after the event ended or the suggestion was closed (PIPL)")
	var proxies prefixList
	fs.Var(&proxies, "trusted-proxy", "address or `CIDR` of a reverse proxy in front of the hub whose X-Forwarded-For names the client (repeat for several); failed logins are then counted per client, not per proxy")
	quotaRecords := fs.Int("quota-records", hub.DefaultQuota.RecordsPerDay, "records one kiosk may push in 24 hours; the rest waits at the kiosk for the next day")
	quotaMB := fs.Int64("quota-mb", hub.DefaultQuota.BytesPerDay>>20, "megabytes of records one kiosk may push in 24 hours")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if (*cert == "") != (*key == "") {
		return errors.New("give both --tls-cert and --tls-key, or neither")
	}
	db, err := hub.Open(*dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	if n, err := db.PurgeTombstones(ctx, *purge); err != nil {
		return err
	} else if n > 0 {
		slog.Info("purged old deletions", "count", n)
	}
	go func() {
		// Retention runs hourly: personal data goes when its time is up,
		// not whenever the hub happens to restart.
		for {
			if st, err := db.Retain(ctx, *retain); err != nil {
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
	}()
	s := &hub.Server{DB: db, TrustedProxies: proxies, Quota: hub.Quota{RecordsPerDay: *quotaRecords, BytesPerDay: *quotaMB << 20}}
	srv := &http.Server{
		Addr:              *addr,
		Handler:           s.Handler(),
		ReadHeaderTimeout: *headerTimeout, // slow-loris clients are dropped
		IdleTimeout:       2 * time.Minute,
	}
	errc := make(chan error, 1)
	go func() {
		slog.Info("hub serving", "addr", *addr, "tls", *cert != "", "db", *dbPath)
		if *cert != "" {
			errc <- srv.ListenAndServeTLS(*cert, *key)
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

// hubFlags makes a hub command's flag set with the --db flag every one has.
func hubFlags(name string, out io.Writer) (*flag.FlagSet, *string) {
	fs := flags(name, out)
	return fs, fs.String("db", "hub.db", "hub database `file`")
}

// onHub parses a hub command's flags, checks its arguments (check may be
// nil), and runs fn with the hub database open.
func onHub(fs *flag.FlagSet, dbPath *string, args []string, check func() error, fn func(*hub.DB) error) error {
	if err := fs.Parse(args); err != nil {
		return err
	}
	if check != nil {
		if err := check(); err != nil {
			return err
		}
	}
	db, err := hub.Open(*dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	return fn(db)
}

func importCmd(ctx context.Context, args []string, out io.Writer) error {
	fs, dbPath := hubFlags("import", out)
	force := forceFlag(fs)
	var p *alliance.Pack
	check := func() error {
		if fs.NArg() != 1 {
			return errors.New("usage: import [--force] --db hub.db PACK")
		}
		var err error
		p, err = pack.LoadDir(ctx, fs.Arg(0))
		return err
	}
	return onHub(fs, dbPath, args, check, func(db *hub.DB) error {
		prev, err := db.PackVersion(ctx, p.Manifest.ID)
		if err != nil {
			return err
		}
		st, err := db.ImportPack(ctx, p, importOptions(*force)...)
		if err != nil {
			return err
		}
		reportImport(out, p, prev, st, st.Added+st.Updated+st.Deleted > 0)
		return nil
	})
}

func enrollCmd(ctx context.Context, args []string, out io.Writer) error {
	fs, dbPath := hubFlags("enroll", out)
	name := fs.String("name", "", "the kiosk's name, e.g. yanchenglu-1")
	community := fs.String("community", "", "the community id the kiosk stands in, e.g. yanchenglu")
	return onHub(fs, dbPath, args, nil, func(db *hub.DB) error {
		code, err := db.Enroll(ctx, *name, *community)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "Enrolment code for %s: %s\nType it on the kiosk (staff panel) or run: alliance-sync join --hub URL --code %s\nIt works once, until %s.\n",
			*name, code, code, time.Now().Add(hub.EnrolmentTTL).In(alliance.Location).Format("2006-01-02 15:04"))
		return nil
	})
}

func revokeCmd(ctx context.Context, args []string, out io.Writer) error {
	fs, dbPath := hubFlags("revoke", out)
	check := func() error {
		if fs.NArg() != 1 {
			return errors.New("usage: revoke --db hub.db NAME")
		}
		return nil
	}
	return onHub(fs, dbPath, args, check, func(db *hub.DB) error {
		if err := db.Revoke(ctx, fs.Arg(0)); err != nil {
			return err
		}
		fmt.Fprintf(out, "%s revoked: its token no longer works.\n", fs.Arg(0))
		return nil
	})
}

func kiosksCmd(ctx context.Context, args []string, out io.Writer) error {
	fs, dbPath := hubFlags("kiosks", out)
	return onHub(fs, dbPath, args, nil, func(db *hub.DB) error {
		ks, err := db.Kiosks(ctx)
		if err != nil {
			return err
		}
		return printKiosks(out, ks)
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

func replyCmd(ctx context.Context, args []string, out io.Writer) error {
	fs, dbPath := hubFlags("reply", out)
	id := fs.String("suggestion", "", "the suggestion's id")
	text := fs.String("text", "", "the reply residents will read")
	by := fs.String("by", "社区居委会", "who answers")
	status := fs.String("status", "answered", "answered, forwarded or closed")
	check := func() error {
		switch alliance.SuggestionStatus(*status) {
		case alliance.SuggestionAnswered, alliance.SuggestionForwarded, alliance.SuggestionClosed:
			return nil
		}
		return fmt.Errorf("status %q: want answered, forwarded or closed", *status)
	}
	return onHub(fs, dbPath, args, check, func(db *hub.DB) error {
		if err := db.Reply(ctx, *id, *text, *by, alliance.SuggestionStatus(*status)); err != nil {
			return err
		}
		fmt.Fprintln(out, "Reply recorded; the kiosk receives it at its next sync.")
		return nil
	})
}

func trainingCmd(ctx context.Context, args []string, out io.Writer) error {
	fs, dbPath := hubFlags("training", out)
	return onHub(fs, dbPath, args, nil, func(db *hub.DB) error {
		rep, err := db.TrainingReport(ctx)
		if err != nil {
			return err
		}
		return printTraining(out, rep)
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

func refusalsCmd(ctx context.Context, args []string, out io.Writer) error {
	fs, dbPath := hubFlags("refusals", out)
	kiosk := fs.String("kiosk", "", "only this kiosk's (its id, as `kiosks` lists)")
	return onHub(fs, dbPath, args, nil, func(db *hub.DB) error {
		rs, err := db.Refusals(ctx, *kiosk)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "RECEIVED\tKIOSK\tSEQ\tKIND\tREASON\tMESSAGE")
		for _, r := range rs {
			fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\t%s\n", r.Received.In(alliance.Location).Format("2006-01-02 15:04"), r.Kiosk, r.Seq, r.Kind, r.Reason, r.Message)
		}
		return tw.Flush()
	})
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
