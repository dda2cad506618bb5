package main

import (
	"context"
	"fmt"
	"io"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/lessons"
	"github.com/shinan-alliance/alliance/pack"
	"github.com/shinan-alliance/alliance/store"
)

func newPackGroup(out io.Writer) Command {
	return &group{out: out, name: "pack", summary: "check a content pack, or import one into a kiosk database",
		commands: []func(io.Writer) Command{newPackCheckCommand, newPackImportCommand}}
}

// PackCheckCommand validates a content pack.
type PackCheckCommand struct {
	base
}

func newPackCheckCommand(out io.Writer) Command {
	return &PackCheckCommand{base: newBase(out, "pack check", "DIR",
		"validate; every problem as file:line: what is wrong",
		`Checks a content pack folder the way the hub and every kiosk check it
before importing (what pack check accepts imports everywhere), and counts
what it holds. The format is described in package pack (pack/doc.go).`)}
}

// Run implements Command.
func (c *PackCheckCommand) Run(ctx context.Context, args []string) error {
	if err := c.flags.Parse(args); err != nil {
		return err
	}
	p, err := pack.CheckDir(ctx, c.flags.Arg(0))
	if err != nil {
		return err
	}
	fmt.Fprintf(c.out, "%s version %d: ok: %d accounts, %d posts, %d places, %d phone numbers, %d events, %d media files\n",
		p.Manifest.ID, p.Manifest.Version, len(p.Accounts), len(p.Posts), len(p.Places), len(p.Directory), len(p.Events), len(p.Blobs))
	return nil
}

// PackImportCommand imports a content pack into a kiosk database.
type PackImportCommand struct {
	base
	db    string
	force bool
}

func newPackImportCommand(out io.Writer) Command {
	c := &PackImportCommand{base: newBase(out, "pack import", "DIR",
		"import into a kiosk database (all or nothing)",
		`For a kiosk without a hub: the pack is checked whole, then imported in one
transaction. The database is made if missing.`)}
	kioskDBFlag(c.flags, &c.db)
	forceFlag(c.flags, &c.force)
	return c
}

// Run implements Command.
func (c *PackImportCommand) Run(ctx context.Context, args []string) error {
	if err := c.flags.Parse(args); err != nil {
		return err
	}
	return importPack(ctx, c.out, c.flags.Arg(0), c.force, func() (packDB, error) { return store.Open(c.db) })
}

// packDB is a database content packs are imported into: the hub's, or a
// kiosk's.
type packDB interface {
	PackVersion(ctx context.Context, id string) (int, error)
	ImportPack(ctx context.Context, p *alliance.Pack, opts ...alliance.ImportOption) (alliance.ImportStats, error)
	Close() error
}

// importPack checks the pack in dir whole, then opens the database and
// imports it, and says what changed.
func importPack(ctx context.Context, out io.Writer, dir string, force bool, open func() (packDB, error)) error {
	p, err := pack.LoadDir(ctx, dir)
	if err != nil {
		return err
	}
	db, err := open()
	if err != nil {
		return err
	}
	defer db.Close()
	prev, err := db.PackVersion(ctx, p.Manifest.ID)
	if err != nil {
		return err
	}
	var opts []alliance.ImportOption
	if force {
		opts = append(opts, alliance.AllowOlder)
	}
	st, err := db.ImportPack(ctx, p, opts...)
	if err != nil {
		return err
	}
	reportImport(out, p, prev, st)
	return nil
}

// forceFlag adds the --force flag of the import commands.
func forceFlag(f *Flags, p *bool) {
	f.BoolVar(p, "force", false, "import a pack older than the version imported before (a roll-back)")
}

// reportImport prints what an import changed, and says so when it changed
// a version imported before or went back to an older one.
func reportImport(out io.Writer, p *alliance.Pack, prev int, st alliance.ImportStats) {
	m := p.Manifest
	fmt.Fprintf(out, "%s version %d: %s\n", m.ID, m.Version, st)
	switch {
	case prev > m.Version:
		fmt.Fprintf(out, "note: rolled back from version %d (--force)\n", prev)
	case prev == m.Version && st.Changed():
		fmt.Fprintf(out, "note: version %d was imported before, and this import changed it: give every release a new version\n", prev)
	}
}

func newLessonsGroup(out io.Writer) Command {
	return &group{out: out, name: "lessons", summary: "check smartphone lessons",
		commands: []func(io.Writer) Command{newLessonsCheckCommand}}
}

// LessonsCheckCommand validates lessons.
type LessonsCheckCommand struct {
	base
}

func newLessonsCheckCommand(out io.Writer) Command {
	return &LessonsCheckCommand{base: newBase(out, "lessons check", "DIR",
		"validate a lesson folder, or a folder of lessons",
		`Every problem is reported as file:line: what is wrong. Lessons last
checked against real phones more than a year ago are listed as warnings:
trainers see them marked too. The format is described in package lessons.`)}
}

// Run implements Command.
func (c *LessonsCheckCommand) Run(ctx context.Context, args []string) error {
	if err := c.flags.Parse(args); err != nil {
		return err
	}
	dir := c.flags.Arg(0)
	// The lesson loader reads through safefs: a link, a pipe or a device
	// in the folder is refused, never followed or waited on.
	warnings, err := lessons.CheckContext(ctx, dir)
	if err != nil {
		return err
	}
	// Lessons checked against their phones more than a year ago may be
	// stale: trainers see them marked, and whoever checks the folder too.
	for _, w := range warnings {
		fmt.Fprintf(c.out, "warning: %s\n", w)
	}
	fmt.Fprintf(c.out, "%s: ok\n", dir)
	return nil
}
