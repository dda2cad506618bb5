package pack

import (
	"errors"
	"io/fs"
	"path"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/internal/safefs"
	"github.com/shinan-alliance/alliance/lessons"
)

// lessonsDir loads and validates the pack's lessons/ folder, if any. The
// lesson loader reads through the same guard as the rest of the pack.
func (l *loader) lessonsDir() {
	seen := map[string]string{}
	for _, e := range l.readDir("lessons") {
		if e.Name()[0] == '.' {
			continue
		}
		dir := "lessons/" + e.Name()
		if !e.IsDir() {
			if !e.Type().IsRegular() {
				if _, err := fs.Stat(l.fsys, dir); err != nil {
					l.problem(dir, 0, "cannot read: %s", describe(dir, err))
				}
			}
			continue
		}
		sub, err := fs.Sub(l.fsys, dir)
		if err != nil {
			l.problem(dir, 0, "cannot read: %v", err)
			continue
		}
		lesson, err := lessons.LoadLesson(sub, ".")
		var le *lessons.Error
		if errors.As(err, &le) {
			for _, p := range le.Problems {
				l.problem(path.Join(dir, p.File), p.Line, "%s", p.Msg)
			}
			continue
		}
		if err != nil {
			l.problem(dir, 0, "%v", err)
			continue
		}
		if first, dup := seen[lesson.ID]; dup {
			l.problem(dir+"/"+lessons.LessonFile, 0, "lesson id %q already used by %s", lesson.ID, first)
			continue
		}
		seen[lesson.ID] = dir
		lf := alliance.LessonFolder{Dir: e.Name(), ID: lesson.ID, Version: lesson.Version, Files: map[string][]byte{}}
		files, err := fs.ReadDir(sub, ".")
		if err != nil {
			l.problem(dir, 0, "cannot list: %s", describe(".", err))
		}
		for _, f := range files {
			if f.IsDir() || f.Name()[0] == '.' {
				continue
			}
			b, err := safefs.ReadFile(sub, f.Name(), MaxLessonFileBytes)
			if err != nil {
				l.problem(path.Join(dir, f.Name()), 0, "cannot read: %s", describe(f.Name(), err))
				continue
			}
			if l.keepData {
				lf.Files[f.Name()] = b
			}
		}
		l.pack.Lessons = append(l.pack.Lessons, lf)
	}
}
