package ui

import (
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/store"
)

// Wrong lookups in a row before the kiosk waits, and how long: someone
// typing random codes gets a handful of tries a minute.
const (
	maxLookupMisses = 5
	lookupPause     = time.Minute
)

// suggestionLookupScreen finds a suggestion's status and replies by its
// receipt and PIN, at any kiosk of the district (store.LookupReply).
func (a *App) suggestionLookupScreen() *screen {
	code, pin := "", ""
	field := 0 // 0: the receipt, 1: the PIN
	looked := false
	return &screen{name: "suggest-lookup", title: func() string { return a.t("suggest.lookup") }, build: func() fyne.CanvasObject {
		which := a.chips([]string{a.t("records.code"), a.t("receipt.pin")}, field, 2, func(i int) { field = i; a.render() })
		var pad *Keypad
		if field == 0 {
			pad = a.keypad(code, 6, func(v string) {
				code = v
				if len(v) == 6 {
					field = 1
					a.render()
				}
			})
		} else {
			pad = a.keypad(pin, 4, func(v string) { pin = v })
		}
		entered := text(a.t("records.code") + "  " + code + "\n" + a.t("receipt.pin") + "  " + pin)
		result := container.NewVBox()
		if looked {
			a.suggestionResult(code, pin, result)
		}
		find := a.primary(a.t("records.find"), func() { looked = true; a.render() })
		left := container.NewVBox(which, pad, entered, find)
		return container.NewGridWithColumns(2, a.vscroll(left), a.vscroll(result))
	}}
}

func (a *App) suggestionResult(code, pin string, box *fyne.Container) {
	if a.Now().Before(a.lookupPausedTo) {
		box.Add(text(a.t("suggest.lookup_wait")))
		return
	}
	ans, err := a.DB.LookupReply(a.ctx(), code, pin)
	if err != nil {
		if a.lookupMisses++; a.lookupMisses >= maxLookupMisses {
			a.lookupMisses, a.lookupPausedTo = 0, a.Now().Add(lookupPause)
		}
		box.Add(text(a.t("suggest.lookup_notfound")))
		return
	}
	a.lookupMisses = 0
	lines := []fyne.CanvasObject{
		heading(a.t("records.suggestion") + " " + code),
		text(a.t("records.status") + "  " + a.t("status."+string(ans.Status))),
	}
	if acc, err := a.DB.Account(a.ctx(), ans.Community); err == nil {
		lines = append(lines, text(a.c(acc.Name)+"  "+a.t("cat."+ans.Category)))
	}
	if s := ans.Suggestion; s != nil { // made at this kiosk: her own words too
		lines = append(lines, text(a.formatDate(s.Created)))
		for _, p := range s.Phrases {
			lines = append(lines, text("· "+a.c(p)))
		}
	}
	for _, r := range ans.Replies {
		lines = append(lines, text(a.t("records.reply", a.c(r.By))+"  "+a.c(r.Body)))
	}
	if len(ans.Replies) == 0 {
		lines = append(lines, text(a.t("records.noreply")))
	}
	box.Add(card(lines...))
}

// recordsScreen is 我的记录: phone and receipt code on the keypad, then the
// resident's sign-ups and suggestions with their status.
func (a *App) recordsScreen() *screen {
	phone, code := "", ""
	field := 0 // which value the keypad fills
	looked := false
	return &screen{name: "records", title: func() string { return a.t("tile.records") }, build: func() fyne.CanvasObject {
		which := a.chips([]string{a.t("form.phone"), a.t("records.code")}, field, 2, func(i int) { field = i; a.render() })
		var pad *Keypad
		if field == 0 {
			pad = a.keypad(phone, 12, func(v string) { phone = v })
		} else {
			pad = a.keypad(code, 6, func(v string) { code = v })
		}
		find := a.primary(a.t("records.find"), func() { looked = true; a.render() })
		entered := text(a.t("form.phone") + "  " + alliance.MaskPhone(phone) + "\n" + a.t("records.code") + "  " + code)
		left := container.NewVBox(which, pad, entered, find)
		result := container.NewVBox()
		if looked {
			a.recordsResult(phone, code, result)
		}
		return container.NewGridWithColumns(2, a.vscroll(left), a.vscroll(result))
	}}
}

