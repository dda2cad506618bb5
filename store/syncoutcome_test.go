package store_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// The last sync's outcome is kept in the database and in a fixed-size side
// file; a torn side file is ignored, not misread.
func TestLastSync(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "kiosk.db")
	db := openDB(t, path)
	st, err := os.Stat(path + "-sync")
	if err != nil || st.Size() != 4096 {
		t.Fatalf("side file: %v, %v; want 4096 bytes made at open", st, err)
	}
	if last, err := db.LastSync(ctx); err != nil || !last.Attempt.IsZero() || last.Error != "" {
		t.Fatalf("before any sync: %+v, %v", last, err)
	}
	t0 := time.Unix(1795000000, 0)
	if err := db.RecordSyncOutcome(ctx, t0, nil, ""); err != nil {
		t.Fatal(err)
	}
	t1 := t0.Add(24 * time.Hour)
	if err := db.RecordSyncOutcome(ctx, t1, errors.New("connect to hub: 断网了"), "network"); err != nil {
		t.Fatal(err)
	}
	last, err := db.LastSync(ctx)
	if err != nil || !last.Attempt.Equal(t1) || last.Error != "connect to hub: 断网了" || last.Success.IsZero() {
		t.Fatalf("got %+v, %v", last, err)
	}
	if st, _ := os.Stat(path + "-sync"); st.Size() != 4096 {
		t.Errorf("the side file grew to %d bytes", st.Size())
	}

	// A newer outcome only the side file knows (the database was full).
	b, _ := os.ReadFile(path + "-sync")
	t2 := t1.Add(time.Hour)
	later := []byte(`{"attempt":` + itoa(t2.Unix()) + `,"error":"disk full","sum":0}`)
	copy(b, append(later, ' '))
	os.WriteFile(path+"-sync", b, 0o600)
	if last, _ := db.LastSync(ctx); !last.Attempt.Equal(t1) {
		t.Errorf("a side file with a wrong checksum was believed: %+v", last)
	}
	os.WriteFile(path+"-sync", []byte("garbage"), 0o600)
	if last, _ := db.LastSync(ctx); !last.Attempt.Equal(t1) || last.Error == "" {
		t.Errorf("a short side file: got %+v", last)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
