package store_test

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/store"
)

// FuzzApply feeds the kiosk arbitrary items from a "hub": whatever one
// holds, applying the batch never fails (what cannot be used is skipped and
// counted), and a valid item in the same batch and in the next batch is
// applied.
func FuzzApply(f *testing.F) {
	for _, s := range []struct {
		kind, id, data string
		deleted        bool
	}{
		{"post", "p1", `{"id":"p1","account":"nobody","column":"notice","title":"通知","body":"x","published":"2026-11-30T02:00:00Z"}`, false},
		{"blob", "../victim.txt", `{"sha256":"../victim.txt","size":3,"mime":"image/png"}`, false},
		{"event", "e1", `{"id":"e1","community":"a","title":"t","starts":"0001-01-01T00:00:00Z","ends":"9999-01-01T00:00:00Z","status":"open","capacity":-5}`, false},
		{"account", "a1", `{"id":"a1","kind":"galaxy","name":"\u0000"}`, false},
		{"signup_status", "s1", `{"status":"confirmed","at":"2026-11-30T02:00:00Z","reason":"x"}`, false},
		{"suggestion_status", "s2", `{"status":"answered","replies":[{"id":"r","body":"\u202e好","by":"居委会"}]}`, false},
		{"lesson", "l1", `{"dir":"01-a","id":"l1","version":1,"files":{"../../etc/passwd":"eA=="}}`, false},
		{"place", "x", `[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]`, false},
		{"gossip", "g", `{}`, false},
		{"account", "a2", ``, true},
	} {
		f.Add(s.kind, s.id, []byte(s.data), s.deleted)
	}
	db := openDB(f, filepath.Join(f.TempDir(), "kiosk.db"))
	cursor := int64(0)
	f.Fuzz(func(t *testing.T, kind, id string, data []byte, deleted bool) {
		ctx := context.Background()
		cursor += 2
		good := alliance.Account{ID: fmt.Sprintf("good-%d", cursor), Kind: alliance.Community, Name: "盐城路社区", StreetOffice: "湛山街道"}
		gb, _ := json.Marshal(good)
		batch := []store.Change{
			store.DecodeChange(alliance.Kind(kind), id, deleted, data, ""),
			store.DecodeChange(alliance.KindAccount, good.ID, false, gb, ""),
		}
		if err := db.ApplyChanges(ctx, batch, cursor-1, false, true); err != nil {
			t.Fatalf("the batch failed: %v", err)
		}
		next := alliance.Account{ID: fmt.Sprintf("next-%d", cursor), Kind: alliance.District, Name: "微市南"}
		nb, _ := json.Marshal(next)
		if err := db.ApplyChanges(ctx, []store.Change{store.DecodeChange(alliance.KindAccount, next.ID, false, nb, "")}, cursor, false, false); err != nil {
			t.Fatalf("the next batch failed: %v", err)
		}
		for _, want := range []string{good.ID, next.ID} {
			if _, err := db.Account(ctx, want); err != nil {
				t.Fatalf("account %s not applied: %v", want, err)
			}
		}
		missing, err := db.MissingBlobs(ctx, 1000)
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range missing {
			if !alliance.SHA256Pattern.MatchString(b.SHA256) {
				t.Fatalf("a blob named %q would be fetched", b.SHA256)
			}
		}
	})
}
