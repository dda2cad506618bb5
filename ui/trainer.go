package ui

import (
	"errors"
	"image/color"
	"log/slog"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
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

// presenterScale is PresenterScale on a full HD window (and on a second
// screen's window), less on a smaller kiosk window, never below the
// kiosk's own type: at 1280×800 the presenter's bars at 1.5 would push its
// controls off the window.
func (a *App) presenterScale() float32 {
	if a.Window == nil {
		return PresenterScale
	}
	size := a.Window.Canvas().Size()
	if size.Width <= 0 || size.Height <= 0 {
		return PresenterScale
	}
	return max(1, min(PresenterScale, PresenterScale*min(size.Width/1920, size.Height/1080)))
}

// trainerScreens are the screens HoldForClass keeps awake.
var trainerScreens = map[string]bool{
	"trainer": true, "trainer-course": true, "trainer-session": true, "presenter": true, "present-jump": true,
	"class-overview": true, "trainer-progress": true, "trainer-report": true, "trainer-erase": true,
	"trainer-new-course": true, "trainer-edit-course": true, "trainer-new-session": true, "trainer-edit-session": true,
	"trainer-calendar": true, "trainer-phone": true, "trainer-add-learner": true, "trainer-new-learner": true, "trainer-roster": true, "trainer-confirm": true,
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

// classPhoneButton is "手机：不分手机", which opens the choice of the
// phone family the presenter shows the course's class.
func (a *App) classPhoneButton(courseID string) *BigButton {
	shown := a.t("trainer.all_phones")
	if c, err := a.DB.Course(a.ctx(), courseID); err == nil {
		if f, ok := lessons.FamilyByID(c.PhoneFamily); ok {
			shown = a.lt(f.Name)
		}
	}
	return a.button(a.t("trainer.phone_is", shown), func() { a.push(a.classPhoneScreen(courseID)) })
}

// classPhoneScreen lets the trainer pick the phone family the presenter
// shows the course's class.
func (a *App) classPhoneScreen(courseID string) *screen {
	return &screen{name: "trainer-phone", title: func() string { return a.t("trainer.class_phone") }, build: func() fyne.CanvasObject {
		c, err := a.DB.Course(a.ctx(), courseID)
		if err != nil {
			return a.failed(err)
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
		pick := a.chips(labels, chosen, 2, func(i int) {
			if err := a.DB.SetCoursePhone(a.ctx(), courseID, ids[i]); err != nil {
				slog.Error("class phone", "err", err)
			}
			a.Back()
		})
		return a.vscroll(container.NewVBox(text(a.t("trainer.class_phone")), pick))
	}}
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
		add := a.primary(a.t("trainer.new_course"), func() { a.push(a.courseFormScreen(nil)) })
		add.MinSide = fyne.NewSize(400, 110)
		return container.NewBorder(nil, container.NewHBox(add), nil, nil, a.vscroll(box))
	}}
}

// courseScreen is one course: its sessions, a new session, the class
// overview, the course report, and changing or deleting the course.
func (a *App) courseScreen(id string) *screen {
	return &screen{name: "trainer-course", title: func() string { return a.t("trainer.course") }, build: func() fyne.CanvasObject {
		if !a.ready() {
			return text(a.t("err.generic"))
		}
		ctx := a.ctx()
		c, err := a.DB.Course(ctx, id)
		if errors.Is(err, alliance.ErrNotFound) {
			return text(a.t("trainer.gone"))
		}
		if err != nil {
			return a.failed(err)
		}
		sessions, err := a.DB.Sessions(ctx, id)
		if err != nil {
			return a.failed(err)
		}
		edit := a.button(a.t("trainer.edit_course"), func() { a.push(a.courseFormScreen(&c)) })
		head := container.NewBorder(nil, nil, nil, edit, heading(a.c(c.Title)))
		box := container.NewVBox(text(a.t("trainer.sessions")))
		for _, s := range sessions {
			box.Add(a.listButton(a.sessionLabel(s), func() { a.push(a.sessionScreen(s.ID)) }))
		}
		if len(sessions) == 0 {
			box.Add(text(a.t("trainer.no_sessions")))
		}
		newSession := a.primary(a.t("trainer.new_session"), func() { a.push(a.sessionFormScreen(c, nil)) })
		overview := a.button(a.t("trainer.overview"), func() { a.push(a.overviewScreen(c.ID, "")) })
		report := a.button(a.t("trainer.course_report"), func() { a.push(a.reportScreen(c.ID, "")) })
		buttons := container.NewGridWithColumns(3, newSession, overview, report)
		return container.NewBorder(head, buttons, nil, nil, a.vscroll(box))
	}}
}

// sessionTitle is "11月27日 星期五 · 王老师": the class's day and trainer.
func (a *App) sessionTitle(s alliance.Session) string {
	day := s.Day
	if t, err := time.ParseInLocation(time.DateOnly, s.Day, alliance.Location); err == nil {
		day = a.dayText(t)
	}
	if s.Trainer != "" {
		day += "  ·  " + a.c(s.Trainer)
	}
	return day
}

// fitGrid lays objs out in as many equal columns as the window's width
// holds (at most max), less aside (the ▲ ▼ of a scrolling area): the
// columns follow the screen and 大字.
func (a *App) fitGrid(objs []fyne.CanvasObject, max int, aside float32) *fyne.Container {
	widest := float32(MinTarget)
	for _, o := range objs {
		widest = fyne.Max(widest, o.MinSize().Width)
	}
	room := a.Window.Canvas().Size().Width - 2*TargetGap - aside
	cols := int((room + TargetGap) / (widest + TargetGap))
	cols = min(max, cols)
	if cols < 1 {
		cols = 1
	}
	return container.NewGridWithColumns(cols, objs...)
}

// sessionLabel is "11月27日 星期五 · 第3课 加家人为好友 · 王老师".
func (a *App) sessionLabel(s alliance.Session) string {
	day := s.Day
	if t, err := time.ParseInLocation(time.DateOnly, s.Day, alliance.Location); err == nil {
		day = a.dayText(t)
	}
	label := day + "  ·  " + a.lessonTitle(s.LessonID)
	if s.Trainer != "" {
		label += "  ·  " + a.c(s.Trainer)
	}
	return label
}

// Present is the green of a learner checked in: the edge of her name,
// with ✓ 已到 in words (not every trainer tells colours apart on a
// washed-out projector).
var Present = color.NRGBA{0x1b, 0x6e, 0x2e, 0xff}

// presentFill is the pale green behind a checked-in name (Ink on it is
// well over 7:1).
var presentFill = color.NRGBA{0xd4, 0xed, 0xd8, 0xff}

// PresentEdge is how wide the green edge of a checked-in name is.
const PresentEdge = 6

// tint is the kiosk theme with another colour for buttons.
type tint struct {
	fyne.Theme
	button color.Color
}

// Color is the button colour given, else the theme's.
func (t tint) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if n == theme.ColorNameButton {
		return t.button
	}
	return t.Theme.Color(n, v)
}

