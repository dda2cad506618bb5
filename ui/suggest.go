package ui

import (
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/shinan-alliance/alliance"
)

// SuggestionCategories are the categories of 征求意见, stored by id.
var SuggestionCategories = []string{"environment", "safety", "elderly", "activities", "repairs", "other"}

// phraseKeys are the preset phrases a resident taps instead of typing.
// They are saved in Simplified script, whatever language is shown.
var phraseKeys = []string{"phrase.1", "phrase.2", "phrase.3", "phrase.4", "phrase.5", "phrase.6", "phrase.7", "phrase.8"}

// suggestForm is what a resident has entered so far.
type suggestForm struct {
	step      int
	community string
	category  int
	phrases   []bool
	text      string
	phone     string
	anonymous bool
	agreed    bool
	msg       string
	others    bool // the community list is open
}

// toggles is a grid of on/off choices (several may be on).
func (a *App) toggles(labels []string, on []bool, cols int) fyne.CanvasObject {
	grid := container.NewGridWithColumns(cols)
	for i, l := range labels {
		var b *BigButton
		b = a.button(l, func() {
			on[i] = !on[i]
			b.Importance = widget.MediumImportance
			if on[i] {
				b.Importance = widget.HighImportance
			}
			b.Refresh()
		})
		if on[i] {
			b.Importance = widget.HighImportance
		}
		grid.Add(b)
	}
	return grid
}

// suggestScreen is 征求意见: community, category, preset phrases (and free
// text where a keyboard exists), optional call-back phone and anonymity,
// consent, then a receipt code to look the answer up later.
func (a *App) suggestScreen() *screen {
	f := &suggestForm{community: a.home, category: -1, phrases: make([]bool, len(phraseKeys))}
	return &screen{name: "suggest", title: func() string { return a.t("tile.suggest") }, build: func() fyne.CanvasObject {
		next := func(ok bool, msgKey string) {
			if !ok {
				f.msg = a.t(msgKey)
			} else {
				f.msg, f.step = "", f.step+1
			}
			a.render()
		}
		var body fyne.CanvasObject
		var nextBtn *BigButton
		switch f.step {
		case 0:
			acc, _ := a.DB.Account(a.ctx(), f.community)
			box := container.NewVBox(heading(a.t("suggest.community")), card(heading(a.c(acc.Name))))
			if !f.others {
				box.Add(a.button(a.t("suggest.other_community"), func() { f.others = true; a.render() }))
			} else if offices, err := a.DB.CommunitiesByStreetOffice(a.ctx()); err == nil {
				for _, o := range offices {
					box.Add(text(a.c(o.Name)))
					grid := container.NewGridWithColumns(5)
					for _, c := range o.Communities {
						b := a.button(a.c(c.Name), func() { f.community, f.others = c.ID, false; a.render() })
						if c.ID == f.community {
							b.Importance = widget.HighImportance
						}
						grid.Add(b)
					}
					box.Add(grid)
				}
			}
			box.Add(a.button(a.t("suggest.lookup"), func() { a.push(a.suggestionLookupScreen()) }))
			body = box
			nextBtn = a.primary(a.t("form.next"), func() { next(f.community != "", "") })
		case 1:
			var labels []string
			for _, c := range SuggestionCategories {
				labels = append(labels, a.t("cat."+c))
			}
			body = container.NewVBox(heading(a.t("suggest.category")), a.chips(labels, f.category, 3, func(i int) { f.category = i }))
			nextBtn = a.primary(a.t("form.next"), func() { next(f.category >= 0, "suggest.need_category") })
		case 2:
			var labels []string
			for _, k := range phraseKeys {
				labels = append(labels, a.t(k))
			}
			entry := widget.NewMultiLineEntry()
			entry.SetPlaceHolder(a.t("suggest.text_hint"))
			entry.SetText(f.text)
			entry.OnChanged = func(s string) { a.touch(); f.text = s }
			entry.Wrapping = fyne.TextWrapWord
			body = container.NewVBox(heading(a.t("suggest.phrases")), a.toggles(labels, f.phrases, 2),
				text(a.t("suggest.text")), atLeast(fyne.NewSize(0, 160), entry))
			nextBtn = a.primary(a.t("form.next"), func() { next(len(f.chosenPhrases()) > 0 || f.text != "", "suggest.need_text") })
		case 3:
			pad := a.keypad(f.phone, 12, func(v string) { f.phone = v })
			body = container.NewGridWithColumns(2,
				container.NewVBox(heading(a.t("suggest.phone")), pad),
				container.NewVBox(text(a.t("suggest.anon_hint")), a.toggleOne(a.t("suggest.anon"), &f.anonymous)))
			nextBtn = a.primary(a.t("form.next"), func() {
				next(f.phone == "" || alliance.ValidatePhone(f.phone) == nil, "form.bad_phone")
			})
		default:
			acc, _ := a.DB.Account(a.ctx(), f.community)
			lines := []fyne.CanvasObject{
				text(a.t("suggest.community") + "  " + a.c(acc.Name)),
				text(a.t("suggest.category") + "  " + a.t("cat."+SuggestionCategories[f.category])),
			}
			for _, p := range f.chosenPhrases() {
				lines = append(lines, text("· "+a.c(p)))
			}
			if f.text != "" {
				lines = append(lines, text("· "+f.text))
			}
			if f.phone != "" {
				lines = append(lines, text(a.t("suggest.phone")+"  "+alliance.MaskPhone(f.phone)))
			}
			if f.anonymous {
				lines = append(lines, text(a.t("suggest.anon")))
			}
			body = container.NewVBox(card(lines...), a.consent(&f.agreed, "consent.suggest"))
			nextBtn = a.primary(a.t("form.send"), func() {
				if !f.agreed {
					next(false, "form.need_consent")
					return
				}
				s := &alliance.Suggestion{Community: f.community, Category: SuggestionCategories[f.category], Text: f.text,
					Phrases: f.chosenPhrases(), CallbackPhone: f.phone, Anonymous: f.anonymous,
					ConsentVersion: ConsentVersion, KioskID: a.kioskID}
				if err := a.DB.SaveSuggestion(a.ctx(), s); err != nil {
					a.failed(err)
					f.msg = a.t("err.save")
					a.render()
					return
				}
				a.replace(a.receiptScreen("suggestion", s.Receipt, a.t("receipt.suggest")))
			})
		}
		errLabel := text(f.msg)
		errLabel.Importance = widget.DangerImportance
		nextBtn.MinSide = fyne.NewSize(300, 110)
		buttons := container.NewHBox(nextBtn)
		if f.step > 0 {
			buttons = container.NewHBox(a.button(a.t("form.prev"), func() { f.step--; f.msg = ""; a.render() }), nextBtn)
		}
		steps := text(a.t("form.step", f.step+1, 5))
		return container.NewBorder(steps, container.NewVBox(errLabel, buttons), nil, nil, a.vscroll(body))
	}}
}

