package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"github.com/shinan-alliance/alliance"
)

// refusedButton opens the list of records the hub refused, when there are
// any: staff must see them, since they will never be sent again.
func (a *App) refusedButton() fyne.CanvasObject {
	rs, err := a.DB.RefusedOutbox(a.ctx())
	if err != nil {
		return a.failed(err)
	}
	if len(rs) == 0 {
		return nil
	}
	return a.button(a.t("staff.refused", len(rs)), func() { a.push(a.refusedScreen()) })
}

// refusedScreen lists the records the hub refused, newest first: what kind
// of record, when it was made, and the hub's reason. The records stay on
// the kiosk (the resident's receipt still finds them); staff can call the
// district's operator with the reason.
func (a *App) refusedScreen() *screen {
	return &screen{name: "refused", title: func() string { return a.t("staff.refused_title") }, build: func() fyne.CanvasObject {
		rs, err := a.DB.RefusedOutbox(a.ctx())
		if err != nil {
			return a.failed(err)
		}
		box := container.NewVBox(text(a.t("staff.refused_explain")))
		for _, r := range rs {
			box.Add(card(
				heading(a.t("kind."+string(r.Kind))+"  "+a.formatTime(r.Created)),
				text(a.t("reason."+string(r.Reason))),
				text(r.Message),
			))
		}
		return a.scroll(box)
	}}
}

// signUpStatus is a sign-up's status in words, with the hub's reason when
// it was not accepted. A decision (the event was full, had ended …) is
// told as it is; a record the hub refused is something only staff can
// sort out, and she is told to ask them.
func (a *App) signUpStatus(s alliance.SignUp) string {
	st := a.t("status." + string(s.Status))
	if s.Status == alliance.SignUpCancelled && (s.Reason == alliance.ReasonStaffCancelled || s.Reason == alliance.ReasonNoShow) {
		return st + "：" + a.t("reason."+string(s.Reason))
	}
	if s.Status != alliance.SignUpRejected || s.Reason == "" {
		return st
	}
	switch s.Reason {
	case alliance.ReasonEventFull, alliance.ReasonEventEnded, alliance.ReasonSignupClosed,
		alliance.ReasonEventCancelled, alliance.ReasonEventUnknown:
		return st + "：" + a.t("reason."+string(s.Reason))
	}
	return st + "：" + a.t("reason.ask_staff")
}
