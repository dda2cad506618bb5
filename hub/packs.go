package hub

import (
	"context"
	"database/sql"
	"strconv"
	"strings"

	"github.com/shinan-alliance/alliance"
)

// packVersionKey is the meta key under which the hub keeps the version of
// a pack it imported last.
func packVersionKey(id string) string { return "pack_version:" + id }

// PackVersion returns the version of the pack id the hub imported last, or
// 0 when it never imported it.
func (db *DB) PackVersion(ctx context.Context, id string) (int, error) {
	v, err := getMeta(ctx, db.read, packVersionKey(id))
	if err != nil || v == "" {
		return 0, err
	}
	return strconv.Atoi(v)
}

// checkImport applies alliance.Pack.CheckImport to what the hub holds, in
// the import's transaction, and records the pack's version: versions only
// go forward, and a record id belongs to one pack.
func checkImport(ctx context.Context, tx *sql.Tx, p *alliance.Pack, opts []alliance.ImportOption) error {
	id := p.Manifest.ID
	v, err := getMeta(ctx, tx, packVersionKey(id))
	if err != nil {
		return err
	}
	prev := 0
	if v != "" {
		if prev, err = strconv.Atoi(v); err != nil {
			return err
		}
	}
	owners, err := packOwners(ctx, tx, "pack:"+id)
	if err != nil {
		return err
	}
	if err := p.CheckImport(prev, func(kind alliance.Kind, id string) string { return owners[string(kind)+"\x00"+id] }, opts...); err != nil {
		return err
	}
	return setMeta(ctx, tx, packVersionKey(id), strconv.Itoa(p.Manifest.Version))
}

// packOwners maps "kind\x00id" to the pack holding it, for every live
// content item that another pack than origin holds.
func packOwners(ctx context.Context, tx *sql.Tx, origin string) (map[string]string, error) {
	rows, err := tx.QueryContext(ctx, `SELECT kind, id, origin FROM items
		WHERE deleted = 0 AND origin LIKE 'pack:%' AND origin != ? AND kind IN (?, ?, ?, ?, ?, ?)`,
		origin, alliance.KindAccount, alliance.KindPost, alliance.KindPlace,
		alliance.KindDirectory, alliance.KindEvent, alliance.KindLesson)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	owners := map[string]string{}
	for rows.Next() {
		var kind, id, o string
		if err := rows.Scan(&kind, &id, &o); err != nil {
			return nil, err
		}
		owners[kind+"\x00"+id] = strings.TrimPrefix(o, "pack:")
	}
	return owners, rows.Err()
}
