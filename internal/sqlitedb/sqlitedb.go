package sqlitedb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"

	"github.com/mattn/go-sqlite3"
)

// Migration is one numbered schema step. SQL runs first, then Go, in one
// transaction with the version bump.
type Migration struct {
	Name string
	SQL  string
	Go   func(ctx context.Context, tx *sql.Tx) error
}

// Load reads numbered migration files (0001_name.sql, 0002_name.sql …) from
// dir in fsys, in order; the numbers must run 1, 2, 3 … without a gap.
func Load(fsys fs.FS, dir string) ([]Migration, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("read migrations: %w", err)
	}
	type numbered struct {
		n int
		m Migration
	}
	var ns []numbered
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".sql") {
			continue
		}
		n, err := strconv.Atoi(strings.SplitN(e.Name(), "_", 2)[0])
		if err != nil {
			return nil, fmt.Errorf("migration without a number: %s", e.Name())
		}
		b, err := fs.ReadFile(fsys, dir+"/"+e.Name())
		if err != nil {
			return nil, fmt.Errorf("read migration %s: %w", e.Name(), err)
		}
		ns = append(ns, numbered{n, Migration{Name: e.Name(), SQL: string(b)}})
	}
	sort.Slice(ns, func(i, j int) bool { return ns[i].n < ns[j].n })
	out := make([]Migration, len(ns))
	for i, x := range ns {
		if x.n != i+1 {
			return nil, fmt.Errorf("migrations must be numbered 1, 2, 3…: %s", x.m.Name)
		}
		out[i] = x.m
	}
	return out, nil
}

// MustLoad is Load for embedded files, which cannot fail at run time.
func MustLoad(fsys fs.FS, dir string) []Migration {
	ms, err := Load(fsys, dir)
	if err != nil {
		panic(err)
	}
	return ms
}

// Schema is what a program keeps in its databases.
type Schema struct {
	// ApplicationID marks the program's databases (PRAGMA application_id).
	ApplicationID uint32
	Migrations    []Migration
}

// Options say how to open.
type Options struct {
	// What names the database in errors: "database", "hub database".
	What string
	// Create makes a new database when the file does not exist.
	Create bool
	// ReadOnly writes nothing at all: no migration, no WAL switch.
	ReadOnly bool
	// Target migrates only up to this version (0: all, -1: none); tests
	// use it to make databases as earlier versions of a program did.
	Target int
	// Readers is the size of the read pool (default 4).
	Readers int
}

// Errors Open returns, wrapped with the path.
var (
	// ErrForeignFile: the path holds something this program did not
	// create; it is left untouched.
	ErrForeignFile = errors.New("not a database of this program")
	// ErrTooNew: the database was written by a newer version.
	ErrTooNew = errors.New("database is from a newer version of this program")
	// ErrNotRegular: the path is a folder, a pipe, a device or a socket.
	ErrNotRegular = errors.New("not a regular file")
	// ErrNoDatabase: nothing at the path, and Create was not given.
	ErrNoDatabase = errors.New("no database there")
	// ErrDiskFull: a write failed for lack of space.
	ErrDiskFull = errors.New("disk full")
	// ErrReadOnly: the database cannot be written.
	ErrReadOnly = errors.New("database is read-only")
)

// DB is an open database: one writer connection and a read pool.
type DB struct {
	Path  string
	Write *sql.DB // one connection, immediate transactions
	Read  *sql.DB // query-only pool
	what  string
}

