package main

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/hub"
	"github.com/shinan-alliance/alliance/hub/console"
)

// The console's command-line twins, for scripts and for the first
// operator: they call the same hub functions as the console's pages.

func newUserGroup(out io.Writer) Command {
	return &group{out: out, name: "user", summary: "console users: add one (with a one-time link), list, disable",
		commands: []func(io.Writer) Command{newUserAddCommand, newUserListCommand, newUserDisableCommand}}
}

// UserAddCommand adds a console user and prints her one-time link.
type UserAddCommand struct {
	base
	db, name, role, comm string
	hubURL               string
}

func newUserAddCommand(out io.Writer) Command {
	c := &UserAddCommand{base: newBase(out, "user add", "LOGIN",
		"add a console user; prints a one-time link (72 h) to set the password",
		`Roles: operator (users, kiosks, backups, the audit log and everything
else), editor (the district's editors: content of every account, suggestions
read-only), staff (one community's notices, events, suggestions, call-backs
and rosters; needs --community), trainer (one community's training reports;
needs --community). The first operator of a new hub is made this way.`)}
	hubDBFlag(c.flags, &c.db)
	c.flags.StringVar(&c.name, "name", "", "the person's `name` as colleagues know it, e.g. 王丽")
	c.flags.StringVar(&c.role, "role", "staff", "operator, editor, staff or trainer")
	c.flags.StringVar(&c.comm, "community", "", "the community `id` of staff and trainers, e.g. yanchenglu")
	c.flags.StringVar(&c.hubURL, "url", "https://HUB:8443", "the hub's address as her browser reaches it, for the link")
	c.flags.Require("name")
	return c
}

// Run implements Command.
func (c *UserAddCommand) Run(ctx context.Context, args []string) error {
	if err := c.flags.Parse(args); err != nil {
		return err
	}
	return withHub(c.db, func(db *hub.DB) error {
		u, token, err := db.AddUser(ctx, c.flags.Arg(0), c.name, hub.Role(c.role), c.comm)
		if err != nil {
			return err
		}
		db.Audit(ctx, hub.AuditEntry{Login: "(shell)", Action: "user.add", Subject: "user:" + u.Login, Community: u.Community, Detail: string(u.Role)})
		fmt.Fprintf(c.out, "User %s (%s, %s) added. Send her this link to set her password; it works once, until %s:\n\n  %s%s\n",
			u.Login, u.Name, u.Role, time.Now().Add(hub.SetupTTL).In(alliance.Location).Format("2006-01-02 15:04"),
			strings.TrimSuffix(c.hubURL, "/"), console.SetupLink(token))
		return nil
	})
}

// UserListCommand lists console users.
type UserListCommand struct {
	base
	db string
}

func newUserListCommand(out io.Writer) Command {
	c := &UserListCommand{base: newBase(out, "user list", "", "list console users, their roles and last logins",
		`Lists every user of the web console: login, name, role, community (for
staff and trainers), last login, and whether she is active, disabled, or
has not set her password yet (add her again with user add, or give her a
new link from the console's users page).`)}
	hubDBFlag(c.flags, &c.db)
	return c
}

