package hub

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/wire"
)

// ImportStats counts what a pack import changed in the change log.
type ImportStats struct {
	Added, Updated, Deleted, Unchanged int
}

func (s ImportStats) String() string {
	return fmt.Sprintf("%d added, %d updated, %d deleted, %d unchanged", s.Added, s.Updated, s.Deleted, s.Unchanged)
}

// ImportPack publishes a validated pack: every new or changed record becomes
// one change-log entry, every record the pack held before and holds no more
// becomes a tombstone, and unchanged records write nothing. One transaction.
// A pack older than the one imported before, or holding another pack's
// records, is refused (alliance.Pack.CheckImport; opts relax the first).
func (db *DB) ImportPack(ctx context.Context, p *alliance.Pack, opts ...alliance.ImportOption) (ImportStats, error) {
	var st ImportStats
	origin := "pack:" + p.Manifest.ID
	err := db.tx(ctx, func(tx *sql.Tx) error {
		if err := checkImport(ctx, tx, p, opts); err != nil {
			return err
		}
		firstKey := "pack_first:" + p.Manifest.ID
		first, err := getMeta(ctx, tx, firstKey)
		if err != nil {
			return err
		}
		base := db.Now()
		if first != "" {
			n, _ := strconv.ParseInt(first, 10, 64)
			base = time.Unix(n, 0)
		} else if err := setMeta(ctx, tx, firstKey, strconv.FormatInt(base.Unix(), 10)); err != nil {
			return err
		}
		p.ResolveDates(base)

		old := map[[2]string]string{}
		rows, err := tx.QueryContext(ctx, "SELECT kind, id, hash FROM items WHERE origin = ? AND deleted = 0", origin)
		if err != nil {
			return err
		}
		for rows.Next() {
			var k, id, h string
			if err := rows.Scan(&k, &id, &h); err != nil {
				rows.Close()
				return err
			}
			old[[2]string{k, id}] = h
		}
		rows.Close()

		put := func(kind, id string, v any) error {
			data, err := json.Marshal(v)
			if err != nil {
				return err
			}
			sum := sha256.Sum256(data)
			h := hex.EncodeToString(sum[:16])
			key := [2]string{kind, id}
			prev, had := old[key]
			delete(old, key)
			switch {
			case had && prev == h:
				st.Unchanged++
				return nil
			case had:
				st.Updated++
			default:
				st.Added++
			}
			_, err = putItem(ctx, tx, kind, id, "", origin, h, false, data)
			return err
		}
		for _, b := range p.Blobs {
			if _, err := tx.ExecContext(ctx, "INSERT INTO blobs (sha256, mime, size, data) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
				b.SHA256, b.MIME, b.Size, b.Data); err != nil {
				return err
			}
			if err := put(wire.KindBlob, b.SHA256, wire.BlobInfo{SHA256: b.SHA256, Size: b.Size, MIME: b.MIME}); err != nil {
				return err
			}
		}
		for _, a := range p.Accounts {
			if err := put(wire.KindAccount, a.ID, a); err != nil {
				return err
			}
		}
		for _, x := range p.Posts {
			if err := put(wire.KindPost, x.ID, x); err != nil {
				return err
			}
		}
		for _, x := range p.Places {
			if err := put(wire.KindPlace, x.ID, x); err != nil {
				return err
			}
		}
		for _, x := range p.Directory {
			if err := put(wire.KindDirectory, x.ID, x); err != nil {
				return err
			}
		}
		for _, lf := range p.Lessons {
			if err := put(wire.KindLesson, lf.ID, lf); err != nil {
				return err
			}
		}
		for _, e := range p.Events {
			if _, err := tx.ExecContext(ctx, "INSERT INTO event_base (event_id, taken) VALUES (?, ?) ON CONFLICT DO UPDATE SET taken = excluded.taken", e.ID, e.Taken); err != nil {
				return err
			}
			e.Taken, err = takenNow(ctx, tx, e.ID)
			if err != nil {
				return err
			}
			if err := put(wire.KindEvent, e.ID, e); err != nil {
				return err
			}
		}
		// What the pack no longer holds becomes a tombstone. Children first,
		// so a kiosk never holds a post whose account is gone.
		for _, kind := range []string{wire.KindLesson, wire.KindEvent, wire.KindDirectory, wire.KindPlace, wire.KindPost, wire.KindAccount, wire.KindBlob} {
			for key := range old {
				if key[0] != kind {
					continue
				}
				if err := tombstone(ctx, tx, kind, key[1], db.Now()); err != nil {
					return err
				}
				st.Deleted++
			}
		}
		return nil
	})
	if err != nil {
		return ImportStats{}, fmt.Errorf("import pack %s into hub: %w", p.Manifest.ID, err)
	}
	return st, nil
}

// tombstone replaces an item by its deletion, dated so it can be purged.
func tombstone(ctx context.Context, tx *sql.Tx, kind, id string, at time.Time) error {
	var audience string
	tx.QueryRowContext(ctx, "SELECT audience FROM items WHERE kind = ? AND id = ?", kind, id).Scan(&audience)
	_, err := putItem(ctx, tx, kind, id, audience, "", "", true, []byte(strconv.FormatInt(at.Unix(), 10)))
	return err
}

