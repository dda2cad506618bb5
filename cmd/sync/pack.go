package main

import (
	"context"
	"errors"
	"flag"
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

func packCmd(ctx context.Context, args []string, out io.Writer) error {
	if len(args) == 0 {
		return errors.New("usage: pack check DIR | pack import [--force] --db FILE DIR")
	}
	switch args[0] {
	case "check":
		if len(args) != 2 {
			return errors.New("usage: pack check DIR")
		}
		p, err := pack.CheckDir(ctx, args[1])
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "%s version %d: ok: %d accounts, %d posts, %d places, %d phone numbers, %d events, %d media files\n",
			p.Manifest.ID, p.Manifest.Version, len(p.Accounts), len(p.Posts), len(p.Places), len(p.Directory), len(p.Events), len(p.Blobs))
		return nil
	case "import":
		fs := flags("pack import", out)
		dbPath := fs.String("db", "kiosk.db", "kiosk database `file`")
		force := forceFlag(fs)
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		if fs.NArg() != 1 {
			return errors.New("usage: pack import [--force] --db FILE DIR")
		}
		p, err := pack.LoadDir(ctx, fs.Arg(0))
		if err != nil {
			return err
		}
		db, err := store.Open(*dbPath)
		if err != nil {
			return err
		}
		defer db.Close()
		prev, err := db.PackVersion(ctx, p.Manifest.ID)
		if err != nil {
			return err
		}
		st, err := db.ImportPack(ctx, p, importOptions(*force)...)
		if err != nil {
			return err
		}
		reportImport(out, p, prev, st, st.Changed())
		return nil
	}
	return fmt.Errorf("unknown command pack %s", args[0])
}

// forceFlag adds the --force flag of the import commands.
func forceFlag(fs *flag.FlagSet) *bool {
	return fs.Bool("force", false, "import a pack older than the version imported before (a roll-back)")
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

func lessonsCmd(ctx context.Context, args []string, out io.Writer) error {
	if len(args) != 2 || args[0] != "check" {
		return errors.New("usage: lessons check DIR")
	}
	if err := onlyRegularFiles(ctx, args[1]); err != nil {
		return err
	}
	warnings, err := lessons.Check(args[1])
	if err != nil {
		return err
	}
	// Lessons checked against their phones more than a year ago may be
	// stale: trainers see them marked, and whoever checks the folder too.
	for _, w := range warnings {
		fmt.Fprintf(out, "warning: %s\n", w)
	}
	fmt.Fprintf(out, "%s: ok\n", args[1])
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
