package hub

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/shinan-alliance/alliance/internal/sqlitedb"
)

// Backups. A hub's database is copied while it serves with SQLite's
// VACUUM INTO, run on a read connection: the copy is one consistent
// snapshot (a read transaction of its own, WAL lets writers go on),
// compact, and a database in its own right. It is written beside the
// destination under a temporary name, checked (PRAGMA integrity_check,
// the hub's application id), synced to disk and only then renamed into
// place, so a backup file is either whole or absent.
//
// A restore checks a backup the same way, brings its schema up to date,
// gives its change log a new id (RotateLogID: kiosks whose cursors count
// in changes the backup never saw start afresh, and push again every
// record they hold; the hub keeps each once), keeps the database it
// replaces beside it, and swaps the files while no hub serves them.

// BackupInfo describes a backup taken or restored.
type BackupInfo struct {
	Path    string
	Bytes   int64
	LogID   string
	LogEnd  int64 // the last sequence of its change log
	Records int   // residents' records it holds
	Kiosks  int
	Took    time.Duration
}

// BackupFile writes a consistent copy of the database to dest, which must
// not exist yet, while the hub goes on serving.
func (db *DB) BackupFile(ctx context.Context, dest string) (BackupInfo, error) {
	t0 := time.Now()
	if _, err := os.Lstat(dest); err == nil {
		return BackupInfo{}, fmt.Errorf("backup: %s exists already; choose a new name", dest)
	}
	dir := filepath.Dir(dest)
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return BackupInfo{}, fmt.Errorf("backup: folder %s does not exist", dir)
	}
	suffix := make([]byte, 6)
	rand.Read(suffix)
	tmp := dest + ".tmp-" + hex.EncodeToString(suffix)
	defer os.Remove(tmp)
	// A connection of its own, read-only (the read pool's are query-only,
	// which VACUUM INTO refuses): VACUUM INTO reads in one transaction, a
	// snapshot of a moment, while the writer goes on.
	p := strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(db.Path)
	src, err := sql.Open("sqlite3", "file:"+p+"?mode=ro&_busy_timeout=10000")
	if err != nil {
		return BackupInfo{}, fmt.Errorf("backup: %w", err)
	}
	_, err = src.ExecContext(ctx, "VACUUM INTO ?", tmp)
	src.Close()
	if err != nil {
		return BackupInfo{}, fmt.Errorf("backup to %s: %w", dest, sqlitedb.Explain(err))
	}
	info, err := CheckBackup(ctx, tmp)
	if err != nil {
		return BackupInfo{}, fmt.Errorf("backup to %s: the copy does not check: %w", dest, err)
	}
	if err := syncFile(tmp); err != nil {
		return BackupInfo{}, fmt.Errorf("backup: %w", err)
	}
	if err := os.Link(tmp, dest); err != nil { // fails rather than replace a file made meanwhile
		return BackupInfo{}, fmt.Errorf("backup: %w", err)
	}
	syncDir(dir)
	info.Path, info.Took = dest, time.Since(t0)
	return info, nil
}

// CheckBackup checks a backup file without changing it: a hub database
// (application id), of a schema this program knows, whole (PRAGMA
// integrity_check), and says what it holds.
func CheckBackup(ctx context.Context, path string) (BackupInfo, error) {
	st, err := os.Stat(path)
	if err != nil {
		return BackupInfo{}, err
	}
	if _, err := os.Stat(path + "-wal"); err == nil {
		return BackupInfo{}, fmt.Errorf("%s has a -wal file beside it: it is a live database, not a backup (copy it with alliance-sync backup)", path)
	}
	sdb, err := sqlitedb.Open(path, schema, sqlitedb.Options{What: "hub backup", ReadOnly: true, Readers: 1})
	if err != nil {
		return BackupInfo{}, err
	}
	defer sdb.Close()
	if err := sdb.IntegrityCheck(ctx); err != nil {
		return BackupInfo{}, err
	}
	info := BackupInfo{Path: path, Bytes: st.Size()}
	if info.LogID, err = getMeta(ctx, sdb.Read, "log_id"); err != nil {
		return info, err
	}
	if info.LogID == "" {
		return info, fmt.Errorf("%s has no change log id: not a hub database that ever served", path)
	}
	if info.LogEnd, err = logEnd(ctx, sdb.Read); err != nil {
		return info, err
	}
	if err := sdb.Read.QueryRowContext(ctx, "SELECT count(*) FROM records").Scan(&info.Records); err != nil {
		return info, err
	}
	if err := sdb.Read.QueryRowContext(ctx, "SELECT count(*) FROM kiosks").Scan(&info.Kiosks); err != nil {
		return info, err
	}
	return info, nil
}

