// Package store is the kiosk's database: schema, migrations, content import,
// the queries the screens need, Chinese search, and the outbox of records
// residents create.
//
// # Connections
//
// A DB holds two connection pools on one SQLite file in WAL mode:
//
//   - a writer with exactly one connection, whose transactions begin
//     IMMEDIATE: writers queue in Go instead of failing with SQLITE_BUSY
//     halfway through a transaction, and sync, imports and residents'
//     sign-ups never interleave;
//   - a reader pool, opened query-only: WAL lets readers see the last
//     committed state while the writer works, so the screens never wait for
//     a sync to finish.
//
// synchronous=FULL makes every commit durable before it returns: a resident
// is told "saved" only after a commit that survives a power cut.
//
// # Safety of files
//
// Open refuses a file that is not a SQLite database, a database made by
// another program, and one made by a newer version of this program, with an
// error naming the path. It never rewrites or "repairs" such a file.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/mattn/go-sqlite3"
)

// applicationID marks databases this program created ("SNKA").
const applicationID = 0x534e4b41

//go:embed migrations/*.sql
var migrationFS embed.FS

// migration is one numbered schema step.
type migration struct {
	version int
	name    string
	sql     string
}

func migrations() []migration {
	entries, err := migrationFS.ReadDir("migrations")
	if err != nil {
		panic(err)
	}
	var ms []migration
	for _, e := range entries {
		n, err := strconv.Atoi(strings.SplitN(e.Name(), "_", 2)[0])
		if err != nil {
			panic("migration without a number: " + e.Name())
		}
		b, err := migrationFS.ReadFile("migrations/" + e.Name())
		if err != nil {
			panic(err)
		}
		ms = append(ms, migration{version: n, name: e.Name(), sql: string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	for i, m := range ms {
		if m.version != i+1 {
			panic(fmt.Sprintf("migrations must be numbered 1, 2, 3…: %s", m.name))
		}
	}
	return ms
}

// SchemaVersion is the schema version this program writes.
func SchemaVersion() int { return len(migrations()) }

// ErrForeignFile is returned when a path holds something this program did
// not create; the file is left untouched.
var ErrForeignFile = errors.New("not a database of this program")

// ErrTooNew is returned for a database written by a newer version.
var ErrTooNew = errors.New("database is from a newer version of this program")

// DB is the kiosk's database.
type DB struct {
	Path string

	write *sql.DB // one connection, immediate transactions
	read  *sql.DB // query-only pool

	// Now returns the current time; tests replace it.
	Now func() time.Time
}

// Open opens (creating if needed) the database at path and brings its
// schema up to date.
func Open(path string) (*DB, error) {
	return OpenAt(path, SchemaVersion())
}

// OpenAt opens the database and migrates it only up to version target. Tests
// use it to make databases as earlier versions of the program did.
func OpenAt(path string, target int) (*DB, error) {
	if path == "" {
		return nil, fmt.Errorf("open database: no path given")
	}
	if err := checkFile(path); err != nil {
		return nil, err
	}
	dsn := func(extra string) string {
		return "file:" + path + "?_busy_timeout=10000&_foreign_keys=on&_synchronous=FULL" + extra
	}
	w, err := sql.Open("sqlite3", dsn("&_journal_mode=WAL&_txlock=immediate"))
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetConnMaxIdleTime(0)
	db := &DB{Path: path, write: w, Now: time.Now}
	if err := db.migrate(target); err != nil {
		w.Close()
		return nil, err
	}
	r, err := sql.Open("sqlite3", dsn("&_query_only=1"))
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	r.SetMaxOpenConns(4)
	db.read = r
	// The first search would otherwise pay for loading the script tables.
	go foldOnce.Do(loadFoldTable)
	return db, nil
}

// Close closes both pools.
func (db *DB) Close() error {
	var errs []error
	if db.read != nil {
		errs = append(errs, db.read.Close())
	}
	if db.write != nil {
		errs = append(errs, db.write.Close())
	}
	return errors.Join(errs...)
}

// checkFile refuses anything at path that this program must not touch,
// before SQLite gets a chance to change it (switching a file to WAL is a
// write).
func checkFile(path string) error {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		dir := filepath.Dir(path)
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			return fmt.Errorf("open database %s: folder %s does not exist", path, dir)
		}
		return nil
	}
	if err != nil {
		return fmt.Errorf("open database %s: %w", path, err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return fmt.Errorf("open database %s: %w", path, err)
	}
	if st.IsDir() {
		return fmt.Errorf("open database %s: is a folder", path)
	}
	if st.Size() == 0 {
		return nil // an empty file is what SQLite itself makes first
	}
	head := make([]byte, 100)
	if _, err := io.ReadFull(f, head); err != nil || string(head[:16]) != "SQLite format 3\x00" {
		return fmt.Errorf("open database %s: the file is not a SQLite database: %w", path, ErrForeignFile)
	}
	// The application id lives at offset 68, big-endian.
	appID := uint32(head[68])<<24 | uint32(head[69])<<16 | uint32(head[70])<<8 | uint32(head[71])
	userVersion := uint32(head[60])<<24 | uint32(head[61])<<16 | uint32(head[62])<<8 | uint32(head[63])
	pages := uint32(head[28])<<24 | uint32(head[29])<<16 | uint32(head[30])<<8 | uint32(head[31])
	if appID == 0 && userVersion == 0 && pages <= 1 {
		return nil // an empty database: no tables, nothing to damage
	}
	if appID != applicationID {
		return fmt.Errorf("open database %s: application id %#x, want %#x: %w", path, appID, applicationID, ErrForeignFile)
	}
	return nil
}

func (db *DB) migrate(target int) error {
	ctx := context.Background()
	var version int
	if err := db.write.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return fmt.Errorf("open database %s: %w", db.Path, explain(err))
	}
	all := migrations()
	if version > len(all) {
		return fmt.Errorf("open database %s: schema version %d, this program knows up to %d: %w", db.Path, version, len(all), ErrTooNew)
	}
	for _, m := range all[version:target] {
		err := db.tx(ctx, func(tx *sql.Tx) error {
			if _, err := tx.Exec(m.sql); err != nil {
				return err
			}
			if step := goSteps[m.name]; step != nil {
				if err := step(tx); err != nil {
					return err
				}
			}
			_, err := tx.Exec(fmt.Sprintf("PRAGMA user_version = %d; PRAGMA application_id = %d", m.version, applicationID))
			return err
		})
		if err != nil {
			return fmt.Errorf("migrate %s to %s: %w", db.Path, m.name, err)
		}
	}
	return nil
}

// tx runs fn in an immediate write transaction and commits it; any error
// rolls everything back.
func (db *DB) tx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return explain(err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return explain(err)
	}
	if err := tx.Commit(); err != nil {
		return explain(err)
	}
	return nil
}

// ErrDiskFull is returned (wrapped) when a write fails for lack of space.
var ErrDiskFull = errors.New("disk full")

// ErrReadOnly is returned (wrapped) when the database cannot be written.
var ErrReadOnly = errors.New("database is read-only")

// explain tags SQLite's storage errors so callers can tell staff what is
// wrong without parsing messages.
func explain(err error) error {
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

// IntegrityCheck runs PRAGMA integrity_check and returns its verdict.
func (db *DB) IntegrityCheck(ctx context.Context) error {
	rows, err := db.read.QueryContext(ctx, "PRAGMA integrity_check")
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
	if len(msgs) == 1 && msgs[0] == "ok" {
		return rows.Err()
	}
	return fmt.Errorf("integrity check of %s: %s", db.Path, strings.Join(msgs, "; "))
}
