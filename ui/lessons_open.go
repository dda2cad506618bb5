package ui

import (
	"fmt"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/lessons"
	"github.com/shinan-alliance/alliance/store"
)

// openLessonScreen opens the lesson and trainer screens for `kiosk
// --screen` and the size tests: the first practice step of the first
// lesson after two misses, its first quiz, the presenter with an answer shown, and the class
// overview of the newest course, or of a made-up class shown only on
// screen (nothing is written, so a screenshot never sends learners to the
// hub).
//
// "lesson:ID:STEP" opens step STEP (from 1) of lesson ID, and
// "lesson:ID:STEP:PHONE" as on a phone family's phones (huawei, xiaomi,
// oppo, vivo, iphone); "lesson:ID:pick" asks for the phone as the lesson
// does the first time.
func (a *App) openLessonScreen(name string) error {
	if !a.ready() {
		return fmt.Errorf("open %s: no curriculum", name)
	}
	if rest, ok := strings.CutPrefix(name, "lesson:"); ok {
		return a.openLessonStep(rest)
	}
	l := a.learn.cur.Lessons[0]
	firstOf := func(k lessons.Kind) int {
		for i, s := range l.Steps {
			if s.Kind == k {
				return i
			}
		}
		return 0
	}
	switch name {
	case "lesson-practice", "lesson-quiz":
		a.push(a.lessonsScreen())
		run := a.newRun(l, nil)
		k := lessons.Practice
		if name == "lesson-quiz" {
			k = lessons.Quiz
		}
		run.p.Goto(firstOf(k))
		if k == lessons.Practice {
			// Two misses in a corner: the hint, and the right place lit up.
			run.p.Tap(0, 0)
			run.feedback = run.p.Tap(0, 0).Message
		}
		a.push(a.lessonScreen(l, nil, run))
	case "presenter":
		a.push(a.trainerScreen())
		run := a.newRun(l, nil)
		run.present = true
		run.p.Goto(firstOf(lessons.Practice))
		run.p.ShowAnswer()
		a.push(a.presenterScreenFor(run))
	case "class-overview":
		a.push(a.trainerScreen())
		courses, err := a.DB.Courses(a.ctx())
		if err != nil {
			return fmt.Errorf("open %s: %w", name, err)
		}
		if len(courses) > 0 {
			a.push(a.overviewScreen(courses[0].ID, ""))
			return nil
		}
		a.push(a.demoOverviewScreen())
	}
	return nil
}

// openLessonStep opens "ID:STEP[:PHONE]" or "ID:pick" (see
// openLessonScreen).
func (a *App) openLessonStep(spec string) error {
	parts := strings.Split(spec, ":")
	l := a.learn.cur.Lesson(parts[0])
	if l == nil || len(parts) < 2 || len(parts) > 3 {
		return fmt.Errorf("open lesson %q: want lesson:ID:STEP[:PHONE] with a lesson of the curriculum", spec)
	}
	a.push(a.lessonsScreen())
	if parts[1] == "pick" {
		a.push(a.phonePickScreen(func(string) {}))
		return nil
	}
	step, err := strconv.Atoi(parts[1])
	if err != nil || step < 1 || step > len(l.Steps) {
		return fmt.Errorf("open lesson %q: step %q is not 1 to %d", spec, parts[1], len(l.Steps))
	}
	run := a.newRun(l, nil)
	if len(parts) == 3 {
		if _, ok := lessons.FamilyByID(parts[2]); !ok {
			return fmt.Errorf("open lesson %q: unknown phone %q", spec, parts[2])
		}
		a.setRunPhone(run, parts[2])
	}
	run.p.Goto(step - 1)
	a.push(a.lessonScreen(l, nil, run))
	return nil
}

// demoOverviewScreen is a class overview of a made-up class of twelve,
// each a little further along than the last.
func (a *App) demoOverviewScreen() *screen {
	return &screen{name: "class-overview", title: func() string { return a.t("trainer.overview") }, build: func() fyne.CanvasObject {
		c := alliance.Course{Title: a.t("trainer.demo_course")}
		for _, l := range a.learn.cur.Lessons {
			c.Lessons = append(c.Lessons, l.ID)
		}
		names := []string{"王女士", "张先生", "刘女士", "李女士", "于先生", "孙女士", "杨先生", "赵女士", "徐女士", "高先生", "陈女士", "马先生"}
		var roster []alliance.Learner
		prog := map[string]map[string]store.LessonProgress{}
		for i, n := range names {
			id := "demo-" + strconv.Itoa(i)
			roster = append(roster, alliance.Learner{ID: id, Name: n, Number: "0000" + strconv.Itoa(10+i)})
			prog[id] = map[string]store.LessonProgress{}
			for j, lesson := range c.Lessons {
				code := ""
				switch {
				case j < 3+i%4:
					code = "completed"
				case j == 3+i%4 && i%3 == 0:
					code = "needs_help"
				case j == 3+i%4:
					code = "in_progress"
				}
				prog[id][lesson] = store.LessonProgress{Status: code}
			}
		}
		return a.overviewGrid(c, roster, prog, func(alliance.Learner, string) {})
	}}
}
