package ui

import (
	"log/slog"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/lessons"
	"github.com/shinan-alliance/alliance/store"
)

// presenterScreen shows a lesson for a projector: projector-sized type,
// the trainer's controls (next, back, show the answer, jump), and taps on
// practice pictures for demonstrating. It records nobody's progress.
func (a *App) presenterScreen(l *lessons.Lesson, s *alliance.Session) *screen {
	run := a.newRun(l, nil)
	run.present, run.session = true, s
	// The class sees the phone the trainer chose for the course.
	family := ""
	if s != nil {
		if c, err := a.DB.Course(a.ctx(), s.CourseID); err == nil {
			family = c.PhoneFamily
		}
	}
	a.setRunPhone(run, family)
	return a.presenterScreenFor(run)
}

// presenterScreenFor presents a lesson already under way.
func (a *App) presenterScreenFor(run *lessonRun) *screen {
	l := run.p.Lesson()
	return &screen{name: "presenter", title: func() string { return a.t("trainer.present") + " · " + a.lt(l.Title) }, build: func() fyne.CanvasObject {
		th := NewTheme()
		th.Scale = a.theme.Scale * a.presenterScale()
		return container.NewThemeOverride(a.playerView(run), th)
	}}
}

// jumpScreen jumps the presenter to any step.
func (a *App) jumpScreen(run *lessonRun) *screen {
	return &screen{name: "present-jump", title: func() string { return a.t("present.jump") }, build: func() fyne.CanvasObject {
		grid := container.NewGridWithColumns(4)
		for i, s := range run.p.Lesson().Steps {
			b := a.button(a.t("present.step", i+1, a.t("kind."+string(s.Kind))), func() {
				if run.p.Goto(i) {
					a.stepChanged(run, false)
				}
				a.Back()
			})
			if i == run.p.Index() {
				b.Importance = widget.HighImportance
			}
			grid.Add(b)
		}
		return a.vscroll(grid)
	}}
}

// statusWord is a status in the words the class overview shows:
// 未开始, 在学, 学会了, 需要帮助, 在帮助下完成.
func (a *App) statusWord(code string) string {
	return a.t("status.class." + or(code, alliance.LessonNotStarted))
}

// statusCodes are the statuses in the order a trainer picks them.
var statusCodes = []string{alliance.LessonNotStarted, alliance.LessonInProgress, alliance.LessonCompleted,
	alliance.LessonCompletedWithHelp, alliance.LessonNeedsHelp}

// statusImportance colours a status: completed as a main action, needing
// help as danger, completed with help and under way as warning. The
// words say it too.
func statusImportance(code string) widget.Importance {
	switch code {
	case alliance.LessonCompleted:
		return widget.HighImportance
	case alliance.LessonNeedsHelp:
		return widget.DangerImportance
	case alliance.LessonInProgress, alliance.LessonCompletedWithHelp:
		return widget.WarningImportance
	}
	return widget.MediumImportance
}

// overviewScreen is the class overview: a learner a row, a lesson a
// column, each cell her status; a tap on a cell sets it. session, when
// set, is the class the entries belong to.
func (a *App) overviewScreen(courseID, session string) *screen {
	return &screen{name: "class-overview", title: func() string { return a.t("trainer.overview") }, build: func() fyne.CanvasObject {
		if !a.ready() {
			return text(a.t("err.generic"))
		}
		ctx := a.ctx()
		c, err := a.DB.Course(ctx, courseID)
		if err != nil {
			return a.failed(err)
		}
		roster, err := a.DB.CourseRoster(ctx, courseID)
		if err != nil {
			return a.failed(err)
		}
		ids := make([]string, len(roster))
		for i, l := range roster {
			ids[i] = l.ID
		}
		prog, err := a.DB.ProgressOf(ctx, ids...)
		if err != nil {
			return a.failed(err)
		}
		return a.overviewGrid(c, roster, prog, func(l alliance.Learner, lesson string) { a.push(a.progressScreen(l, lesson, session)) })
	}}
}

