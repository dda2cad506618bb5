package mirror_test

import (
	"context"
	"io/fs"
	"testing"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/assets"
	"github.com/shinan-alliance/alliance/internal/testutil"
	"github.com/shinan-alliance/alliance/lessons"
)

// withLessons adds the named curriculum folders to a pack, as an editor
// would put them under lessons/.
func withLessons(t *testing.T, p *alliance.Pack, dirs ...string) {
	cur := assets.Curriculum()
	for _, d := range dirs {
		sub, _ := fs.Sub(cur, d)
		l, err := lessons.LoadLesson(sub, ".")
		if err != nil {
			t.Fatal(err)
		}
		lf := alliance.LessonFolder{Dir: d, ID: l.ID, Version: l.Version, Files: map[string][]byte{}}
		entries, _ := fs.ReadDir(sub, ".")
		for _, e := range entries {
			lf.Files[e.Name()], _ = fs.ReadFile(sub, e.Name())
		}
		p.Lessons = append(p.Lessons, lf)
	}
}

// Lessons published on the hub reach the kiosk, where they load and
// validate; a lesson withdrawn on the hub leaves the kiosk too.
func TestLessonsTravelBySync(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	h := testutil.StartHub(t)
	p := testutil.SamplePack(t)
	withLessons(t, p, "05-calls", "14-scam-rehearsal")
	testutil.Import(t, h.DB, p)
	db := testutil.SampleKiosk(t)
	if _, ok, _ := db.Lessons(ctx); ok {
		t.Fatal("a kiosk that never synced has hub lessons")
	}
	c := h.Join(t, db, "kiosk-l")
	mustSync(t, c)
	fsys, ok, err := db.Lessons(ctx)
	if err != nil || !ok {
		t.Fatalf("no lessons after sync: %v", err)
	}
	cur, err := lessons.LoadCurriculum(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if len(cur.Lessons) != 2 || cur.Lessons[0].ID != "calls" || cur.Lessons[1].ID != "scam-rehearsal" {
		t.Fatalf("got %d lessons", len(cur.Lessons))
	}

	p2 := testutil.SamplePack(t)
	withLessons(t, p2, "05-calls")
	testutil.Import(t, h.DB, p2)
	mustSync(t, c)
	fsys, _, _ = db.Lessons(ctx)
	if cur, err := lessons.LoadCurriculum(fsys); err != nil || len(cur.Lessons) != 1 {
		t.Errorf("after withdrawing one: %v lessons, %v", cur, err)
	}
}
