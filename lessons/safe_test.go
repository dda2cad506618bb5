package lessons

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

// Lesson folders are read through safefs: links, pipes and devices are
// refused with what they are, never followed or waited on.
func TestCheckRefusesLinks(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	les := filepath.Join(dir, "01-a")
	os.MkdirAll(les, 0o755)
	yaml := strings.Replace(goodLesson, "image: screen.png\n  - kind: practice", "image: link.png\n  - kind: practice", 1)
	os.WriteFile(filepath.Join(les, "lesson.yaml"), []byte(yaml), 0o644)
	os.WriteFile(filepath.Join(les, "screen.png"), screenPNG(t), 0o644)
	if err := os.Symlink("/dev/zero", filepath.Join(les, "link.png")); err != nil {
		t.Skip(err)
	}
	os.Symlink("/dev/zero", filepath.Join(les, "stray.png"))
	os.Symlink(les, filepath.Join(dir, "02-b"))
	err := CheckDir(dir)
	for _, want := range []string{
		filepath.Join("01-a", "lesson.yaml") + `:13: image "link.png": is a symbolic link`,
		filepath.Join("01-a", "stray.png") + ": is a symbolic link",
		"02-b: is a symbolic link",
	} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("got %v\nwant %q", err, want)
		}
	}
}

// Lesson texts follow the domain's rule for text shown to residents, as a
// pack's texts do: no control characters, no bidirectional overrides.
func TestTextsFollowTheDomainRules(t *testing.T) {
	t.Parallel()
	for _, bad := range []string{"先看\u202e一看。", `"先看\a一看。"`} { // the second a YAML escape
		fsys := fstest.MapFS{
			"lesson.yaml": {Data: []byte(strings.Replace(goodLesson, "先看一看。", bad, 1))},
			"screen.png":  {Data: screenPNG(t)},
		}
		_, err := LoadLesson(fsys, ".")
		if err == nil || !strings.Contains(err.Error(), "lesson.yaml:12: step 1 (explain): text:") {
			t.Errorf("%q: got %v, want it refused at its line", bad, err)
		}
	}
}