func (a *App) recordsResult(phone, code string, box *fyne.Container) {
	found := false
	if phone != "" && code != "" {
		if s, err := a.DB.SignUpByReceipt(a.ctx(), phone, code); err == nil {
			box.Add(a.signUpCard(s))
			found = true
		}
	}
	// A suggestion with the call-back number she left, and a call-back
	// request: the phone and the receipt together are hers.
	if phone != "" && code != "" {
		if s, err := a.DB.SuggestionByReceipt(a.ctx(), code); err == nil && s.CallbackPhone == alliance.Digits(phone) {
			a.suggestionResult(code, alliance.LookupPIN(s.ID), box)
			found = true
		}
		if _, _, err := a.DB.CallbackStatus(a.ctx(), phone, code); err == nil {
			found = true
		}
	}
	// All sign-ups of a phone only with a code that proves it is hers:
	// a phone number alone must reveal nothing.
	if found && phone != "" {
		if list, err := a.DB.SignUpsByPhone(a.ctx(), phone); err == nil {
			for _, s := range list {
				if s.Receipt != code {
					box.Add(a.signUpCard(s))
				}
			}
		}
	}
	if found && phone != "" {
		if list, err := a.DB.Callbacks(a.ctx(), phone); err == nil {
			for _, c := range list {
				box.Add(a.callbackCard(c))
			}
		}
	}
	if !found {
		box.Add(text(a.t("records.notfound")))
	}
}

// callbackCard is a call-back request with what staff made of it.
func (a *App) callbackCard(c store.CallbackView) fyne.CanvasObject {
	name := c.Community
	if acc, err := a.DB.Account(a.ctx(), c.Community); err == nil {
		name = a.c(acc.Name)
	}
	status := a.t("callback." + string(c.Status))
	if !c.StatusAt.IsZero() {
		status += "  " + a.formatDate(c.StatusAt)
	}
	return card(heading(a.t("records.callback")+" "+c.Receipt), text(name+"  "+a.formatDate(c.Created)),
		text(a.t("records.status")+"  "+status))
}

func (a *App) signUpCard(s alliance.SignUp) fyne.CanvasObject {
	title := s.EventID
	if e, err := a.DB.Event(a.ctx(), s.EventID); err == nil {
		title = a.c(e.Title) + "  " + a.formatTime(e.Starts)
	}
	objs := []fyne.CanvasObject{
		heading(a.t("records.signup") + " " + s.Receipt),
		text(title),
		text(a.t("records.status") + "  " + a.signUpStatus(s)),
		text(a.c(s.Name) + "  " + alliance.MaskPhone(s.Phone) + "  " + a.t("form.summary.party") + " " + strconv.Itoa(s.PartySize)),
	}
	if s.Status != alliance.SignUpCancelled && s.Status != alliance.SignUpRejected {
		objs = append(objs, a.button(a.t("records.cancel"), func() { a.push(a.cancelScreen(s)) }))
	}
	return card(objs...)
}

// cancelScreen asks once more before cancelling a sign-up: a stray tap
// must not lose a resident her place.
func (a *App) cancelScreen(s alliance.SignUp) *screen {
	return &screen{name: "cancel", title: func() string { return a.t("records.cancel") }, build: func() fyne.CanvasObject {
		yes := a.primary(a.t("records.cancel_yes"), func() {
			if _, err := a.DB.CancelSignUp(a.ctx(), s.Phone, s.Receipt); err != nil {
				a.failed(err)
				return
			}
			a.replace(a.receiptScreen("cancel", s.Receipt, a.t("records.cancelled")))
		})
		no := a.button(a.t("records.cancel_no"), a.Back)
		return a.scroll(heading(a.t("records.cancel_ask")), a.signUpSummary(s), container.NewGridWithColumns(2, no, yes))
	}}
}

// signUpSummary is a sign-up's event and status, without buttons.
func (a *App) signUpSummary(s alliance.SignUp) fyne.CanvasObject {
	title := s.EventID
	if e, err := a.DB.Event(a.ctx(), s.EventID); err == nil {
		title = a.c(e.Title) + "  " + a.formatTime(e.Starts)
	}
	return card(text(title), text(a.t("records.status")+"  "+a.signUpStatus(s)))
}
