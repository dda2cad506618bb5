package ui

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/lessons"
	"github.com/shinan-alliance/alliance/store"
)

// ClassIdle is how long the trainer's screens stay up without a touch: a
// class talks for many minutes between taps, but a roster must not stay
// open all night.
const ClassIdle = 30 * time.Minute

// PresenterScale enlarges the presenter's type for the back of a room.
const PresenterScale = 1.5

// trainerScreens are the screens HoldForClass keeps awake.
var trainerScreens = map[string]bool{
	"trainer": true, "trainer-course": true, "trainer-session": true, "presenter": true, "present-jump": true,
	"class-overview": true, "trainer-progress": true, "trainer-report": true, "trainer-erase": true,
}

// HoldForClass keeps the trainer's screens from the idle reset for up to
// ClassIdle after the trainer's last touch; the kiosk calls it every second
// before Tick.
func (a *App) HoldForClass() {
	st := a.learn
	if st == nil {
		return
	}
	if !a.lastTouch.Equal(st.heldAt) {
		st.realTouch = a.lastTouch // a touch of a person, not of this hold
	}
	if trainerScreens[a.Current()] && a.Now().Sub(st.realTouch) < ClassIdle {
		a.lastTouch = a.Now()
		st.heldAt = a.lastTouch
	}
}

// ready reports whether lessons are enabled, enabling the embedded
// curriculum if not (trainer screens need it).
func (a *App) ready() bool {
	if a.learn != nil {
		return true
	}
	if err := a.EnableLessons(nil); err != nil {
		slog.Error("enable lessons", "err", err)
		return false
	}
	return true
}

// lessonTitle names a lesson of the curriculum, or gives its id; a
// lesson checked more than a year ago says so, for the trainer.
func (a *App) lessonTitle(id string) string {
	if l := a.learn.cur.Lesson(id); l != nil {
		return a.lt(l.Title) + a.staleMark(l)
	}
	return id
}

// staleMark is "（2025-06-30 核对过，可能过时）" for a lesson last checked
// more than a year ago, else "".
func (a *App) staleMark(l *lessons.Lesson) string {
	if !l.Stale(a.Now()) {
		return ""
	}
	return a.t("trainer.stale", l.Checked.Date.Format(time.DateOnly))
}

// classPhone lets the trainer pick the phone family the presenter shows
// the course's class.
func (a *App) classPhone(courseID string) fyne.CanvasObject {
	c, err := a.DB.Course(a.ctx(), courseID)
	if err != nil {
		return container.NewVBox()
	}
	labels := []string{a.t("trainer.all_phones")}
	ids := []string{""}
	chosen := 0
	for _, f := range lessons.Families {
		if f.ID == c.PhoneFamily {
			chosen = len(ids)
		}
		labels = append(labels, a.lt(f.Name))
		ids = append(ids, f.ID)
	}
	pick := a.chips(labels, chosen, 3, func(i int) {
		if err := a.DB.SetCoursePhone(a.ctx(), courseID, ids[i]); err != nil {
			slog.Error("class phone", "err", err)
		}
	})
	return container.NewVBox(text(a.t("trainer.class_phone")), pick)
}

// trainerScreen is 培训: the courses of this kiosk and a new course.
func (a *App) trainerScreen() *screen {
	return &screen{name: "trainer", title: func() string { return a.t("trainer.title") }, build: func() fyne.CanvasObject {
		if !a.ready() {
			return text(a.t("err.generic"))
		}
		courses, err := a.DB.Courses(a.ctx())
		box := container.NewVBox(heading(a.t("trainer.courses")))
		if err != nil {
			box.Add(a.failed(err))
		}
		for _, c := range courses {
			box.Add(a.listButton(a.c(c.Title)+"  ·  "+a.t("trainer.lessons_n", len(c.Lessons)), func() { a.push(a.courseScreen(c.ID)) }))
		}
		if len(courses) == 0 && err == nil {
			box.Add(text(a.t("trainer.no_courses")))
		}
		add := a.primary(a.t("trainer.new_course"), func() { a.push(a.newCourseScreen()) })
		add.MinSide = fyne.NewSize(400, 110)
		return container.NewBorder(nil, container.NewHBox(add), nil, nil, a.vscroll(box))
	}}
}

