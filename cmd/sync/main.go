// Command alliance-sync is the sync program for both ends.
//
// Hub side: serve, import, enroll, revoke, kiosks, reply.
// Kiosk side: join, now, daemon, status.
// Both: pack check, pack import (into a kiosk database).
//
// Run "alliance-sync help" for the commands and their flags.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
)

const usage = `alliance-sync: sync between the district hub and community kiosks.

Hub commands (run on the district's server):
  serve   --db hub.db [--addr :8443] [--tls-cert F --tls-key F]
          serve kiosks: websocket /sync, /blobs/{sha256}, /enroll, /healthz
  import  --db hub.db [--force] PACK
          publish a content pack (changes only); --force imports an older version (a roll-back)
  enroll  --db hub.db --name NAME --community SLUG
          print a one-time code (valid 24 h) for staff to type on the kiosk
  revoke  --db hub.db NAME        stop a kiosk's access at once
  kiosks  --db hub.db             list kiosks: last seen, version, lag, backlog, failing and why
  refusals --db hub.db [--kiosk ID]  records the hub refused, with the reason (kept at the kiosk)
  reply   --db hub.db --suggestion ID --text TEXT [--by NAME] [--status answered|forwarded|closed]
  training --db hub.db            smartphone classes per community: learners, lessons and courses completed

Kiosk commands (run on a kiosk; the kiosk program does the same in-process):
  join    --db kiosk.db --hub URL --code CODE [--ca FILE] [--allow-http]
          trade an enrolment code for this kiosk's credentials
  now     --db kiosk.db               sync once; exit status 0 on success
  daemon  --db kiosk.db [--schedule "0 2 * * *"] [--jitter 30m]
          sync on a schedule (district time) when the kiosk UI is not running
  status  --db kiosk.db [--json]      last success, last error, next run, backlog

Content packs and lessons:
  pack check DIR                  validate; every problem as file:line: what is wrong
  pack import --db kiosk.db [--force] DIR
                                  import into a kiosk database (all or nothing)
  lessons check DIR               validate a lesson folder, or a folder of lessons
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	slog.SetDefault(slog.New(slog.NewTextHandler(os.Stderr, nil)))
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return
		}
		fmt.Fprintln(os.Stderr, "alliance-sync:", err)
		os.Exit(1)
	}
}

// command is one subcommand: it parses its flags and runs.
type command func(ctx context.Context, args []string, out io.Writer) error

func run(ctx context.Context, args []string, out io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(out, usage)
		return errors.New("no command given")
	}
	cmds := map[string]command{
		"serve": serveCmd, "import": importCmd, "enroll": enrollCmd, "revoke": revokeCmd,
		"kiosks": kiosksCmd, "refusals": refusalsCmd, "reply": replyCmd, "training": trainingCmd,
		"join": joinCmd, "now": nowCmd, "daemon": daemonCmd, "status": statusCmd,
		"pack": packCmd, "lessons": lessonsCmd,
	}
	switch args[0] {
	case "help", "-h", "--help":
		fmt.Fprint(out, usage)
		return nil
	}
	cmd, ok := cmds[args[0]]
	if !ok {
		fmt.Fprint(out, usage)
		return fmt.Errorf("unknown command %q", args[0])
	}
	return cmd(ctx, args[1:], out)
}

// flags makes a flag set whose errors and help go to out.
func flags(name string, out io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("alliance-sync "+name, flag.ContinueOnError)
	fs.SetOutput(out)
	return fs
}
