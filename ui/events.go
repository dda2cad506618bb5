package ui

import (
	"fmt"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/surname"
)

// Surnames are the common surnames offered by the name picker, most
// common in Qingdao first, in Simplified script (shown converted).
var Surnames = surname.Common

// Titles are what follows the surname: 先生 or 女士.
var Titles = []string{"先生", "女士"}

// eventsScreen is 活动报名: upcoming events of the home community, or of
// all communities, with date, place and places left.
func (a *App) eventsScreen(community string) *screen {
	all := community == ""
	return &screen{name: "events", title: func() string { return a.t("tile.events") }, build: func() fyne.CanvasObject {
		chosen := 0
		if all {
			chosen = 1
		}
		chips := a.chips([]string{a.t("events.mine"), a.t("events.all")}, chosen, 2, func(i int) { all = i == 1; a.render() })
		c := community
		if all {
			c = ""
		}
		evs, err := a.DB.UpcomingEvents(a.ctx(), c, 60)
		a.countPending(evs)
		box := container.NewVBox()
		if err != nil {
			box.Add(a.failed(err))
		}
		for _, e := range evs {
			box.Add(a.eventButton(e))
		}
		if len(evs) == 0 && err == nil {
			box.Add(text(a.t("events.none")))
		}
		return container.NewBorder(chips, nil, nil, nil, a.vscroll(box))
	}}
}

// countPending adds to each event's places taken the people this kiosk
// has signed up that the hub has not counted yet (store.PendingPlaces):
// the places left she is shown are the places left.
func (a *App) countPending(evs []alliance.Event) {
	pending, err := a.DB.PendingPlaces(a.ctx())
	if err != nil {
		a.failed(err) // logged; the hub's count is still shown
		return
	}
	for i := range evs {
		evs[i].Taken += pending[evs[i].ID]
	}
}

// eventNow is an event as stored, with this kiosk's pending sign-ups
// counted.
func (a *App) eventNow(id string) (alliance.Event, error) {
	e, err := a.DB.Event(a.ctx(), id)
	if err != nil {
		return e, err
	}
	evs := []alliance.Event{e}
	a.countPending(evs)
	return evs[0], nil
}

// placesLeft says how many places are free, in words.
func (a *App) placesLeft(e alliance.Event) string {
	switch n := e.PlacesLeft(); {
	case e.Status == alliance.EventCancelled:
		return a.t("events.cancelled")
	case e.Status == alliance.EventClosed:
		return a.t("events.closed")
	case n < 0:
		return a.t("events.nolimit")
	case n == 0 && e.Waitlist:
		return a.t("events.waitlist")
	case n == 0:
		return a.t("events.full")
	default:
		return a.t("events.left", n)
	}
}

// eventButton is an event in a list.
func (a *App) eventButton(e alliance.Event) fyne.CanvasObject {
	b := a.listButton(a.formatTime(e.Starts)+"   "+a.c(e.Title), func() { a.push(a.eventScreen(e.ID)) })
	return card(b, text(a.c(e.Place)+"   ·   "+a.placesLeft(e)))
}

// canSignUp tells whether an event takes sign-ups now.
func (a *App) canSignUp(e alliance.Event) bool {
	now := a.Now()
	if e.Status != alliance.EventOpen || (e.PlacesLeft() == 0 && !e.Waitlist) || !now.Before(e.Ends) {
		return false
	}
	if !e.SignupOpens.IsZero() && now.Before(e.SignupOpens) {
		return false
	}
	return e.SignupCloses.IsZero() || now.Before(e.SignupCloses)
}

