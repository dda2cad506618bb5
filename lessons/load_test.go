package lessons

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/shinan-alliance/alliance"
)

// screenPNG is a tiny phone-screen picture, 540×960 like the curriculum's.
func screenPNG(t testing.TB) []byte {
	t.Helper()
	img := image.NewPaletted(image.Rect(0, 0, 540, 960), color.Palette{color.White, color.Black})
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

const goodLesson = `id: test-lesson
version: 2
title:
  zh-Hans: 测试课
  en: Test lesson
level: 1
minutes: 10
goals:
  - 会点绿色按钮
steps:
  - kind: explain
    text: 先看一看。
    image: screen.png
  - kind: practice
    text: 点一下绿色按钮。
    image: screen.png
    tap: [100, 700, 100, 100]
    hint: 绿色按钮在左下角。
  - kind: quiz
    question: 接电话点哪个？
    answers:
      - text: 绿色的
        right: true
      - text: 红色的
        why: 红色是挂断。
    why: 绿色是接听。
  - kind: recap
    learned: [绿接红挂]
    home: [给家人打个电话]
checked:
  date: 2025-06-30
  wechat: 8.0.54
  phones: [huawei, iphone]
  how: 据帮助页核对
`

func lessonFS(t testing.TB, yaml string) fstest.MapFS {
	return fstest.MapFS{
		"lesson.yaml": {Data: []byte(yaml)},
		"screen.png":  {Data: screenPNG(t)},
	}
}

func TestLoadLessonGood(t *testing.T) {
	l, err := LoadLesson(lessonFS(t, goodLesson), ".")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := l.ID, "test-lesson"; got != want {
		t.Errorf("id %q, want %q", got, want)
	}
	if got, want := len(l.Steps), 4; got != want {
		t.Fatalf("%d steps, want %d", got, want)
	}
	if got, want := l.Title.Hant, "測試課"; got != want {
		t.Errorf("generated Traditional title %q, want %q", got, want)
	}
	if got, want := l.Steps[1].Areas, []image.Rectangle{image.Rect(100, 700, 200, 800)}; len(got) != 1 || got[0] != want[0] {
		t.Errorf("areas %v, want %v", got, want)
	}
	if got, want := l.Steps[2].RightAnswer(), 0; got != want {
		t.Errorf("right answer %d, want %d", got, want)
	}
	img := l.Images["screen.png"]
	if img == nil || img.Width != 540 || img.Height != 960 || img.Format != "png" {
		t.Errorf("image %+v, want a 540×960 png", img)
	}
	if got := l.Steps[3].Learned[0].In(alliance.English); got != "绿接红挂" {
		t.Errorf("English falls back to %q, want the Simplified text", got)
	}
	if got := l.CoverImage(); got != img {
		t.Errorf("cover %v, want the first step's picture", got)
	}
}

// TestLoadLessonProblems breaks the good lesson one way at a time; each
// must be reported as "file:line: what is wrong".
func TestLoadLessonProblems(t *testing.T) {
	tests := []struct {
		name string
		old  string // replaced in goodLesson
		new  string
		want string
	}{
		{"unknown step kind", "kind: explain", "kind: lecture", `lesson.yaml:11: step 1: unknown step kind "lecture"`},
		{"missing kind", "  - kind: explain\n    text: 先看一看。", "  - text: 先看一看。", "lesson.yaml:11: step 1: missing kind"},
		{"tap area outside the image", "tap: [100, 700, 100, 100]", "tap: [500, 900, 100, 100]", "lesson.yaml:17: step 2 (practice): tap area [500, 900, 100, 100] is outside the image screen.png (540×960 pixels)"},
		{"tap area of no size", "tap: [100, 700, 100, 100]", "tap: [100, 700, 0, 100]", "has no width or no height"},
		{"tap area badly written", "tap: [100, 700, 100, 100]", "tap: [100, 700, 100]", "lesson.yaml:17: step 2 (practice): tap area must be [x, y, width, height]"},
		{"tap area negative", "tap: [100, 700, 100, 100]", "tap: [-5, 700, 100, 100]", `tap area: "-5" is not a whole number`},
		{"missing tap", "    tap: [100, 700, 100, 100]\n", "", "lesson.yaml:14: step 2 (practice): missing tap"},
		{"missing hint", "    hint: 绿色按钮在左下角。\n", "", "lesson.yaml:14: step 2 (practice): missing hint"},
		{"practice without image", "    image: screen.png\n    tap:", "    tap:", "lesson.yaml:14: step 2 (practice): missing image"},
		{"missing image", "text: 先看一看。\n    image: screen.png", "text: 先看一看。\n    image: nowhere.png", `lesson.yaml:13: missing image "nowhere.png"`},
		{"image outside the folder", "text: 先看一看。\n    image: screen.png", "text: 先看一看。\n    image: ../other/screen.png", "must be a file inside the lesson folder"},
		{"missing English title", "  en: Test lesson\n", "", "lesson.yaml:3: missing translation: title has no English"},
		{"missing Simplified", "  zh-Hans: 测试课\n", "  zh-Hant: 測試課\n", "lesson.yaml:4: missing translation: title has no Simplified Chinese"},
		{"half English", "text: 先看一看。", "text:\n      zh-Hans: 先看一看。\n      en: Have a look.", "missing translation: step 2 (practice): text has no English (en)"},
		{"unknown language", "  en: Test lesson\n", "  en: Test lesson\n  fr: Leçon\n", `unknown language "fr"`},
		{"quiz without a right answer", "        right: true\n", "", "lesson.yaml:21: step 3 (quiz): quiz has 0 right answers, want exactly one"},
		{"quiz with two right answers", "      - text: 红色的\n", "      - text: 红色的\n        right: true\n", "quiz has 2 right answers, want exactly one"},
		{"quiz with one answer", "      - text: 红色的\n        why: 红色是挂断。\n", "", "1 answers, want 2 to 4"},
		{"quiz with five answers", "      - text: 红色的\n", "      - text: 黄色的\n      - text: 蓝色的\n      - text: 白色的\n      - text: 红色的\n", "5 answers, want 2 to 4"},
		{"quiz with the same answer twice", "      - text: 红色的\n", "      - text: 绿色的\n", `answer "绿色的" is the same as answer 1`},
		{"quiz without reason", "    why: 绿色是接听。\n", "", "step 3 (quiz): missing why"},
		{"field of another kind", "    question: 接电话点哪个？", "    question: 接电话点哪个？\n    tap: [1, 1, 1, 1]", `step 3 (quiz): unknown field "tap"`},
		{"recap without home", "    home: [给家人打个电话]\n", "", "step 4 (recap): missing home"},
		{"unknown field", "minutes: 10", "minutes: 10\nauthor: 王老师", `lesson.yaml:8: unknown field "author"`},
		{"field twice", "minutes: 10", "minutes: 10\nminutes: 12", `field "minutes" given twice`},
		{"level out of range", "level: 1", "level: 7", "lesson.yaml:6: level is 7, want 1 to 3"},
		{"version not a number", "version: 2", "version: two", `version "two" is not a whole number`},
		{"bad id", "id: test-lesson", "id: Test Lesson", "must be lowercase letters"},
		{"no steps", "steps:\n", "steps: []\nx:\n", "steps is empty"},
		{"invalid YAML", "minutes: 10", "minutes: [10", "lesson.yaml:6: invalid YAML"},
		{"too long answer", "      - text: 红色的\n", "      - text: " + strings.Repeat("红", 61) + "\n", "more than 60"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !strings.Contains(goodLesson, tt.old) {
				t.Fatalf("test is stale: %q is not in the good lesson", tt.old)
			}
			src := strings.Replace(goodLesson, tt.old, tt.new, 1)
			_, err := LoadLesson(lessonFS(t, src), ".")
			if err == nil {
				t.Fatalf("no error, want %q", tt.want)
			}
			var le *Error
			if !errors.As(err, &le) {
				t.Fatalf("error %T, want *Error", err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v\nwant a problem containing %q", err, tt.want)
			}
		})
	}
}

func TestLoadLessonFiles(t *testing.T) {
	tests := []struct {
		name  string
		fsys  fstest.MapFS
		wants []string
	}{
		{"not a picture", fstest.MapFS{
			"lesson.yaml": {Data: []byte(goodLesson)},
			"screen.png":  {Data: []byte("hello")},
		}, []string{"screen.png: is not a PNG or JPEG picture"}},
		{"unused file", fstest.MapFS{
			"lesson.yaml":    {Data: []byte(goodLesson)},
			"screen.png":     {Data: screenPNG(t)},
			"old/screen.png": {Data: screenPNG(t)},
			"README.md":      {Data: []byte("notes")},
		}, []string{"old/screen.png: not used by lesson.yaml"}},
		{"no lesson.yaml", fstest.MapFS{
			"screen.png": {Data: screenPNG(t)},
		}, []string{"lesson.yaml: cannot read"}},
		{"not UTF-8", fstest.MapFS{
			"lesson.yaml": {Data: []byte("id: \xff\xfe")},
		}, []string{"lesson.yaml: is not UTF-8 text"}},
		{"empty", fstest.MapFS{
			"lesson.yaml": {Data: []byte("")},
		}, []string{"lesson.yaml: is empty"}},
		{"every problem at once", fstest.MapFS{
			"lesson.yaml": {Data: []byte(strings.NewReplacer(
				"kind: explain", "kind: lecture",
				"tap: [100, 700, 100, 100]", "tap: [500, 900, 100, 100]",
				"  en: Test lesson\n", "",
				"        right: true\n", "",
			).Replace(goodLesson))},
			"screen.png": {Data: screenPNG(t)},
		}, []string{
			"lesson.yaml:3: missing translation",
			"lesson.yaml:10: step 1: unknown step kind",
			"lesson.yaml:16: step 2 (practice): tap area",
			"lesson.yaml:20: step 3 (quiz): quiz has 0 right answers",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := LoadLesson(tt.fsys, ".")
			if err == nil {
				t.Fatalf("no error, want %q", tt.wants)
			}
			for _, w := range tt.wants {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("got %v\nwant a problem containing %q", err, w)
				}
			}
		})
	}
}