// attendanceTile is a learner's name at check-in, her state under it
// in words: "✓ 已到" on green with a wide green edge, or "未到" plain.
// The button's Name is her name as shown.
func (a *App) attendanceTile(name string, here bool, tap func()) (fyne.CanvasObject, *BigButton) {
	b := a.button("", tap)
	b.Name = name
	state := a.t("trainer.absent_mark")
	if here {
		state = ChosenMark + a.t("trainer.here_mark")
	}
	words := container.NewVBox(widget.NewLabelWithStyle(name, fyne.TextAlignCenter, fyne.TextStyle{Bold: here}),
		widget.NewLabelWithStyle(state, fyne.TextAlignCenter, fyne.TextStyle{}))
	if !here {
		return container.NewStack(b, words), b
	}
	edge := canvas.NewRectangle(color.Transparent)
	edge.StrokeColor, edge.StrokeWidth = Present, PresentEdge
	edge.CornerRadius = a.theme.Size(theme.SizeNameInputRadius)
	return container.NewStack(container.NewThemeOverride(b, tint{Theme: a.theme, button: presentFill}), words, edge), b
}

// rosterNames is how each learner of a roster is shown: her name, and
// only where two share it, what tells them apart, in words.
func (a *App) rosterNames(roster []alliance.Learner) map[string]string {
	n := map[string]int{}
	for _, l := range roster {
		n[l.Name]++
	}
	out := map[string]string{}
	for _, l := range roster {
		out[l.ID] = a.c(l.Name)
		if n[l.Name] > 1 {
			out[l.ID] += a.learnerTell(l)
		}
	}
	return out
}

