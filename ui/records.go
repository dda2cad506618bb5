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

// lookupField is one number a lookup asks for, on a step of its own.
type lookupField struct {
	question string
	digits   int                 // at most; the keypad stops there
	missing  func(string) string // what is missing or wrong, "" when it will do
	shown    func(string) string // the value as later steps show it
}

// lookupScreen is the one way a resident looks something up: each number
// on a step of its own (the keypad and the number it types together),
// what is missing said on the step that lacks it, then what was found.
// result fills the last step each time it is drawn; fresh is true the
// first time after 查询 (a switch of language draws it again).
func (a *App) lookupScreen(name, title string, fields []lookupField, result func(values []string, box *fyne.Container, fresh bool)) *screen {
	values := make([]string, len(fields))
	at, msg := 0, ""
	fresh := false
	return &screen{name: name, title: func() string { return title }, build: func() fyne.CanvasObject {
		st := step{index: at, total: len(fields) + 1, msg: &msg}
		if at > 0 {
			st.prev = func() { at--; msg = ""; a.render() }
		}
		if at == len(fields) {
			st.question = a.t("records.result")
			box := container.NewVBox()
			result(values, box, fresh)
			fresh = false
			st.body = a.vscroll(box)
			return a.stepPage(st)
		}
		f := fields[at]
		i := at
		st.question = f.question
		pad := a.keypad(values[i], f.digits, func(v string) { values[i] = v; a.fieldChanged() })
		pad.Beside = true
		side := container.NewVBox()
		for j := range i {
			side.Add(text(fields[j].shown(values[j])))
		}
		pad.Side = side
		st.body = pad
		label := a.t("form.next")
		if i == len(fields)-1 {
			label = a.t("records.find")
		}
		st.next = a.primary(label, func() {
			if m := f.missing(values[i]); m != "" {
				msg = m
				a.render()
				return
			}
			msg = ""
			at++
			fresh = at == len(fields)
			a.render()
		})
		return a.stepPage(st)
	}}
}

// digitsMissing says what is missing when v is not n digits.
func (a *App) digitsMissing(n int, key string) func(string) string {
	return func(v string) string {
		if len(alliance.Digits(v)) != n {
			return a.t(key)
		}
		return ""
	}
}

// suggestionLookupScreen finds a suggestion's status and replies by its
// receipt and PIN, at any kiosk of the district (store.LookupReply): the
// code, then the PIN.
func (a *App) suggestionLookupScreen() *screen {
	return a.lookupScreen("suggest-lookup", a.t("suggest.lookup"), []lookupField{
		{question: a.t("suggest.code_q"), digits: 6, missing: a.digitsMissing(6, "records.need_code"),
			shown: func(v string) string { return a.t("suggest.code_shown", v) }},
		{question: a.t("suggest.pin_q"), digits: 4, missing: a.digitsMissing(4, "suggest.need_pin")},
	}, func(v []string, box *fyne.Container, fresh bool) { a.suggestionResult(v[0], v[1], box, fresh) })
}

// suggestionResult shows a suggestion's status and replies found by its
// receipt and PIN; a miss counts towards the pause when fresh (a lookup,
// not the same answer drawn again).
func (a *App) suggestionResult(code, pin string, box *fyne.Container, fresh bool) {
	if a.Now().Before(a.lookupPausedTo) {
		box.Add(text(a.t("suggest.lookup_wait")))
		return
	}
	ans, err := a.DB.LookupReply(a.ctx(), code, pin)
	if err != nil {
		if !fresh {
			box.Add(text(a.t("suggest.lookup_notfound")))
			return
		}
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

// recordsScreen is 我的记录: the phone, then the receipt code, each on
// the keypad, then the resident's sign-ups, suggestions and call-backs
// with their status.
func (a *App) recordsScreen() *screen {
	return a.lookupScreen("records", a.t("tile.records"), []lookupField{
		{question: a.t("records.phone_q"), digits: 12,
			missing: func(v string) string {
				if alliance.ValidatePhone(v) != nil {
					return a.t("form.bad_phone")
				}
				return ""
			},
			shown: func(v string) string { return a.t("records.phone_shown", alliance.MaskPhone(v)) }},
		{question: a.t("records.code_q"), digits: 6, missing: a.digitsMissing(6, "records.need_code")},
	}, func(v []string, box *fyne.Container, _ bool) { a.recordsResult(v[0], v[1], box) })
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
			a.suggestionResult(code, alliance.LookupPIN(s.ID), box, false)
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