func TestLoadCurriculum(t *testing.T) {
	png := screenPNG(t)
	second := strings.Replace(goodLesson, "id: test-lesson", "id: second", 1)
	fsys := fstest.MapFS{
		"02-second/lesson.yaml": {Data: []byte(second)},
		"02-second/screen.png":  {Data: png},
		"01-first/lesson.yaml":  {Data: []byte(goodLesson)},
		"01-first/screen.png":   {Data: png},
		"README.md":             {Data: []byte("how to write lessons")},
	}
	c, err := LoadCurriculum(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if got := len(c.Lessons); got != 2 {
		t.Fatalf("%d lessons, want 2", got)
	}
	if got, want := c.Lessons[0].ID+","+c.Lessons[1].ID, "test-lesson,second"; got != want {
		t.Errorf("order %s, want %s (by folder name)", got, want)
	}
	if got, want := c.Lessons[1].Dir, "02-second"; got != want {
		t.Errorf("dir %q, want %q", got, want)
	}
	if got, want := c.Minutes(), 20; got != want {
		t.Errorf("minutes %d, want %d", got, want)
	}
	if c.Lesson("second") != c.Lessons[1] || c.Lesson("nope") != nil {
		t.Errorf("Lesson by id finds the wrong lesson")
	}
}

func TestLoadCurriculumProblems(t *testing.T) {
	png := screenPNG(t)
	tests := []struct {
		name  string
		fsys  fstest.MapFS
		wants []string
	}{
		{"duplicate ids", fstest.MapFS{
			"01-a/lesson.yaml": {Data: []byte(goodLesson)},
			"01-a/screen.png":  {Data: png},
			"02-b/lesson.yaml": {Data: []byte(goodLesson)},
			"02-b/screen.png":  {Data: png},
		}, []string{`02-b/lesson.yaml:1: lesson id "test-lesson" already used by 01-a/lesson.yaml`}},
		{"stray file", fstest.MapFS{
			"01-a/lesson.yaml": {Data: []byte(goodLesson)},
			"01-a/screen.png":  {Data: png},
			"notes.txt":        {Data: []byte("x")},
		}, []string{"notes.txt: unexpected file in a curriculum"}},
		{"folder without a lesson", fstest.MapFS{
			"01-a/screen.png": {Data: png},
		}, []string{"01-a: folder has no lesson.yaml"}},
		{"problems in two lessons", fstest.MapFS{
			"01-a/lesson.yaml": {Data: []byte(strings.Replace(goodLesson, "level: 1", "level: 9", 1))},
			"01-a/screen.png":  {Data: png},
			"02-b/lesson.yaml": {Data: []byte(strings.Replace(goodLesson, "id: test-lesson", "id: b\nid: c", 1))},
			"02-b/screen.png":  {Data: png},
		}, []string{"01-a/lesson.yaml:6: level is 9", `02-b/lesson.yaml:2: field "id" given twice`}},
		{"empty", fstest.MapFS{}, []string{"no lessons"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := LoadCurriculum(tt.fsys)
			if err == nil {
				t.Fatalf("no error, want %q", tt.wants)
			}
			for _, w := range tt.wants {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("got %v\nwant a problem containing %q", err, w)
				}
			}
		})
	}
}

