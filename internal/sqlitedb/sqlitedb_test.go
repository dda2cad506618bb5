package sqlitedb_test

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"testing/fstest"
	"time"

	"github.com/shinan-alliance/alliance/internal/sqlitedb"
)

const testID = 0x54455354 // "TEST"

func testSchema(t *testing.T) sqlitedb.Schema {
	t.Helper()
	ms, err := sqlitedb.Load(fstest.MapFS{
		"m/0001_first.sql":  {Data: []byte("CREATE TABLE a (x INTEGER);")},
		"m/0002_second.sql": {Data: []byte("CREATE TABLE b (y TEXT);")},
	}, "m")
	if err != nil {
		t.Fatal(err)
	}
	return sqlitedb.Schema{ApplicationID: testID, Migrations: ms}
}

func open(t *testing.T, path string, s sqlitedb.Schema, o sqlitedb.Options) *sqlitedb.DB {
	t.Helper()
	db, err := sqlitedb.Open(path, s, o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func version(t *testing.T, db *sqlitedb.DB) int {
	t.Helper()
	var v int
	if err := db.Read.QueryRow("PRAGMA user_version").Scan(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

func TestLoadWantsNumbersInOrder(t *testing.T) {
	_, err := sqlitedb.Load(fstest.MapFS{
		"m/0001_a.sql": {Data: []byte("SELECT 1")},
		"m/0003_c.sql": {Data: []byte("SELECT 1")},
	}, "m")
	if err == nil || !strings.Contains(err.Error(), "0003_c.sql") {
		t.Errorf("a gap in the numbers: got %v, want an error naming 0003_c.sql", err)
	}
}

// A Go step runs in the same transaction as the SQL before it and the
// version bump: if it fails, none of the three happened.
func TestGoMigrationStep(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "x.db")
	s := testSchema(t)
	db := open(t, path, s, sqlitedb.Options{Create: true})
	if _, err := db.Write.Exec("INSERT INTO b (y) VALUES ('one'), ('two')"); err != nil {
		t.Fatal(err)
	}
	db.Close()

	failing := s
	failing.Migrations = append(append([]sqlitedb.Migration{}, s.Migrations...), sqlitedb.Migration{
		Name: "0003_reencode",
		SQL:  "ALTER TABLE b ADD COLUMN z TEXT NOT NULL DEFAULT ''",
		Go: func(ctx context.Context, tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, "UPDATE b SET z = upper(y)"); err != nil {
				return err
			}
			return errors.New("the data cannot be re-encoded")
		},
	})
	if _, err := sqlitedb.Open(path, failing, sqlitedb.Options{}); err == nil || !strings.Contains(err.Error(), "0003_reencode") {
		t.Fatalf("a failing Go step: got %v, want an error naming it", err)
	}
	db = open(t, path, s, sqlitedb.Options{})
	if v := version(t, db); v != 2 {
		t.Errorf("after a failed step: version %d, want 2", v)
	}
	if _, err := db.Read.Exec("SELECT z FROM b"); err == nil {
		t.Error("the failed step's SQL was kept")
	}
	db.Close()

	working := s
	working.Migrations = append(append([]sqlitedb.Migration{}, s.Migrations...), sqlitedb.Migration{
		Name: "0003_reencode",
		SQL:  "ALTER TABLE b ADD COLUMN z TEXT NOT NULL DEFAULT ''",
		Go: func(ctx context.Context, tx *sql.Tx) error {
			rows, err := tx.QueryContext(ctx, "SELECT rowid, y FROM b")
			if err != nil {
				return err
			}
			type row struct {
				id int64
				y  string
			}
			var rs []row
			for rows.Next() {
				var r row
				if err := rows.Scan(&r.id, &r.y); err != nil {
					rows.Close()
					return err
				}
				rs = append(rs, r)
			}
			rows.Close()
			for _, r := range rs {
				if _, err := tx.ExecContext(ctx, "UPDATE b SET z = ? WHERE rowid = ?", strings.ToUpper(r.y), r.id); err != nil {
					return err
				}
			}
			return nil
		},
	})
	db = open(t, path, working, sqlitedb.Options{})
	if v := version(t, db); v != 3 {
		t.Errorf("version %d, want 3", v)
	}
	var got string
	if err := db.Read.QueryRowContext(ctx, "SELECT group_concat(z, ',') FROM (SELECT z FROM b ORDER BY y)").Scan(&got); err != nil || got != "ONE,TWO" {
		t.Errorf("re-encoded: got %q, %v", got, err)
	}
	if err := db.IntegrityCheck(ctx); err != nil {
		t.Error(err)
	}
}

// Nothing this program must not touch is changed, or even opened for
// writing: not another program's database, not a newer one, not a text
// file.
func TestRefusedFilesAreLeftAlone(t *testing.T) {
	dir := t.TempDir()
	s := testSchema(t)

	foreign := filepath.Join(dir, "foreign.db")
	raw, err := sql.Open("sqlite3", foreign) // rollback journal, as most programs leave it
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec("CREATE TABLE notes (x); INSERT INTO notes VALUES ('keep me')"); err != nil {
		t.Fatal(err)
	}
	raw.Close()

	newer := filepath.Join(dir, "newer.db")
	db := open(t, newer, s, sqlitedb.Options{Create: true})
	db.Close()
	raw, _ = sql.Open("sqlite3", newer)
	if _, err := raw.Exec("PRAGMA user_version = 9"); err != nil {
		t.Fatal(err)
	}
	raw.Close()

	text := filepath.Join(dir, "notes.txt")
	os.WriteFile(text, []byte("a shopping list\n"), 0o644)

	for _, tc := range []struct {
		path string
		want error
	}{{foreign, sqlitedb.ErrForeignFile}, {newer, sqlitedb.ErrTooNew}, {text, sqlitedb.ErrForeignFile}} {
		for _, o := range []sqlitedb.Options{{Create: true}, {}, {ReadOnly: true}} {
			before, _ := os.ReadFile(tc.path)
			_, err := sqlitedb.Open(tc.path, s, o)
			if !errors.Is(err, tc.want) || !strings.Contains(err.Error(), tc.path) {
				t.Errorf("%s %+v: got %v, want %v naming the path", filepath.Base(tc.path), o, err, tc.want)
			}
			after, _ := os.ReadFile(tc.path)
			if !bytes.Equal(before, after) {
				t.Errorf("%s %+v: the refused file was changed", filepath.Base(tc.path), o)
			}
			if _, err := os.Stat(tc.path + "-wal"); err == nil {
				t.Errorf("%s %+v: a WAL file appeared beside it", filepath.Base(tc.path), o)
			}
		}
	}
}

// A pipe, a device or a folder is refused at once, without being opened:
// opening a pipe would wait for a writer, for ever.
func TestNonRegularFilesAreRefusedAtOnce(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "kiosk.db")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("no named pipes here:", err)
	}
	s := testSchema(t)
	for _, path := range []string{fifo, os.DevNull, dir} {
		for _, o := range []sqlitedb.Options{{Create: true}, {ReadOnly: true}} {
			done := make(chan error, 1)
			go func() {
				db, err := sqlitedb.Open(path, s, o)
				if err == nil {
					db.Close()
				}
				done <- err
			}()
			select {
			case err := <-done:
				if !errors.Is(err, sqlitedb.ErrNotRegular) || !strings.Contains(err.Error(), path) {
					t.Errorf("%s: got %v, want ErrNotRegular naming the path", path, err)
				}
			case <-time.After(5 * time.Second):
				t.Fatalf("%s: still opening after 5 s", path)
			}
		}
	}
	// SQLite's side files are checked too.
	db := filepath.Join(dir, "other.db")
	if err := syscall.Mkfifo(db+"-wal", 0o600); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(db, nil, 0o600)
	if _, err := sqlitedb.Open(db, s, sqlitedb.Options{Create: true}); !errors.Is(err, sqlitedb.ErrNotRegular) {
		t.Errorf("a pipe as the WAL file: got %v, want ErrNotRegular", err)
	}
}

