package store_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/store"
)

func TestSettingsRoundTrip(t *testing.T) {
	t.Parallel()
	db := openDB(t, filepath.Join(t.TempDir(), "kiosk.db"))
	ctx := context.Background()
	if got, err := db.Setting(ctx, store.SettingLanguage); err != nil || got != "" {
		t.Fatalf("unset setting: got %q, %v; want empty", got, err)
	}
	for _, v := range []string{"zh-Hant", "en"} {
		if err := db.SetSetting(ctx, store.SettingLanguage, v); err != nil {
			t.Fatal(err)
		}
		if got, err := db.Setting(ctx, store.SettingLanguage); err != nil || got != v {
			t.Errorf("got %q, %v; want %q", got, err, v)
		}
	}
}

func TestPINLockoutSurvivesReopening(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "kiosk.db")
	db := openDB(t, path)
	ctx := context.Background()
	if st, err := db.StaffPIN(ctx); err != nil || st.Hash != "" {
		t.Fatalf("new database: got %+v, %v; want no PIN", st, err)
	}
	if err := db.SetStaffPIN(ctx, "hash1", true); err != nil {
		t.Fatal(err)
	}
	until := time.Unix(2_000_000_000, 0)
	for want := 1; want <= 3; want++ {
		n, err := db.RecordPINFailure(ctx, func(int) time.Time { return until })
		if err != nil || n != want {
			t.Fatalf("failure %d: got %d, %v", want, n, err)
		}
	}
	db.Close()
	db = openDB(t, path)
	st, err := db.StaffPIN(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Hash != "hash1" || !st.MustChange || st.Failures != 3 || !st.LockedUntil.Equal(until) {
		t.Errorf("after reopening: got %+v", st)
	}
	if err := db.ClearPINFailures(ctx); err != nil {
		t.Fatal(err)
	}
	if err := db.SetStaffPIN(ctx, "hash2", false); err != nil {
		t.Fatal(err)
	}
	if st, _ := db.StaffPIN(ctx); st.Hash != "hash2" || st.MustChange || st.Failures != 0 || !st.LockedUntil.IsZero() {
		t.Errorf("after a change: got %+v", st)
	}
}

func TestSaveCallbackGoesToTheOutbox(t *testing.T) {
	t.Parallel()
	db := openDB(t, filepath.Join(t.TempDir(), "kiosk.db"))
	ctx := context.Background()
	for _, tc := range []struct {
		name    string
		req     store.CallbackRequest
		wantErr bool
	}{
		{"ok", store.CallbackRequest{Community: "yanchenglu", Phone: "138-1234-5678", ConsentVersion: "1"}, false},
		{"bad phone", store.CallbackRequest{Community: "yanchenglu", Phone: "123", ConsentVersion: "1"}, true},
		{"no consent", store.CallbackRequest{Community: "yanchenglu", Phone: "13812345678"}, true},
		{"no community", store.CallbackRequest{Phone: "13812345678", ConsentVersion: "1"}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := tc.req
			err := db.SaveCallback(ctx, &r)
			if (err != nil) != tc.wantErr {
				t.Fatalf("got %v, want error %v", err, tc.wantErr)
			}
			if err == nil && (r.Receipt == "" || r.Seq == 0 || r.Phone != "13812345678") {
				t.Errorf("saved: got receipt %q seq %d", r.Receipt, r.Seq)
			}
		})
	}
	items, err := db.PendingOutbox(ctx, 10)
	if err != nil || len(items) != 1 || items[0].Kind != alliance.KindCallback {
		t.Errorf("outbox: got %d items, %v; want one callback", len(items), err)
	}
}

func TestContentUpdatedIsZeroWhenEmpty(t *testing.T) {
	t.Parallel()
	db := openDB(t, filepath.Join(t.TempDir(), "kiosk.db"))
	if got, err := db.ContentUpdated(context.Background()); err != nil || !got.IsZero() {
		t.Errorf("got %v, %v; want zero", got, err)
	}
}
