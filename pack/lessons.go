package pack

import (
	"errors"
	"io/fs"
	"path"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/lessons"
)

// lessonsDir loads and validates the pack's lessons/ folder, if any.
func (l *loader) lessonsDir() {
	entries, err := fs.ReadDir(l.fsys, "lessons")
	if err != nil {
		return // a pack without lessons is fine
	}
	seen := map[string]string{}
	for _, e := range entries {
		if !e.IsDir() || e.Name()[0] == '.' {
			continue
		}
		dir := "lessons/" + e.Name()
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
		files, _ := fs.ReadDir(sub, ".")
		for _, f := range files {
			if f.IsDir() || f.Name()[0] == '.' {
				continue
			}
			b, err := fs.ReadFile(sub, f.Name())
			if err != nil {
				l.problem(path.Join(dir, f.Name()), 0, "cannot read: %v", err)
				continue
			}
			lf.Files[f.Name()] = b
		}
		l.pack.Lessons = append(l.pack.Lessons, lf)
	}
}