// newCourseScreen makes a course: a title and the lessons, all of the
// curriculum ticked to start with.
func (a *App) newCourseScreen() *screen {
	title := widget.NewEntry()
	title.SetText(a.t("trainer.course_default", a.formatDate(a.Now())))
	var on []bool
	msg := ""
	return &screen{name: "trainer-new-course", title: func() string { return a.t("trainer.new_course") }, build: func() fyne.CanvasObject {
		cur := a.learn.cur
		if on == nil {
			on = make([]bool, len(cur.Lessons))
			for i := range on {
				on[i] = true
			}
		}
		var labels []string
		for i, l := range cur.Lessons {
			labels = append(labels, a.t("lesson.number", i+1)+" "+a.lt(l.Title)+a.staleMark(l))
		}
		title.OnChanged = func(string) { a.touch() }
		errLabel := text(msg)
		errLabel.Importance = widget.DangerImportance
		save := a.primary(a.t("trainer.save"), func() {
			c := &store.Course{Title: title.Text, Community: a.home, KioskID: a.kioskID}
			for i, l := range cur.Lessons {
				if on[i] {
					c.Lessons = append(c.Lessons, l.ID)
				}
			}
			if err := a.DB.SaveCourse(a.ctx(), c); err != nil {
				slog.Error("save course", "err", err)
				msg = a.t("trainer.course_needs")
				a.render()
				return
			}
			a.replace(a.courseScreen(c.ID))
		})
		save.MinSide = fyne.NewSize(400, 110)
		top := container.NewVBox(text(a.t("trainer.course_title")), atLeast(fyne.NewSize(0, MinTarget), title), text(a.t("trainer.course_lessons")))
		return container.NewBorder(top, container.NewVBox(errLabel, container.NewHBox(save)), nil, nil, a.vscroll(a.toggles(labels, on, 2)))
	}}
}

// courseScreen is one course: its sessions, a new session, the class
// overview and the course report.
func (a *App) courseScreen(id string) *screen {
	return &screen{name: "trainer-course", title: func() string { return a.t("trainer.course") }, build: func() fyne.CanvasObject {
		if !a.ready() {
			return text(a.t("err.generic"))
		}
		ctx := a.ctx()
		c, err := a.DB.Course(ctx, id)
		if err != nil {
			return a.failed(err)
		}
		sessions, err := a.DB.Sessions(ctx, id)
		if err != nil {
			return a.failed(err)
		}
		box := container.NewVBox(heading(a.c(c.Title)), text(a.t("trainer.sessions")))
		for _, s := range sessions {
			box.Add(a.listButton(a.sessionLabel(s), func() { a.push(a.sessionScreen(s.ID)) }))
		}
		if len(sessions) == 0 {
			box.Add(text(a.t("trainer.no_sessions")))
		}
		newSession := a.primary(a.t("trainer.new_session"), func() { a.push(a.newSessionScreen(c)) })
		overview := a.button(a.t("trainer.overview"), func() { a.push(a.overviewScreen(c.ID, "")) })
		report := a.button(a.t("trainer.course_report"), func() { a.push(a.reportScreen(c.ID, "")) })
		buttons := container.NewGridWithColumns(3, newSession, overview, report)
		return container.NewBorder(nil, buttons, nil, nil, a.vscroll(box))
	}}
}

// sessionLabel is "11月27日 · 第3课 加家人为好友".
func (a *App) sessionLabel(s store.Session) string {
	day := s.Day
	if t, err := time.ParseInLocation(time.DateOnly, s.Day, alliance.Location); err == nil {
		day = a.formatDate(t)
	}
	return day + "  ·  " + a.lessonTitle(s.LessonID)
}

