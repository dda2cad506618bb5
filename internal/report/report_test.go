package report

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"image"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

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
	if b, _ := os.ReadFile(path); string(b) != "\ufeffa\r\n1\r\n" {
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
		{LearnerID: ls[0].ID, LessonID: "wechat-video", Status: alliance.LessonCompletedWithHelp}, // still finished
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
	for _, want := range []string{"\ufeff课程,日期,课,学员,学员号,出勤,本课学习情况\r\n", "王女士," + ls[0].Number + ",到,在帮助下完成\r\n", "李先生," + ls[1].Number + ",没来,还没学\r\n"} {
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
	course.LessonTitle = func(id string) string { return map[string]string{"phone-basics": "认识手机"}[id] }
	b.Reset()
	if err := course.Table().WriteCSV(&b); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"智能手机课,王女士," + ls[0].Number + ",2,2,2,1,2,,是,\r\n", "智能手机课,李先生," + ls[1].Number + ",1,2,0,0,2,认识手机,否,\r\n"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("course CSV lacks %q:\n%s", want, b.String())
		}
	}
}

// A CSV opens in a spreadsheet as it was written: Chinese headers and
// values, a byte order mark for Excel, CRLF lines, quotes where a value
// holds a comma or a quote.
func TestCSVForSpreadsheets(t *testing.T) {
	t.Parallel()
	tab := &Table{What: "roster", File: "x.csv", Header: []string{"活动", "姓名", "状态"},
		Rows: [][]string{{"太极拳, 初级", "王女士", SignUpWords[alliance.SignUpProvisional]}, {"说\"手机\"", "李先生", SignUpWords[alliance.SignUpConfirmed]}}}
	var b bytes.Buffer
	if err := tab.WriteCSV(&b); err != nil {
		t.Fatal(err)
	}
	raw := b.Bytes()
	if !bytes.HasPrefix(raw, []byte{0xef, 0xbb, 0xbf}) {
		t.Fatalf("no byte order mark: % x", raw[:min(8, len(raw))])
	}
	if n, crlf := bytes.Count(raw, []byte("\n")), bytes.Count(raw, []byte("\r\n")); n != 3 || crlf != 3 {
		t.Errorf("%d lines, %d with CRLF; want 3 and 3", n, crlf)
	}
	rows, err := csv.NewReader(bytes.NewReader(raw[3:])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := append([][]string{tab.Header}, tab.Rows...)
	if fmt.Sprint(rows) != fmt.Sprint(want) || rows[1][2] != "待确认" {
		t.Errorf("read back %q, want %q", rows, want)
	}
}

// A register of 70 learners is printed on three A4 pages, each with its
// title, header and rows, the rows' text inked where it belongs.
func TestSheetPages(t *testing.T) {
	t.Parallel()
	s := Sheet{Title: "点名册", Lines: []string{"智能手机课 · 2026-11-27", "第 1 课 认识手机"}, Header: []string{"学员", "学员号", "出勤", "签名"},
		Widths: []int{3, 2, 1, 3}, Footer: "第 %d / %d 页"}
	for i := range 70 {
		s.Rows = append(s.Rows, []string{fmt.Sprintf("学员%02d 王女士", i), "123456", "到", ""})
	}
	pages, err := DrawSheet(s)
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) != 3 {
		t.Fatalf("%d pages, want 3", len(pages))
	}
	for i, p := range pages {
		if p.Bounds().Size() != SheetSize {
			t.Errorf("page %d is %v", i+1, p.Bounds().Size())
		}
		// Ink in the title's band and in the first column's rows.
		if n := ink(p, image.Rect(400, 90, 840, 160)); n < 100 {
			t.Errorf("page %d: title has %d inked pixels", i+1, n)
		}
		if n := ink(p, image.Rect(100, 400, 400, 1500)); n < 1000 {
			t.Errorf("page %d: names have %d inked pixels", i+1, n)
		}
	}
	// The last page has the 70 − 2×rows left: below them, paper.
	if n := ink(pages[2], image.Rect(100, 1200, 1140, 1600)); n > 0 {
		t.Errorf("the last page has %d inked pixels below its rows", n)
	}
	if _, err := DrawSheet(Sheet{Title: "x", Lines: make([]string, 40), Header: []string{"a"}}); err == nil {
		t.Error("a sheet with no room for rows was drawn")
	}
}

// ink counts dark pixels in r.
func ink(img image.Image, r image.Rectangle) int {
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if cr, _, _, _ := img.At(x, y).RGBA(); cr < 0x8000 {
				n++
			}
		}
	}
	return n
}

// LibreOffice reads the CSV a kiosk writes as it was written, the byte
// order mark left out of the first header, when told UTF-8 (what its Text
// Import dialog picks for a file with the mark). Runs where LibreOffice
// is installed (Debian's libreoffice-calc-nogui, not part of make deps:
// it is big), and not with -short: LibreOffice takes a minute to start.
func TestCSVOpensInLibreOffice(t *testing.T) {
	if testing.Short() {
		t.Skip("LibreOffice takes a minute: run without -short (make soak)")
	}
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("soffice is missing: install Debian's libreoffice-calc-nogui to run this")
	}
	dir := t.TempDir()
	tab := &Table{What: "report", File: "class.csv", Header: []string{"课程", "学员", "出勤", "本课学习情况"},
		Rows: [][]string{{"智能手机课", "孙女士", PresentWords[true], StatusWord(alliance.LessonCompleted)}}}
	path, err := tab.Export(dir)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, soffice, "--headless", "--infilter=CSV:44,34,76", "--convert-to", "xlsx", "--outdir", dir, path)
	cmd.Env = append(os.Environ(), "HOME="+dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	z, err := zip.OpenReader(filepath.Join(dir, "class.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	var cells []string
	for _, f := range z.File {
		if f.Name != "xl/sharedStrings.xml" {
			continue
		}
		r, _ := f.Open()
		b, _ := io.ReadAll(r)
		r.Close()
		for _, m := range regexp.MustCompile(`<t[^>]*>([^<]*)</t>`).FindAllStringSubmatch(string(b), -1) {
			cells = append(cells, m[1])
		}
	}
	want := append(append([]string{}, tab.Header...), tab.Rows[0]...)
	if fmt.Sprint(cells) != fmt.Sprint(want) {
		t.Errorf("LibreOffice read %q, want %q", cells, want)
	}
}