// eventScreen shows an event and the 我要报名 button.
func (a *App) eventScreen(id string) *screen {
	return &screen{name: "event", title: func() string { return a.t("tile.events") }, build: func() fyne.CanvasObject {
		e, err := a.eventNow(id)
		if err != nil {
			return a.failed(err)
		}
		acc, _ := a.DB.Account(a.ctx(), e.Community)
		desc := a.markdownView(a.c(e.Description))
		objs := []fyne.CanvasObject{
			heading(a.c(e.Title)),
			text(a.t("event.when") + "  " + a.formatTime(e.Starts) + " – " + e.Ends.In(alliance.Location).Format("15:04")),
			text(a.t("event.where") + "  " + a.c(e.Place)),
			text(a.t("event.who") + "  " + a.c(acc.Name)),
			text(a.placesLeft(e)),
			desc,
		}
		// 我要报名 stands at the bottom right, outside the scroll: she need
		// not find it under a long description.
		bar := container.NewBorder(nil, nil, nil, nil, a.readAloud(a.c(e.Title)+"。"+a.formatTime(e.Starts)+"。"+a.c(e.Place)+"。"+a.c(e.Description)))
		if a.canSignUp(e) {
			b := a.primary(a.t("event.signup"), func() { a.push(a.signUpScreen(e)) })
			b.MinSide = navSize
			bar = container.NewBorder(nil, nil, nil, b, bar)
		}
		return container.NewBorder(nil, bar, nil, nil, a.scroll(objs...))
	}}
}

// signUpForm is what a resident has entered so far.
type signUpForm struct {
	step           int
	surname, title string
	phone          string
	party          int
	agreed         bool
	msg            string
	// prior is a sign-up this phone already holds for the event; again
	// says she confirmed she means a second booking all the same.
	prior *alliance.SignUp
	again bool
	// others is where 其他姓 is: "" closed, "?" the letters, a letter its
	// surnames, "pad" the writing pad.
	others string
}

// checkPrior looks for a sign-up the phone already holds for the event;
// it reports whether the form may go on without asking her first.
func (a *App) checkPrior(e alliance.Event, f *signUpForm) bool {
	if f.again {
		return true
	}
	s, ok, err := a.DB.SignUpForPhone(a.ctx(), e.ID, f.phone)
	if err != nil {
		a.failed(err) // logged; a second sign-up is no reason to stop her
		return true
	}
	f.prior = nil
	if ok {
		f.prior = &s
	}
	return !ok
}

// alreadySignedUp says she is signed up already, and lets her go on only
// if she means a second booking.
func (a *App) alreadySignedUp(e alliance.Event, f *signUpForm) fyne.CanvasObject {
	warn := heading(a.t("signup.already", a.c(e.Title), f.prior.PartySize)) // in ink: the theme's orange is too faint to read
	no := a.button(a.t("signup.again_no"), a.Back)
	yes := a.primary(a.t("signup.again_yes"), func() {
		f.again = true
		a.render()
	})
	return container.NewVBox(warn, container.NewGridWithColumns(2, no, yes))
}

// signUpScreen signs up by taps alone: name from the picker, phone on the
// keypad, party size, then the consent notice and a summary to confirm.
func (a *App) signUpScreen(e alliance.Event) *screen {
	return a.signUpScreenWith(e, &signUpForm{party: 1})
}

// signUpSteps is how many steps a sign-up has: surname, 先生/女士,
// phone, how many, then what will be sent with the consent.
const signUpSteps = 5

