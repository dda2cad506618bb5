package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/shinan-alliance/alliance/hub"
)

// BackupCommand copies the hub database while it serves.
type BackupCommand struct {
	base
	db   string
	keep int
}

func newBackupCommand(out io.Writer) Command {
	c := &BackupCommand{base: newBase(out, "backup", "DEST",
		"write a consistent copy of the hub database, while the hub serves",
		`DEST is a new file, or a folder: the copy is then named
hub-YYYYMMDD-HHMMSS.db in it, and --keep removes the oldest such copies.
The copy is one moment's snapshot (SQLite's VACUUM INTO on a read
transaction: syncs go on meanwhile), checked (integrity, hub database)
before it is given its name. Restore one with alliance-sync restore.
Kiosks need no backup: they mirror the hub, and keep what residents
entered until the hub has it.`)}
	hubDBFlag(c.flags, &c.db)
	c.flags.IntVar(&c.keep, "keep", 0, "with a folder: keep this many newest backups in it, remove older ones (0: keep all)")
	return c
}

// Run implements Command.
func (c *BackupCommand) Run(ctx context.Context, args []string) error {
	if err := c.flags.Parse(args); err != nil {
		return err
	}
	dest := c.flags.Arg(0)
	dir := ""
	if st, err := os.Stat(dest); err == nil && st.IsDir() {
		dir = dest
		dest = filepath.Join(dir, "hub-"+time.Now().Format("20060102-150405")+".db")
	} else if c.keep > 0 {
		return fmt.Errorf("--keep needs DEST to be a folder")
	}
	return withHub(c.db, func(db *hub.DB) error {
		info, err := db.BackupFile(ctx, dest)
		if err != nil {
			return err
		}
		fmt.Fprintf(c.out, "Backed up %s to %s: %s, change log %s up to %d, %d records, %d kiosks, in %s.\n",
			c.db, info.Path, sizeText(info.Bytes), info.LogID, info.LogEnd, info.Records, info.Kiosks, info.Took.Round(time.Millisecond))
		if dir != "" && c.keep > 0 {
			removed, err := pruneBackups(dir, c.keep)
			for _, r := range removed {
				fmt.Fprintf(c.out, "Removed the older backup %s.\n", r)
			}
			return err
		}
		return nil
	})
}

// pruneBackups removes all but the keep newest hub-*.db files in dir.
func pruneBackups(dir string, keep int) ([]string, error) {
	names, err := filepath.Glob(filepath.Join(dir, "hub-*.db"))
	if err != nil {
		return nil, err
	}
	sort.Strings(names) // the names sort by time
	var removed []string
	for len(names) > keep {
		if err := os.Remove(names[0]); err != nil {
			return removed, err
		}
		removed, names = append(removed, names[0]), names[1:]
	}
	return removed, nil
}

func sizeText(n int64) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%d KB", (n+1023)/1024)
}

// RestoreCommand puts a backup in place of the hub database.
type RestoreCommand struct {
	base
	db    string
	check bool
}

func newRestoreCommand(out io.Writer) Command {
	c := &RestoreCommand{base: newBase(out, "restore", "BACKUP",
		"check a backup and restore it as the hub database (the hub stopped)",
		`Checks BACKUP (a hub database, whole, of a schema this program knows),
brings its schema up to date, and gives its change log a new id: every
kiosk then starts afresh from a snapshot and pushes again every record it
still holds, so records the hub acknowledged after the backup was taken
come back, each once. The database it replaces is kept beside it as
DB.before-restore-TIME. The hub must be stopped (systemctl stop
alliance-hub); start it again afterwards. --check only checks the backup.`)}
	hubDBFlag(c.flags, &c.db)
	c.flags.BoolVar(&c.check, "check", false, "only check the backup and say what it holds; change nothing")
	return c
}

// Run implements Command.
func (c *RestoreCommand) Run(ctx context.Context, args []string) error {
	if err := c.flags.Parse(args); err != nil {
		return err
	}
	backup := c.flags.Arg(0)
	if c.check {
		info, err := hub.CheckBackup(ctx, backup)
		if err != nil {
			return err
		}
		fmt.Fprintf(c.out, "%s is a good hub backup: %s, change log %s up to %d, %d records, %d kiosks.\n",
			backup, sizeText(info.Bytes), info.LogID, info.LogEnd, info.Records, info.Kiosks)
		return nil
	}
	if abs1, _ := filepath.Abs(backup); strings.EqualFold(abs1, mustAbs(c.db)) {
		return fmt.Errorf("restore: %s is the hub database itself", backup)
	}
	release, err := hub.LockServing(c.db)
	if err != nil {
		return err
	}
	defer release()
	info, err := hub.Restore(ctx, backup, c.db)
	if err != nil {
		return err
	}
	fmt.Fprintf(c.out, "Restored %s from %s: %d records, %d kiosks; change log %s is now %s, so every kiosk resets and pushes again what it holds.\n",
		c.db, backup, info.Records, info.Kiosks, info.LogID, info.NewLogID)
	if info.SavedAs != "" {
		fmt.Fprintf(c.out, "The database it replaced is kept as %s.\n", info.SavedAs)
	}
	fmt.Fprintln(c.out, "Start the hub again: systemctl start alliance-hub (or alliance-sync serve).")
	return nil
}

func mustAbs(p string) string {
	a, err := filepath.Abs(p)
	if err != nil {
		return p
	}
	return a
}