// Open checks the file at path, opens it, and (unless ReadOnly) brings its
// schema up to date.
func Open(path string, s Schema, o Options) (*DB, error) {
	if o.What == "" {
		o.What = "database"
	}
	if path == "" {
		return nil, fmt.Errorf("open %s: no path given", o.What)
	}
	exists, err := CheckFile(path, s.ApplicationID, len(s.Migrations))
	if err != nil {
		return nil, fmt.Errorf("open %s %s: %w", o.What, path, err)
	}
	if !exists && (!o.Create || o.ReadOnly) {
		return nil, fmt.Errorf("open %s %s: %w", o.What, path, ErrNoDatabase)
	}
	readers := o.Readers
	if readers <= 0 {
		readers = 4
	}
	dsn := func(extra string) string {
		// Characters that mean something in a URI are escaped; the rest of
		// the path is given as it is.
		p := strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(path)
		return "file:" + p + "?_busy_timeout=10000&_foreign_keys=on&_synchronous=FULL" + extra
	}
	db := &DB{Path: path, what: o.What}
	if o.ReadOnly {
		r, err := sql.Open("sqlite3", dsn("&mode=ro&_query_only=1"))
		if err != nil {
			return nil, fmt.Errorf("open %s %s: %w", o.What, path, err)
		}
		r.SetMaxOpenConns(readers)
		db.Read, db.Write = r, r
		if err := db.checkVersion(len(s.Migrations)); err != nil {
			r.Close()
			return nil, err
		}
		return db, nil
	}
	mode := "rw"
	if o.Create {
		mode = "rwc"
	}
	w, err := sql.Open("sqlite3", dsn("&mode="+mode+"&_journal_mode=WAL&_txlock=immediate"))
	if err != nil {
		return nil, fmt.Errorf("open %s %s: %w", o.What, path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetConnMaxIdleTime(0)
	db.Write = w
	target := o.Target
	switch {
	case target < 0:
		target = 0
	case target == 0 || target > len(s.Migrations):
		target = len(s.Migrations)
	}
	if err := db.migrate(s, target); err != nil {
		w.Close()
		return nil, err
	}
	r, err := sql.Open("sqlite3", dsn("&_query_only=1"))
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("open %s %s: %w", o.What, path, err)
	}
	r.SetMaxOpenConns(readers)
	db.Read = r
	return db, nil
}

// Close closes both pools.
func (db *DB) Close() error {
	var errs []error
	if db.Read != nil {
		errs = append(errs, db.Read.Close())
	}
	if db.Write != nil && db.Write != db.Read {
		errs = append(errs, db.Write.Close())
	}
	return errors.Join(errs...)
}

// CheckFile refuses anything at path this program must not touch, before
// SQLite gets a chance to change it, and reports whether a file is there.
// known is the number of migrations the program has: a higher user_version
// is ErrTooNew. The file is opened without blocking and only read.
func CheckFile(path string, appID uint32, known int) (exists bool, err error) {
	st, err := os.Stat(path)
	if errors.Is(err, os.ErrNotExist) {
		dir := filepath.Dir(path)
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			return false, fmt.Errorf("folder %s does not exist", dir)
		}
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if err := regular(st); err != nil {
		return true, err
	}
	// SQLite's own side files must be plain files too, or SQLite would
	// block on them or write through them.
	for _, suffix := range []string{"-wal", "-shm", "-journal"} {
		if st, err := os.Lstat(path + suffix); err == nil {
			if err := regular(st); err != nil {
				return true, fmt.Errorf("%s%s: %w", filepath.Base(path), suffix, err)
			}
		}
	}
	// O_NONBLOCK: should the path have been swapped for a pipe since the
	// Stat, opening it returns at once instead of waiting for a writer.
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return true, err
	}
	defer f.Close()
	if st, err = f.Stat(); err != nil {
		return true, err
	}
	if err := regular(st); err != nil {
		return true, err
	}
	if st.Size() == 0 {
		return true, nil // an empty file is what SQLite itself makes first
	}
	head := make([]byte, 100)
	if _, err := io.ReadFull(f, head); err != nil || string(head[:16]) != "SQLite format 3\x00" {
		return true, fmt.Errorf("the file is not a SQLite database: %w", ErrForeignFile)
	}
	be := func(off int) uint32 {
		return uint32(head[off])<<24 | uint32(head[off+1])<<16 | uint32(head[off+2])<<8 | uint32(head[off+3])
	}
	pages, userVersion, gotID := be(28), be(60), be(68)
	if gotID == 0 && userVersion == 0 && pages <= 1 {
		return true, nil // an empty database: no tables, nothing to damage
	}
	if gotID != appID {
		return true, fmt.Errorf("application id %#x, want %#x: %w", gotID, appID, ErrForeignFile)
	}
	if int64(userVersion) > int64(known) {
		return true, fmt.Errorf("schema version %d, this program knows up to %d: %w", userVersion, known, ErrTooNew)
	}
	return true, nil
}

func regular(st os.FileInfo) error {
	m := st.Mode()
	switch {
	case m.IsRegular():
		return nil
	case m.IsDir():
		return fmt.Errorf("is a folder: %w", ErrNotRegular)
	case m&os.ModeNamedPipe != 0:
		return fmt.Errorf("is a named pipe: %w", ErrNotRegular)
	case m&os.ModeDevice != 0:
		return fmt.Errorf("is a device: %w", ErrNotRegular)
	case m&os.ModeSocket != 0:
		return fmt.Errorf("is a socket: %w", ErrNotRegular)
	case m&os.ModeSymlink != 0:
		return fmt.Errorf("is a symbolic link: %w", ErrNotRegular)
	}
	return ErrNotRegular
}

