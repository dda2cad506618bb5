package store

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"strings"
)

// markdownBlob finds blobs Markdown names by hash (![…](sha256:HEX)), the
// only images the kiosk draws from Markdown.
var markdownBlob = regexp.MustCompile(`sha256:([0-9a-fA-F]{64})`)

// CollectBlobs deletes the blobs no content row names any more, present or
// still missing (so they are not fetched either): images of posts and
// places, accounts' QR codes, and images named in the Markdown of posts,
// events and places. Lessons carry their pictures in their own folders.
// A referenced blob is never deleted. The mirror calls it at the end of a
// sync, after retention, once the content is the hub's.
func (db *DB) CollectBlobs(ctx context.Context) (int, error) {
	n := 0
	err := db.tx(ctx, func(tx *sql.Tx) error {
		keep := map[string]bool{}
		rows, err := tx.QueryContext(ctx, `SELECT body FROM posts WHERE instr(body, 'sha256:') > 0
			UNION ALL SELECT description FROM events WHERE instr(description, 'sha256:') > 0
			UNION ALL SELECT description FROM places WHERE instr(description, 'sha256:') > 0`)
		if err != nil {
			return err
		}
		for rows.Next() {
			var md string
			if err := rows.Scan(&md); err != nil {
				rows.Close()
				return err
			}
			for _, m := range markdownBlob.FindAllStringSubmatch(md, -1) {
				keep[strings.ToLower(m[1])] = true
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		rows, err = tx.QueryContext(ctx, `SELECT sha256 FROM blobs
			WHERE sha256 NOT IN (SELECT sha256 FROM post_images)
			AND sha256 NOT IN (SELECT qr FROM accounts WHERE qr != '')
			AND sha256 NOT IN (SELECT j.value FROM places p, json_each(CASE WHEN p.images = '' THEN '[]' ELSE p.images END) j)`)
		if err != nil {
			return err
		}
		var unused []string
		for rows.Next() {
			var sha string
			if err := rows.Scan(&sha); err != nil {
				rows.Close()
				return err
			}
			if !keep[strings.ToLower(sha)] {
				unused = append(unused, sha)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		del, err := tx.PrepareContext(ctx, "DELETE FROM blobs WHERE sha256 = ?")
		if err != nil {
			return err
		}
		defer del.Close()
		for _, sha := range unused {
			if _, err := del.ExecContext(ctx, sha); err != nil {
				return err
			}
		}
		n = len(unused)
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("collect unused blobs: %w", err)
	}
	return n, nil
}