func TestCheckDir(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) {
		t.Helper()
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("01-a/lesson.yaml", []byte(goodLesson))
	write("01-a/screen.png", screenPNG(t))
	if err := CheckDir(dir); err != nil {
		t.Fatalf("curriculum: %v", err)
	}
	if err := CheckDir(filepath.Join(dir, "01-a")); err != nil {
		t.Fatalf("single lesson: %v", err)
	}
	write("01-a/lesson.yaml", []byte(strings.Replace(goodLesson, "kind: explain", "kind: lecture", 1)))
	err := CheckDir(dir)
	want := filepath.Join(dir, "01-a", "lesson.yaml") + ":11: step 1: unknown step kind"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("got %v, want a problem starting %q", err, want)
	}
	if err := CheckDir(filepath.Join(dir, "missing")); err == nil {
		t.Errorf("a missing folder checked fine")
	}
}

// FuzzLoadLesson feeds the loader arbitrary lesson.yaml files: it must never
// panic, and what it accepts must keep the promises the player relies on.
func FuzzLoadLesson(f *testing.F) {
	f.Add(goodLesson)
	f.Add(strings.Replace(goodLesson, "tap: [100, 700, 100, 100]", "tap: [[0, 0, 540, 960], [1, 1, 1, 1]]", 1))
	f.Add("steps: [{kind: quiz, answers: [{text: a, right: true}]}]")
	f.Add("title: {zh-Hans: {a: b}}\nsteps: [[1]]")
	f.Add("id: a\nid: b\n&x [*x]")
	f.Add("")
	f.Add(variantLesson)
	f.Add(strings.Replace(variantLesson, "      huawei:\n", "      huawei: {}\n      xiaomi:\n", 1))
	f.Add(strings.Replace(goodLesson, "    hint: 绿色按钮在左下角。\n",
		"    hint: 绿色按钮在左下角。\n    avoid: [{area: [300, 700, 100, 100], why: 不对}]\n    tags: [money]\n    safety: 小心\n", 1))
	f.Add("phones: [huawei]\nsteps: [{kind: explain, text: a, phones: {huawei: {image: screen.png}}}]\nchecked: {date: 2025-01-01}")
	png := screenPNG(f)
	f.Fuzz(func(t *testing.T, src string) {
		fsys := fstest.MapFS{"lesson.yaml": {Data: []byte(src)}, "screen.png": {Data: png}, "other.png": {Data: png}}
		l, err := LoadLesson(fsys, ".")
		if err != nil {
			var le *Error
			if !errors.As(err, &le) || len(le.Problems) == 0 {
				t.Fatalf("error %v is not a list of problems", err)
			}
			for _, p := range le.Problems {
				if p.File == "" || p.Msg == "" {
					t.Fatalf("problem %+v has no file or message", p)
				}
			}
			return
		}
		if len(l.Steps) == 0 || l.Title.Hans == "" || l.Title.En == "" || l.Title.Hant == "" {
			t.Fatalf("accepted a lesson without steps or title: %+v", l)
		}
		if l.Checked.Date.IsZero() {
			t.Fatalf("accepted a lesson without a checked date")
		}
		// Every form of the lesson keeps the promises: the generic one
		// and one for each phone family it covers.
		forms := []*Lesson{l}
		for _, s := range l.Steps {
			if s.Varies() && len(s.Phones) != len(l.Phones) {
				t.Fatalf("a variant step covers %d of %d phone families", len(s.Phones), len(l.Phones))
			}
		}
		for _, fam := range l.Phones {
			forms = append(forms, l.ForPhone(fam))
		}
		for _, l := range forms {
			checkPlayable(t, l)
		}
	})
}

