package hub

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/shinan-alliance/alliance"
)

// ContentOwner returns the account a published item belongs to: a post's
// account, the community of an event, place or phone number ("" for one of
// the whole district), an account itself.
func (db *DB) ContentOwner(ctx context.Context, kind alliance.Kind, id string) (string, error) {
	var owner sql.NullString
	err := db.read.QueryRowContext(ctx, "SELECT owner FROM items WHERE kind = ? AND id = ? AND deleted = 0 AND audience = ''", kind, id).Scan(&owner)
	if errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("%s %s: %w", kind, id, alliance.ErrNotFound)
	}
	return owner.String, err
}

// Item returns a published content record.
func (db *DB) Item(ctx context.Context, kind alliance.Kind, id string) (alliance.Content, string, error) {
	var data []byte
	var origin string
	err := db.read.QueryRowContext(ctx, "SELECT data, origin FROM items WHERE kind = ? AND id = ? AND deleted = 0 AND audience = ''", kind, id).Scan(&data, &origin)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, "", fmt.Errorf("%s %s: %w", kind, id, alliance.ErrNotFound)
	}
	if err != nil {
		return nil, "", err
	}
	c, err := alliance.DecodeContent(kind, data)
	return c, origin, err
}

// ContentFilter selects published content for the console's lists.
type ContentFilter struct {
	Kind          alliance.Kind
	Owner         string // an account or community id; "" for all; "-" for the district-wide ones (no community)
	Limit, Offset int
}

// ContentItem is a published record with where it came from.
type ContentItem struct {
	Content alliance.Content
	Origin  string // "pack:ID" or "console"
	Seq     int64
}

// ListContent lists published records of a kind, the latest changed first,
// and how many match.
func (db *DB) ListContent(ctx context.Context, f ContentFilter) ([]ContentItem, int, error) {
	where := "kind = ? AND deleted = 0 AND audience = ''"
	args := []any{f.Kind}
	switch f.Owner {
	case "":
	case "-":
		where += " AND owner = ''"
	default:
		where += " AND owner = ?"
		args = append(args, f.Owner)
	}
	if f.Limit <= 0 {
		f.Limit = 50
	}
	rows, err := db.read.QueryContext(ctx, "SELECT data, origin, seq FROM items WHERE "+where+" ORDER BY seq DESC LIMIT ? OFFSET ?",
		append(args, f.Limit, f.Offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("list %s: %w", f.Kind, err)
	}
	defer rows.Close()
	var out []ContentItem
	for rows.Next() {
		var data []byte
		var it ContentItem
		if err := rows.Scan(&data, &it.Origin, &it.Seq); err != nil {
			return nil, 0, err
		}
		if it.Content, err = alliance.DecodeContent(f.Kind, data); err != nil {
			return nil, 0, err
		}
		out = append(out, it)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	var total int
	if err := db.read.QueryRowContext(ctx, "SELECT count(*) FROM items WHERE "+where, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	return out, total, nil
}

// Accounts lists every published account, the district's first.
func (db *DB) Accounts(ctx context.Context) ([]alliance.Account, error) {
	rows, err := db.read.QueryContext(ctx, "SELECT data FROM items WHERE kind = 'account' AND deleted = 0 AND audience = ''")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []alliance.Account
	for rows.Next() {
		var data []byte
		if err := rows.Scan(&data); err != nil {
			return nil, err
		}
		var a alliance.Account
		if err := json.Unmarshal(data, &a); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	sortAccounts(out)
	return out, nil
}

func sortAccounts(as []alliance.Account) {
	less := func(a, b alliance.Account) bool {
		if (a.Kind == alliance.District) != (b.Kind == alliance.District) {
			return a.Kind == alliance.District
		}
		if a.StreetOffice != b.StreetOffice {
			return a.StreetOffice < b.StreetOffice
		}
		return a.ID < b.ID
	}
	for i := 1; i < len(as); i++ {
		for j := i; j > 0 && less(as[j], as[j-1]); j-- {
			as[j], as[j-1] = as[j-1], as[j]
		}
	}
}

// errPlanned rolls back a planned import.
var errPlanned = errors.New("planned only")

// PlanPack says what importing a pack would change, changing nothing: the
// import runs in a transaction that is rolled back.
func (db *DB) PlanPack(ctx context.Context, p *alliance.Pack, opts ...alliance.ImportOption) (ImportStats, error) {
	var st ImportStats
	err := db.tx(ctx, func(tx *sql.Tx) error {
		var err error
		st, err = db.importPack(ctx, tx, p, opts)
		if err != nil {
			return err
		}
		return errPlanned
	})
	if errors.Is(err, errPlanned) {
		return st, nil
	}
	return ImportStats{}, fmt.Errorf("check pack %s against the hub: %w", p.Manifest.ID, err)
}

// Backup writes a consistent copy of the hub's database to w: BackupFile
// (checked, on a read connection: syncs go on) into a temporary file next
// to it, then streamed.
func (db *DB) Backup(ctx context.Context, w io.Writer) error {
	dir, err := os.MkdirTemp(filepath.Dir(db.Path), ".backup-")
	if err != nil {
		dir, err = os.MkdirTemp("", "hub-backup-")
		if err != nil {
			return err
		}
	}
	defer os.RemoveAll(dir)
	tmp := filepath.Join(dir, "hub.db")
	if _, err := db.BackupFile(ctx, tmp); err != nil {
		return err
	}
	f, err := os.Open(tmp)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = io.Copy(w, f)
	return err
}

// NewID makes an id for content made in the console: the prefix, a dash
// and 10 random lowercase letters and digits (alliance.IDPattern).
func NewID(prefix string) string {
	const alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
	b := make([]byte, 10)
	rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return prefix + "-" + string(b)
}

// StoreBlobs keeps images' bytes without publishing them: an image uploaded
// with a post that is only previewed, or not yet valid, so that saving it
// later needs no second upload. Blobs nothing publishes are served to the
// console only.
func (db *DB) StoreBlobs(ctx context.Context, blobs ...alliance.Content) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		for _, c := range blobs {
			b, ok := c.(alliance.Blob)
			if !ok {
				return fmt.Errorf("store blobs: %T is not a blob", c)
			}
			if err := b.Validate(); err != nil {
				return fmt.Errorf("%w: %v", ErrBadContent, err)
			}
			if err := storeBlob(ctx, tx, b); err != nil {
				return err
			}
		}
		return nil
	})
}
