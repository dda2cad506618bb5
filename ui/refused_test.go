package ui_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/store"
	"github.com/shinan-alliance/alliance/ui"
)

// Each kind of failed join gets its own words: staff learn what to do.
func TestJoinFailuresAreWordedByKind(t *testing.T) {
	for _, tc := range []struct {
		err error
		key string
	}{
		{fmt.Errorf("%w: unauthorized", ui.ErrHubRefusedCode), "staff.join_code_wrong"},
		{fmt.Errorf("%w: dial tcp", ui.ErrHubUnreachable), "staff.join_unreachable"},
		{fmt.Errorf("%w: http://192.0.2.1", ui.ErrHubPlainHTTP), "staff.join_insecure"},
		{fmt.Errorf("%w: x509", ui.ErrHubCertificate), "staff.join_certificate"},
		{fmt.Errorf("%w: another key", ui.ErrHubPinMismatch), "staff.hub_key_mismatch"},
		{fmt.Errorf("something else"), "staff.join_failed"},
	} {
		t.Run(tc.key, func(t *testing.T) {
			k := newKiosk(t)
			f := &fakeSyncer{joinErr: tc.err}
			f.g.open("status")
			f.g.open("join")
			k.Syncer = f
			k.Open("staff")
			k.settle()
			k.tap(k.tr("staff.join"))
			waitFor(func() bool { return f.joins.Load() >= 1 })
			// Long messages wrap over several lines: look for their start.
			msg := []rune(k.tr(tc.key))
			want := string(msg[:min(8, len(msg))])
			for i := 0; i < 20 && !strings.Contains(k.texts(), want); i++ {
				k.settle()
			}
			if !strings.Contains(k.texts(), want) {
				t.Errorf("want %q, screen: %s", k.tr(tc.key), k.texts())
			}
		})
	}
}

// Records the hub refused are listed for staff with the reason, and a
// resident's refused or rejected sign-up says why.
func TestRefusedRecordsAreShown(t *testing.T) {
	ctx := context.Background()
	k := newKiosk(t)
	evs, err := k.DB.UpcomingEvents(ctx, "", 100)
	if err != nil {
		t.Fatal(err)
	}
	var ev alliance.Event
	for _, e := range evs {
		if e.SignUpReason(k.DB.Now(), k.DB.Now()) == "" && e.PlacesLeft() != 0 {
			ev = e
			break
		}
	}
	s := alliance.SignUp{EventID: ev.ID, Name: "王女士", Phone: "13800001234", PartySize: 1, ConsentVersion: ui.ConsentVersion}
	if err := k.DB.SaveSignUp(ctx, &s); err != nil {
		t.Fatal(err)
	}
	if err := k.DB.AckOutbox(ctx, s.Seq, store.Refusal{Seq: s.Seq, Reason: alliance.ReasonUnknownRef, Message: "community \"x\" is not published at the hub"}); err != nil {
		t.Fatal(err)
	}
	f := &fakeSyncer{status: ui.SyncStatus{Hub: "https://hub.example"}}
	f.g.open("status")
	k.Syncer = f
	k.Open("staff")
	for i := 0; i < 20 && !strings.Contains(k.texts(), string([]rune(k.tr("staff.refused"))[:4])); i++ {
		k.settle()
	}
	label := fmt.Sprintf(k.tr("staff.refused"), 1)
	k.tap(label)
	got := k.texts()
	for _, want := range []string{k.tr("kind.signup"), k.tr("reason.unknown_ref"), "is not published at the hub"} {
		if !strings.Contains(got, want) {
			t.Errorf("refused list lacks %q: %s", want, got)
		}
	}
	if strings.Contains(got, "13800001234") {
		t.Errorf("the refused list shows a phone number")
	}

	back, err := k.DB.SignUpByReceipt(ctx, s.Phone, s.Receipt)
	if err != nil || back.Status != alliance.SignUpRejected || back.Reason != alliance.ReasonUnknownRef {
		t.Fatalf("sign-up after the refusal: %+v %v", back, err)
	}
}

// A resident reads why her sign-up was not accepted: the hub's decision in
// its own words, a refusal as something to ask staff about.
func TestRejectionReasonsInWords(t *testing.T) {
	k := newKiosk(t)
	for _, tc := range []struct {
		reason alliance.Reason
		want   string
	}{
		{alliance.ReasonEventFull, k.tr("reason.event_full")},
		{alliance.ReasonEventEnded, k.tr("reason.event_ended")},
		{alliance.ReasonMalformed, k.tr("reason.ask_staff")},
		{"", k.tr("status.rejected")},
	} {
		got := k.SignUpStatusText(alliance.SignUp{Status: alliance.SignUpRejected, Reason: tc.reason})
		if !strings.Contains(got, tc.want) {
			t.Errorf("%s: %q, want %q in it", tc.reason, got, tc.want)
		}
	}
}