// RestoreInfo says what a restore did.
type RestoreInfo struct {
	BackupInfo
	NewLogID string
	// SavedAs is where the database that was replaced now is ("" if
	// there was none).
	SavedAs string
}

// Restore replaces the hub database at dbPath with a copy of the backup,
// after checking it. No hub may serve dbPath meanwhile (LockServing). The
// replaced database is kept as dbPath.before-restore-TIME.
func Restore(ctx context.Context, backup, dbPath string) (RestoreInfo, error) {
	info, err := CheckBackup(ctx, backup)
	if err != nil {
		return RestoreInfo{}, fmt.Errorf("restore: %w", err)
	}
	out := RestoreInfo{BackupInfo: info}
	tmp := dbPath + ".restoring"
	for _, f := range []string{tmp, tmp + "-wal", tmp + "-shm"} {
		os.Remove(f)
	}
	if err := copyFile(backup, tmp); err != nil {
		return out, fmt.Errorf("restore: %w", err)
	}
	db, err := Open(tmp) // brings an older backup's schema up to date
	if err != nil {
		os.Remove(tmp)
		return out, fmt.Errorf("restore: %w", err)
	}
	if err := db.RotateLogID(ctx); err != nil {
		db.Close()
		os.Remove(tmp)
		return out, fmt.Errorf("restore: new change log id: %w", err)
	}
	if out.NewLogID, err = db.LogID(ctx); err != nil {
		db.Close()
		return out, err
	}
	if _, err := db.write.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		db.Close()
		return out, fmt.Errorf("restore: %w", err)
	}
	if err := db.Close(); err != nil {
		return out, fmt.Errorf("restore: %w", err)
	}
	if err := syncFile(tmp); err != nil {
		return out, err
	}
	if _, err := os.Stat(dbPath); err == nil {
		out.SavedAs = dbPath + ".before-restore-" + time.Now().Format("20060102T150405")
		for _, suffix := range []string{"", "-wal", "-shm"} {
			if err := os.Rename(dbPath+suffix, out.SavedAs+suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
				return out, fmt.Errorf("restore: keep the replaced database: %w", err)
			}
		}
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		os.Remove(tmp + suffix)
	}
	if err := os.Rename(tmp, dbPath); err != nil {
		return out, fmt.Errorf("restore: %w", err)
	}
	syncDir(filepath.Dir(dbPath))
	out.Path = dbPath
	return out, nil
}

// LockServing takes the lock a serving hub holds on its database (a file
// beside it, dbPath.lock): a second hub on the same database, or a restore
// under a running hub, is refused. The lock goes with the process.
func LockServing(dbPath string) (release func(), err error) {
	f, err := os.OpenFile(dbPath+".lock", os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", dbPath, err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("%s is in use by a running hub (alliance-sync serve): stop it first (systemctl stop alliance-hub)", dbPath)
		}
		return nil, fmt.Errorf("lock %s: %w", dbPath, err)
	}
	return func() { f.Close() }, nil
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		os.Remove(dst)
		return err
	}
	return errors.Join(out.Sync(), out.Close())
}

func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	return errors.Join(f.Sync(), f.Close())
}

func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}