// toggleOne is a single on/off button bound to *v.
func (a *App) toggleOne(label string, v *bool) *BigButton {
	var b *BigButton
	b = a.button(label, func() {
		*v = !*v
		b.Importance = widget.MediumImportance
		if *v {
			b.Importance = widget.HighImportance
		}
		b.Refresh()
	})
	if *v {
		b.Importance = widget.HighImportance
	}
	return b
}

// chosenPhrases are the tapped phrases, in Simplified script.
func (f *suggestForm) chosenPhrases() []string {
	var out []string
	for i, on := range f.phrases {
		if on {
			out = append(out, T(Hans, phraseKeys[i]))
		}
	}
	return out
}

// suggestionLookupScreen finds a suggestion by its receipt code and shows
// its status and replies.
func (a *App) suggestionLookupScreen() *screen {
	code := ""
	looked := false
	return &screen{name: "suggest-lookup", title: func() string { return a.t("suggest.lookup") }, build: func() fyne.CanvasObject {
		pad := a.keypad(code, 6, func(v string) { code = v })
		result := container.NewVBox()
		if looked {
			a.suggestionResult(code, result)
		}
		find := a.primary(a.t("records.find"), func() { looked = true; a.render() })
		left := container.NewVBox(heading(a.t("records.code")), pad, find)
		return container.NewGridWithColumns(2, left, a.vscroll(result))
	}}
}

func (a *App) suggestionResult(code string, box *fyne.Container) {
	s, err := a.DB.SuggestionByReceipt(a.ctx(), code)
	if err != nil {
		box.Add(text(a.t("records.notfound")))
		return
	}
	lines := []fyne.CanvasObject{
		heading(a.t("records.suggestion") + " " + s.Receipt),
		text(a.t("records.status") + "  " + a.t("status."+string(s.Status))),
		text(a.formatDate(s.Created) + "  " + a.t("cat."+s.Category)),
	}
	for _, p := range s.Phrases {
		lines = append(lines, text("· "+a.c(p)))
	}
	for _, r := range s.Replies {
		lines = append(lines, text(a.t("records.reply", a.c(r.By))+"  "+a.c(r.Body)))
	}
	if len(s.Replies) == 0 {
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
	if code != "" {
		before := len(box.Objects)
		a.suggestionResult(code, box)
		if _, err := a.DB.SuggestionByReceipt(a.ctx(), code); err == nil {
			found = true
		} else {
			box.Objects = box.Objects[:before]
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
	if !found {
		box.Add(text(a.t("records.notfound")))
	}
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
