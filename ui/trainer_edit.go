package ui

import (
	"errors"
	"image/color"
	"log/slog"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/store"
	"github.com/shinan-alliance/alliance/surname"
)

// The trainer's forms: a course (new or changed), a session (new or
// changed: any day, its lesson, its trainer), the roster, and adding a
// learner. Words (a course's title, a trainer's name) are written on the
// input panel, by hand or by pinyin: the kiosk has no keyboard.

// textField is a big button showing a value (or what to write there)
// that opens the input panel to write it.
func (a *App) textField(title, value, empty string, max int, done func(string)) *BigButton {
	shown := value
	if shown == "" {
		shown = empty
	}
	b := a.button(shown, func() {
		a.openInput(inputRequest{title: title, value: value, max: max, mode: inputPinyin, modes: []inputMode{inputPinyin, inputHandwriting, inputNineKey}, done: done})
	})
	b.Alignment = widget.ButtonAlignLeading
	return b
}

// withError puts a message in the danger colour above o, when there is
// one: an empty line would take room a small screen lacks.
func withError(msg string, o fyne.CanvasObject) fyne.CanvasObject {
	if msg == "" {
		return o
	}
	l := text(msg)
	l.Importance = widget.DangerImportance
	return container.NewVBox(l, o)
}

// courseFormScreen makes a course (c nil) or changes one: its title and
// its lessons, all of the curriculum ticked to start with. A changed
// course can also be deleted here.
func (a *App) courseFormScreen(c *alliance.Course) *screen {
	title := a.t("trainer.course_default", a.formatDate(a.Now()))
	var on []bool
	msg := ""
	name, heading := "trainer-new-course", a.t("trainer.new_course")
	if c != nil {
		title, name, heading = c.Title, "trainer-edit-course", a.t("trainer.edit_course")
	}
	return &screen{name: name, title: func() string { return heading }, build: func() fyne.CanvasObject {
		cur := a.learn.cur
		if on == nil {
			on = make([]bool, len(cur.Lessons))
			for i, l := range cur.Lessons {
				on[i] = c == nil || slices.Contains(c.Lessons, l.ID)
			}
		}
		var labels []string
		for i, l := range cur.Lessons {
			labels = append(labels, a.t("lesson.number", i+1)+" "+a.lt(l.Title)+a.staleMark(l))
		}
		field := a.textField(a.t("trainer.course_title"), title, a.t("trainer.course_title"), alliance.MaxTitleRunes,
			func(v string) { title, msg = v, "" })
		save := a.primary(a.t("trainer.save"), func() {
			var lessons []string
			for i, l := range cur.Lessons {
				if on[i] {
					lessons = append(lessons, l.ID)
				}
			}
			if strings.TrimSpace(title) == "" || len(lessons) == 0 {
				msg = a.t("trainer.course_needs")
				a.render()
				return
			}
			if c == nil {
				nc := &alliance.Course{Title: title, Lessons: lessons, Community: a.home, KioskID: a.kioskID}
				if err := a.DB.SaveCourse(a.ctx(), nc); err != nil {
					slog.Error("save course", "err", err)
					msg = a.t("err.save")
					a.render()
					return
				}
				a.replace(a.courseScreen(nc.ID))
				return
			}
			if err := a.DB.UpdateCourse(a.ctx(), c.ID, title, lessons, a.kioskID); err != nil {
				slog.Error("update course", "err", err)
				msg = a.t("err.save")
				if errors.Is(err, store.ErrInUse) {
					msg = a.t("trainer.lesson_in_use")
				}
				a.render()
				return
			}
			a.Back()
		})
		save.MinSide = fyne.NewSize(300, 110)
		bottom := container.NewHBox(save)
		if c != nil {
			del := a.button(a.t("trainer.delete_course"), func() { a.push(a.deleteCourseScreen(*c)) })
			del.MinSide = fyne.NewSize(300, 110)
			bottom = container.NewBorder(nil, nil, save, del)
		}
		body := container.NewVBox(text(a.t("trainer.course_title")), field, text(a.t("trainer.course_lessons")),
			a.toggles(labels, on, 1))
		return container.NewBorder(nil, withError(msg, bottom), nil, nil, a.vscroll(body))
	}}
}

