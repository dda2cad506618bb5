package hub

import (
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/shinan-alliance/alliance"
)

// goSteps are migrations that need Go after their SQL, by migration file.
var goSteps = map[string]func(*sql.Tx) error{
	"0002_protocol2.sql": reencodeItems,
	"0003_console.sql":   fillLookups,
}

// reencodeItems rewrites content stored by protocol 1, whose JSON used Go's
// field names ("StreetOffice"), in protocol 2's fixed shape ("street_office"),
// and gives it its canonical hash. Sequences do not change, so kiosks do
// not download anything again because of the upgrade.
func reencodeItems(tx *sql.Tx) error {
	rows, err := tx.Query("SELECT kind, id, data FROM items WHERE deleted = 0 AND audience = ''")
	if err != nil {
		return err
	}
	type item struct {
		kind alliance.Kind
		id   string
		data []byte
	}
	var items []item
	for rows.Next() {
		var it item
		if err := rows.Scan(&it.kind, &it.id, &it.data); err != nil {
			rows.Close()
			return err
		}
		items = append(items, it)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, it := range items {
		c := alliance.NewContent(it.kind)
		if c == nil {
			continue
		}
		if err := alliance.DecodeProtocol1(it.data, c); err != nil {
			return fmt.Errorf("re-encode %s %s: %w", it.kind, it.id, err)
		}
		data, err := json.Marshal(alliance.Canonical(c))
		if err != nil {
			return err
		}
		h, err := alliance.HashJSON(data)
		if err != nil {
			return err
		}
		if _, err := tx.Exec("UPDATE items SET data = ?, hash = ? WHERE kind = ? AND id = ?", data, h, it.kind, it.id); err != nil {
			return err
		}
	}
	return nil
}
