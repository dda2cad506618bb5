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

// A learner's phone family and a course's are remembered on the kiosk,
// never sent in the records, and go when the learner is erased.
func TestLearnerAndCoursePhone(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, err := store.Open(filepath.Join(t.TempDir(), "kiosk.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	l := &alliance.Learner{Name: "王女士", Phone: "13812345678", ConsentVersion: "v1"}
	if err := db.SaveLearner(ctx, l); err != nil {
		t.Fatal(err)
	}
	if got, _ := db.Learner(ctx, l.ID); got.PhoneFamily != "" {
		t.Errorf("a new learner's phone: %q, want none", got.PhoneFamily)
	}
	if err := db.SetLearnerPhone(ctx, l.ID, "huawei"); err != nil {
		t.Fatal(err)
	}
	got, err := db.Learner(ctx, l.ID)
	if err != nil || got.PhoneFamily != "huawei" {
		t.Errorf("phone after setting it: %q, %v", got.PhoneFamily, err)
	}
	if list, _ := db.FindLearners(ctx, "王女士", "5678"); len(list) != 1 || list[0].PhoneFamily != "huawei" {
		t.Errorf("found learner: %+v", list)
	}
	if err := db.SetLearnerPhone(ctx, l.ID, "nokia"); err == nil || !strings.Contains(err.Error(), "unknown phone family") {
		t.Errorf("an unknown family: %v", err)
	}
	if err := db.SetLearnerPhone(ctx, "nobody", "iphone"); !errors.Is(err, alliance.ErrNotFound) {
		t.Errorf("a learner who does not exist: %v", err)
	}

	c := &alliance.Course{Title: "智能手机班", Lessons: []string{"phone-basics"}}
	if err := db.SaveCourse(ctx, c); err != nil {
		t.Fatal(err)
	}
	if err := db.SetCoursePhone(ctx, c.ID, "oppo"); err != nil {
		t.Fatal(err)
	}
	if got, _ := db.Course(ctx, c.ID); got.PhoneFamily != "oppo" {
		t.Errorf("course phone %q", got.PhoneFamily)
	}
	if list, _ := db.Courses(ctx); len(list) != 1 || list[0].PhoneFamily != "oppo" {
		t.Errorf("courses: %+v", list)
	}
	if err := db.SetCoursePhone(ctx, c.ID, ""); err != nil {
		t.Fatal(err)
	}
	if got, _ := db.Course(ctx, c.ID); got.PhoneFamily != "" {
		t.Errorf("course phone after clearing it: %q", got.PhoneFamily)
	}

	// The records that travel say nothing of phones.
	items, err := db.PendingOutbox(ctx, 100)
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range items {
		var m map[string]any
		if err := json.Unmarshal(it.Payload, &m); err != nil {
			t.Fatal(err)
		}
		for k := range m {
			if strings.Contains(k, "phone_family") || strings.Contains(k, "PhoneFamily") {
				t.Errorf("%s record carries %s", it.Kind, k)
			}
		}
	}

	if err := db.DeleteLearner(ctx, l.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Learner(ctx, l.ID); !errors.Is(err, alliance.ErrNotFound) {
		t.Errorf("erased learner still there: %v", err)
	}
}
