package ui

import (
	"context"
	"errors"
	"log/slog"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// staffSync is the sync part of the staff panel across redraws: the hub's
// status as last read, and what is under way. Reading the status, joining
// a hub and syncing all run in the background (see goWork): the panel
// shows 正在… and its buttons wait, while the screen stays alive.
type staffSync struct {
	status     *SyncStatus // nil until read
	statusErr  error
	loading    bool
	joining    bool
	syncing    bool
	msg        string
	progress   *widget.ProgressBar
	hubURL     *widget.Entry
	code       *widget.Entry
	readStatus bool // a read is due (first shown, or after a join or a sync)
	// confirm is the key pin of a hub with its own certificate, shown for
	// staff to compare with the one printed with the code; joinHub and
	// joinCode are what they typed.
	confirm, joinHub, joinCode string
}

// syncBox is the staff panel's sync section.
func (a *App) syncBox(s *screen, ss *staffSync) *fyne.Container {
	box := container.NewVBox(heading(a.t("staff.sync")))
	if ss.confirm != "" && a.Syncer != nil {
		box.Add(a.pinCard(s, ss)) // first: the join waits for it
	}
	if w := a.clockWarning(); w != nil {
		box.Add(w)
	}
	if a.Syncer == nil {
		box.Add(text(a.t("staff.no_hub")))
		return box
	}
	if ss.status == nil && ss.statusErr == nil && !ss.loading || ss.readStatus {
		a.loadSyncStatus(s, ss)
	}
	switch {
	case ss.statusErr != nil:
		box.Add(a.failed(ss.statusErr))
	case ss.status == nil:
		box.Add(text(a.t("staff.loading")))
	default:
		st := ss.status
		box.Add(text(a.t("staff.hub") + "  " + or(st.Hub, "—")))
		if st.HubPin != "" {
			box.Add(text(a.t("staff.hub_pin", st.HubPin)))
		}
		last := "—"
		if !st.LastSuccess.IsZero() {
			last = a.relative(st.LastSuccess)
		}
		box.Add(text(a.t("staff.last_ok") + "  " + last))
		if st.LastError != "" {
			box.Add(text(a.t("staff.last_error") + "  " + st.LastError))
		}
		if !st.NextRun.IsZero() {
			box.Add(text(a.t("staff.next_run") + "  " + a.formatTime(st.NextRun)))
		}
		if b := a.refusedButton(); b != nil {
			box.Add(b)
		}
	}
	box.Add(ss.progress)
	msg := text(ss.msg)
	box.Add(msg)
	syncLabel := a.t("staff.sync_now")
	if ss.syncing {
		syncLabel = a.t("staff.syncing")
	}
	box.Add(a.primary(syncLabel, func() { a.syncNow(s, ss) }))
	ss.hubURL.SetPlaceHolder("https://hub:8443")
	ss.code.SetPlaceHolder(a.t("staff.join_code"))
	joinLabel := a.t("staff.join")
	if ss.joining {
		joinLabel = a.t("staff.joining")
	}
	box.Add(container.NewGridWithColumns(3, atLeast(fyne.NewSize(0, MinTarget), ss.hubURL), atLeast(fyne.NewSize(0, MinTarget), ss.code),
		a.button(joinLabel, func() { a.join(s, ss) })))
	return box
}

// pinCard asks staff to compare the key fingerprint of a hub with its own
// certificate with the one printed with the enrolment code.
func (a *App) pinCard(s *screen, ss *staffSync) fyne.CanvasObject {
	yes := a.primary(a.t("staff.pin_yes"), func() {
		code := ss.joinCode + "-" + ss.confirm // a code carrying the pin: the kiosk trusts that key
		ss.confirm = ""
		a.joinWith(s, ss, ss.joinHub, code)
	})
	no := a.button(a.t("staff.pin_no"), func() {
		ss.confirm, ss.msg = "", a.t("staff.pin_cancelled")
		a.renderIf(s)
	})
	return card(container.NewVBox(heading(a.t("staff.pin_confirm", ss.confirm)), container.NewGridWithColumns(2, yes, no)))
}

// loadSyncStatus reads the sync status in the background.
func (a *App) loadSyncStatus(s *screen, ss *staffSync) {
	if ss.loading {
		return
	}
	ss.loading, ss.readStatus = true, false
	sy := a.Syncer
	var st SyncStatus
	a.goWork(statusTimeout, func(ctx context.Context) (err error) {
		st, err = sy.Status(ctx)
		return err
	}, func(err error) {
		ss.loading = false
		ss.status, ss.statusErr = nil, err
		if err == nil {
			ss.status = &st
		}
		a.renderIf(s)
	})
}

// syncNow syncs in the background, with a progress bar.
func (a *App) syncNow(s *screen, ss *staffSync) {
	if ss.syncing || ss.joining {
		return
	}
	ss.syncing, ss.msg = true, a.t("staff.syncing")
	ss.progress.SetValue(0)
	a.renderIf(s)
	sy := a.Syncer
	bar := ss.progress
	a.goWork(syncTimeout, func(ctx context.Context) error {
		return sy.SyncNow(ctx, func(done, total int) {
			a.do(func() {
				if total > 0 {
					bar.SetValue(float64(done) / float64(total))
				}
			})
		})
	}, func(err error) {
		ss.syncing, ss.readStatus = false, true
		ss.msg = a.t("staff.sync_done")
		if err != nil {
			slog.Error("sync now", "err", err)
			ss.msg = a.t("staff.sync_failed")
		}
		a.renderIf(s)
	})
}

// join trades an enrolment code in the background; a hub that does not
// answer is given up after joinTimeout.
func (a *App) join(s *screen, ss *staffSync) {
	if ss.joining || ss.syncing {
		return
	}
	a.joinWith(s, ss, strings.TrimSpace(ss.hubURL.Text), strings.TrimSpace(ss.code.Text))
}

// joinWith trades the code with the hub in the background. A hub with its
// own certificate that the code does not vouch for is not joined: its key
// fingerprint is shown for staff to confirm first.
func (a *App) joinWith(s *screen, ss *staffSync, hub, code string) {
	ss.joining, ss.msg, ss.confirm = true, a.t("staff.joining"), ""
	a.renderIf(s)
	sy := a.Syncer
	a.goWork(joinTimeout, func(ctx context.Context) error {
		return sy.Join(ctx, hub, code)
	}, func(err error) {
		ss.joining, ss.readStatus = false, true
		var unverified *UnverifiedHubError
		switch {
		case errors.As(err, &unverified):
			ss.confirm, ss.joinHub, ss.joinCode, ss.msg = unverified.Pin, hub, code, ""
		case errors.Is(err, context.DeadlineExceeded):
			slog.Error("join hub", "err", err)
			ss.msg = a.t("staff.join_timeout")
		case err != nil:
			slog.Error("join hub", "err", err)
			ss.msg = a.joinMessage(err)
		default:
			ss.msg = a.t("staff.joined")
		}
		a.renderIf(s)
	})
}
