package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"github.com/shinan-alliance/alliance"
)

// SuggestionCategories are the categories of 征求意见, stored by id.
var SuggestionCategories = []string{"environment", "safety", "elderly", "activities", "repairs", "other"}

// phraseKeys are the preset phrases a resident taps instead of typing.
// They are saved in Simplified script, whatever language is shown.
var phraseKeys = []string{"phrase.1", "phrase.9", "phrase.2", "phrase.5", "phrase.8", "phrase.10", "phrase.3", "phrase.4", "phrase.6", "phrase.7"}

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
	office    int  // the street office whose communities are listed, -1 for the offices
	place     string
	// phrasePage is the page of preset phrases shown.
	phrasePage int
}

// toggles is a grid of on/off choices (several may be on).
func (a *App) toggles(labels []string, on []bool, cols int) fyne.CanvasObject {
	grid := container.NewGridWithColumns(cols)
	for i, l := range labels {
		var b *BigButton
		b = a.button(l, func() {
			on[i] = !on[i]
			b.SetChosen(on[i])
			a.fieldChanged()
		})
		b.SetChosen(on[i])
		grid.Add(b)
	}
	return grid
}

// suggestSteps: community, category, phrases, her own words and the
// place, call-back phone, then what will be sent.
const suggestSteps = 6

// suggestScreen is 征求意见: community, category, preset phrases, her own
// words and where (written on the input panel), optional call-back phone
// and anonymity, consent, then a receipt code to look the answer up later.
func (a *App) suggestScreen() *screen {
	return a.suggestScreenWith(&suggestForm{community: a.home, category: -1, phrases: make([]bool, len(phraseKeys))})
}

// suggestScreenWith is the suggestion form filled so far.
func (a *App) suggestScreenWith(f *suggestForm) *screen {
	return &screen{name: "suggest", title: func() string { return a.t("tile.suggest") }, build: func() fyne.CanvasObject {
		next := func(ok bool, msgKey string) {
			if !ok {
				f.msg = a.t(msgKey)
			} else {
				f.msg, f.step = "", f.step+1
			}
			a.render()
		}
		st := step{index: f.step, total: suggestSteps, msg: &f.msg, prev: func() { f.step--; f.msg = ""; a.render() }}
		switch f.step {
		case 0:
			st.prev = nil
			st.question = a.t("suggest.community")
			st.body, st.next = a.suggestCommunity(f, next)
		case 1:
			st.question = a.t("suggest.category")
			st.body, st.next = a.suggestCategory(f, next)
		case 2:
			st.question = a.t("suggest.phrases")
			st.body, st.next = a.suggestText(f, next)
		case 3:
			st.question = a.t("suggest.own")
			st.body, st.next = a.suggestOwnWords(f, next)
		case 4:
			st.question = a.t("suggest.phone")
			st.body, st.next = a.suggestPhone(f, next)
		default:
			st.question = a.t("form.check")
			var agree *BigButton
			st.body, st.next, agree = a.suggestConfirm(f, next)
			st.beside = agree
		}
		return a.stepPage(st)
	}}
}

// suggestCommunity is the step of the suggestion form for the community
// the suggestion is for: the home one, or another by its street office.
func (a *App) suggestCommunity(f *suggestForm, next func(ok bool, msgKey string)) (body fyne.CanvasObject, nextBtn *BigButton) {
	acc, _ := a.DB.Account(a.ctx(), f.community)
	box := container.NewVBox(card(heading(a.c(acc.Name))))
	offices, err := a.DB.CommunitiesByStreetOffice(a.ctx())
	switch {
	case !f.others:
		row := container.NewGridWithColumns(2,
			a.button(a.t("suggest.other_community"), func() { f.others, f.office = true, -1; a.render() }),
			a.button(a.t("suggest.lookup"), func() { a.push(a.suggestionLookupScreen()) }))
		box.Add(row)
	case err != nil:
		box.Add(a.failed(err))
	case f.office < 0 || f.office >= len(offices):
		box.Add(text(a.t("suggest.pick_office")))
		grid := container.NewGridWithColumns(4)
		for i, o := range offices {
			grid.Add(a.button(a.c(o.Name), func() { f.office = i; a.render() }))
		}
		box.Add(grid)
	default:
		o := offices[f.office]
		box.Add(text(a.c(o.Name)))
		grid := container.NewGridWithColumns(4)
		for _, c := range o.Communities {
			b := a.button(a.c(c.Name), func() { f.community, f.others = c.ID, false; a.fieldChanged(); a.render() })
			b.SetChosen(c.ID == f.community)
			grid.Add(b)
		}
		box.Add(grid)
		box.Add(container.NewHBox(a.button(a.t("suggest.offices"), func() { f.office = -1; a.render() })))
	}
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
	body = a.chips(labels, f.category, 3, func(i int) { f.category = i; a.fieldChanged() })
	nextBtn = a.primary(a.t("form.next"), func() { next(f.category >= 0, "suggest.need_category") })
	return body, nextBtn
}

// phrasesPerPage is how many preset phrases show at once: long phrases in
// two columns, three rows, fit the smallest screen with 大字.
const phrasesPerPage = 6