// Without Create, and when only reading, a missing file stays missing.
func TestOpenWithoutCreateMakesNothing(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "typo.db")
	for _, o := range []sqlitedb.Options{{}, {ReadOnly: true}, {ReadOnly: true, Create: true}} {
		if _, err := sqlitedb.Open(path, testSchema(t), o); !errors.Is(err, sqlitedb.ErrNoDatabase) {
			t.Errorf("%+v: got %v, want ErrNoDatabase", o, err)
		}
		if es, _ := os.ReadDir(dir); len(es) != 0 {
			t.Fatalf("%+v: files appeared: %v", o, es)
		}
	}
	if _, err := sqlitedb.Open(filepath.Join(dir, "no", "x.db"), testSchema(t), sqlitedb.Options{Create: true}); err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Errorf("missing folder: got %v", err)
	}
}

// A read-only open reads, migrates nothing and writes nothing.
func TestReadOnly(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "x.db")
	s := testSchema(t)
	old := s
	old.Migrations = s.Migrations[:1]
	db := open(t, path, old, sqlitedb.Options{Create: true})
	if _, err := db.Write.Exec("INSERT INTO a VALUES (7)"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	before, _ := os.ReadFile(path)

	ro := open(t, path, s, sqlitedb.Options{ReadOnly: true})
	var x int
	if err := ro.Read.QueryRow("SELECT x FROM a").Scan(&x); err != nil || x != 7 {
		t.Errorf("read: got %d, %v", x, err)
	}
	if v := version(t, ro); v != 1 {
		t.Errorf("a read-only open migrated to version %d", v)
	}
	err := ro.Tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.Exec("INSERT INTO a VALUES (8)")
		return err
	})
	if !errors.Is(err, sqlitedb.ErrReadOnly) {
		t.Errorf("a write: got %v, want ErrReadOnly", err)
	}
	ro.Close()
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Error("the database file changed")
	}
}

func TestTxRollsBackOnErrorAndPanic(t *testing.T) {
	ctx := context.Background()
	db := open(t, filepath.Join(t.TempDir(), "x.db"), testSchema(t), sqlitedb.Options{Create: true})
	insert := func(tx *sql.Tx) error {
		_, err := tx.Exec("INSERT INTO a VALUES (1)")
		return err
	}
	if err := db.Tx(ctx, func(tx *sql.Tx) error { insert(tx); return errors.New("no") }); err == nil {
		t.Fatal("the error was lost")
	}
	func() {
		defer func() { recover() }()
		db.Tx(ctx, func(tx *sql.Tx) error { insert(tx); panic("boom") })
	}()
	var n int
	db.Read.QueryRow("SELECT count(*) FROM a").Scan(&n)
	if n != 0 {
		t.Errorf("%d rows kept from failed transactions", n)
	}
	// The writer is free again.
	if err := db.Tx(ctx, insert); err != nil {
		t.Fatal(err)
	}
}