// signUpScreenWith is the sign-up screen with a form filled so far.
func (a *App) signUpScreenWith(e alliance.Event, f *signUpForm) *screen {
	return &screen{name: "signup", title: func() string { return a.t("event.signup") + " · " + a.c(e.Title) }, build: func() fyne.CanvasObject {
		next := func(ok bool, msgKey string) {
			if !ok {
				f.msg = a.t(msgKey)
			} else {
				f.msg = ""
				f.step++
			}
			a.render()
		}
		st := step{index: f.step, total: signUpSteps, msg: &f.msg}
		st.prev = func() { f.step--; f.msg = ""; a.render() }
		switch f.step {
		case 0:
			st.prev = nil
			st.question = a.t("name.surname")
			switch {
			case f.others == "?":
				st.question = a.t("name.by_letter")
			case f.others != "":
				st.question = a.t("name.letter", strings.SplitN(f.others, "#", 2)[0])
			}
			st.body = a.surnamePicker(&f.surname, &f.others)
			st.next = a.primary(a.t("form.next"), func() { next(f.surname != "", "form.need_surname") })
		case 1:
			st.question = a.t("name.title")
			st.body = a.titlePicker(&f.title)
			st.next = a.primary(a.t("form.next"), func() { next(f.title != "", "form.need_title") })
		case 2:
			st.question = a.t("form.phone")
			st.body = a.phonePad(f.phone, func(v string) { f.phone = v; f.again = false })
			st.next = a.primary(a.t("form.next"), func() {
				ok := alliance.ValidatePhone(f.phone) == nil
				if ok {
					a.checkPrior(e, f) // asked on the next step if she is signed up already
				}
				next(ok, "form.bad_phone")
			})
		case 3:
			if f.prior != nil && !f.again {
				st.question = a.t("signup.again_q")
				st.body = a.alreadySignedUp(e, f)
				break
			}
			var labels []string
			for i := 1; i <= 5; i++ {
				labels = append(labels, strconv.Itoa(i))
			}
			st.question = a.t("form.party")
			left := a.placesLeft(e)
			if now, err := a.eventNow(e.ID); err == nil {
				left = a.placesLeft(now)
			}
			st.body = container.NewVBox(a.chips(labels, f.party-1, 5, func(i int) { f.party = i + 1; a.fieldChanged() }), text(left))
			st.next = a.primary(a.t("form.next"), func() { next(true, "") })
		default:
			st.question = a.t("form.check")
			summary := card(tight(text(a.t("form.summary.event") + "  " + a.c(e.Title) + "\n" +
				a.t("event.when") + "  " + a.formatTime(e.Starts) + "   " + a.t("event.where") + "  " + a.c(e.Place) + "\n" +
				a.t("form.summary.name") + "  " + a.c(f.surname) + a.titleText(f.title) + "   " +
				a.t("form.summary.phone") + "  " + alliance.MaskPhone(f.phone) + "   " + a.t("form.summary.party") + "  " + strconv.Itoa(f.party))))
			agree := a.agreeButton(&f.agreed)
			st.body = container.NewVBox(summary, text(a.consentText("consent.signup")))
			st.beside = agree
			st.next = a.primary(a.t("form.send"), func() {
				if !f.agreed {
					agree.SetMarked(true)
					next(false, "form.need_consent")
					return
				}
				if !a.checkPrior(e, f) {
					f.step = 3 // signed up meanwhile: ask first
					a.render()
					return
				}
				s := &alliance.SignUp{EventID: e.ID, Name: f.surname + f.title, Phone: f.phone, PartySize: f.party,
					ConsentVersion: ConsentVersion, KioskID: a.kioskID, AssistedBy: a.assistedBy}
				if err := a.DB.SaveSignUp(a.ctx(), s); err != nil {
					a.failed(err)
					f.msg = a.t("err.save")
					a.render()
					return
				}
				a.replace(a.signUpReceiptScreen(e, *s))
			})
			if f.msg != "" && !f.agreed {
				agree.SetMarked(true)
			}
		}
		return a.stepPage(st)
	}}
}

// titleText shows 先生/女士 in the resident's language.
func (a *App) titleText(t string) string {
	for i, x := range Titles {
		if x == t {
			return a.t(fmt.Sprintf("name.title%d", i))
		}
	}
	return t
}

// namePicker is the surname grid and 先生/女士: names without typing.
// The chosen values are stored in Simplified script, the hub's.
func (a *App) namePicker(surname, title *string) fyne.CanvasObject {
	var labels []string
	chosen := -1
	for i, s := range Surnames {
		labels = append(labels, a.c(s))
		if s == *surname {
			chosen = i
		}
	}
	sur := a.chips(labels, chosen, 8, func(i int) { *surname = Surnames[i] })
	tchosen := -1
	var tlabels []string
	for i, t := range Titles {
		tlabels = append(tlabels, a.titleText(t))
		if t == *title {
			tchosen = i
		}
	}
	tit := a.chips(tlabels, tchosen, 2, func(i int) { *title = Titles[i] })
	return container.NewVBox(heading(a.t("name.surname")), sur, heading(a.t("name.title")), tit)
}