// newSessionScreen makes a session: which lesson of the course, and which
// day (today, tomorrow or the day after).
func (a *App) newSessionScreen(c store.Course) *screen {
	lesson, day, msg := -1, 0, ""
	ctx := a.ctx()
	// The next lesson not yet given is the likely one.
	if sessions, err := a.DB.Sessions(ctx, c.ID); err == nil {
		given := map[string]bool{}
		for _, s := range sessions {
			given[s.LessonID] = true
		}
		for i, id := range c.Lessons {
			if !given[id] {
				lesson = i
				break
			}
		}
	}
	return &screen{name: "trainer-new-session", title: func() string { return a.t("trainer.new_session") }, build: func() fyne.CanvasObject {
		var labels []string
		for i, id := range c.Lessons {
			labels = append(labels, a.t("lesson.number", i+1)+" "+a.lessonTitle(id))
		}
		var days []string
		for i := range 3 {
			days = append(days, a.t("trainer.day"+strconv.Itoa(i))+" "+a.formatDate(a.Now().AddDate(0, 0, i)))
		}
		errLabel := text(msg)
		errLabel.Importance = widget.DangerImportance
		save := a.primary(a.t("trainer.save"), func() {
			if lesson < 0 {
				msg = a.t("trainer.pick_lesson")
				a.render()
				return
			}
			s := &store.Session{CourseID: c.ID, LessonID: c.Lessons[lesson], Day: a.Now().In(alliance.Location).AddDate(0, 0, day).Format(time.DateOnly),
				Community: a.home, KioskID: a.kioskID}
			if err := a.DB.SaveSession(a.ctx(), s); err != nil {
				slog.Error("save session", "err", err)
				msg = a.t("err.save")
				a.render()
				return
			}
			a.replace(a.sessionScreen(s.ID))
		})
		save.MinSide = fyne.NewSize(400, 110)
		body := container.NewVBox(heading(a.t("trainer.which_day")), a.chips(days, day, 3, func(i int) { day = i }),
			heading(a.t("trainer.which_lesson")), a.chips(labels, lesson, 2, func(i int) { lesson = i }))
		return container.NewBorder(nil, container.NewVBox(errLabel, container.NewHBox(save)), nil, nil, a.vscroll(body))
	}}
}

