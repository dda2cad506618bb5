package hub

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/internal/sqlitedb"
)

// A hub of protocol 2 keeps its residents' records: migration 0003 fills
// what the console lists from their payloads, and gives the suggestions
// their sealed lookups.
func TestMigrationFillsConsoleColumns(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "hub.db")
	old, err := sqlitedb.Open(path, schema, sqlitedb.Options{What: "hub database", Create: true, Target: 2})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now().Unix()
	at := time.Now().UTC().Format(time.RFC3339)
	stmts := []string{
		`INSERT INTO kiosks (id, name, community, created) VALUES ('k1', 'yanchenglu-1', 'yanchenglu', 1)`,
		`INSERT INTO records (id, kiosk, seq, kind, payload, received) VALUES ('00000000-0000-4000-8000-000000000001', 'k1', 1, 'suggestion', CAST(
			'{"id":"00000000-0000-4000-8000-000000000001","community":"yanchenglu","category":"repairs","phrases":["路灯坏了","楼道很黑"],"callback_phone":"13812345678","consent_version":"c","created":"` + at + `","receipt":"123456"}' AS BLOB), ?)`,
		`INSERT INTO suggestions (id, kiosk, community, status, updated) VALUES ('00000000-0000-4000-8000-000000000001', 'k1', 'yanchenglu', 'received', ?)`,
		`INSERT INTO records (id, kiosk, seq, kind, payload, received) VALUES ('00000000-0000-4000-8000-000000000002', 'k1', 2, 'signup', CAST(
			'{"id":"00000000-0000-4000-8000-000000000002","event_id":"ev-x","name":"王女士","phone":"13912345678","party_size":2,"consent_version":"c","created":"` + at + `","receipt":"654321"}' AS BLOB), ?)`,
		`INSERT INTO signups (id, kiosk, event_id, party, status, arrival, decided, ends) VALUES ('00000000-0000-4000-8000-000000000002', 'k1', 'ev-x', 2, 'confirmed', 1, ?, ?)`,
		`INSERT INTO records (id, kiosk, seq, kind, payload, received) VALUES ('00000000-0000-4000-8000-000000000003', 'k1', 3, 'callback', CAST(
			'{"id":"00000000-0000-4000-8000-000000000003","community":"yanchenglu","phone":"13712345678","consent_version":"c","created":"` + at + `","receipt":"111111"}' AS BLOB), ?)`,
	}
	for _, q := range stmts {
		args := []any{}
		for range countQ(q) {
			args = append(args, now)
		}
		if _, err := old.Write.ExecContext(ctx, q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	old.Close()
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	s, err := db.SuggestionByID(ctx, "00000000-0000-4000-8000-000000000001")
	if err != nil {
		t.Fatal(err)
	}
	if s.Category != "repairs" || s.Body != "路灯坏了；楼道很黑" || s.CallbackPhone != "13812345678" || s.Receipt != "123456" || s.KioskName != "yanchenglu-1" {
		t.Errorf("suggestion after the migration: %+v", s)
	}
	roster, err := db.Roster(ctx, "ev-x")
	if err != nil || len(roster) != 1 || roster[0].Name != "王女士" || roster[0].Phone != "13912345678" || roster[0].Receipt != "654321" {
		t.Errorf("roster after the migration: %+v, %v", roster, err)
	}
	cbs, _, err := db.Callbacks(ctx, CallbackFilter{Open: true})
	if err != nil || len(cbs) != 1 || cbs[0].Phone != "13712345678" {
		t.Errorf("call-backs after the migration: %+v, %v", cbs, err)
	}
	id, _ := alliance.LookupKey("123456", alliance.LookupPIN(s.ID))
	var n int
	if err := db.read.QueryRowContext(ctx, "SELECT count(*) FROM items WHERE kind = 'reply_lookup' AND id = ?", id).Scan(&n); err != nil || n != 1 {
		t.Errorf("lookup item: %d, %v", n, err)
	}
}

func countQ(q string) int {
	n := 0
	for _, c := range q {
		if c == '?' {
			n++
		}
	}
	return n
}