// confirmScreen asks before something is deleted: what goes, in words,
// and 确认删除 beside 返回. A nil yes says it cannot be done (the reason
// is in what).
func (a *App) confirmScreen(title, what string, yes func()) *screen {
	return &screen{name: "trainer-confirm", title: func() string { return title }, build: func() fyne.CanvasObject {
		no := a.button(a.t("nav.back"), a.Back)
		buttons := container.NewGridWithColumns(2, no)
		if yes != nil {
			ok := a.primary(a.t("trainer.erase_yes"), yes)
			ok.Importance = widget.DangerImportance
			buttons.Add(ok)
		}
		return container.NewCenter(atLeast(fyne.NewSize(900, 0), container.NewVBox(
			heading(title), atLeast(fyne.NewSize(0, 160), text(what)), buttons)))
	}}
}

// deleteCourseScreen confirms deleting a course, saying what goes with
// it; a course with certificates stays.
func (a *App) deleteCourseScreen(c alliance.Course) *screen {
	ctx := a.ctx()
	sessions, _ := a.DB.Sessions(ctx, c.ID)
	checkIns := 0
	for _, s := range sessions {
		n, _ := a.DB.SessionCheckIns(ctx, s.ID)
		checkIns += n
	}
	what := a.t("trainer.delete_course_what", a.c(c.Title), len(sessions), checkIns)
	return a.confirmScreen(a.t("trainer.delete_course"), what, func() {
		err := a.DB.DeleteCourse(a.ctx(), c.ID, a.kioskID)
		if errors.Is(err, store.ErrInUse) {
			a.replace(a.confirmScreen(a.t("trainer.delete_course"), a.t("trainer.course_has_certificates"), nil))
			return
		}
		if err != nil {
			slog.Error("delete course", "err", err)
			return
		}
		a.popTo("trainer")
	})
}

// popTo goes back to the nearest screen of that name (or as far as it can).
func (a *App) popTo(name string) {
	for len(a.stack) > 1 && a.Current() != name {
		a.stack = a.stack[:len(a.stack)-1]
	}
	a.render()
}

// lastTrainer is the trainer of the latest session of this kiosk that
// names one: most kiosks have one or two trainers, so hers is likely.
func (a *App) lastTrainer() string {
	sessions, err := a.DB.Sessions(a.ctx(), "")
	if err != nil {
		return ""
	}
	slices.SortFunc(sessions, func(x, y alliance.Session) int { return y.Created.Compare(x.Created) })
	for _, s := range sessions {
		if s.Trainer != "" {
			return s.Trainer
		}
	}
	return ""
}

