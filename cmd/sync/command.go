package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
)

// A Command is one alliance-sync subcommand, in the shape of litestream's
// cmd/litestream: a type per command holds its flags' values in its own
// flag set, Run parses the words after the command's name and does the
// work. Its help (--help) and its line in the command list are printed
// from the flag set, so they cannot drift from the flags.
//
// To add a command: a type that embeds base, a constructor that calls
// newBase and registers the command's flags (Require the ones it cannot
// do without), a Run method that starts with c.flags.Parse(args), and an
// entry in commands (main.go), or in a group's list for a two-word command
// (pack import).
type Command interface {
	Flags() *Flags
	Run(ctx context.Context, args []string) error
}

// base is what every command has: its flag set, and where it prints.
type base struct {
	flags *Flags
	out   io.Writer
}

func newBase(out io.Writer, name, args, summary, about string) base {
	return base{flags: newFlags(out, name, args, summary, about), out: out}
}

// Flags implements Command.
func (b *base) Flags() *Flags { return b.flags }

// Flags is a command's flag set, with what its help says besides the
// flags.
type Flags struct {
	*flag.FlagSet
	name     string   // as typed after alliance-sync: "enroll", "pack import"
	args     string   // the arguments after the flags, e.g. "PACK"; one word each
	summary  string   // one line, for the command list
	about    string   // a paragraph or two for --help
	required []string // flags that must be given

	// configurable: the flags may come from the configuration file and
	// the environment too (config.go); strictConfig refuses keys the
	// command does not know.
	configurable, strictConfig bool
	configFile                 string
	sources                    map[string]string // where each flag's value came from
}

// newFlags makes a command's flag set; its errors and help go to out.
func newFlags(out io.Writer, name, args, summary, about string) *Flags {
	f := &Flags{FlagSet: flag.NewFlagSet("alliance-sync "+name, flag.ContinueOnError), name: name, args: args, summary: summary, about: about}
	f.SetOutput(out)
	f.Usage = f.usage
	return f
}

// Require marks flags the command cannot do without.
func (f *Flags) Require(names ...string) { f.required = append(f.required, names...) }

// Parse parses args, then checks that the required flags were given and
// that the arguments after the flags are as many as the synopsis names.
func (f *Flags) Parse(args []string) error {
	if err := f.FlagSet.Parse(args); err != nil {
		return err
	}
	given := map[string]bool{}
	f.Visit(func(fl *flag.Flag) { given[fl.Name] = true })
	if f.configurable {
		if err := f.applyConfig(given); err != nil {
			return err
		}
		for name := range f.sources {
			given[name] = true
		}
	}
	for _, name := range f.required {
		if !given[name] {
			return fmt.Errorf("%s needs --%s\nusage: alliance-sync %s", f.name, name, f.Synopsis())
		}
	}
	if want := len(strings.Fields(f.args)); f.NArg() != want {
		return fmt.Errorf("%s takes %d argument(s) after its flags, got %d\nusage: alliance-sync %s", f.name, want, f.NArg(), f.Synopsis())
	}
	return nil
}

// Synopsis is the command's form, made from its flags: the required flags
// bare, in the order they were required, then the others in brackets, then
// the arguments; wrapped to fit a terminal.
func (f *Flags) Synopsis() string {
	word := func(fl *flag.Flag) string {
		s := "--" + fl.Name
		if v, _ := flag.UnquoteUsage(fl); v != "" {
			s += " " + strings.ToUpper(v)
		}
		return s
	}
	parts := []string{f.name}
	for _, name := range f.required {
		parts = append(parts, word(f.Lookup(name)))
	}
	f.VisitAll(func(fl *flag.Flag) {
		if !slices.Contains(f.required, fl.Name) {
			parts = append(parts, "["+word(fl)+"]")
		}
	})
	if f.args != "" {
		parts = append(parts, f.args)
	}
	var b strings.Builder
	line := 0
	for i, p := range parts {
		if i > 0 && line+1+len(p) > 76 {
			b.WriteString("\n      ")
			line = 6
		} else if i > 0 {
			b.WriteByte(' ')
			line++
		}
		b.WriteString(p)
		line += len(p)
	}
	return b.String()
}

func (f *Flags) usage() {
	out := f.Output()
	fmt.Fprintf(out, "usage: alliance-sync %s\n\n%s\n", f.Synopsis(), f.summary)
	if f.about != "" {
		fmt.Fprintf(out, "\n%s\n", strings.TrimSpace(f.about))
	}
	n := 0
	f.VisitAll(func(*flag.Flag) { n++ })
	if n > 0 {
		fmt.Fprintln(out, "\nflags:")
		f.PrintDefaults()
	}
}

// group is a command of two words (pack check, pack import): the first
// word names the group, the second one of its commands.
type group struct {
	out      io.Writer
	name     string
	summary  string
	commands []func(io.Writer) Command
}

// Flags implements Command: a group has no flags of its own.
func (g *group) Flags() *Flags {
	f := newFlags(g.out, g.name, "COMMAND", g.summary, "")
	f.Usage = func() { g.usage(g.out) }
	return f
}

func (g *group) usage(out io.Writer) {
	fmt.Fprintf(out, "usage: alliance-sync %s COMMAND …\n\n%s\n\ncommands:\n", g.name, g.summary)
	for _, mk := range g.commands {
		f := mk(out).Flags()
		fmt.Fprintf(out, "  %s\n        %s\n", f.Synopsis(), f.summary)
	}
	fmt.Fprintf(out, "\nalliance-sync %s COMMAND --help explains one.\n", g.name)
}

// Run implements Command: it runs the group's command named by args[0].
func (g *group) Run(ctx context.Context, args []string) error {
	if len(args) == 0 {
		g.usage(g.out)
		return fmt.Errorf("%s: no command given", g.name)
	}
	switch args[0] {
	case "help", "-h", "-help", "--help":
		g.usage(g.out)
		return flag.ErrHelp
	}
	for _, mk := range g.commands {
		c := mk(g.out)
		if c.Flags().name == g.name+" "+args[0] {
			return c.Run(ctx, args[1:])
		}
	}
	g.usage(g.out)
	return fmt.Errorf("unknown command %s %s", g.name, args[0])
}
