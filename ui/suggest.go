package ui

import (
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
			body, nextBtn = a.suggestCommunity(f, next)
		case 1:
			body, nextBtn = a.suggestCategory(f, next)
		case 2:
			body, nextBtn = a.suggestText(f, next)
		case 3:
			body, nextBtn = a.suggestPhone(f, next)
		default:
			body, nextBtn = a.suggestConfirm(f, next)
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

// suggestCommunity is the step of the suggestion form for the community the suggestion is for (the home one, or another).
func (a *App) suggestCommunity(f *suggestForm, next func(ok bool, msgKey string)) (body fyne.CanvasObject, nextBtn *BigButton) {
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
	return body, nextBtn
}

// suggestCategory is the step of the suggestion form for what the suggestion is about.
func (a *App) suggestCategory(f *suggestForm, next func(ok bool, msgKey string)) (body fyne.CanvasObject, nextBtn *BigButton) {
	var labels []string
	for _, c := range SuggestionCategories {
		labels = append(labels, a.t("cat."+c))
	}
	body = container.NewVBox(heading(a.t("suggest.category")), a.chips(labels, f.category, 3, func(i int) { f.category = i }))
	nextBtn = a.primary(a.t("form.next"), func() { next(f.category >= 0, "suggest.need_category") })
	return body, nextBtn
}

// suggestText is the step of the suggestion form for preset phrases, and free text where a keyboard exists.
func (a *App) suggestText(f *suggestForm, next func(ok bool, msgKey string)) (body fyne.CanvasObject, nextBtn *BigButton) {
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
	return body, nextBtn
}

// suggestPhone is the step of the suggestion form for an optional call-back phone, and anonymity.
func (a *App) suggestPhone(f *suggestForm, next func(ok bool, msgKey string)) (body fyne.CanvasObject, nextBtn *BigButton) {
	pad := a.keypad(f.phone, 12, func(v string) { f.phone = v })
	body = container.NewGridWithColumns(2,
		container.NewVBox(heading(a.t("suggest.phone")), pad),
		container.NewVBox(text(a.t("suggest.anon_hint")), a.toggleOne(a.t("suggest.anon"), &f.anonymous)))
	nextBtn = a.primary(a.t("form.next"), func() {
		next(f.phone == "" || alliance.ValidatePhone(f.phone) == nil, "form.bad_phone")
	})
	return body, nextBtn
}

// suggestConfirm is the step of the suggestion form for what will be sent, the consent, and sending it.
func (a *App) suggestConfirm(f *suggestForm, next func(ok bool, msgKey string)) (body fyne.CanvasObject, nextBtn *BigButton) {
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
		a.replace(a.suggestionReceiptScreen(s.Receipt, alliance.LookupPIN(s.ID)))
	})
	return body, nextBtn
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
			out = append(out, T(alliance.Hans, phraseKeys[i]))
		}
	}
	return out
}

// suggestionReceiptScreen shows the two codes a resident needs to read her
// reply at any kiosk: the receipt and its 4-digit PIN.
func (a *App) suggestionReceiptScreen(receipt, pin string) *screen {
	return &screen{name: "receipt", title: func() string { return a.t("receipt.title") }, build: func() fyne.CanvasObject {
		return a.scroll(
			heading(a.t("receipt.saved")),
			text(a.t("receipt.suggest")),
			container.NewGridWithColumns(2,
				container.NewVBox(text(a.t("receipt.code")), container.NewCenter(bigNumber(receipt))),
				container.NewVBox(text(a.t("receipt.pin")), container.NewCenter(bigNumber(pin)))),
			text(a.t("receipt.keep_pin")),
			a.primary(a.t("nav.home"), a.ShowHome),
		)
	}}
}