// sessionFormScreen makes a session of course c (s nil) or changes one:
// which day (any day, by taps), which lesson, which trainer. A changed
// session can also be deleted here.
func (a *App) sessionFormScreen(c alliance.Course, s *alliance.Session) *screen {
	lesson, day, trainer, msg := -1, a.today(), a.lastTrainer(), ""
	name, heading0 := "trainer-new-session", a.t("trainer.new_session")
	if s != nil {
		name, heading0 = "trainer-edit-session", a.t("trainer.edit_session")
		lesson = slices.Index(c.Lessons, s.LessonID)
		trainer = s.Trainer
		if d, err := time.ParseInLocation(time.DateOnly, s.Day, alliance.Location); err == nil {
			day = d
		}
	} else if sessions, err := a.DB.Sessions(a.ctx(), c.ID); err == nil {
		// The next lesson not yet given is the likely one.
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
	return &screen{name: name, title: func() string { return heading0 }, build: func() fyne.CanvasObject {
		var labels []string
		for i, id := range c.Lessons {
			labels = append(labels, a.t("lesson.number", i+1)+" "+a.lessonTitle(id))
		}
		who := a.textField(a.t("trainer.trainer_name"), trainer, a.t("trainer.trainer_none"), alliance.MaxTrainerRunes,
			func(v string) { trainer = v })
		save := a.primary(a.t("trainer.save"), func() {
			if lesson < 0 {
				msg = a.t("trainer.pick_lesson")
				a.render()
				return
			}
			dayS := day.Format(time.DateOnly)
			if s != nil {
				if err := a.DB.UpdateSession(a.ctx(), s.ID, c.Lessons[lesson], dayS, trainer, a.kioskID); err != nil {
					slog.Error("update session", "err", err)
					msg = a.t("err.save")
					a.render()
					return
				}
				a.Back()
				return
			}
			ns := &alliance.Session{CourseID: c.ID, LessonID: c.Lessons[lesson], Day: dayS, Trainer: trainer, Community: a.home, KioskID: a.kioskID}
			if err := a.DB.SaveSession(a.ctx(), ns); err != nil {
				slog.Error("save session", "err", err)
				msg = a.t("err.save")
				a.render()
				return
			}
			a.replace(a.sessionScreen(ns.ID))
		})
		save.MinSide = fyne.NewSize(300, 110)
		bottom := container.NewHBox(save)
		if s != nil {
			del := a.button(a.t("trainer.delete_session"), func() { a.push(a.deleteSessionScreen(*s)) })
			del.MinSide = fyne.NewSize(300, 110)
			bottom = container.NewBorder(nil, nil, save, del)
		}
		body := container.NewVBox(text(a.t("trainer.which_day")), a.dayPicker(&day),
			text(a.t("trainer.trainer_name")), who,
			text(a.t("trainer.which_lesson")), a.choiceList(labels, lesson, func(i int) { lesson, msg = i, "" }))
		return container.NewBorder(nil, withError(msg, bottom), nil, nil, a.vscroll(body))
	}}
}

// deleteSessionScreen confirms deleting a session, saying how many
// check-ins go with it.
func (a *App) deleteSessionScreen(s alliance.Session) *screen {
	n, _ := a.DB.SessionCheckIns(a.ctx(), s.ID)
	return a.confirmScreen(a.t("trainer.delete_session"), a.t("trainer.delete_session_what", a.sessionLabel(s), n), func() {
		if err := a.DB.DeleteSession(a.ctx(), s.ID, a.kioskID); err != nil {
			slog.Error("delete session", "err", err)
			return
		}
		a.popTo("trainer-course")
	})
}

// rosterScreen lists a course's learners, each with 移出本班.
func (a *App) rosterScreen(courseID string) *screen {
	return &screen{name: "trainer-roster", title: func() string { return a.t("trainer.roster") }, build: func() fyne.CanvasObject {
		roster, err := a.DB.CourseRoster(a.ctx(), courseID)
		if err != nil {
			return a.failed(err)
		}
		names := a.rosterNames(roster)
		box := container.NewVBox(text(a.t("trainer.roster_explain")))
		for _, l := range roster {
			off := a.button(a.t("trainer.leave"), func() {
				a.push(a.confirmLeaveScreen(courseID, l, names[l.ID]))
			})
			off.MinSide = fyne.NewSize(240, 0)
			off.Name = a.t("trainer.leave") + " " + names[l.ID]
			box.Add(card(container.NewBorder(nil, nil, nil, off, heading(names[l.ID]))))
		}
		if len(roster) == 0 {
			box.Add(text(a.t("trainer.empty_roster")))
		}
		return a.vscroll(box)
	}}
}

// confirmLeaveScreen asks before a learner is taken off a roster.
func (a *App) confirmLeaveScreen(courseID string, l alliance.Learner, name string) *screen {
	sc := a.confirmScreen(a.t("trainer.leave"), a.t("trainer.leave_what", name), func() {
		if err := a.DB.LeaveRoster(a.ctx(), courseID, l.ID, a.kioskID); err != nil {
			slog.Error("leave roster", "err", err)
			return
		}
		a.Back()
	})
	return sc
}

// addLearnerScreen adds a learner to a class, checked in: her surname
// (and 先生/女士) narrows this kiosk's learners to the few it could be;
// one tap on her checks her in. Someone new gets a card from the same
// name.
func (a *App) addLearnerScreen(s alliance.Session) *screen {
	sur, title, others := "", "", ""
	return &screen{name: "trainer-add-learner", title: func() string { return a.t("trainer.add_learner") }, build: func() fyne.CanvasObject {
		ctx := a.ctx()
		picker := container.NewVBox(a.classSurnames(&sur, &others), a.chips([]string{a.titleText(Titles[0]), a.titleText(Titles[1])},
			slices.Index(Titles, title), 2, func(i int) { title = Titles[i]; a.render() }))
		if sur == "" {
			// The surname chosen redraws the list below.
			return container.NewBorder(text(a.t("trainer.add_how")), nil, nil, nil, a.vscroll(picker))
		}
		all, err := a.DB.Learners(ctx)
		if err != nil {
			return a.failed(err)
		}
		roster, _ := a.DB.CourseRoster(ctx, s.CourseID)
		onRoster := map[string]bool{}
		for _, l := range roster {
			onRoster[l.ID] = true
		}
		var match []alliance.Learner
		for _, l := range all {
			if !onRoster[l.ID] && strings.HasPrefix(l.Name, sur) && (title == "" || strings.HasSuffix(l.Name, title)) {
				match = append(match, l)
			}
		}
		names := a.rosterNames(match)
		grid := container.NewGridWithColumns(3)
		for _, l := range match {
			b := a.button(names[l.ID], func() {
				if err := a.DB.SetAttendance(a.ctx(), s.ID, []string{l.ID}, true, a.kioskID); err != nil {
					slog.Error("check in", "err", err)
				}
				a.Back()
			})
			grid.Add(b)
		}
		found := text(a.t("trainer.known_n", len(match)))
		if len(match) == 0 {
			found = text(a.t("trainer.none_known", a.c(sur)))
		}
		newName := a.c(sur) + a.titleText(title)
		newCard := a.primary(a.t("trainer.new_card", newName), func() {
			if title == "" {
				return
			}
			a.replace(a.newLearnerInClassScreen(s, sur+title))
		})
		if title == "" {
			newCard.Importance = widget.MediumImportance
			newCard.SetText(a.t("trainer.new_card_title"))
		}
		body := container.NewVBox(picker, found, grid)
		return container.NewBorder(nil, newCard, nil, nil, a.vscroll(body))
	}}
}

// classSurnames is the surname picker for finding a learner: the common
// surnames and 其他姓 (every surname by its pinyin initial, or written
// by hand); a tap redraws the screen with the learners of that surname.
func (a *App) classSurnames(sur, others *string) fyne.CanvasObject {
	if *others != "" {
		return a.otherSurnames(sur, others)
	}
	var labels []string
	for _, s := range surname.Common {
		labels = append(labels, a.c(s))
	}
	grid := a.chipsIn(container.New(&keyRow{n: 8}), labels, slices.Index(surname.Common, *sur), func(i int) {
		*sur = surname.Common[i]
		a.render()
	})
	other := a.button(a.t("name.other"), func() { *others = "?"; a.render() })
	if *sur != "" && !slices.Contains(surname.Common, *sur) {
		other.SetText(a.c(*sur))
		other.SetChosen(true)
	}
	return container.NewBorder(nil, nil, nil, other, grid)
}

// newLearnerInClassScreen makes a card for a newcomer whose name the
// trainer picked: her phone if she wants it on the card (optional), her
// consent in words, and one tap that records her consent, makes the card
// and checks her in. Her learner number is shown on the class screen.
func (a *App) newLearnerInClassScreen(s alliance.Session, name string) *screen {
	phone, msg := "", ""
	return &screen{name: "trainer-new-learner", title: func() string { return a.t("learner.new") }, build: func() fyne.CanvasObject {
		pad := a.keypad(phone, 11, func(v string) { phone = v })
		save := a.primary(a.t("trainer.agree_and_add"), func() {
			if phone != "" && len(phone) != 11 {
				msg = a.t("form.bad_phone")
				a.render()
				return
			}
			l := &alliance.Learner{Name: name, Phone: phone, ConsentVersion: ConsentVersion, Community: a.home, KioskID: a.kioskID}
			if err := a.DB.SaveLearner(a.ctx(), l); err != nil {
				slog.Error("save learner", "err", err)
				msg = a.t("err.save")
				a.render()
				return
			}
			if err := a.DB.SetAttendance(a.ctx(), s.ID, []string{l.ID}, true, a.kioskID); err != nil {
				slog.Error("check in", "err", err)
			}
			a.learn.notice = a.t("trainer.added", a.c(l.Name), l.Number)
			a.Back()
		})
		save.MinSide = fyne.NewSize(0, 110)
		right := container.NewBorder(heading(a.c(name)), withError(msg, save), nil, nil, a.vscroll(text(a.consentText("consent.learner"))))
		left := container.NewVBox(text(a.t("trainer.phone_optional")), pad)
		return container.NewGridWithColumns(2, left, right)
	}}
}

// choiceList is a column of choices with long labels that wrap: the
// chosen one is marked ✓ with a wide edge in the main-action colour.
func (a *App) choiceList(labels []string, chosen int, pick func(int)) fyne.CanvasObject {
	box := container.NewVBox()
	for i, l := range labels {
		label := l
		if i == chosen {
			label = ChosenMark + l
		}
		item := a.listButton(label, func() { pick(i); a.render() })
		if i == chosen {
			edge := canvas.NewRectangle(color.Transparent)
			edge.StrokeColor, edge.StrokeWidth = Action, PresentEdge
			edge.CornerRadius = a.theme.Size(theme.SizeNameInputRadius)
			item = container.NewStack(item, edge)
		}
		box.Add(item)
	}
	return box
}
