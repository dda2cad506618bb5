package main

import (
	"context"
	"fmt"
	"io"
	"net/netip"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/hub"
)

// hubDBFlag adds the --db flag every hub command has, and the
// configuration file and environment (config.go), which may name it.
func hubDBFlag(f *Flags, p *string) {
	f.StringVar(p, "db", "hub.db", "hub database `file`")
	configFlags(f, false)
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
	configFlags(c.flags, false)
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
		pin, err := db.TLSPin(ctx)
		if err != nil {
			return err
		}
		until := time.Now().Add(hub.EnrolmentTTL).In(alliance.Location).Format("2006-01-02 15:04")
		if pin == "" {
			fmt.Fprintf(c.out, "Enrolment code for %s: %s\nType it on the kiosk (staff panel) or run: alliance-sync join --hub URL --code %s\nIt works once, until %s.\n",
				c.name, code, code, until)
			return nil
		}
		fmt.Fprintf(c.out, "Enrolment code for %s: %s-%s\n"+
			"The last three groups are the hub's key fingerprint (%s): the kiosk trusts this hub's own certificate by it.\n"+
			"Type the whole code on the kiosk (staff panel), or only %s and compare the fingerprint the kiosk then shows.\n"+
			"Or run: alliance-sync join --hub https://HUB --code %s-%s\nIt works once, until %s.\n",
			c.name, code, pin, pin, code, code, pin, until)
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
	fmt.Fprintln(tw, "COMMUNITY\tLEARNERS\tLESSONS COMPLETED\tOF THOSE WITH HELP\tCOURSES COMPLETED")
	var l, lc, wh, cc int
	for _, c := range rep {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\n", c.Community, c.Learners, c.LessonsCompleted, c.CompletedWithHelp, c.CoursesCompleted)
		l, lc, wh, cc = l+c.Learners, lc+c.LessonsCompleted, wh+c.CompletedWithHelp, cc+c.CoursesCompleted
	}
	fmt.Fprintf(tw, "all\t%d\t%d\t%d\t%d\n", l, lc, wh, cc)
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

// Get implements flag.Getter, for --print-config.
func (p *prefixList) Get() any {
	var out []string
	for _, x := range *p {
		out = append(out, x.String())
	}
	return out
}

// Reset empties the list: a setting from the environment replaces the
// configuration file's.
func (p *prefixList) Reset() { *p = nil }

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
