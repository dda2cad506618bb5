package ui

import (
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/store"
)

// servicesScreen is 微服务 / 一键拨号: phone numbers by category, each shown
// huge with a QR code of its tel: link, since a kiosk cannot dial.
func (a *App) servicesScreen() *screen {
	cats := append([]string{""}, alliance.DirectoryCategories...)
	chosen := 0
	return &screen{name: "services", title: func() string { return a.t("tile.services") }, build: func() fyne.CanvasObject {
		var labels []string
		for _, c := range cats {
			labels = append(labels, a.t("dir."+or(c, "all")))
		}
		chips := a.chips(labels, chosen, 4, func(i int) { chosen = i; a.render() })
		entries, err := a.DB.Directory(a.ctx(), cats[chosen], a.home)
		box := container.NewVBox()
		if err != nil {
			box.Add(a.failed(err))
		}
		for _, e := range entries {
			box.Add(a.phoneCard(e, false))
		}
		return container.NewBorder(chips, nil, nil, nil, a.vscroll(box))
	}}
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// phoneCard shows a number; big adds the QR code and the call-back button.
func (a *App) phoneCard(e alliance.DirectoryEntry, big bool) fyne.CanvasObject {
	name := a.listButton(a.c(e.Name), func() { a.push(a.phoneScreen(e.ID)) })
	lines := []fyne.CanvasObject{name, bigNumber(e.Number)}
	if e.Hours != "" {
		lines = append(lines, text(a.t("place.hours")+"  "+a.c(e.Hours)))
	}
	if e.Note != "" {
		lines = append(lines, text(a.c(e.Note)))
	}
	if !big {
		return card(lines...)
	}
	community := or(e.Community, a.home)
	lines = append(lines, a.primary(a.t("phone.callback"), func() { a.push(a.callbackScreen(community, e.ID)) }))
	qr := container.NewVBox(qrImage("tel:"+alliance.Digits(e.Number), 300), text(a.t("phone.scan")))
	return card(container.NewBorder(nil, nil, nil, qr, container.NewVBox(lines...)))
}

// phoneScreen is one number, huge, with its QR code.
func (a *App) phoneScreen(id string) *screen {
	return &screen{name: "phone", title: func() string { return a.t("tile.services") }, build: func() fyne.CanvasObject {
		entries, err := a.DB.Directory(a.ctx(), "", "")
		if err != nil {
			return a.failed(err)
		}
		for _, e := range entries {
			if e.ID == id {
				return a.scroll(a.phoneCard(e, true))
			}
		}
		return text(a.t("err.generic"))
	}}
}

// callbackScreen is 请社区给我回电话: the resident keys a phone number, agrees
// to the notice, and the request goes to the community office through the
// outbox.
func (a *App) callbackScreen(community, entry string) *screen {
	phone, agreed := "", false
	var msg string
	return &screen{name: "callback", title: func() string { return a.t("phone.callback") }, build: func() fyne.CanvasObject {
		pad := a.keypad(phone, 12, func(v string) { phone = v })
		consent := a.consent(&agreed, "consent.callback")
		errLabel := text(msg)
		errLabel.Importance = widget.DangerImportance
		send := a.primary(a.t("form.send"), func() {
			if err := alliance.ValidatePhone(phone); err != nil {
				msg = a.t("form.bad_phone")
				a.render()
				return
			}
			if !agreed {
				msg = a.t("form.need_consent")
				a.render()
				return
			}
			r := &store.CallbackRequest{Community: community, Entry: entry, Phone: phone, ConsentVersion: ConsentVersion, KioskID: a.kioskID, AssistedBy: a.assistedBy}
			if err := a.DB.SaveCallback(a.ctx(), r); err != nil {
				msg = a.t("err.save")
				a.failed(err)
				a.render()
				return
			}
			a.replace(a.receiptScreen("callback", r.Receipt, a.t("receipt.callback", alliance.MaskPhone(r.Phone))))
		})
		left := container.NewVBox(heading(a.t("form.phone")), pad)
		right := container.NewVBox(consent, errLabel, send)
		return a.scroll(container.NewGridWithColumns(2, left, right))
	}}
}

// keypad makes a Keypad whose keys count as touches.
func (a *App) keypad(value string, max int, changed func(string)) *Keypad {
	k := NewKeypad(value, max, a.t("key.clear"), a.t("key.delete"), a.button)
	k.OnChanged = changed
	return k
}

// consent shows a notice (what is kept, why, for how long) and a big
// toggle the resident must turn on.
func (a *App) consent(agreed *bool, key string) fyne.CanvasObject {
	label := func() string {
		if *agreed {
			return a.t("consent.agreed")
		}
		return a.t("consent.agree")
	}
	var b *BigButton
	b = a.button(label(), func() {
		*agreed = !*agreed
		b.SetText(label())
		b.Importance = widget.MediumImportance
		if *agreed {
			b.Importance = widget.HighImportance
		}
		b.Refresh()
	})
	if *agreed {
		b.Importance = widget.HighImportance
	}
	return card(text(a.consentText(key)), b)
}

// receiptScreen is the big receipt: the code to keep and what happens next.
func (a *App) receiptScreen(kind, code, what string) *screen {
	return a.receiptWith(code, []string{what}, "")
}

// receiptWith is a receipt: what was saved (lines), the code in big
// digits, what happens next, and when qr is set a QR code of it she can
// scan with her phone to keep it.
func (a *App) receiptWith(code string, lines []string, qr string) *screen {
	return &screen{name: "receipt", title: func() string { return a.t("receipt.title") }, build: func() fyne.CanvasObject {
		// The code first: with 大字 the lines below may need ▼.
		left := container.NewVBox(heading(a.t("receipt.saved")), container.NewHBox(widget.NewLabel(a.t("receipt.code")), bigNumber(code))) // unwrapped: a wrapping label in a row is one character wide
		for _, l := range lines {
			left.Add(tight(text(l))) // without a label's padding: the status and what happens next show without scrolling
		}
		left.Add(text(a.t("receipt.keep")))
		home := a.primary(a.t("nav.home"), a.ShowHome)
		home.MinSide = navSize
		nav := container.NewBorder(nil, nil, nil, home, a.readAloud(strings.Join(append(lines, a.t("receipt.code")+code), "。")))
		body := fyne.CanvasObject(a.vscroll(left))
		if qr != "" {
			side := container.NewVBox(qrImage(qr, 240), text(a.t("receipt.scan")))
			body = container.NewBorder(nil, nil, nil, side, body)
		}
		return container.NewBorder(nil, nav, nil, nil, body)
	}}
}

// signUpReceiptScreen is a sign-up's receipt: the event's date, time and
// place, the status and what happens next, and a QR code that keeps it
// all on her phone.
func (a *App) signUpReceiptScreen(e alliance.Event, s alliance.SignUp) *screen {
	when := a.formatTime(e.Starts) + " – " + e.Ends.In(alliance.Location).Format("15:04")
	lines := []string{
		a.c(e.Title),
		a.t("event.when") + "  " + when,
		a.t("event.where") + "  " + a.c(e.Place),
		a.t("records.status") + "  " + a.t("status."+string(s.Status)) + "  " + a.t("form.summary.party") + " " + strconv.Itoa(s.PartySize),
		a.t("receipt.next." + string(s.Status)),
	}
	qr := T(alliance.Hans, "receipt.qr", e.Title, e.Starts.In(alliance.Location).Format("2006-01-02 15:04"), e.Place, s.Receipt)
	return a.receiptWith(s.Receipt, lines, qr)
}
