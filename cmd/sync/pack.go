package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"strings"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/internal/safefs"
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
	flags *Flags
	out   io.Writer
}

func newPackCheckCommand(out io.Writer) Command {
	return &PackCheckCommand{out: out, flags: newFlags(out, "pack check", "DIR",
		"validate; every problem as file:line: what is wrong",
		`Checks a content pack folder the way the hub and every kiosk check it
before importing (what pack check accepts imports everywhere), and counts
what it holds. The format is described in package pack (pack/doc.go).`)}
}

// Flags implements Command.
func (c *PackCheckCommand) Flags() *Flags { return c.flags }

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
	flags *Flags
	out   io.Writer
	db    string
	force bool
}

func newPackImportCommand(out io.Writer) Command {
	c := &PackImportCommand{out: out, flags: newFlags(out, "pack import", "DIR",
		"import into a kiosk database (all or nothing)",
		`For a kiosk without a hub: the pack is checked whole, then imported in one
transaction. The database is made if missing.`)}
	kioskDBFlag(c.flags, &c.db)
	forceFlag(c.flags, &c.force)
	return c
}

// Flags implements Command.
func (c *PackImportCommand) Flags() *Flags { return c.flags }

// Run implements Command.
func (c *PackImportCommand) Run(ctx context.Context, args []string) error {
	if err := c.flags.Parse(args); err != nil {
		return err
	}
	p, err := pack.LoadDir(ctx, c.flags.Arg(0))
	if err != nil {
		return err
	}
	db, err := store.Open(c.db)
	if err != nil {
		return err
	}
	defer db.Close()
	prev, err := db.PackVersion(ctx, p.Manifest.ID)
	if err != nil {
		return err
	}
	st, err := db.ImportPack(ctx, p, importOptions(c.force)...)
	if err != nil {
		return err
	}
	reportImport(c.out, p, prev, st, st.Changed())
	return nil
}

// forceFlag adds the --force flag of the import commands.
func forceFlag(f *Flags, p *bool) {
	f.BoolVar(p, "force", false, "import a pack older than the version imported before (a roll-back)")
}

func importOptions(force bool) []alliance.ImportOption {
	if force {
		return []alliance.ImportOption{alliance.AllowOlder}
	}
	return nil
}

// reportImport prints what an import changed, and says so when it changed
// a version imported before or went back to an older one.
func reportImport(out io.Writer, p *alliance.Pack, prev int, st fmt.Stringer, changed bool) {
	m := p.Manifest
	fmt.Fprintf(out, "%s version %d: %s\n", m.ID, m.Version, st)
	switch {
	case prev > m.Version:
		fmt.Fprintf(out, "note: rolled back from version %d (--force)\n", prev)
	case prev == m.Version && changed:
		fmt.Fprintf(out, "note: version %d was imported before, and this import changed it: give every release a new version\n", prev)
	}
}

func newLessonsGroup(out io.Writer) Command {
	return &group{out: out, name: "lessons", summary: "check smartphone lessons",
		commands: []func(io.Writer) Command{newLessonsCheckCommand}}
}

// LessonsCheckCommand validates lessons.
type LessonsCheckCommand struct {
	flags *Flags
	out   io.Writer
}

func newLessonsCheckCommand(out io.Writer) Command {
	return &LessonsCheckCommand{out: out, flags: newFlags(out, "lessons check", "DIR",
		"validate a lesson folder, or a folder of lessons",
		`Every problem is reported as file:line: what is wrong. Lessons last
checked against real phones more than a year ago are listed as warnings:
trainers see them marked too. The format is described in package lessons.`)}
}

// Flags implements Command.
func (c *LessonsCheckCommand) Flags() *Flags { return c.flags }

// Run implements Command.
func (c *LessonsCheckCommand) Run(ctx context.Context, args []string) error {
	if err := c.flags.Parse(args); err != nil {
		return err
	}
	dir := c.flags.Arg(0)
	if err := onlyRegularFiles(ctx, dir); err != nil {
		return err
	}
	warnings, err := lessons.Check(dir)
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

// onlyRegularFiles refuses a folder holding a symbolic link, a pipe or a
// device: lessons.CheckDir reads through os.DirFS, which follows links, so
// a lesson.yaml linked to /dev/zero would be read until memory runs out.
// (Package pack reads lessons in packs through safefs itself.)
func onlyRegularFiles(ctx context.Context, dir string) error {
	fsys, err := safefs.OpenDir(ctx, dir, pack.MaxLessonFileBytes)
	if err != nil {
		return fmt.Errorf("check lessons: %w", err)
	}
	defer fsys.Close()
	var bad []string
	err = fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if name != "." && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if !d.IsDir() && !d.Type().IsRegular() {
			_, err := fsys.Stat(name)
			bad = append(bad, fmt.Sprintf("%s: %v", filepath.Join(dir, filepath.FromSlash(name)), errors.Unwrap(err)))
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("check lessons: %w", err)
	}
	if len(bad) > 0 {
		return fmt.Errorf("lessons have %d problem(s):\n%s", len(bad), strings.Join(bad, "\n"))
	}
	return nil
}
