package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/shinan-alliance/alliance"
)

// Content returns every content record the kiosk holds, by kind and id, as
// the domain's canonical values (blobs: those whose bytes are present,
// without the bytes). It is what a kiosk compares with the hub's state: the
// convergence tests, and staff checking a kiosk against its hub.
func (db *DB) Content(ctx context.Context) (map[alliance.Kind]map[string]alliance.Content, error) {
	out := map[alliance.Kind]map[string]alliance.Content{}
	add := func(c alliance.Content) {
		k := c.ContentKind()
		if out[k] == nil {
			out[k] = map[string]alliance.Content{}
		}
		out[k][c.ContentID()] = alliance.Canonical(c)
	}
	tx, err := db.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("read content: %w", err)
	}
	defer tx.Rollback()
	each := func(q string, fn func(*sql.Rows) error) error {
		rows, err := tx.QueryContext(ctx, q)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			if err := fn(rows); err != nil {
				return err
			}
		}
		return rows.Err()
	}
	unix := func(n int64) time.Time {
		if n == 0 {
			return time.Time{}
		}
		return time.Unix(n, 0).UTC()
	}
	images := map[string][]string{}
	steps := []struct {
		q  string
		fn func(*sql.Rows) error
	}{
		{"SELECT post_id, sha256 FROM post_images ORDER BY post_id, pos", func(r *sql.Rows) error {
			var id, sha string
			if err := r.Scan(&id, &sha); err != nil {
				return err
			}
			images[id] = append(images[id], sha)
			return nil
		}},
		{"SELECT " + accountCols + " FROM accounts", func(r *sql.Rows) error {
			a, err := scanAccount(r)
			add(a)
			return err
		}},
		{"SELECT id, account, col, title, body, published, expires, pinned, link, source FROM posts", func(r *sql.Rows) error {
			var p alliance.Post
			var pub, exp int64
			if err := r.Scan(&p.ID, &p.Account, &p.Column, &p.Title, &p.Body, &pub, &exp, &p.Pinned, &p.Link, &p.Source); err != nil {
				return err
			}
			p.Published, p.Expires, p.Images = unix(pub), unix(exp), images[p.ID]
			add(p)
			return nil
		}},
		{"SELECT id, name, kind, community, address, hours, phone, tags, description, images FROM places", func(r *sql.Rows) error {
			var p alliance.Place
			var tags, imgs string
			if err := r.Scan(&p.ID, &p.Name, &p.Kind, &p.Community, &p.Address, &p.Hours, &p.Phone, &tags, &p.Description, &imgs); err != nil {
				return err
			}
			p.Tags, p.Images = parseList(tags), parseList(imgs)
			add(p)
			return nil
		}},
		{"SELECT id, name, number, hours, category, community, note FROM directory", func(r *sql.Rows) error {
			var d alliance.DirectoryEntry
			if err := r.Scan(&d.ID, &d.Name, &d.Number, &d.Hours, &d.Category, &d.Community, &d.Note); err != nil {
				return err
			}
			add(d)
			return nil
		}},
		{"SELECT " + eventCols + " FROM events", func(r *sql.Rows) error {
			e, err := scanEvent(r)
			add(e)
			return err
		}},
		{"SELECT folder FROM lessons", func(r *sql.Rows) error {
			var b []byte
			if err := r.Scan(&b); err != nil {
				return err
			}
			var lf alliance.LessonFolder
			if err := json.Unmarshal(b, &lf); err != nil {
				return err
			}
			add(lf)
			return nil
		}},
		{"SELECT sha256, size, mime FROM blobs WHERE present = 1", func(r *sql.Rows) error {
			var b alliance.Blob
			if err := r.Scan(&b.SHA256, &b.Size, &b.MIME); err != nil {
				return err
			}
			add(b)
			return nil
		}},
	}
	for _, s := range steps {
		if err := each(s.q, s.fn); err != nil {
			return nil, fmt.Errorf("read content: %w", err)
		}
	}
	return out, nil
}