// takenNow is an event's places taken: the pack's base plus confirmed
// sign-ups' parties.
func takenNow(ctx context.Context, tx *sql.Tx, eventID string) (int, error) {
	var base, confirmed int
	tx.QueryRowContext(ctx, "SELECT taken FROM event_base WHERE event_id = ?", eventID).Scan(&base)
	err := tx.QueryRowContext(ctx, "SELECT coalesce(sum(party), 0) FROM signups WHERE event_id = ? AND status = 'confirmed'", eventID).Scan(&confirmed)
	return base + confirmed, err
}

// Batch returns the items a kiosk should receive after cursor, at most
// maxItems (and wire.MaxBatchBytes), or a reset when the cursor is older
// than the horizon.
func (db *DB) Batch(ctx context.Context, kiosk string, after int64, maxItems int, snapshot bool) (wire.Batch, error) {
	if maxItems <= 0 || maxItems > wire.MaxBatchItems {
		maxItems = wire.MaxBatchItems
	}
	horizon, err := db.Horizon(ctx)
	if err != nil {
		return wire.Batch{}, err
	}
	b := wire.Batch{Cursor: after}
	if after > 0 && after < horizon && !snapshot {
		b.Reset, after = true, 0
	}
	// One read transaction: the items and the log's end must come from the
	// same snapshot, or a change committed in between would be skipped.
	rtx, err := db.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return b, err
	}
	defer rtx.Rollback()
	rows, err := rtx.QueryContext(ctx, `SELECT seq, kind, id, deleted, data, hash FROM items
		WHERE seq > ? AND audience IN ('', ?) AND NOT (? = 0 AND deleted = 1)
		ORDER BY seq LIMIT ?`, after, kiosk, after, maxItems+1)
	if err != nil {
		return b, fmt.Errorf("read change log after %d: %w", after, err)
	}
	size := 0
	b.Cursor = after
	for rows.Next() {
		var it wire.Item
		var data []byte
		if err := rows.Scan(&it.Seq, &it.Kind, &it.ID, &it.Deleted, &data, &it.Hash); err != nil {
			rows.Close()
			return b, err
		}
		if !it.Deleted {
			it.Data = data
		}
		if len(b.Items) == maxItems || (len(b.Items) > 0 && size+len(it.Data)+64 > wire.MaxBatchBytes) {
			b.More = true
			break
		}
		size += len(it.Data) + 64
		b.Items = append(b.Items, it)
		b.Cursor = it.Seq
	}
	if err := rows.Err(); err != nil {
		return b, err
	}
	rows.Close()
	if !b.More {
		// Nothing more for this kiosk, but the log may have moved on with
		// other kiosks' decisions, or purged tombstones: the cursor goes to
		// the log's end, past the horizon.
		var last sql.NullInt64
		rtx.QueryRowContext(ctx, "SELECT max(seq) FROM items").Scan(&last)
		if last.Valid && last.Int64 > b.Cursor {
			b.Cursor = last.Int64
		}
		// The newest entries may be purged tombstones: never end below
		// the horizon, or the next sync would reset again.
		b.Cursor = max(b.Cursor, horizon)
	}
	return b, nil
}

// BlobData returns a blob's bytes and type.
func (db *DB) BlobData(ctx context.Context, sha string) ([]byte, string, error) {
	var data []byte
	var mime string
	err := db.read.QueryRowContext(ctx, "SELECT data, mime FROM blobs WHERE sha256 = ?", sha).Scan(&data, &mime)
	if err == sql.ErrNoRows {
		return nil, "", fmt.Errorf("blob %s: %w", sha, alliance.ErrNotFound)
	}
	return data, mime, err
}

// ItemSeqs returns the sequence of every live item of a kind everyone
// receives, by id: what a kiosk at a given cursor must already hold.
func (db *DB) ItemSeqs(ctx context.Context, kind string) (map[string]int64, error) {
	rows, err := db.read.QueryContext(ctx, "SELECT id, seq FROM items WHERE kind = ? AND deleted = 0 AND audience = ''", kind)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var id string
		var seq int64
		if err := rows.Scan(&id, &seq); err != nil {
			return nil, err
		}
		out[id] = seq
	}
	return out, rows.Err()
}

// RecordIDs lists the ids of the records a kiosk pushed, with how many
// times each is stored (always once).
func (db *DB) RecordIDs(ctx context.Context, kiosk string) (map[string]int, error) {
	rows, err := db.read.QueryContext(ctx, "SELECT id, count(*) FROM records WHERE kiosk = ? GROUP BY id", kiosk)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var id string
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, err
		}
		out[id] = n
	}
	return out, rows.Err()
}

// IntegrityCheck runs PRAGMA integrity_check on the hub database.
func (db *DB) IntegrityCheck(ctx context.Context) error {
	var s string
	if err := db.read.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&s); err != nil {
		return err
	}
	if s != "ok" {
		return fmt.Errorf("integrity check of %s: %s", db.Path, s)
	}
	return nil
}