// sessionScreen is a class: check-in by tapping names (each tap saved at
// once), 全部到齐, adding learners, and the way to the presenter, the class
// overview and the report.
func (a *App) sessionScreen(id string) *screen {
	return &screen{name: "trainer-session", title: func() string { return a.t("trainer.session") }, build: func() fyne.CanvasObject {
		if !a.ready() {
			return text(a.t("err.generic"))
		}
		ctx := a.ctx()
		s, err := a.DB.Session(ctx, id)
		if err != nil {
			return a.failed(err)
		}
		roster, err := a.DB.CourseRoster(ctx, s.CourseID)
		if err != nil {
			return a.failed(err)
		}
		att, err := a.DB.AttendanceOf(ctx, s.ID)
		if err != nil {
			return a.failed(err)
		}
		present := 0
		grid := container.NewGridWithColumns(5)
		var ids []string
		for _, l := range roster {
			ids = append(ids, l.ID)
			b := a.button(a.c(l.Name)+" "+l.Number[len(l.Number)-2:], func() {
				if err := a.DB.SetAttendance(a.ctx(), s.ID, []string{l.ID}, !att[l.ID], a.kioskID); err != nil {
					slog.Error("check in", "err", err)
				}
				a.render()
			})
			b.Name = a.c(l.Name) + " " + l.Number
			if att[l.ID] {
				// In words as well as colour: not every trainer tells
				// the blues apart on a washed-out projector.
				b.SetText(a.t("trainer.here_mark") + b.Text)
				b.Importance = widget.HighImportance
				present++
			}
			grid.Add(b)
		}
		all := a.primary(a.t("trainer.all_present"), func() {
			if err := a.DB.SetAttendance(a.ctx(), s.ID, ids, true, a.kioskID); err != nil {
				slog.Error("check in everyone", "err", err)
			}
			a.render()
		})
		add := a.button(a.t("trainer.add_learner"), func() { a.push(a.addLearnerScreen(s)) })
		head := container.NewVBox(heading(a.sessionLabel(s)),
			text(a.t("trainer.present_n", present, len(roster))+"   "+a.t("trainer.tap_names")))
		if l := a.learn.cur.Lesson(s.LessonID); l != nil && len(l.Phones) > 0 {
			head.Add(a.classPhone(s.CourseID))
		}
		if len(roster) == 0 {
			head.Add(text(a.t("trainer.empty_roster")))
		}
		lesson := a.learn.cur.Lesson(s.LessonID)
		present1 := a.primary(a.t("trainer.present"), func() {
			if lesson != nil {
				a.push(a.presenterScreen(lesson, &s))
			}
		})
		overview := a.button(a.t("trainer.overview"), func() { a.push(a.overviewScreen(s.CourseID, s.ID)) })
		report := a.button(a.t("trainer.session_report"), func() { a.push(a.reportScreen(s.CourseID, s.ID)) })
		tools := container.NewGridWithColumns(5, all, add, present1, overview, report)
		return container.NewBorder(head, tools, nil, nil, a.vscroll(grid))
	}}
}

// addLearnerScreen adds a learner to a class, checked in: someone who
// already has a card on this kiosk, or a new card.
func (a *App) addLearnerScreen(s store.Session) *screen {
	return &screen{name: "trainer-add-learner", title: func() string { return a.t("trainer.add_learner") }, build: func() fyne.CanvasObject {
		ctx := a.ctx()
		all, err := a.DB.Learners(ctx)
		if err != nil {
			return a.failed(err)
		}
		att, _ := a.DB.AttendanceOf(ctx, s.ID)
		checkIn := func(l store.Learner) {
			if err := a.DB.SetAttendance(a.ctx(), s.ID, []string{l.ID}, true, a.kioskID); err != nil {
				slog.Error("check in", "err", err)
			}
		}
		grid := container.NewGridWithColumns(4)
		for _, l := range all {
			if _, in := att[l.ID]; in {
				continue
			}
			b := a.button(a.c(l.Name)+" "+l.Number, func() { checkIn(l); a.Back() })
			grid.Add(b)
		}
		newCard := a.primary(a.t("learner.new"), func() {
			a.replace(a.newLearnerScreenThen(func(l store.Learner) { checkIn(l) }))
		})
		newCard.MinSide = fyne.NewSize(400, 110)
		return container.NewBorder(container.NewVBox(newCard, text(a.t("trainer.known_learners"))), nil, nil, nil, a.vscroll(grid))
	}}
}

// presenterScreen shows a lesson for a projector: projector-sized type,
// the trainer's controls (next, back, show the answer, jump), and taps on
// practice pictures for demonstrating. It records nobody's progress.
func (a *App) presenterScreen(l *lessons.Lesson, s *store.Session) *screen {
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
		th.Scale = a.theme.Scale * PresenterScale
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

// statusShort is a status in one or two characters, for the overview grid.
func (a *App) statusShort(code string) string {
	if code == "" {
		code = "not_started"
	}
	return a.t("status.short." + code)
}

// statusImportance colours a status: completed as a main action, needing
// help as danger.
func statusImportance(code string) widget.Importance {
	switch code {
	case "completed":
		return widget.HighImportance
	case "needs_help":
		return widget.DangerImportance
	case "in_progress":
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
		prog, err := a.DB.ProgressOf(ctx, learnerIDs(roster)...)
		if err != nil {
			return a.failed(err)
		}
		return a.overviewGrid(c, roster, prog, func(l store.Learner, lesson string) { a.push(a.progressScreen(l, lesson, session)) })
	}}
}

