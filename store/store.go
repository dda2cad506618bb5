package store

import (
	"context"
	"database/sql"
	"embed"
	"log/slog"
	"time"

	"github.com/shinan-alliance/alliance/internal/sqlitedb"
)

// applicationID marks databases this program created ("SNKA").
const applicationID = 0x534e4b41

//go:embed migrations/*.sql
var migrationFS embed.FS

// schema is the kiosk database's application id and migrations.
var schema = sqlitedb.Schema{ApplicationID: applicationID, Migrations: withGoSteps(sqlitedb.MustLoad(migrationFS, "migrations"))}

// withGoSteps gives the migrations in goSteps their Go step, run after
// their SQL in the same transaction.
func withGoSteps(ms []sqlitedb.Migration) []sqlitedb.Migration {
	for i := range ms {
		if step := goSteps[ms[i].Name]; step != nil {
			ms[i].Go = func(_ context.Context, tx *sql.Tx) error { return step(tx) }
		}
	}
	return ms
}

// SchemaVersion is the schema version this program writes.
func SchemaVersion() int { return len(schema.Migrations) }

// Errors from Open and from writes, for errors.Is.
var (
	// ErrForeignFile is returned when a path holds something this program
	// did not create; the file is left untouched.
	ErrForeignFile = sqlitedb.ErrForeignFile
	// ErrTooNew is returned for a database written by a newer version.
	ErrTooNew = sqlitedb.ErrTooNew
	// ErrNotRegular is returned for a folder, pipe, device or socket.
	ErrNotRegular = sqlitedb.ErrNotRegular
	// ErrNoDatabase is returned by OpenExisting and OpenReadOnly when the
	// file does not exist; nothing is created.
	ErrNoDatabase = sqlitedb.ErrNoDatabase
	// ErrDiskFull is returned (wrapped) when a write fails for lack of space.
	ErrDiskFull = sqlitedb.ErrDiskFull
	// ErrReadOnly is returned (wrapped) when the database cannot be written.
	ErrReadOnly = sqlitedb.ErrReadOnly
)

// DB is the kiosk's database.
type DB struct {
	Path string

	db    *sqlitedb.DB
	write *sql.DB // one connection, immediate transactions
	read  *sql.DB // query-only pool

	// Now returns the current time: the kiosk's clock corrected to the
	// hub's (see RecordHubTime); before the first sync, LocalNow. Tests
	// replace it.
	Now func() time.Time
	// LocalNow is the kiosk's own clock; tests replace it.
	LocalNow func() time.Time

	clock hubClock
}

// Open opens (creating if needed) the database at path and brings its
// schema up to date.
func Open(path string) (*DB, error) {
	return open(path, sqlitedb.Options{Create: true})
}

// OpenAt opens the database and migrates it only up to version target. Tests
// use it to make databases as earlier versions of the program did.
func OpenAt(path string, target int) (*DB, error) {
	if target <= 0 {
		// Version 0: a new, empty database file and nothing in it.
		return open(path, sqlitedb.Options{Create: true, Target: -1})
	}
	return open(path, sqlitedb.Options{Create: true, Target: target})
}

// OpenExisting opens a database that must already exist (a command given a
// mistyped path creates nothing) and brings its schema up to date.
func OpenExisting(path string) (*DB, error) {
	return open(path, sqlitedb.Options{})
}

// OpenReadOnly opens an existing database to read it, writing nothing to
// it: no migration, no change of journal mode. Every write fails with
// ErrReadOnly.
func OpenReadOnly(path string) (*DB, error) {
	return open(path, sqlitedb.Options{ReadOnly: true})
}

func open(path string, o sqlitedb.Options) (*DB, error) {
	o.What = "database"
	sdb, err := sqlitedb.Open(path, schema, o)
	if err != nil {
		return nil, err
	}
	if !o.ReadOnly {
		if err := ensureSyncFile(path); err != nil {
			slog.Warn("no room kept for the last sync's outcome", "path", syncFilePath(path), "err", err)
		}
	}
	db := &DB{Path: path, db: sdb, write: sdb.Write, read: sdb.Read, LocalNow: time.Now}
	db.Now = db.hubNow
	return db, nil
}

// Close closes both pools.
func (db *DB) Close() error { return db.db.Close() }

// tx runs fn in an immediate write transaction and commits it; any error
// rolls everything back.
func (db *DB) tx(ctx context.Context, fn func(*sql.Tx) error) error { return db.db.Tx(ctx, fn) }

// IntegrityCheck runs PRAGMA integrity_check and returns its verdict.
func (db *DB) IntegrityCheck(ctx context.Context) error { return db.db.IntegrityCheck(ctx) }
