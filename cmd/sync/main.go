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
	"runtime"
	"syscall"

	"github.com/shinan-alliance/alliance/internal/version"
)

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

// section is a heading of the command list and its commands.
type section struct {
	title    string
	commands []func(io.Writer) Command
}

// commands lists every command, under the headings of the command list.
var commands = []section{
	{"Hub commands (run on the district's server)", []func(io.Writer) Command{
		newServeCommand, newImportCommand, newEnrollCommand, newRevokeCommand,
		newKiosksCommand, newRefusalsCommand, newReplyCommand, newTrainingCommand,
		newUserGroup, newSuggestionsCommand, newCallbacksCommand, newRosterCommand,
		newBackupCommand, newRestoreCommand,
	}},
	{"Kiosk commands (run on a kiosk; the kiosk program does the same in-process)", []func(io.Writer) Command{
		newJoinCommand, newNowCommand, newDaemonCommand, newStatusCommand,
	}},
	{"Content packs and lessons", []func(io.Writer) Command{
		newPackGroup, newLessonsGroup,
	}},
}

// run runs the command args name, writing what it prints to out.
func run(ctx context.Context, args []string, out io.Writer) error {
	if len(args) == 0 {
		usage(out)
		return errors.New("no command given")
	}
	switch args[0] {
	case "help", "-h", "-help", "--help":
		usage(out)
		return nil
	case "version", "-version", "--version":
		fmt.Fprintf(out, "alliance-sync %s %s\n", version.String(), runtime.Version())
		return nil
	}
	for _, s := range commands {
		for _, mk := range s.commands {
			if c := mk(out); c.Flags().name == args[0] {
				return c.Run(ctx, args[1:])
			}
		}
	}
	usage(out)
	return fmt.Errorf("unknown command %q", args[0])
}

// usage prints the command list, made from the commands' flag sets.
func usage(out io.Writer) {
	fmt.Fprintln(out, "alliance-sync: sync between the district hub and community kiosks.")
	for _, s := range commands {
		fmt.Fprintf(out, "\n%s:\n", s.title)
		for _, mk := range s.commands {
			c := mk(out)
			if g, ok := c.(*group); ok {
				for _, mk := range g.commands {
					printEntry(out, mk(out).Flags())
				}
				continue
			}
			printEntry(out, c.Flags())
		}
	}
	fmt.Fprintln(out, "\nalliance-sync COMMAND --help explains a command and its flags; alliance-sync --version tells the build.")
}

func printEntry(out io.Writer, f *Flags) {
	fmt.Fprintf(out, "  %s\n        %s\n", f.Synopsis(), f.summary)
}