// suggestText is the step of the suggestion form for preset phrases, a
// page at a time.
func (a *App) suggestText(f *suggestForm, next func(ok bool, msgKey string)) (body fyne.CanvasObject, nextBtn *BigButton) {
	pages := (len(phraseKeys) + phrasesPerPage - 1) / phrasesPerPage
	f.phrasePage %= pages
	from := f.phrasePage * phrasesPerPage
	to := min(from+phrasesPerPage, len(phraseKeys))
	var labels []string
	for _, k := range phraseKeys[from:to] {
		labels = append(labels, a.t(k))
	}
	grid := a.toggles(labels, f.phrases[from:to], 2)
	more := a.button(a.t("suggest.more_phrases", f.phrasePage+1, pages), func() { f.phrasePage++; a.render() })
	body = container.NewBorder(nil, container.NewHBox(more), nil, nil, grid)
	nextBtn = a.primary(a.t("form.next"), func() {
		next(len(f.chosenPhrases()) > 0 || f.text != "" || f.phrasePage < pages-1, "suggest.need_text")
		if f.step == 2 && f.msg == "" {
			f.phrasePage++
		}
	})
	return body, nextBtn
}

// suggestOwnWords is the step for her own words and the place she means,
// both written on the input panel (by hand or pinyin); both may be empty.
func (a *App) suggestOwnWords(f *suggestForm, next func(ok bool, msgKey string)) (body fyne.CanvasObject, nextBtn *BigButton) {
	words := a.button(a.t("suggest.write_words"), func() {
		a.openInput(inputRequest{title: a.t("suggest.own"), value: f.text, max: 200, done: func(v string) { f.text = v; a.fieldChanged() }})
	})
	where := a.button(a.t("suggest.write_place"), func() {
		a.openInput(inputRequest{title: a.t("suggest.where"), value: f.place, max: 60, done: func(v string) { f.place = v; a.fieldChanged() }})
	})
	shown := func(v string) fyne.CanvasObject {
		if v == "" {
			return text(a.t("suggest.none_yet"))
		}
		return card(text(v))
	}
	var spots []string
	for _, k := range placeKeys {
		spots = append(spots, a.t(k))
	}
	chosen := -1
	for i, k := range placeKeys {
		if f.place == a.t(k) {
			chosen = i
		}
	}
	quick := a.chips(spots, chosen, len(spots), func(i int) { f.place = a.t(placeKeys[i]); a.fieldChanged(); a.render() })
	body = container.NewVBox(
		container.NewBorder(nil, nil, words, nil, shown(f.text)),
		text(a.t("suggest.where")), quick,
		container.NewBorder(nil, nil, where, nil, shown(f.place)))
	nextBtn = a.primary(a.t("form.next"), func() { next(len(f.chosenPhrases()) > 0 || f.text != "", "suggest.need_text") })
	return body, nextBtn
}

// placeKeys are places she can tap instead of writing one.
var placeKeys = []string{"where.stairs", "where.yard", "where.road", "where.centre"}

// suggestPhone is the step of the suggestion form for an optional call-back phone, and anonymity.
func (a *App) suggestPhone(f *suggestForm, next func(ok bool, msgKey string)) (body fyne.CanvasObject, nextBtn *BigButton) {
	pad := a.phonePad(f.phone, func(v string) { f.phone = v })
	pad.Side = container.NewVBox(text(a.t("suggest.anon_hint")), a.toggleOne(a.t("suggest.anon"), &f.anonymous))
	body = pad
	nextBtn = a.primary(a.t("form.next"), func() {
		next(f.phone == "" || alliance.ValidatePhone(f.phone) == nil, "form.bad_phone")
	})
	return body, nextBtn
}

// suggestConfirm is the step of the suggestion form for what will be sent, the consent, and sending it.
func (a *App) suggestConfirm(f *suggestForm, next func(ok bool, msgKey string)) (body fyne.CanvasObject, nextBtn, agree *BigButton) {
	acc, _ := a.DB.Account(a.ctx(), f.community)
	lines := []string{a.c(acc.Name) + "  ·  " + a.t("cat."+SuggestionCategories[f.category])}
	said := f.chosenPhrases()
	if f.text != "" {
		said = append(said, f.text)
	}
	lines = append(lines, a.c(strings.Join(said, "；")))
	if f.place != "" {
		lines = append(lines, a.t("suggest.where")+"  "+f.place)
	}
	if f.phone != "" || f.anonymous {
		l := ""
		if f.phone != "" {
			l = a.t("suggest.phone") + "  " + alliance.MaskPhone(f.phone) + "   "
		}
		if f.anonymous {
			l += a.t("suggest.anon")
		}
		lines = append(lines, l)
	}
	agree = a.agreeButton(&f.agreed)
	if f.msg != "" && !f.agreed {
		agree.SetMarked(true)
	}
	body = container.NewVBox(card(text(strings.Join(lines, "\n"))), text(a.consentText("consent.suggest")))
	nextBtn = a.primary(a.t("form.send"), func() {
		if !f.agreed {
			next(false, "form.need_consent")
			return
		}
		words := f.text
		if f.place != "" {
			words = joinNonEmpty("\n", words, a.t("suggest.where")+" "+f.place)
		}
		s := &alliance.Suggestion{Community: f.community, Category: SuggestionCategories[f.category], Text: a.simplified(words),
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
	return body, nextBtn, agree
}

// toggleOne is a single on/off button bound to *v.
func (a *App) toggleOne(label string, v *bool) *BigButton {
	var b *BigButton
	b = a.button(label, func() {
		*v = !*v
		b.SetChosen(*v)
	})
	b.SetChosen(*v)
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