// Run implements Command.
func (c *UserListCommand) Run(ctx context.Context, args []string) error {
	if err := c.flags.Parse(args); err != nil {
		return err
	}
	return withHub(c.db, func(db *hub.DB) error {
		us, err := db.Users(ctx)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(c.out, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "LOGIN\tNAME\tROLE\tCOMMUNITY\tLAST LOGIN\tSTATE")
		for _, u := range us {
			state := "active"
			switch {
			case u.Disabled:
				state = "disabled"
			case !u.HasPassword:
				state = "no password yet"
			}
			last := "never"
			if !u.LastLogin.IsZero() {
				last = u.LastLogin.In(alliance.Location).Format("2006-01-02 15:04")
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", u.Login, u.Name, u.Role, u.Community, last, state)
		}
		return tw.Flush()
	})
}

// UserDisableCommand disables a console user and ends her sessions.
type UserDisableCommand struct {
	base
	db     string
	enable bool
}

func newUserDisableCommand(out io.Writer) Command {
	c := &UserDisableCommand{base: newBase(out, "user disable", "LOGIN",
		"disable a console user; her sessions end at once (--enable undoes it)",
		`A disabled user cannot log in, and every session she has open ends at
once: for someone who left, or a password that may have been seen. Her
lines in the audit log stay.`)}
	hubDBFlag(c.flags, &c.db)
	c.flags.BoolVar(&c.enable, "enable", false, "enable the user again")
	return c
}

// Run implements Command.
func (c *UserDisableCommand) Run(ctx context.Context, args []string) error {
	if err := c.flags.Parse(args); err != nil {
		return err
	}
	return withHub(c.db, func(db *hub.DB) error {
		u, err := db.UserByLogin(ctx, c.flags.Arg(0))
		if err != nil {
			return err
		}
		if err := db.SetUserDisabled(ctx, u.ID, !c.enable); err != nil {
			return err
		}
		action := map[bool]string{true: "user.enable", false: "user.disable"}[c.enable]
		db.Audit(ctx, hub.AuditEntry{Login: "(shell)", Action: action, Subject: "user:" + u.Login, Community: u.Community})
		fmt.Fprintf(c.out, "%s: %s.\n", u.Login, map[bool]string{true: "enabled", false: "disabled, sessions ended"}[c.enable])
		return nil
	})
}

// SuggestionsCommand lists the suggestions inbox.
type SuggestionsCommand struct {
	base
	db, community, status string
	category              string
	overdueDays           int
	asCSV                 bool
}

func newSuggestionsCommand(out io.Writer) Command {
	c := &SuggestionsCommand{base: newBase(out, "suggestions", "",
		"the suggestions inbox: open ones by default; ids for reply",
		`Lists suggestions newest first, as the console's inbox does: open ones
(received, in progress, transferred) by default; --status overdue for those
open longer than --overdue-days working days. Anonymous suggestions show no
receipt and no number. Answer one with alliance-sync reply --suggestion ID.`)}
	hubDBFlag(c.flags, &c.db)
	c.flags.StringVar(&c.community, "community", "", "only this community's (its `id`)")
	c.flags.StringVar(&c.status, "status", "open", "open, overdue, all, or one status (received, in_progress, answered, forwarded, transferred, duplicate, closed)")
	c.flags.StringVar(&c.category, "category", "", "only this category")
	c.flags.IntVar(&c.overdueDays, "overdue-days", 3, "working days after which an open suggestion is overdue")
	c.flags.BoolVar(&c.asCSV, "csv", false, "print CSV (UTF-8) instead of a table")
	return c
}

// Run implements Command.
func (c *SuggestionsCommand) Run(ctx context.Context, args []string) error {
	if err := c.flags.Parse(args); err != nil {
		return err
	}
	status := c.status
	if status == "all" {
		status = ""
	}
	return withHub(c.db, func(db *hub.DB) error {
		list, total, err := db.Inbox(ctx, hub.InboxFilter{Community: c.community, Status: status, Category: c.category,
			OverdueBefore: hub.WorkingDaysBefore(time.Now(), c.overdueDays), Limit: 100_000})
		if err != nil {
			return err
		}
		if c.asCSV {
			w := csv.NewWriter(c.out)
			w.Write([]string{"id", "received", "community", "category", "status", "receipt", "text", "replies"})
			for _, s := range list {
				w.Write([]string{s.ID, s.Received.In(alliance.Location).Format(time.RFC3339), s.Community, s.Category, string(s.Status),
					receiptOf(s), s.Body, fmt.Sprint(len(s.Replies))})
			}
			w.Flush()
			return w.Error()
		}
		tw := tabwriter.NewWriter(c.out, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tRECEIVED\tCOMMUNITY\tCATEGORY\tSTATUS\tRECEIPT\tTEXT")
		for _, s := range list {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", s.ID, s.Received.In(alliance.Location).Format("2006-01-02 15:04"),
				s.Community, s.Category, s.Status, receiptOf(s), oneLine(s.Body, 40))
		}
		fmt.Fprintf(tw, "%d suggestions\n", total)
		return tw.Flush()
	})
}

func receiptOf(s hub.Suggestion) string {
	if s.Anonymous {
		return "(anonymous)"
	}
	return s.Receipt
}

func oneLine(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

// CallbacksCommand lists call-back requests, or marks one.
type CallbacksCommand struct {
	base
	db, community, mark string
	id, note            string
	all, phones         bool
}

func newCallbacksCommand(out io.Writer) Command {
	c := &CallbacksCommand{base: newBase(out, "callbacks", "",
		"call-back requests (请社区给我回电话): list, or mark one called / no_answer / done",
		`Lists the open requests, oldest first, with masked numbers; --phones shows
them whole (for staff who will call; the reveal is in the audit log). With
--id and --mark, records what came of the call; the resident sees it at her
kiosk after its next sync.`)}
	hubDBFlag(c.flags, &c.db)
	c.flags.StringVar(&c.community, "community", "", "only this community's (its `id`)")
	c.flags.BoolVar(&c.all, "all", false, "include the ones done")
	c.flags.BoolVar(&c.phones, "phones", false, "show whole phone numbers (audited)")
	c.flags.StringVar(&c.id, "id", "", "the request to mark (its `id`)")
	c.flags.StringVar(&c.mark, "mark", "", "called, no_answer or done")
	c.flags.StringVar(&c.note, "note", "", "a note for colleagues (not sent to the resident)")
	return c
}

// Run implements Command.
func (c *CallbacksCommand) Run(ctx context.Context, args []string) error {
	if err := c.flags.Parse(args); err != nil {
		return err
	}
	return withHub(c.db, func(db *hub.DB) error {
		if c.id != "" || c.mark != "" {
			if err := db.SetCallbackStatus(ctx, c.id, alliance.CallbackStatus(c.mark), c.note); err != nil {
				return err
			}
			db.Audit(ctx, hub.AuditEntry{Login: "(shell)", Action: "callback.status", Subject: "callback:" + c.id, Detail: c.mark})
			fmt.Fprintf(c.out, "Call-back %s marked %s; her kiosk shows it after its next sync.\n", c.id, c.mark)
			return nil
		}
		list, _, err := db.Callbacks(ctx, hub.CallbackFilter{Community: c.community, Open: !c.all, Limit: 100_000})
		if err != nil {
			return err
		}
		if c.phones && len(list) > 0 {
			db.Audit(ctx, hub.AuditEntry{Login: "(shell)", Action: "phone.reveal", Community: c.community,
				Detail: fmt.Sprintf("alliance-sync callbacks --phones: %d numbers", len(list))})
		}
		tw := tabwriter.NewWriter(c.out, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tRECEIVED\tCOMMUNITY\tPHONE\tSTATUS\tNOTE")
		for _, cb := range list {
			phone := alliance.MaskPhone(cb.Phone)
			if c.phones {
				phone = cb.Phone
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", cb.ID, cb.Received.In(alliance.Location).Format("2006-01-02 15:04"),
				cb.Community, phone, cb.Status, oneLine(cb.Note, 30))
		}
		return tw.Flush()
	})
}

// RosterCommand prints an event's roster across every kiosk.
type RosterCommand struct {
	base
	db     string
	phones bool
	asCSV  bool
}

func newRosterCommand(out io.Writer) Command {
	c := &RosterCommand{base: newBase(out, "roster", "EVENT",
		"an event's roster across every kiosk: confirmed, then the waitlist in order",
		`Names, party sizes, statuses and the kiosk each sign-up was made at;
phone numbers masked unless --phones (audited). --csv prints it for Excel
(UTF-8 with a byte order mark).`)}
	hubDBFlag(c.flags, &c.db)
	c.flags.BoolVar(&c.phones, "phones", false, "show whole phone numbers (audited)")
	c.flags.BoolVar(&c.asCSV, "csv", false, "print CSV for Excel")
	return c
}

// Run implements Command.
func (c *RosterCommand) Run(ctx context.Context, args []string) error {
	if err := c.flags.Parse(args); err != nil {
		return err
	}
	id := c.flags.Arg(0)
	return withHub(c.db, func(db *hub.DB) error {
		e, err := db.EventByID(ctx, id)
		if err != nil {
			return err
		}
		list, err := db.Roster(ctx, id)
		if err != nil {
			return err
		}
		if c.phones || c.asCSV {
			db.Audit(ctx, hub.AuditEntry{Login: "(shell)", Action: "roster.export", Subject: "event:" + id, Community: e.Community,
				Detail: fmt.Sprintf("alliance-sync roster: %d sign-ups", len(list))})
		}
		phone := func(p string) string {
			if c.phones || c.asCSV {
				return p
			}
			return alliance.MaskPhone(p)
		}
		if c.asCSV {
			io.WriteString(c.out, "\ufeff")
			w := csv.NewWriter(c.out)
			w.UseCRLF = true
			w.Write([]string{"序号", "姓名", "电话", "人数", "状态", "终端", "报名时间"})
			for i, x := range list {
				w.Write([]string{fmt.Sprint(i + 1), x.Name, phone(x.Phone), fmt.Sprint(x.Party), string(x.Status), x.KioskName,
					x.Created.In(alliance.Location).Format("2006-01-02 15:04")})
			}
			w.Flush()
			return w.Error()
		}
		fmt.Fprintf(c.out, "%s · %s · %d/%d places taken\n", e.Title, e.Starts.In(alliance.Location).Format("2006-01-02 15:04"), e.Taken, e.Capacity)
		tw := tabwriter.NewWriter(c.out, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "#\tNAME\tPHONE\tPARTY\tSTATUS\tKIOSK\tSIGNED UP")
		for i, x := range list {
			status := string(x.Status)
			if x.Reason != "" {
				status += " (" + string(x.Reason) + ")"
			}
			fmt.Fprintf(tw, "%d\t%s\t%s\t%d\t%s\t%s\t%s\n", i+1, x.Name, phone(x.Phone), x.Party, status, x.KioskName,
				x.Created.In(alliance.Location).Format("2006-01-02 15:04"))
		}
		return tw.Flush()
	})
}
