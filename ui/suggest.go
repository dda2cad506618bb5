package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

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
	return a.togglesIn(container.NewGridWithColumns(cols), labels, on)
}

// togglesIn is toggles laid out in grid.
func (a *App) togglesIn(grid *fyne.Container, labels []string, on []bool) fyne.CanvasObject {
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

// suggestSteps: community, category, phrases, her own words, the place,
// call-back phone, then what will be sent.
const suggestSteps = 7

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
			st.question = a.t("suggest.where_q")
			st.body, st.next = a.suggestPlace(f, next)
		case 5:
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

// phraseRows is how many preset phrases stand in a column: four rows of
// keys fit the smallest screen with 大字 under the question and above
// 上一步/下一步.
const phraseRows = 4

// phraseColumns is how many columns of phrases the window has room for:
// two when the longest phrase's button fits twice beside 换一页, else one.
func (a *App) phraseColumns(labels []string) int {
	widest := float32(0)
	for _, l := range labels {
		widest = max(widest, a.button(ChosenMark+l, nil).MinSize().Width)
	}
	more := a.button(a.t("suggest.more_phrases", 9, 9), nil).MinSize().Width
	room := a.Window.Canvas().Size().Width - 4*theme.Padding() - more - MinTarget // the page's edges, the gap, ▲▼ room
	if 2*widest+keyGap <= room {
		return 2
	}
	return 1
}

// suggestText is the step of the suggestion form for preset phrases, a
// page at a time.
func (a *App) suggestText(f *suggestForm, next func(ok bool, msgKey string)) (body fyne.CanvasObject, nextBtn *BigButton) {
	var all []string
	for _, k := range phraseKeys {
		all = append(all, a.t(k))
	}
	cols := a.phraseColumns(all)
	perPage := cols * phraseRows
	pages := (len(phraseKeys) + perPage - 1) / perPage
	f.phrasePage %= pages
	from := f.phrasePage * perPage
	to := min(from+perPage, len(phraseKeys))
	grid := a.togglesIn(container.New(&keyRow{n: cols}), all[from:to], f.phrases[from:to])
	var side fyne.CanvasObject
	if pages > 1 {
		side = container.NewVBox(a.button(a.t("suggest.more_phrases", f.phrasePage+1, pages), func() { f.phrasePage++; a.render() }))
	}
	body = container.NewBorder(nil, nil, nil, side, grid)
	nextBtn = a.primary(a.t("form.next"), func() {
		next(len(f.chosenPhrases()) > 0 || f.text != "" || f.phrasePage < pages-1, "suggest.need_text")
	})
	return body, nextBtn
}

// suggestOwnWords is the step for her own words, written on the input
// panel (by hand or pinyin); they may be empty when she tapped phrases.
func (a *App) suggestOwnWords(f *suggestForm, next func(ok bool, msgKey string)) (body fyne.CanvasObject, nextBtn *BigButton) {
	words := a.button(a.t("suggest.write_words"), func() {
		a.openInput(inputRequest{title: a.t("suggest.own"), value: f.text, max: 200, done: func(v string) { f.text = v; a.fieldChanged() }})
	})
	body = container.NewVBox(container.NewBorder(nil, nil, words, nil, a.written(f.text, 3)))
	nextBtn = a.primary(a.t("form.next"), func() { next(len(f.chosenPhrases()) > 0 || f.text != "", "suggest.need_text") })
	return body, nextBtn
}

// suggestPlace is the step for where it is: a place tapped, or written on
// the input panel; it may be empty.
func (a *App) suggestPlace(f *suggestForm, next func(ok bool, msgKey string)) (body fyne.CanvasObject, nextBtn *BigButton) {
	where := a.button(a.t("suggest.write_place"), func() {
		a.openInput(inputRequest{title: a.t("suggest.where"), value: f.place, max: 60, done: func(v string) { f.place = v; a.fieldChanged() }})
	})
	var spots []string
	chosen := -1
	for i, k := range placeKeys {
		spots = append(spots, a.t(k))
		if f.place == a.t(k) {
			chosen = i
		}
	}
	quick := a.chips(spots, chosen, 2, func(i int) { f.place = a.t(placeKeys[i]); a.fieldChanged(); a.render() })
	body = container.NewVBox(quick, container.NewBorder(nil, nil, where, nil, a.written(f.place, 1)))
	nextBtn = a.primary(a.t("form.next"), func() { next(true, "") })
	return body, nextBtn
}

// written shows what she wrote, at most lines lines of it, or that she
// has written nothing yet.
func (a *App) written(v string, lines int) fyne.CanvasObject {
	if v == "" {
		return text(a.t("suggest.none_yet"))
	}
	return card(tight(clipText(v, lines*24)))
}

// clipText is a label of s cut to n characters, with … when cut: a
// summary line must not push 提交 off a small screen.
func clipText(s string, n int) *widget.Label { return text(clipRunes(s, n)) }

// clipRunes is s cut to n characters, with … when cut.
func clipRunes(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
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
	var last []string // where, the call-back phone and anonymity share a line
	if f.place != "" {
		last = append(last, a.t("suggest.where")+"  "+f.place)
	}
	if f.phone != "" {
		last = append(last, a.t("suggest.phone")+"  "+alliance.MaskPhone(f.phone))
	}
	if f.anonymous {
		last = append(last, a.t("suggest.anon"))
	}
	if len(last) > 0 {
		lines = append(lines, strings.Join(last, "   "))
	}
	agree = a.agreeButton(&f.agreed)
	if f.msg != "" && !f.agreed {
		agree.SetMarked(true)
	}
	// One line each, cut with … where the window ends: a wrapped line
	// would push the consent and 提交 down (her words are on their step).
	summary := container.NewVBox()
	for _, l := range lines {
		line := text(l)
		line.Wrapping, line.Truncation = fyne.TextWrapOff, fyne.TextTruncateEllipsis
		summary.Add(tight(line))
	}
	body = container.NewVBox(card(summary), tight(text(a.consentText("consent.suggest"))))
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
			ConsentVersion: ConsentVersion, KioskID: a.kioskID, AssistedBy: a.assistedBy}
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
// reply at any kiosk, the receipt and its 4-digit PIN, what happens next,
// and a QR code of the two (nothing else: no words, no phone) she can scan
// to keep them on her phone.
func (a *App) suggestionReceiptScreen(receipt, pin string) *screen {
	return &screen{name: "receipt", title: func() string { return a.t("receipt.title") }, build: func() fyne.CanvasObject {
		codes := container.NewGridWithColumns(2,
			container.NewVBox(tight(text(a.t("receipt.code"))), container.NewCenter(bigNumber(receipt))),
			container.NewVBox(tight(text(a.t("receipt.pin"))), container.NewCenter(bigNumber(pin))))
		left := container.NewVBox(tight(heading(a.t("receipt.saved"))), codes,
			text(a.t("receipt.keep_pin")), text(a.t("receipt.next.suggest")))
		side := container.NewVBox(qrImage(T(alliance.Hans, "receipt.qr_suggest", receipt, pin), 220), text(a.t("receipt.scan")))
		home := a.primary(a.t("nav.home"), a.ShowHome)
		home.MinSide = navSize
		nav := container.NewBorder(nil, nil, nil, home,
			a.readAloud(a.t("receipt.code")+receipt+"。"+a.t("receipt.pin")+pin+"。"+a.t("receipt.next.suggest")))
		return container.NewBorder(nil, nav, nil, atLeast(fyne.NewSize(260, 0), side), a.vscroll(left))
	}}
}