// checkVersion refuses a database newer than this program, as read through
// a connection (the header on disk may lag behind the WAL).
func (db *DB) checkVersion(known int) error {
	var version int
	if err := db.Write.QueryRow("PRAGMA user_version").Scan(&version); err != nil {
		return fmt.Errorf("open %s %s: %w", db.what, db.Path, Explain(err))
	}
	if version > known {
		return fmt.Errorf("open %s %s: schema version %d, this program knows up to %d: %w", db.what, db.Path, version, known, ErrTooNew)
	}
	return nil
}

func (db *DB) migrate(s Schema, target int) error {
	ctx := context.Background()
	// The header was checked before opening; these read what SQLite sees,
	// which for a WAL database may be newer than the header on disk.
	var version, appID, tables int64
	err := db.Write.QueryRowContext(ctx, "SELECT (SELECT user_version FROM pragma_user_version), (SELECT application_id FROM pragma_application_id), (SELECT count(*) FROM sqlite_schema)").
		Scan(&version, &appID, &tables)
	if err != nil {
		return fmt.Errorf("open %s %s: %w", db.what, db.Path, Explain(err))
	}
	if version > int64(len(s.Migrations)) {
		return fmt.Errorf("open %s %s: schema version %d, this program knows up to %d: %w", db.what, db.Path, version, len(s.Migrations), ErrTooNew)
	}
	if uint32(appID) != s.ApplicationID && (version > 0 || tables > 0) {
		return fmt.Errorf("open %s %s: application id %#x, want %#x: %w", db.what, db.Path, uint32(appID), s.ApplicationID, ErrForeignFile)
	}
	for i := int(version); i < target; i++ {
		m := s.Migrations[i]
		err := db.Tx(ctx, func(tx *sql.Tx) error {
			if m.SQL != "" {
				if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
					return err
				}
			}
			if m.Go != nil {
				if err := m.Go(ctx, tx); err != nil {
					return err
				}
			}
			_, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d; PRAGMA application_id = %d", i+1, int32(s.ApplicationID)))
			return err
		})
		if err != nil {
			return fmt.Errorf("migrate %s to %s: %w", db.Path, m.Name, err)
		}
	}
	return nil
}

// Tx runs fn in an immediate write transaction and commits it; any error,
// and a panic, roll everything back. Errors are explained (see Explain).
func (db *DB) Tx(ctx context.Context, fn func(*sql.Tx) error) (err error) {
	tx, err := db.Write.BeginTx(ctx, nil)
	if err != nil {
		return Explain(err)
	}
	defer func() {
		if p := recover(); p != nil {
			_ = tx.Rollback() // the panic goes on; the rollback's own error adds nothing
			panic(p)
		}
	}()
	if err := fn(tx); err != nil {
		if rerr := tx.Rollback(); rerr != nil && !errors.Is(rerr, sql.ErrTxDone) {
			return errors.Join(Explain(err), fmt.Errorf("roll back: %w", rerr))
		}
		return Explain(err)
	}
	if err := tx.Commit(); err != nil {
		return Explain(err)
	}
	return nil
}

// Explain tags SQLite's storage errors (ErrDiskFull, ErrReadOnly) so callers
// can tell staff what is wrong without parsing messages.
func Explain(err error) error {
	if err == nil || errors.Is(err, ErrDiskFull) || errors.Is(err, ErrReadOnly) {
		return err
	}
	var se sqlite3.Error
	if errors.As(err, &se) {
		switch se.Code {
		case sqlite3.ErrFull:
			return fmt.Errorf("%w: %w", ErrDiskFull, err)
		case sqlite3.ErrReadonly, sqlite3.ErrCantOpen, sqlite3.ErrPerm:
			return fmt.Errorf("%w: %w", ErrReadOnly, err)
		case sqlite3.ErrIoErr:
			if se.ExtendedCode == sqlite3.ErrIoErrWrite || se.ExtendedCode == sqlite3.ErrIoErrFsync {
				return fmt.Errorf("%w: %w", ErrDiskFull, err)
			}
		}
	}
	return err
}

// IntegrityCheck runs PRAGMA integrity_check and returns its verdict, every
// problem it lists.
func (db *DB) IntegrityCheck(ctx context.Context) error {
	rows, err := db.Read.QueryContext(ctx, "PRAGMA integrity_check")
	if err != nil {
		return err
	}
	defer rows.Close()
	var msgs []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return err
		}
		msgs = append(msgs, s)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if len(msgs) == 1 && msgs[0] == "ok" {
		return nil
	}
	return fmt.Errorf("integrity check of %s: %s", db.Path, strings.Join(msgs, "; "))
}