// overviewGrid draws the class overview; open is called with the learner
// and lesson of a tapped cell.
func (a *App) overviewGrid(c alliance.Course, roster []alliance.Learner, prog map[string]map[string]store.LessonProgress, open func(alliance.Learner, string)) fyne.CanvasObject {
	cols := len(c.Lessons)
	header := container.NewGridWithColumns(cols)
	for i := range c.Lessons {
		n := text(a.t("lesson.number", i+1))
		n.Alignment = fyne.TextAlignCenter
		header.Add(atLeast(fyne.NewSize(MinTarget, 0), n))
	}
	// A name and its cells share a row, so they line up however tall
	// the name's text is.
	names := a.rosterNames(roster)
	// Every name column as wide as the widest name, so the cells line up.
	nameWidth := float32(240)
	for _, n := range names {
		l := text(n)
		l.Wrapping = fyne.TextWrapOff
		nameWidth = fyne.Max(nameWidth, l.MinSize().Width)
	}
	nameBox := func(s string) fyne.CanvasObject {
		l := text(s)
		l.Wrapping = fyne.TextWrapOff
		return atLeast(fyne.NewSize(nameWidth, 0), container.NewVBox(layout.NewSpacer(), l, layout.NewSpacer()))
	}
	rows := container.NewVBox(container.NewBorder(nil, nil, nameBox(""), nil, header))
	for _, l := range roster {
		row := container.NewGridWithColumns(cols)
		for _, id := range c.Lessons {
			p := prog[l.ID][id]
			b := a.button(a.statusWord(p.Status), func() { open(l, id) })
			b.Name = a.c(l.Name) + "/" + id
			b.Importance = statusImportance(p.Status)
			row.Add(b)
		}
		rows.Add(container.NewBorder(nil, nil, nameBox(names[l.ID]), nil, row))
	}
	if len(roster) == 0 {
		rows.Add(text(a.t("trainer.empty_roster")))
	}
	head := container.NewVBox(heading(a.c(c.Title)), text(a.t("trainer.tap_cell")))
	// A course of all 21 lessons is wider than the screen: the grid
	// scrolls sideways as well.
	return container.NewBorder(head, nil, nil, nil, a.vscroll(container.NewHScroll(rows)))
}

// progressScreen sets a learner's status in a lesson, showing what
// self-study recorded.
func (a *App) progressScreen(l alliance.Learner, lessonID, session string) *screen {
	return &screen{name: "trainer-progress", title: func() string { return a.t("trainer.progress") }, build: func() fyne.CanvasObject {
		prog, err := a.DB.ProgressOf(a.ctx(), l.ID)
		if err != nil {
			return a.failed(err)
		}
		cur := prog[l.ID][lessonID]
		box := container.NewVBox(heading(a.c(l.Name)+" · "+a.lessonTitle(lessonID)),
			text(a.t("trainer.now")+"  "+a.statusWord(cur.Status)))
		if cur.Progress != nil {
			if steps := cur.Progress.NeedsHelp(); len(steps) > 0 {
				key := "trainer.help_steps"
				if cur.Status == alliance.LessonCompletedWithHelp {
					key = "trainer.helped_steps"
				}
				box.Add(text(a.t(key, stepList(steps))))
			}
		}
		grid := container.NewGridWithColumns(2)
		for _, code := range statusCodes {
			b := a.button(a.statusWord(code), func() {
				rec := &store.LessonProgress{LearnerID: l.ID, LessonID: lessonID, Status: code, Progress: cur.Progress,
					Source: alliance.SourceTrainer, SessionID: session, KioskID: a.kioskID}
				if lesson := a.learn.cur.Lesson(lessonID); lesson != nil {
					rec.LessonVersion = lesson.Version
				}
				if err := a.DB.SaveProgress(a.ctx(), rec); err != nil {
					slog.Error("save progress", "err", err)
				}
				a.Back()
			})
			b.MinSide = fyne.NewSize(0, 120)
			b.Importance = statusImportance(code)
			grid.Add(b)
		}
		box.Add(grid)
		erase := a.button(a.t("trainer.erase"), func() { a.push(a.eraseLearnerScreen(l)) })
		box.Add(erase)
		return a.vscroll(box)
	}}
}

// eraseLearnerScreen confirms erasing a learner who asked for her data to
// be deleted, then does it here and, through the outbox, at the hub.
func (a *App) eraseLearnerScreen(l alliance.Learner) *screen {
	return &screen{name: "trainer-erase", title: func() string { return a.t("trainer.erase") }, build: func() fyne.CanvasObject {
		yes := a.primary(a.t("trainer.erase_yes"), func() {
			if err := a.DB.DeleteLearner(a.ctx(), l.ID); err != nil {
				slog.Error("erase learner", "err", err)
				return
			}
			a.Back() // the confirmation
			a.Back() // her progress screen: she is gone
		})
		no := a.button(a.t("nav.back"), a.Back)
		// A fixed width: wrapped text in a centred box would otherwise
		// shrink to a column one character wide.
		return container.NewCenter(atLeast(fyne.NewSize(1000, 0), container.NewVBox(
			heading(a.c(l.Name)), atLeast(fyne.NewSize(0, 140), text(a.t("trainer.erase_explain"))),
			container.NewGridWithColumns(2, no, yes))))
	}}
}

// stepList is "2、5": steps numbered from 1.
func stepList(steps []int) string {
	var ns []string
	for _, s := range steps {
		ns = append(ns, strconv.Itoa(s+1))
	}
	return strings.Join(ns, "、")
}
