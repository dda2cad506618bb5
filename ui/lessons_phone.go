package ui

import (
	"log/slog"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/shinan-alliance/alliance/lessons"
)

// Phones, the community's own details and safety notes in lessons.
//
// Some steps differ from one phone family to another (lessons.Family). The
// learner picks her phone once: the learner card remembers it (on this
// kiosk), and without a card it holds for the visit. A lesson with such
// steps asks first when the phone is not known; "don't know" shows the
// steps in their generic form. A trainer picks one for the class's
// presenter.

// phoneFamily returns the phone family of whoever is at the lesson list,
// and whether she has been asked (she may not know: "").
func (a *App) phoneFamily() (string, bool) {
	st := a.learn
	if st == nil {
		return "", false
	}
	if st.learner != nil && st.learner.PhoneFamily != "" {
		return st.learner.PhoneFamily, true
	}
	return st.phone, st.phoneSet
}

// setPhone remembers the phone she picked: on her learner card, or for
// the visit.
func (a *App) setPhone(family string) {
	st := a.learn
	st.phone, st.phoneSet = family, true
	if l := st.learner; l != nil {
		if err := a.DB.SetLearnerPhone(a.ctx(), l.ID, family); err != nil {
			slog.Error("remember learner's phone", "err", err)
			return
		}
		l.PhoneFamily = family
	}
}

// familyName names a phone family in the kiosk's language; "" is the
// generic form.
func (a *App) familyName(family string) string {
	if f, ok := lessons.FamilyByID(family); ok {
		return a.lt(f.Name)
	}
	return a.t("phone.generic")
}

// phonePickScreen asks which phone she uses; picked is called with the
// family ("" for don't know) and then decides where to go.
func (a *App) phonePickScreen(picked func(family string)) *screen {
	return &screen{name: "phone-pick", title: func() string { return a.t("phone.title") }, build: func() fyne.CanvasObject {
		cur, known := a.phoneFamily()
		grid := container.NewGridWithColumns(2)
		add := func(label, family string) {
			b := a.button(label, func() { picked(family) })
			b.MinSide = fyne.NewSize(0, 120)
			if known && family == cur {
				b.Importance = widget.HighImportance
			}
			grid.Add(b)
		}
		for _, f := range lessons.Families {
			add(a.lt(f.Name), f.ID)
		}
		add(a.t("phone.unknown"), "")
		return a.vscroll(container.NewVBox(heading(a.t("phone.title")), text(a.t("phone.why")), grid))
	}}
}

// phoneRow is the lesson list's line about her phone, with a button to
// pick or change it.
func (a *App) phoneRow() fyne.CanvasObject {
	fam, known := a.phoneFamily()
	label := a.t("phone.none")
	btn := a.t("phone.pick")
	if known && fam != "" {
		label, btn = a.t("phone.mine", a.familyName(fam)), a.t("phone.change")
	}
	pick := a.button(btn, func() {
		a.push(a.phonePickScreen(func(family string) {
			a.setPhone(family)
			a.Back()
		}))
	})
	return card(container.NewBorder(nil, nil, nil, pick, text(label)))
}

// openLesson opens a lesson from the list, asking for her phone first
// when the lesson has steps that differ by phone and she has not said.
func (a *App) openLesson(l *lessons.Lesson) {
	st := a.learn
	if _, known := a.phoneFamily(); len(l.Phones) > 0 && !known {
		a.push(a.phonePickScreen(func(family string) {
			a.setPhone(family)
			a.replace(a.lessonScreen(l, st.learner, nil))
		}))
		return
	}
	a.push(a.lessonScreen(l, st.learner, nil))
}

// setRunPhone shows a lesson under way as on another phone: the same step,
// the same progress, that phone's pictures and words.
func (a *App) setRunPhone(run *lessonRun, family string) {
	run.family = family
	form := run.whole.ForPhone(family)
	if form == run.p.Lesson() {
		return
	}
	at := run.p.Index()
	p, err := lessons.Resume(form, run.p.Progress())
	if err != nil {
		slog.Error("change phone", "err", err)
		return
	}
	p.Settle = 0
	p.Goto(at)
	run.p = p
}

// variantBar says which phone a step that differs by phone is shown for,
// with a button to change it; nil for a step the same on every phone.
func (a *App) variantBar(run *lessonRun) fyne.CanvasObject {
	i := run.p.Index()
	if i >= len(run.whole.Steps) || !run.whole.Steps[i].Varies() {
		return nil
	}
	change := a.button(a.t("phone.change"), func() {
		a.push(a.phonePickScreen(func(family string) {
			if !run.present {
				a.setPhone(family)
			}
			a.setRunPhone(run, family)
			a.Back()
		}))
	})
	l := text(a.t("phone.step", a.familyName(run.family)))
	l.Importance = widget.HighImportance
	return card(container.NewBorder(nil, nil, nil, change, l))
}

// safetyCard shows a step's safety note apart, where it cannot be
// missed; nil for a step without one.
func (a *App) safetyCard(s *lessons.Step) fyne.CanvasObject {
	if s.Safety.IsZero() {
		return nil
	}
	l := heading(a.t("lesson.safety") + a.lt(s.Safety))
	l.Importance = widget.DangerImportance
	return card(l)
}

// lessonValues are the home community's details for the lessons'
// placeholders ({community}, {community_phone} …), in the kiosk's script;
// a detail the kiosk does not know keeps the placeholder's default.
func (a *App) lessonValues() map[string]string {
	st := a.learn
	key := a.home + "|" + string(a.lang)
	if st != nil && st.valuesFor == key {
		return st.values
	}
	vals := map[string]string{}
	if acc, err := a.DB.Account(a.ctx(), a.home); err == nil {
		vals["community"] = a.c(acc.Name)
		vals["community_phone"] = acc.Phone
		vals["community_address"] = a.c(acc.Address)
		vals["office_hours"] = a.c(acc.OfficeHours)
		vals["street_office"] = a.c(acc.StreetOffice)
	}
	if st != nil {
		st.values, st.valuesFor = vals, key
	}
	return vals
}
