package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/shinan-alliance/alliance"
)

// reindexSearch makes every document's index terms again with today's
// folding and tokens, keeping the rowids search_docs gives them.
func reindexSearch(tx *sql.Tx) error {
	ctx := context.Background()
	ix := newIndexer(ctx, tx)
	rows, err := tx.QueryContext(ctx, `
		SELECT d.rowid, 'post', p.title, p.body, p.account, p.col, '', '', '', '', '', '', ''
		FROM search_docs d JOIN posts p ON d.kind = 'post' AND p.id = d.ref
		UNION ALL
		SELECT d.rowid, 'place', pl.name, '', pl.community, pl.kind, pl.address, pl.tags, pl.hours, pl.phone, pl.description, '', ''
		FROM search_docs d JOIN places pl ON d.kind = 'place' AND pl.id = d.ref
		UNION ALL
		SELECT d.rowid, 'directory', di.name, '', di.community, di.category, '', '', di.hours, '', '', di.number, di.note
		FROM search_docs d JOIN directory di ON d.kind = 'directory' AND di.id = d.ref`)
	if err != nil {
		return fmt.Errorf("reindex search: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			rowid                                                  int64
			kind, title, body, owner, col                          string
			address, tags, hours, phone, description, number, note string
		)
		if err := rows.Scan(&rowid, &kind, &title, &body, &owner, &col, &address, &tags, &hours, &phone, &description, &number, &note); err != nil {
			return fmt.Errorf("reindex search: %w", err)
		}
		switch kind {
		case docPlace:
			_, body = placeDoc(alliance.Place{Address: address, Tags: parseList(tags), Hours: hours, Phone: phone, Description: description})
		case docDirectory:
			_, body = directoryDoc(alliance.DirectoryEntry{Number: number, Note: note, Hours: hours})
		}
		ix.pending = append(ix.pending, pendingDoc{rowid: rowid, title: title, body: body, extra: filters(kind, owner, col)})
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("reindex search: %w", err)
	}
	if err := ix.flush(); err != nil {
		return fmt.Errorf("reindex search: %w", err)
	}
	return nil
}
