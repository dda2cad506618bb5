package ui

import (
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/surname"
)

// surnamePicker offers the common surnames first and 其他姓, which opens
// every surname by the first letter of its pinyin, or the writing pad.
// The chosen surname is stored in Simplified script, the hub's.
func (a *App) surnamePicker(name *string, others *string) fyne.CanvasObject {
	if *others != "" {
		return a.otherSurnames(name, others)
	}
	var labels []string
	chosen := -1
	for i, s := range surname.Common {
		labels = append(labels, a.c(s))
		if s == *name {
			chosen = i
		}
	}
	var other *BigButton
	grid := a.chipsIn(container.New(&keyRow{n: 8}), labels, chosen, func(i int) {
		*name = surname.Common[i]
		other.SetChosen(false)
		other.SetText(a.t("name.other"))
		a.fieldChanged()
	})
	other = a.button(a.t("name.other"), func() { *others = "?"; a.render() })
	if *name != "" && chosen < 0 { // one from the full list
		other.SetText(a.c(*name))
		other.SetChosen(true)
	}
	return container.NewBorder(nil, nil, nil, other, grid)
}

// surnamePage is how many surnames of one letter show at once.
const surnamePage = 24

// otherSurnames is 其他姓: the letters A–Z, then the surnames of the letter
// tapped (most common first, a page at a time), or the writing pad.
func (a *App) otherSurnames(name *string, others *string) fyne.CanvasObject {
	back := a.button(a.t("name.common"), func() { *others = ""; a.render() })
	switch {
	case *others == "?":
		grid := container.New(&keyRow{n: 8})
		for _, l := range surname.Initials() {
			grid.Add(a.button(l, func() { *others = l; a.render() }))
		}
		pad := a.button(a.t("name.write"), func() {
			a.openInput(inputRequest{title: a.t("name.write_title"), mode: inputHandwriting, max: 2, done: func(v string) {
				v = strings.TrimSpace(a.simplified(v))
				if v != "" {
					*name, *others = v, ""
					a.fieldChanged()
				}
			}})
		})
		return container.NewBorder(nil, nil, nil, container.NewVBox(back, pad), grid)
	default:
		letter, page := *others, 0
		if l, p, ok := strings.Cut(letter, "#"); ok {
			letter = l
			fmt.Sscan(p, &page)
		}
		all := surname.ByInitial(letter)
		from := min(page*surnamePage, len(all))
		to := min(from+surnamePage, len(all))
		grid := container.New(&keyRow{n: 8})
		for _, s := range all[from:to] {
			b := a.button(a.c(s.Name), func() { *name, *others = s.Name, ""; a.fieldChanged(); a.render() })
			if s.Name == *name {
				b.SetChosen(true)
			}
			grid.Add(b)
		}
		letters := a.button(a.t("name.letters"), func() { *others = "?"; a.render() })
		side := container.NewVBox(back, letters)
		if to < len(all) {
			side.Add(a.button(a.t("name.more"), func() { *others = fmt.Sprintf("%s#%d", letter, page+1); a.render() }))
		}
		return container.NewBorder(nil, nil, nil, side, grid)
	}
}

// titlePicker is 先生 or 女士.
func (a *App) titlePicker(title *string) fyne.CanvasObject {
	tchosen := -1
	var tlabels []string
	for i, t := range Titles {
		tlabels = append(tlabels, a.titleText(t))
		if t == *title {
			tchosen = i
		}
	}
	g := a.chips(tlabels, tchosen, 2, func(i int) { *title = Titles[i]; a.fieldChanged() })
	return container.NewVBox(atLeast(fyne.NewSize(0, 140), g))
}

// phonePad is the keypad with the number it types beside it: the two
// never part, whatever the screen's size.
func (a *App) phonePad(value string, changed func(string)) *Keypad {
	k := a.keypad(value, 12, func(v string) { changed(v); a.fieldChanged() })
	k.Beside = true
	return k
}

// agreeButton is 同意, put beside 提交: the consent text is above it.
func (a *App) agreeButton(agreed *bool) *BigButton {
	var b *BigButton
	b = a.button(a.t("consent.agree"), func() {
		*agreed = !*agreed
		b.SetText(a.t("consent.agree"))
		b.SetChosen(*agreed)
		b.SetMarked(false)
		a.fieldChanged()
	})
	b.MinSide = fyne.NewSize(220, navSize.Height)
	b.SetChosen(*agreed)
	return b
}

// consentText is a consent notice, with the kept-for periods filled in
// from the same constants the deletion uses (alliance.RecordRetention,
// alliance.LearnerRetention): one source.
func (a *App) consentText(key string) string {
	return a.t(key, ConsentDays(key))
}

// ConsentDays is how many days the data a consent text speaks of is kept.
func ConsentDays(key string) int {
	d := alliance.RecordRetention
	switch key {
	case "consent.learner":
		d = alliance.LearnerRetention
	}
	return int(d / (24 * time.Hour))
}

// fieldChanged is called when she changes an answer: the message about
// what was missing goes at once, and so does the mark on the control it
// named.
func (a *App) fieldChanged() {
	if a.stepMsg != nil {
		*a.stepMsg = ""
	}
	if a.stepMsgLabel != nil {
		a.stepMsgLabel.SetText("")
	}
}
