package hub

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"embed"
	"encoding/hex"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/internal/sqlitedb"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// hubApplicationID marks hub databases ("SNKH").
const hubApplicationID = 0x534e4b48

// schema is the hub database's application id and migrations. A migration
// that must re-encode data in Go is appended as
// sqlitedb.Migration{Name: "0002_…", Go: func(ctx, tx) error {…}}.
var schema = sqlitedb.Schema{ApplicationID: hubApplicationID, Migrations: withGoSteps(sqlitedb.MustLoad(migrationFS, "migrations"))}

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

// DB is the hub's database: one writer connection with immediate
// transactions (decisions on capacity must be serial), a pool of readers.
// Opening it checks the file first (package sqlitedb): a foreign file, a
// database from a newer hub, a folder or a pipe is refused unchanged.
type DB struct {
	Path  string
	db    *sqlitedb.DB
	write *sql.DB
	read  *sql.DB
	// Now returns the current time; tests replace it.
	Now func() time.Time
}

// Open opens or creates the hub database at path.
func Open(path string) (*DB, error) {
	sdb, err := sqlitedb.Open(path, schema, sqlitedb.Options{What: "hub database", Create: true, Readers: 8})
	if err != nil {
		return nil, err
	}
	return &DB{Path: path, db: sdb, write: sdb.Write, read: sdb.Read, Now: time.Now}, nil
}

// OpenExisting opens a hub database that must exist already: for commands
// that only use one (kiosks, enroll, reply …), so that a mistyped --db
// makes no new, empty hub.
func OpenExisting(path string) (*DB, error) {
	sdb, err := sqlitedb.Open(path, schema, sqlitedb.Options{What: "hub database", Readers: 8})
	if err != nil {
		return nil, err
	}
	return &DB{Path: path, db: sdb, write: sdb.Write, read: sdb.Read, Now: time.Now}, nil
}

// Close closes the database.
func (db *DB) Close() error { return db.db.Close() }

// tx runs fn in an immediate write transaction; any error rolls it back.
func (db *DB) tx(ctx context.Context, fn func(*sql.Tx) error) error { return db.db.Tx(ctx, fn) }

// IntegrityCheck runs PRAGMA integrity_check on the hub database and
// returns every problem it lists.
func (db *DB) IntegrityCheck(ctx context.Context) error { return db.db.IntegrityCheck(ctx) }

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

// RotateLogID gives the change log a new id: a restored backup must, so
// that every kiosk, whose cursor may count in changes the backup never
// saw, starts afresh from a snapshot and pushes again what it holds.
func (db *DB) RotateLogID(ctx context.Context) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "UPDATE meta SET value = lower(hex(randomblob(8))) WHERE key = 'log_id'")
		return err
	})
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
		c, err := res.RowsAffected()
		if err != nil {
			return err
		}
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
