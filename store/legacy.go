package store

import (
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/shinan-alliance/alliance"
)

// goSteps are migrations that need Go after their SQL, by migration file.
var goSteps = map[string]func(*sql.Tx) error{
	"0007_protocol2.sql":   upgradeOutbox,
	"0013_search_fold.sql": reindexSearch,
}

// upgradeOutbox rewrites the records still waiting in the outbox in
// protocol 2's shape: sign-ups, suggestions and call-back requests were
// written with Go's field names, cancellations and erasure requests
// without their own id. Acknowledged records are history and stay as
// they are.
func upgradeOutbox(tx *sql.Tx) error {
	rows, err := tx.Query("SELECT seq, id, kind, payload FROM outbox WHERE acked = 0")
	if err != nil {
		return err
	}
	type row struct {
		seq      int64
		id, kind string
		payload  []byte
	}
	var pending []row
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.seq, &r.id, &r.kind, &r.payload); err != nil {
			rows.Close()
			return err
		}
		pending = append(pending, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, r := range pending {
		rec := alliance.NewRecord(alliance.Kind(r.kind))
		if rec == nil {
			continue
		}
		if err := alliance.DecodeProtocol1(r.payload, rec); err != nil {
			return fmt.Errorf("outbox record %d: %w", r.seq, err)
		}
		switch x := rec.(type) {
		case *alliance.SignUpCancel:
			x.ID = r.id
		case *alliance.LearnerDelete:
			x.ID = r.id
		}
		b, err := json.Marshal(rec)
		if err != nil {
			return err
		}
		if _, err := tx.Exec("UPDATE outbox SET payload = ? WHERE seq = ?", b, r.seq); err != nil {
			return err
		}
	}
	return nil
}
