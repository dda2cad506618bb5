package store_test

import (
	"context"
	"encoding/json"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/store"
)

// The name a learner chose for her certificate is kept on the kiosk,
// checked, never sent in her record, and gone when she is erased.
func TestLearnerPrintName(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, err := store.Open(filepath.Join(t.TempDir(), "kiosk.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	l := &alliance.Learner{Name: "孙女士", Phone: "13812345678", ConsentVersion: "v1"}
	if err := db.SaveLearner(ctx, l); err != nil {
		t.Fatal(err)
	}
	if got, _ := db.Learner(ctx, l.ID); got.PrintName != "" {
		t.Errorf("a new learner's print name: %q, want none", got.PrintName)
	}
	if err := db.SetLearnerPrintName(ctx, l.ID, "孙丽华"); err != nil {
		t.Fatal(err)
	}
	for what, get := range map[string]func() (alliance.Learner, error){
		"by id":     func() (alliance.Learner, error) { return db.Learner(ctx, l.ID) },
		"by number": func() (alliance.Learner, error) { return db.LearnerByNumber(ctx, l.Number) },
	} {
		if got, err := get(); err != nil || got.PrintName != "孙丽华" || got.Name != "孙女士" {
			t.Errorf("%s: %q %q %v", what, got.Name, got.PrintName, err)
		}
	}
	for _, bad := range []string{"孙丽华孙丽华孙丽华孙丽华孙", " 孙丽华", "孙\n丽华", "孙\u202e丽华"} {
		if err := db.SetLearnerPrintName(ctx, l.ID, bad); err == nil {
			t.Errorf("print name %q was kept", bad)
		}
	}
	if err := db.SetLearnerPrintName(ctx, "nobody", "王芳"); !errors.Is(err, alliance.ErrNotFound) {
		t.Errorf("a learner who does not exist: %v", err)
	}
	got, _ := db.Learner(ctx, l.ID)
	if b, _ := json.Marshal(got); got.PrintName == "" || strings.Contains(string(b), "丽华") {
		t.Errorf("the print name travels in the learner's record: %s", b)
	}
	if err := db.SetLearnerPrintName(ctx, l.ID, ""); err != nil {
		t.Fatal(err)
	}
	if got, _ := db.Learner(ctx, l.ID); got.PrintName != "" {
		t.Errorf("print name after clearing: %q", got.PrintName)
	}
}