// overviewGrid draws the class overview; open is called with the learner
// and lesson of a tapped cell.
func (a *App) overviewGrid(c store.Course, roster []store.Learner, prog map[string]map[string]store.LessonProgress, open func(store.Learner, string)) fyne.CanvasObject {
	cols := len(c.Lessons)
	header := container.NewGridWithColumns(cols)
	for i := range c.Lessons {
		n := text(strconv.Itoa(i + 1))
		n.Alignment = fyne.TextAlignCenter
		header.Add(atLeast(fyne.NewSize(MinTarget, 0), n))
	}
	// A name and its cells share a row, so they line up however tall
	// the name's text is.
	nameBox := func(s string) fyne.CanvasObject {
		l := text(s)
		l.Wrapping = fyne.TextWrapOff
		return atLeast(fyne.NewSize(240, 0), container.NewVBox(layout.NewSpacer(), l, layout.NewSpacer()))
	}
	rows := container.NewVBox(container.NewBorder(nil, nil, nameBox(a.t("trainer.lesson_no")), nil, header))
	for _, l := range roster {
		row := container.NewGridWithColumns(cols)
		for _, id := range c.Lessons {
			p := prog[l.ID][id]
			b := a.button(a.statusShort(p.Status), func() { open(l, id) })
			b.Name = a.c(l.Name) + "/" + id
			b.Importance = statusImportance(p.Status)
			row.Add(b)
		}
		rows.Add(container.NewBorder(nil, nil, nameBox(a.c(l.Name)), nil, row))
	}
	if len(roster) == 0 {
		rows.Add(text(a.t("trainer.empty_roster")))
	}
	head := container.NewVBox(heading(a.c(c.Title)), text(a.t("trainer.legend")))
	// A course of all 21 lessons is wider than the screen: the grid
	// scrolls sideways as well.
	return container.NewBorder(head, nil, nil, nil, a.vscroll(container.NewHScroll(rows)))
}

