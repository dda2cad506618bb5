package ui

import (
	"log/slog"
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/lessons"
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
			c := &alliance.Course{Title: title.Text, Community: a.home, KioskID: a.kioskID}
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
func (a *App) sessionLabel(s alliance.Session) string {
	day := s.Day
	if t, err := time.ParseInLocation(time.DateOnly, s.Day, alliance.Location); err == nil {
		day = a.formatDate(t)
	}
	return day + "  ·  " + a.lessonTitle(s.LessonID)
}

// newSessionScreen makes a session: which lesson of the course, and which
// day (today, tomorrow or the day after).
func (a *App) newSessionScreen(c alliance.Course) *screen {
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
			s := &alliance.Session{CourseID: c.ID, LessonID: c.Lessons[lesson], Day: a.Now().In(alliance.Location).AddDate(0, 0, day).Format(time.DateOnly),
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
func (a *App) addLearnerScreen(s alliance.Session) *screen {
	return &screen{name: "trainer-add-learner", title: func() string { return a.t("trainer.add_learner") }, build: func() fyne.CanvasObject {
		ctx := a.ctx()
		all, err := a.DB.Learners(ctx)
		if err != nil {
			return a.failed(err)
		}
		att, _ := a.DB.AttendanceOf(ctx, s.ID)
		checkIn := func(l alliance.Learner) {
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
			a.replace(a.newLearnerScreenThen(func(l alliance.Learner) { checkIn(l) }))
		})
		newCard.MinSide = fyne.NewSize(400, 110)
		return container.NewBorder(container.NewVBox(newCard, text(a.t("trainer.known_learners"))), nil, nil, nil, a.vscroll(grid))
	}}
}
