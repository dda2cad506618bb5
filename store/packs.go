package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"github.com/shinan-alliance/alliance"
)

// PackVersion returns the version of the pack id imported last, or 0 when
// it never was (or the first sync from a hub replaced it).
func (db *DB) PackVersion(ctx context.Context, id string) (int, error) {
	var v int
	err := db.read.QueryRowContext(ctx, "SELECT version FROM packs WHERE id = ?", id).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return v, err
}

// packTables are the content tables and the kind of record each holds.
var packTables = []struct {
	table string
	kind  alliance.Kind
}{
	{"accounts", alliance.KindAccount}, {"posts", alliance.KindPost}, {"places", alliance.KindPlace},
	{"directory", alliance.KindDirectory}, {"events", alliance.KindEvent}, {"lessons", alliance.KindLesson},
}

// checkImport applies alliance.Pack.CheckImport to what the kiosk holds, in
// the import's transaction: versions only go forward, and a record id
// belongs to one pack. Rows from the hub are not a pack's: the first sync
// replaces the sample content anyway.
func checkImport(ctx context.Context, tx *sql.Tx, p *alliance.Pack, opts []alliance.ImportOption) error {
	var prev int
	err := tx.QueryRowContext(ctx, "SELECT version FROM packs WHERE id = ?", p.Manifest.ID).Scan(&prev)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	owners := map[string]string{}
	origin := PackOrigin(p.Manifest.ID)
	for _, t := range packTables {
		if err := func() error {
			rows, err := tx.QueryContext(ctx, "SELECT id, origin FROM "+t.table+" WHERE origin LIKE 'pack:%' AND origin != ?", origin)
			if err != nil {
				return err
			}
			defer rows.Close()
			for rows.Next() {
				var id, o string
				if err := rows.Scan(&id, &o); err != nil {
					return err
				}
				owners[string(t.kind)+"\x00"+id] = strings.TrimPrefix(o, "pack:")
			}
			return rows.Err()
		}(); err != nil {
			return err
		}
	}
	return p.CheckImport(prev, func(kind alliance.Kind, id string) string { return owners[string(kind)+"\x00"+id] }, opts...)
}