// progressScreen sets a learner's status in a lesson, showing what
// self-study recorded.
func (a *App) progressScreen(l store.Learner, lessonID, session string) *screen {
	return &screen{name: "trainer-progress", title: func() string { return a.t("trainer.progress") }, build: func() fyne.CanvasObject {
		prog, err := a.DB.ProgressOf(a.ctx(), l.ID)
		if err != nil {
			return a.failed(err)
		}
		cur := prog[l.ID][lessonID]
		box := container.NewVBox(heading(a.c(l.Name)+" · "+a.lessonTitle(lessonID)),
			text(a.t("trainer.now")+"  "+a.t("status.lesson."+or(cur.Status, "not_started"))))
		if cur.Progress != nil {
			if steps := cur.Progress.NeedsHelp(); len(steps) > 0 {
				var ns []string
				for _, s := range steps {
					ns = append(ns, strconv.Itoa(s+1))
				}
				box.Add(text(a.t("trainer.help_steps", strings.Join(ns, "、"))))
			}
		}
		codes := []string{"not_started", "in_progress", "completed", "needs_help"}
		grid := container.NewGridWithColumns(2)
		for _, code := range codes {
			b := a.button(a.t("status.lesson."+code), func() {
				rec := &store.LessonProgress{LearnerID: l.ID, LessonID: lessonID, Status: code, Progress: cur.Progress,
					Source: store.SourceTrainer, SessionID: session, KioskID: a.kioskID}
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
func (a *App) eraseLearnerScreen(l store.Learner) *screen {
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

// reportScreen shows a session's report (session set) or a course's, with
// CSV export and, in a course report, certificates for who finished.
func (a *App) reportScreen(courseID, session string) *screen {
	status := ""
	dir := widget.NewEntry()
	dir.SetText(exportDir())
	return &screen{name: "trainer-report", title: func() string { return a.t("trainer.report") }, build: func() fyne.CanvasObject {
		if !a.ready() {
			return text(a.t("err.generic"))
		}
		ctx := a.ctx()
		var rep *Report
		var err error
		if session != "" {
			rep, err = SessionReport(ctx, a.DB, a.learn.cur, session, a.lang)
		} else {
			rep, err = CourseReport(ctx, a.DB, a.learn.cur, courseID, a.lang)
		}
		if err != nil {
			return a.failed(err)
		}
		box := container.NewVBox(heading(a.c(rep.Title)))
		for _, line := range rep.Summary {
			box.Add(text(line))
		}
		for _, r := range rep.Rows {
			line := strings.Join(r.Shown, "   ")
			if r.Finished && session == "" {
				cert := a.button(a.t("trainer.certificate"), func() { a.push(a.certificateScreen(r.Learner, courseID, dir.Text)) })
				box.Add(card(container.NewBorder(nil, nil, nil, cert, text(line))))
				continue
			}
			box.Add(card(text(line)))
		}
		statusLabel := text(status)
		export := a.primary(a.t("staff.export"), func() {
			path, err := rep.Export(dir.Text)
			if err != nil {
				slog.Error("export training report", "err", err)
				status = a.t("staff.export_failed")
			} else {
				status = a.t("staff.exported", path)
			}
			a.render()
		})
		bottom := container.NewVBox(statusLabel, text(a.t("staff.export_to")), container.NewBorder(nil, nil, nil, export, atLeast(fyne.NewSize(0, MinTarget), dir)))
		return container.NewBorder(nil, bottom, nil, nil, a.vscroll(box))
	}}
}

// Report is a training report: lines for the screen and rows for CSV.
type Report struct {
	Title   string
	File    string // file name to export to
	Summary []string
	Header  []string
	Rows    []ReportRow
}

// ReportRow is one learner in a report.
type ReportRow struct {
	Learner  store.Learner
	Shown    []string // what the screen shows
	CSV      []string
	Finished bool // course report: every lesson completed
}

// SessionReport reports a class: who came, and each learner's status in
// the session's lesson; lang is for the screen, the CSV is the same in
// every language.
func SessionReport(ctx context.Context, db *store.DB, cur *lessons.Curriculum, sessionID string, lang Lang) (*Report, error) {
	s, err := db.Session(ctx, sessionID)
	if err != nil {
		return nil, fmt.Errorf("session report: %w", err)
	}
	c, err := db.Course(ctx, s.CourseID)
	if err != nil {
		return nil, fmt.Errorf("session report: %w", err)
	}
	roster, err := db.CourseRoster(ctx, s.CourseID)
	if err != nil {
		return nil, fmt.Errorf("session report: %w", err)
	}
	att, err := db.AttendanceOf(ctx, s.ID)
	if err != nil {
		return nil, fmt.Errorf("session report: %w", err)
	}
	prog, err := db.ProgressOf(ctx, learnerIDs(roster)...)
	if err != nil {
		return nil, fmt.Errorf("session report: %w", err)
	}
	title := s.LessonID
	if l := cur.Lesson(s.LessonID); l != nil {
		title = l.Title.In(string(lang))
	}
	rep := &Report{Title: c.Title + " · " + s.Day + " · " + title, File: fmt.Sprintf("class-%s-%s.csv", s.Day, s.LessonID),
		Header: []string{"course", "day", "lesson", "learner", "number", "present", "status"}}
	present := 0
	for _, l := range roster {
		st := or(prog[l.ID][s.LessonID].Status, "not_started")
		here := att[l.ID]
		if here {
			present++
		}
		rep.Rows = append(rep.Rows, ReportRow{Learner: l,
			Shown: []string{Script(lang, l.Name), l.Number, T(lang, "trainer.here."+strconv.FormatBool(here)), T(lang, "status.lesson."+st)},
			CSV:   []string{c.Title, s.Day, s.LessonID, l.Name, l.Number, strconv.FormatBool(here), st}})
	}
	rep.Summary = []string{T(lang, "trainer.present_n", present, len(roster))}
	return rep, nil
}

// CourseReport reports a course: for each learner the classes attended,
// the lessons completed, those where she needs help, and whether she
// finished.
func CourseReport(ctx context.Context, db *store.DB, cur *lessons.Curriculum, courseID string, lang Lang) (*Report, error) {
	c, err := db.Course(ctx, courseID)
	if err != nil {
		return nil, fmt.Errorf("course report: %w", err)
	}
	sessions, err := db.Sessions(ctx, courseID)
	if err != nil {
		return nil, fmt.Errorf("course report: %w", err)
	}
	roster, err := db.CourseRoster(ctx, courseID)
	if err != nil {
		return nil, fmt.Errorf("course report: %w", err)
	}
	prog, err := db.ProgressOf(ctx, learnerIDs(roster)...)
	if err != nil {
		return nil, fmt.Errorf("course report: %w", err)
	}
	came := map[string]int{}
	for _, s := range sessions {
		att, err := db.AttendanceOf(ctx, s.ID)
		if err != nil {
			return nil, fmt.Errorf("course report: %w", err)
		}
		for id, here := range att {
			if here {
				came[id]++
			}
		}
	}
	rep := &Report{Title: c.Title, File: fmt.Sprintf("course-%s.csv", c.Created.Format("20060102-1504")),
		Header: []string{"course", "learner", "number", "classes_attended", "classes", "lessons_completed", "lessons", "needs_help", "finished", "certificate"}}
	finished := 0
	for _, l := range roster {
		done, help := 0, []string{}
		for _, id := range c.Lessons {
			switch prog[l.ID][id].Status {
			case "completed":
				done++
			case "needs_help":
				help = append(help, id)
			}
		}
		fin := done == len(c.Lessons)
		cert := ""
		if comp, err := db.CompletionOf(ctx, l.ID, c.ID); err == nil {
			cert = comp.Certificate
		}
		if fin {
			finished++
		}
		shown := []string{Script(lang, l.Name), l.Number, T(lang, "trainer.came", came[l.ID], len(sessions)), T(lang, "trainer.done", done, len(c.Lessons))}
		if len(help) > 0 {
			shown = append(shown, T(lang, "trainer.help_n", len(help)))
		}
		rep.Rows = append(rep.Rows, ReportRow{Learner: l, Finished: fin, Shown: shown,
			CSV: []string{c.Title, l.Name, l.Number, strconv.Itoa(came[l.ID]), strconv.Itoa(len(sessions)), strconv.Itoa(done),
				strconv.Itoa(len(c.Lessons)), strings.Join(help, " "), strconv.FormatBool(fin), cert}})
	}
	rep.Summary = []string{T(lang, "trainer.course_summary", len(roster), len(sessions), finished)}
	return rep, nil
}

func learnerIDs(ls []store.Learner) []string {
	var ids []string
	for _, l := range ls {
		ids = append(ids, l.ID)
	}
	return ids
}

// WriteCSV writes the report as CSV with a header row, for a spreadsheet
// or printing. Phones are left out: trainers have them on their own lists.
func (r *Report) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	cw.Write(r.Header)
	for _, row := range r.Rows {
		cw.Write(row.CSV)
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	return nil
}

// Export writes the report as CSV into dir and returns the file's path.
func (r *Report) Export(dir string) (string, error) {
	path, f, err := createExport(dir, r.File)
	if err != nil {
		return "", fmt.Errorf("export report: %w", err)
	}
	if err := r.WriteCSV(f); err != nil {
		f.Close()
		return "", err
	}
	return path, f.Close()
}
