package store

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/shinan-alliance/alliance"
)

// markdownBlob finds blobs Markdown names by hash (![…](sha256:HEX)), the
// only images the kiosk draws from Markdown.
var markdownBlob = regexp.MustCompile(`sha256:([0-9a-fA-F]{64})`)

// queryer is a transaction or a pool.
type queryer interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}

// referencedBlobs is every blob content names: images of posts and places,
// accounts' QR codes, and images named in the Markdown of posts, events and
// places. Lessons carry their pictures in their own folders.
func referencedBlobs(ctx context.Context, q queryer) (map[string]bool, error) {
	refs := map[string]bool{}
	rows, err := q.QueryContext(ctx, `SELECT sha256 FROM post_images
		UNION SELECT qr FROM accounts WHERE qr != ''
		UNION SELECT j.value FROM places p, json_each(CASE WHEN p.images = '' THEN '[]' ELSE p.images END) j`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var sha string
		if err := rows.Scan(&sha); err != nil {
			rows.Close()
			return nil, err
		}
		refs[sha] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = q.QueryContext(ctx, `SELECT body FROM posts WHERE instr(body, 'sha256:') > 0
		UNION ALL SELECT description FROM events WHERE instr(description, 'sha256:') > 0
		UNION ALL SELECT description FROM places WHERE instr(description, 'sha256:') > 0`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var md string
		if err := rows.Scan(&md); err != nil {
			rows.Close()
			return nil, err
		}
		for _, m := range markdownBlob.FindAllStringSubmatch(md, -1) {
			refs[strings.ToLower(m[1])] = true
		}
	}
	rows.Close()
	return refs, rows.Err()
}

// CollectBlobs lets go of the bytes of blobs no content row names any more
// (see referencedBlobs): they are no longer kept, and no longer fetched
// while they stay unnamed. What the hub said of each (its size and type)
// is kept, a few bytes a blob, so that content naming one again later
// gets it fetched again: the hub sends a blob's description once. A
// referenced blob is never touched. The mirror calls it at the end of a
// sync, after retention, once the content is the hub's; it returns how
// many blobs it let go.
func (db *DB) CollectBlobs(ctx context.Context) (int, error) {
	n := 0
	err := db.tx(ctx, func(tx *sql.Tx) error {
		refs, err := referencedBlobs(ctx, tx)
		if err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, "SELECT sha256 FROM blobs WHERE present = 1 OR data IS NOT NULL")
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
			if !refs[sha] {
				unused = append(unused, sha)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		drop, err := tx.PrepareContext(ctx, "UPDATE blobs SET present = 0, data = NULL WHERE sha256 = ?")
		if err != nil {
			return err
		}
		defer drop.Close()
		for _, sha := range unused {
			if _, err := drop.ExecContext(ctx, sha); err != nil {
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

// missingBlobs lists, by hash, up to limit blobs that content names and
// whose bytes the kiosk does not hold, among those the hub described. Only
// names that are SHA-256s: whatever else a database may hold never becomes
// a request or a path.
func (db *DB) missingBlobs(ctx context.Context, limit int) ([]alliance.Blob, error) {
	refs, err := referencedBlobs(ctx, db.read)
	if err != nil {
		return nil, err
	}
	rows, err := db.read.QueryContext(ctx, `SELECT sha256, size, mime FROM blobs WHERE present = 0
		AND length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*' ORDER BY sha256`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []alliance.Blob
	for rows.Next() && len(out) < limit {
		var b alliance.Blob
		if err := rows.Scan(&b.SHA256, &b.Size, &b.MIME); err != nil {
			return nil, err
		}
		if refs[b.SHA256] {
			out = append(out, b)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	sort.Slice(out, func(i, j int) bool { return out[i].SHA256 < out[j].SHA256 })
	return out, nil
}