// learnerTell is "（尾号5678）", or "（学号204711）" without a phone.
func (a *App) learnerTell(l alliance.Learner) string {
	if len(l.Phone) >= 4 {
		return a.t("trainer.tell_phone", l.Phone[len(l.Phone)-4:])
	}
	return a.t("trainer.tell_number", l.Number)
}

// sessionScreen is a class: check-in by tapping names (each tap saved at
// once), 全部到齐, adding learners, the roster, and the way to the
// presenter, the class overview and the report; the class itself can be
// changed or deleted.
func (a *App) sessionScreen(id string) *screen {
	return &screen{name: "trainer-session", title: func() string { return a.t("trainer.session") }, build: func() fyne.CanvasObject {
		if !a.ready() {
			return text(a.t("err.generic"))
		}
		ctx := a.ctx()
		s, err := a.DB.Session(ctx, id)
		if errors.Is(err, alliance.ErrNotFound) {
			return text(a.t("trainer.gone"))
		}
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
		names := a.rosterNames(roster)
		present := 0
		var tiles []fyne.CanvasObject
		var ids []string
		for _, l := range roster {
			ids = append(ids, l.ID)
			tile, b := a.attendanceTile(names[l.ID], att[l.ID], func() {
				if err := a.DB.SetAttendance(a.ctx(), s.ID, []string{l.ID}, !att[l.ID], a.kioskID); err != nil {
					slog.Error("check in", "err", err)
				}
				a.render()
			})
			b.Name = names[l.ID]
			if att[l.ID] {
				present++
			}
			tiles = append(tiles, tile)
		}
		all := a.primary(a.t("trainer.all_present"), func() {
			if err := a.DB.SetAttendance(a.ctx(), s.ID, ids, true, a.kioskID); err != nil {
				slog.Error("check in everyone", "err", err)
			}
			a.render()
		})
		add := a.button(a.t("trainer.add_learner"), func() { a.push(a.addLearnerScreen(s)) })
		list := a.button(a.t("trainer.roster"), func() { a.push(a.rosterScreen(s.CourseID)) })
		edit := a.button(a.t("trainer.edit_session"), func() {
			if c, err := a.DB.Course(a.ctx(), s.CourseID); err == nil {
				a.push(a.sessionFormScreen(c, &s))
			}
		})
		side := container.NewHBox(edit)
		lesson := a.learn.cur.Lesson(s.LessonID)
		if lesson != nil && len(lesson.Phones) > 0 {
			side.Objects = append([]fyne.CanvasObject{a.classPhoneButton(s.CourseID)}, side.Objects...)
		}
		head := container.NewVBox(container.NewBorder(nil, nil, nil, side, heading(a.sessionTitle(s))),
			text(a.lessonTitle(s.LessonID)+"   ·   "+a.t("trainer.present_n", present, len(roster))))
		if len(roster) == 0 {
			head.Add(text(a.t("trainer.empty_roster")))
		}
		if n := a.learn.notice; n != "" {
			ok := a.button(a.t("trainer.noted"), func() { a.learn.notice = ""; a.render() })
			head.Add(card(container.NewBorder(nil, nil, nil, ok, heading(n))))
		}
		present1 := a.primary(a.t("trainer.present"), func() {
			if lesson != nil {
				a.push(a.presenterScreen(lesson, &s))
			}
		})
		overview := a.button(a.t("trainer.overview"), func() { a.push(a.overviewScreen(s.CourseID, s.ID)) })
		report := a.button(a.t("trainer.session_report"), func() { a.push(a.reportScreen(s.CourseID, s.ID)) })
		tools := a.fitGrid([]fyne.CanvasObject{all, add, list, present1, overview, report}, 6, 0)
		grid := a.fitGrid(tiles, 5, MinTarget*a.theme.scale()+3*TargetGap) // beside ▲ ▼ and the bar
		return container.NewBorder(head, tools, nil, nil, a.vscroll(grid))
	}}
}
