// Package hub is the district's central server: its database (the change
// log of published content, enrolled kiosks, records kiosks pushed and the
// decisions taken on them), the websocket sync endpoint, blob serving and
// enrolment. The protocol itself is specified in package wire.
package hub

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	_ "github.com/mattn/go-sqlite3" // the hub's database is SQLite too

	"github.com/shinan-alliance/alliance"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// hubApplicationID marks hub databases ("SNKH").
const hubApplicationID = 0x534e4b48

// DB is the hub's database: one writer connection with immediate
// transactions (decisions on capacity must be serial), a pool of readers.
type DB struct {
	Path  string
	write *sql.DB
	read  *sql.DB
	// Now returns the current time; tests replace it.
	Now func() time.Time
}

// Open opens or creates the hub database at path.
func Open(path string) (*DB, error) {
	dsn := "file:" + path + "?_busy_timeout=10000&_foreign_keys=on&_synchronous=FULL"
	w, err := sql.Open("sqlite3", dsn+"&_journal_mode=WAL&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("open hub database %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	db := &DB{Path: path, write: w, Now: time.Now}
	if err := db.migrate(); err != nil {
		w.Close()
		return nil, err
	}
	r, err := sql.Open("sqlite3", dsn+"&_query_only=1")
	if err != nil {
		w.Close()
		return nil, err
	}
	r.SetMaxOpenConns(8)
	db.read = r
	return db, nil
}

// Close closes the database.
func (db *DB) Close() error {
	return errors.Join(db.read.Close(), db.write.Close())
}

func (db *DB) migrate() error {
	var appID, version int
	if err := db.write.QueryRow("PRAGMA application_id").Scan(&appID); err != nil {
		return fmt.Errorf("open hub database %s: %w", db.Path, err)
	}
	db.write.QueryRow("PRAGMA user_version").Scan(&version)
	var tables int
	db.write.QueryRow("SELECT count(*) FROM sqlite_schema").Scan(&tables)
	if appID != hubApplicationID && (tables > 0 || version > 0) {
		return fmt.Errorf("open hub database %s: not a hub database (application id %#x)", db.Path, appID)
	}
	entries, _ := migrationFS.ReadDir("migrations")
	sort.Slice(entries, func(i, j int) bool { return entries[i].Name() < entries[j].Name() })
	if version > len(entries) {
		return fmt.Errorf("open hub database %s: schema version %d is newer than this program (%d)", db.Path, version, len(entries))
	}
	for i, e := range entries[version:] {
		b, _ := migrationFS.ReadFile("migrations/" + e.Name())
		err := db.tx(context.Background(), func(tx *sql.Tx) error {
			if _, err := tx.Exec(string(b)); err != nil {
				return err
			}
			if step := goSteps[e.Name()]; step != nil {
				if err := step(tx); err != nil {
					return err
				}
			}
			_, err := tx.Exec(fmt.Sprintf("PRAGMA user_version = %d; PRAGMA application_id = %d", version+i+1, hubApplicationID))
			return err
		})
		if err != nil {
			return fmt.Errorf("migrate %s to %s: %w", db.Path, e.Name(), err)
		}
	}
	return nil
}

func (db *DB) tx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// nextSeq returns the next change-log sequence inside a write transaction:
// past every sequence ever used, purged tombstones included, so a kiosk's
// cursor never skips a later change.
func nextSeq(ctx context.Context, tx *sql.Tx) (int64, error) {
	end, err := logEnd(ctx, tx)
	return end + 1, err
}

// putItem records a new state of an item under a new sequence number. An
// empty hash is computed from the data (decisions); tombstones have none.
func putItem(ctx context.Context, tx *sql.Tx, kind alliance.Kind, id, audience, origin, hash string, deleted bool, data []byte) (int64, error) {
	if hash == "" && !deleted {
		h, err := alliance.HashJSON(data)
		if err != nil {
			return 0, err
		}
		hash = h
	}
	seq, err := nextSeq(ctx, tx)
	if err != nil {
		return 0, err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO items (kind, id, seq, audience, origin, hash, deleted, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (kind, id) DO UPDATE SET seq = excluded.seq, audience = excluded.audience, origin = excluded.origin,
			hash = excluded.hash, deleted = excluded.deleted, data = excluded.data`,
		kind, id, seq, audience, origin, hash, deleted, data)
	return seq, err
}

func getMeta(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}, key string) (string, error) {
	var v string
	err := q.QueryRowContext(ctx, "SELECT value FROM meta WHERE key = ?", key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return v, err
}

func setMeta(ctx context.Context, tx *sql.Tx, key, value string) error {
	_, err := tx.ExecContext(ctx, "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", key, value)
	return err
}

// LogID identifies this hub's change log. A kiosk whose cursor was given
// by another log (a hub database started afresh, or restored from a
// backup and given a new id) is sent a reset rather than trusted.
func (db *DB) LogID(ctx context.Context) (string, error) {
	return getMeta(ctx, db.read, "log_id")
}

// Horizon is the oldest cursor the hub can continue from: tombstones older
// than it were purged, so a kiosk behind it gets a reset and a snapshot.
func (db *DB) Horizon(ctx context.Context) (int64, error) {
	v, err := getMeta(ctx, db.read, "horizon")
	if err != nil || v == "" {
		return 0, err
	}
	return strconv.ParseInt(v, 10, 64)
}

// PurgeTombstones forgets tombstones older than before and moves the
// horizon, so the change log does not grow forever.
func (db *DB) PurgeTombstones(ctx context.Context, before time.Duration) (int, error) {
	var n int
	err := db.tx(ctx, func(tx *sql.Tx) error {
		// Tombstones carry their deletion time in data.
		cut := db.Now().Add(-before).Unix()
		var maxSeq sql.NullInt64
		if err := tx.QueryRowContext(ctx, "SELECT max(seq) FROM items WHERE deleted = 1 AND CAST(data AS INTEGER) < ?", cut).Scan(&maxSeq); err != nil {
			return err
		}
		if !maxSeq.Valid {
			return nil
		}
		res, err := tx.ExecContext(ctx, "DELETE FROM items WHERE deleted = 1 AND seq <= ?", maxSeq.Int64)
		if err != nil {
			return err
		}
		c, _ := res.RowsAffected()
		n = int(c)
		return setMeta(ctx, tx, "horizon", strconv.FormatInt(maxSeq.Int64, 10))
	})
	return n, err
}

func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// normalizeCode lets staff type an enrolment code in any case, with or
// without the dash.
func normalizeCode(code string) string {
	return strings.ToUpper(strings.NewReplacer("-", "", " ", "").Replace(code))
}
