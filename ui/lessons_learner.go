package ui

import (
	"log/slog"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/shinan-alliance/alliance"
)

// learnerCardScreen finds a learner card (name and last four digits of the
// phone, or the learner number) or makes a new one.
func (a *App) learnerCardScreen() *screen {
	mode, surname, title, digits, number, msg := 0, "", "", "", "", ""
	return &screen{name: "learner-card", title: func() string { return a.t("learner.title") }, build: func() fyne.CanvasObject {
		modes := a.chips([]string{a.t("learner.by_name"), a.t("learner.by_number"), a.t("learner.new")}, mode, 3, func(i int) {
			mode, msg = i, ""
			if i == 2 {
				a.replace(a.newLearnerScreenThen(func(l alliance.Learner) { a.learn.learner = &l }))
				return
			}
			a.render()
		})
		found := func(l alliance.Learner) {
			a.learn.learner = &l
			a.Back()
		}
		errLabel := text(msg)
		errLabel.Importance = widget.DangerImportance
		var body fyne.CanvasObject
		if mode == 0 {
			pad := a.keypad(digits, 4, func(v string) { digits = v })
			find := a.primary(a.t("records.find"), func() {
				if surname == "" || title == "" || len(digits) != 4 {
					msg = a.t("learner.need_name")
					a.render()
					return
				}
				list, err := a.DB.FindLearners(a.ctx(), surname+title, digits)
				switch {
				case err != nil:
					slog.Error("find learner", "err", err)
					msg = a.t("err.generic")
				case len(list) == 1:
					found(list[0])
					return
				case len(list) > 1:
					msg = a.t("learner.many")
				default:
					msg = a.t("learner.notfound")
				}
				a.render()
			})
			body = container.NewGridWithColumns(2, a.namePicker(&surname, &title),
				container.NewVBox(heading(a.t("learner.last4")), pad, errLabel, find))
		} else {
			pad := a.keypad(number, 6, func(v string) { number = v })
			find := a.primary(a.t("records.find"), func() {
				l, err := a.DB.LearnerByNumber(a.ctx(), number)
				if err != nil {
					msg = a.t("learner.notfound")
					a.render()
					return
				}
				found(l)
			})
			body = container.NewCenter(container.NewVBox(heading(a.t("learner.number")), atLeast(fyne.NewSize(500, 0), pad), errLabel, find))
		}
		return container.NewBorder(modes, nil, nil, nil, a.vscroll(body))
	}}
}

// newLearnerScreenThen makes a learner card by taps: name, the full name
// for her certificate (optional), phone (optional), consent; then hands
// the learner to done and shows her learner number to keep.
func (a *App) newLearnerScreenThen(done func(alliance.Learner)) *screen {
	step, surname, title, given, phone, agreed, msg := 0, "", "", "", "", false, ""
	return &screen{name: "learner-new", title: func() string { return a.t("learner.new") }, build: func() fyne.CanvasObject {
		var body fyne.CanvasObject
		next := a.primary(a.t("form.next"), nil)
		switch step {
		case 0:
			body = a.namePicker(&surname, &title)
			next.OnTapped = func() {
				a.touch()
				if surname == "" || title == "" {
					msg = a.t("form.need_name")
				} else {
					step, msg = 1, ""
				}
				a.render()
			}
		case 1:
			// The certificate prints her full name if she wants: the
			// surname is chosen, she writes her given name.
			full := text(a.c(surname) + a.titleText(title))
			if given != "" {
				full = heading(a.c(surname + given))
			}
			write := a.button(a.t("learner.write_given"), func() {
				a.openInput(inputRequest{title: a.t("learner.given_title"), value: given, mode: inputHandwriting, max: 4, done: func(v string) {
					given = strings.TrimSpace(a.simplified(v))
					a.fieldChanged()
				}})
			})
			none := a.button(a.t("learner.no_print_name"), func() { given = ""; a.render() })
			body = container.NewVBox(heading(a.t("learner.print_name")),
				container.NewBorder(nil, nil, nil, container.NewHBox(write, none), card(full)),
				text(a.t("learner.print_hint", a.c(surname)+a.titleText(title))))
			next.OnTapped = func() {
				a.touch()
				if given != "" && alliance.CheckPrintName(surname+given) != nil {
					msg = a.t("form.need_name")
				} else {
					step, msg = 2, ""
				}
				a.render()
			}
		case 2:
			body = container.NewVBox(heading(a.t("learner.phone")), a.keypad(phone, 11, func(v string) { phone = v }))
			next.OnTapped = func() {
				a.touch()
				if phone != "" && len(phone) != 11 {
					msg = a.t("form.bad_phone")
				} else {
					step, msg = 3, ""
				}
				a.render()
			}
		default:
			shown := a.t("learner.no_phone")
			if phone != "" {
				shown = alliance.MaskPhone(phone)
			}
			summary := container.NewVBox(text(a.t("form.summary.name") + "  " + a.c(surname) + a.titleText(title)))
			if given != "" {
				summary.Add(text(a.t("form.summary.print_name") + "  " + a.c(surname+given)))
			}
			summary.Add(text(a.t("form.summary.phone") + "  " + shown))
			body = container.NewVBox(card(summary), a.consent(&agreed, "consent.learner"))
			next.SetText(a.t("form.send"))
			next.OnTapped = func() {
				a.touch()
				if !agreed {
					msg = a.t("form.need_consent")
					a.render()
					return
				}
				l := &alliance.Learner{Name: surname + title, Phone: phone, ConsentVersion: ConsentVersion, Community: a.home, KioskID: a.kioskID}
				if err := a.DB.SaveLearner(a.ctx(), l); err != nil {
					slog.Error("save learner", "err", err)
					msg = a.t("err.save")
					a.render()
					return
				}
				if given != "" {
					// Kept on this kiosk only; her card works without it.
					if err := a.DB.SetLearnerPrintName(a.ctx(), l.ID, surname+given); err != nil {
						slog.Error("save learner's print name", "err", err)
					} else {
						l.PrintName = surname + given
					}
				}
				done(*l)
				a.replace(a.learnerNumberScreen(*l))
			}
		}
		errLabel := text(msg)
		errLabel.Importance = widget.DangerImportance
		next.MinSide = fyne.NewSize(300, 110)
		buttons := container.NewHBox(next)
		if step > 0 {
			buttons = container.NewHBox(a.button(a.t("form.prev"), func() { step--; msg = ""; a.render() }), next)
		}
		return container.NewBorder(text(a.t("form.step", step+1, 4)), container.NewVBox(errLabel, buttons), nil, nil, a.vscroll(body))
	}}
}

// learnerNumberScreen shows a new learner's number, to write down.
func (a *App) learnerNumberScreen(l alliance.Learner) *screen {
	return &screen{name: "learner-number", title: func() string { return a.t("learner.title") }, build: func() fyne.CanvasObject {
		start := a.primary(a.t("learner.start"), a.Back)
		start.MinSide = fyne.NewSize(400, 120)
		return a.scroll(heading(a.t("learner.made", a.c(l.Name))), text(a.t("learner.your_number")),
			container.NewCenter(bigNumber(l.Number)), text(a.t("learner.keep")), start)
	}}
}