// checkPlayable fails t unless every step of l is complete and the player
// can walk it to the end.
func checkPlayable(t *testing.T, l *Lesson) {
	t.Helper()
	for i, s := range l.Steps {
		if s.Safety.IsZero() && (len(s.Tags) > 0 || (s.Kind != Quiz && safetyTrigger(&s) != "")) {
			t.Fatalf("step %d: touches money or codes without a safety note", i+1)
		}
		switch s.Kind {
		case Practice:
			img := l.Images[s.Image]
			if img == nil || len(s.Areas) == 0 {
				t.Fatalf("step %d: practice without picture or areas", i+1)
			}
			for _, a := range s.Areas {
				if !a.In(image.Rect(0, 0, img.Width, img.Height)) || a.Empty() {
					t.Fatalf("step %d: area %v outside the picture", i+1, a)
				}
				for _, av := range s.Avoid {
					if av.Area.Overlaps(a) || !av.Area.In(image.Rect(0, 0, img.Width, img.Height)) {
						t.Fatalf("step %d: place to avoid %v over a right area or outside the picture", i+1, av.Area)
					}
				}
			}
		case Quiz:
			if n := len(s.Answers); n < 2 || n > 4 || s.RightAnswer() < 0 {
				t.Fatalf("step %d: quiz with %d answers, right %d", i+1, n, s.RightAnswer())
			}
		case Explain, Recap:
		default:
			t.Fatalf("step %d: kind %q", i+1, s.Kind)
		}
	}
	// The player must be able to walk any accepted lesson.
	p := NewPlayer(l)
	for p.Next() {
	}
	if !p.AtEnd() {
		t.Fatalf("player stuck at step %d of %d", p.Index()+1, p.Len())
	}
}
