package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/google/uuid"

	"github.com/shinan-alliance/alliance"
)

// CallbackRequest is a resident's 请社区给我回电话 (see alliance).
type CallbackRequest = alliance.CallbackRequest

// SaveCallback validates and commits a call-back request with its outbox
// row; r gets its ID, Seq, Created and Receipt.
func (db *DB) SaveCallback(ctx context.Context, r *CallbackRequest) error {
	if err := alliance.ValidatePhone(r.Phone); err != nil {
		return fmt.Errorf("save callback: %w", err)
	}
	if r.Community == "" || r.ConsentVersion == "" {
		return fmt.Errorf("save callback: community and consent are required")
	}
	rec := *r
	rec.ID = uuid.NewString()
	rec.Created = db.Now()
	rec.Phone = alliance.Digits(rec.Phone)
	err := db.tx(ctx, func(tx *sql.Tx) error {
		return withReceipt(ctx, tx, func(code string) error {
			rec.Receipt = code
			seq, err := addOutbox(ctx, tx, &rec, rec.Created)
			if err != nil {
				return err
			}
			rec.Seq = seq
			_, err = tx.ExecContext(ctx, `INSERT INTO callbacks (id, seq, community, entry, phone, consent_version, created, kiosk_id, receipt)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, rec.ID, rec.Seq, rec.Community, rec.Entry, rec.Phone, rec.ConsentVersion,
				rec.Created.Unix(), rec.KioskID, rec.Receipt)
			return err
		})
	})
	if err != nil {
		return fmt.Errorf("save callback: %w", err)
	}
	*r = rec
	return nil
}

// SignUpsForEvent lists an event's sign-ups, oldest first, for the staff
// roster. Phones are in full: only staff screens and exports use this.
func (db *DB) SignUpsForEvent(ctx context.Context, eventID string) ([]alliance.SignUp, error) {
	return db.signUps(ctx, "WHERE event_id = ? ORDER BY created, seq", strings.TrimSpace(eventID))
}

// PendingPlaces is, for each event, the people (party sizes) of this
// kiosk's sign-ups the hub has not decided yet: the hub's count of places
// taken (alliance.Event.Taken) does not hold them until the next sync, so
// the places left a resident is shown must.
func (db *DB) PendingPlaces(ctx context.Context) (map[string]int, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT event_id, SUM(party_size) FROM signups
		WHERE status = ? GROUP BY event_id`, string(alliance.SignUpProvisional))
	if err != nil {
		return nil, fmt.Errorf("count pending places: %w", err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var id string
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, fmt.Errorf("count pending places: %w", err)
		}
		out[id] = n
	}
	return out, rows.Err()
}
