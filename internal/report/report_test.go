package report

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/internal/testutil"
	"github.com/shinan-alliance/alliance/store"
)

// A file name made partly of ids from the hub stays in the folder staff
// chose and is not hidden; a link in the way is not written through.
func TestExportStaysInItsFolder(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	tab := &Table{What: "report", File: "../../.escaped/x.csv", Header: []string{"a"}, Rows: [][]string{{"1"}}}
	path, err := tab.Export(dir)
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Dir(path) != dir || strings.HasPrefix(filepath.Base(path), ".") {
		t.Errorf("exported to %s, want a visible file in %s", path, dir)
	}
	if b, _ := os.ReadFile(path); string(b) != "a\n1\n" {
		t.Errorf("got %q", b)
	}
	os.Symlink("/dev/null", filepath.Join(dir, "y.csv"))
	if _, err := (&Table{What: "report", File: "y.csv"}).Export(dir); err == nil {
		t.Error("wrote through a symbolic link")
	}
}

// A course of two lessons, three learners and two classes: the counts and
// the CSV rows, the same in every language.
func TestClassAndCourseReports(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := testutil.OpenKiosk(t) // a small class of its own: the sample pack is not the point
	var ls []alliance.Learner
	for _, name := range []string{"王女士", "李先生", "张女士"} {
		l := alliance.Learner{Name: name, ConsentVersion: "v1"}
		if err := db.SaveLearner(ctx, &l); err != nil {
			t.Fatal(err)
		}
		ls = append(ls, l)
	}
	c := alliance.Course{Title: "智能手机课", Lessons: []string{"phone-basics", "wechat-video"}}
	if err := db.SaveCourse(ctx, &c); err != nil {
		t.Fatal(err)
	}
	var classes []alliance.Session
	for _, lesson := range c.Lessons {
		s := alliance.Session{CourseID: c.ID, LessonID: lesson, Day: "2026-11-27"}
		if err := db.SaveSession(ctx, &s); err != nil {
			t.Fatal(err)
		}
		classes = append(classes, s)
	}
	// All three came to the first class, only 王女士 to the second.
	if err := db.SetAttendance(ctx, classes[0].ID, []string{ls[0].ID, ls[1].ID, ls[2].ID}, true, ""); err != nil {
		t.Fatal(err)
	}
	if err := db.SetAttendance(ctx, classes[1].ID, []string{ls[0].ID}, true, ""); err != nil {
		t.Fatal(err)
	}
	for _, p := range []store.LessonProgress{
		{LearnerID: ls[0].ID, LessonID: "phone-basics", Status: "completed"},
		{LearnerID: ls[0].ID, LessonID: "wechat-video", Status: "completed"},
		{LearnerID: ls[1].ID, LessonID: "phone-basics", Status: "needs_help"},
	} {
		p.Source = alliance.SourceTrainer
		if err := db.SaveProgress(ctx, &p); err != nil {
			t.Fatal(err)
		}
	}

	class, err := ClassReport(ctx, db, classes[1].ID)
	if err != nil {
		t.Fatal(err)
	}
	if class.Present != 1 || len(class.Rows) != 3 {
		t.Errorf("second class: %d present of %d, want 1 of 3", class.Present, len(class.Rows))
	}
	var b bytes.Buffer
	if err := class.Table().WriteCSV(&b); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"course,day,lesson,learner,number,present,status\n", "王女士," + ls[0].Number + ",true,completed\n", "李先生," + ls[1].Number + ",false,not_started\n"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("class CSV lacks %q:\n%s", want, b.String())
		}
	}

	course, err := CourseReport(ctx, db, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if course.Classes != 2 || course.Finished != 1 {
		t.Errorf("course: %d classes, %d finished; want 2 and 1", course.Classes, course.Finished)
	}
	b.Reset()
	if err := course.Table().WriteCSV(&b); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"智能手机课,王女士," + ls[0].Number + ",2,2,2,2,,true,\n", "智能手机课,李先生," + ls[1].Number + ",1,2,0,2,phone-basics,false,\n"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("course CSV lacks %q:\n%s", want, b.String())
		}
	}
}
