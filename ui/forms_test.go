package ui_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/ui"
)

// openEvent shows the first upcoming event that takes sign-ups and has a
// limit on places.
func openEvent(t *testing.T, k *kiosk) alliance.Event {
	t.Helper()
	evs, err := k.DB.UpcomingEvents(context.Background(), "", 50)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range evs {
		if e.Capacity > 0 && e.PlacesLeft() > 5 && e.Status == alliance.EventOpen &&
			(e.SignupOpens.IsZero() || k.now.After(e.SignupOpens)) && (e.SignupCloses.IsZero() || k.now.Before(e.SignupCloses)) {
			k.OpenEventForTest(e.ID)
			return e
		}
	}
	t.Fatal("no event with places takes sign-ups")
	return alliance.Event{}
}

// The places left she is shown count the people this kiosk signed up that
// the hub has not counted yet, and stop counting them once it has decided.
func TestPlacesLeftCountPendingSignUps(t *testing.T) {
	k := newKiosk(t)
	e := openEvent(t, k)
	left := e.PlacesLeft()
	if got := k.texts(); !strings.Contains(got, ui.T(k.Lang(), "events.left", left)) {
		t.Fatalf("event shows no %d places left: %s", left, got)
	}
	// Signed up at the kiosk by taps: two sign-ups, 3 people and 1.
	for _, party := range []int{3, 1} {
		k.tap(k.tr("event.signup"), "王", k.tr("form.next"), "女士", k.tr("form.next"))
		k.key(fmt.Sprintf("1380000000%d", party))
		k.tap(k.tr("form.next"), fmt.Sprint(party), k.tr("form.next"), k.tr("consent.agree"), k.tr("form.send"))
		k.wantScreen("receipt")
		k.ShowHome()
		k.OpenEventForTest(e.ID)
	}
	if got := k.texts(); !strings.Contains(got, ui.T(k.Lang(), "events.left", left-4)) {
		t.Errorf("after signing up 4 people, want %d places left: %s", left-4, got)
	}
	pending, err := k.DB.PendingPlaces(context.Background())
	if err != nil || pending[e.ID] != 4 {
		t.Errorf("pending places: got %v (%v), want 4 for %s", pending, err, e.ID)
	}
	// The events list says the same.
	k.ShowHome()
	k.tap(k.tr("tile.events"), k.tr("events.all"))
	if got := k.texts(); !strings.Contains(got, ui.T(k.Lang(), "events.left", left-4)) {
		t.Errorf("events list: want %d places left: %s", left-4, got)
	}
}

// An error goes as soon as she changes what it is about.
func TestFormErrorsClearWhenSheChangesTheField(t *testing.T) {
	k := newKiosk(t)
	openEvent(t, k)
	k.tap(k.tr("event.signup"), k.tr("form.next"))
	if !strings.Contains(k.texts(), k.tr("form.need_surname")) {
		t.Fatalf("no error without a surname: %s", k.texts())
	}
	k.tap("王")
	if strings.Contains(k.texts(), k.tr("form.need_surname")) {
		t.Errorf("the error stays after she chose a surname: %s", k.texts())
	}
	k.tap(k.tr("form.next"), "女士", k.tr("form.next"))
	k.key("138")
	k.tap(k.tr("form.next"))
	if !strings.Contains(k.texts(), k.tr("form.bad_phone")) {
		t.Fatalf("no error for a short phone: %s", k.texts())
	}
	k.key("1")
	if strings.Contains(k.texts(), k.tr("form.bad_phone")) {
		t.Errorf("the error stays after she typed a digit: %s", k.texts())
	}
	k.key("2345678")
	k.tap(k.tr("form.next"), k.tr("form.next"), k.tr("form.send"))
	agree := k.find(k.tr("consent.agree"))
	if !strings.Contains(k.texts(), k.tr("form.need_consent")) || !agree.Marked() {
		t.Fatalf("sending without 同意: no error, or 同意 not marked: %s", k.texts())
	}
	k.tap(k.tr("consent.agree"))
	if strings.Contains(k.texts(), k.tr("form.need_consent")) || k.find(k.tr("consent.agree")).Marked() {
		t.Errorf("the consent error stays after 同意: %s", k.texts())
	}
}

// 我的记录 asks for the phone, then the code, and says what is missing
// rather than 没有找到.
func TestMyRecordsSaysWhatIsMissing(t *testing.T) {
	k := newKiosk(t)
	k.tap(k.tr("tile.records"), k.tr("form.next"))
	if got := k.texts(); !strings.Contains(got, k.tr("form.bad_phone")) {
		t.Errorf("no phone: want %q: %s", k.tr("form.bad_phone"), got)
	}
	k.key("13612345678")
	k.tap(k.tr("form.next"), k.tr("records.find"))
	got := k.texts()
	if !strings.Contains(got, k.tr("records.need_code")) || strings.Contains(got, k.tr("records.notfound")) {
		t.Errorf("the phone alone: want %q, not %q: %s", k.tr("records.need_code"), k.tr("records.notfound"), got)
	}
	if !strings.Contains(got, "136****5678") || strings.Contains(got, "13612345678") {
		t.Errorf("the code's step does not show the phone masked: %s", got)
	}
	k.key("123456")
	k.tap(k.tr("records.find"))
	if got := k.texts(); !strings.Contains(got, k.tr("records.notfound")) {
		t.Errorf("a phone and a code that match nothing: want %q: %s", k.tr("records.notfound"), got)
	}
}

// The staff roster counts people, not sign-ups.
func TestRosterCountsPeople(t *testing.T) {
	k := newKiosk(t)
	e := openEvent(t, k)
	ctx := context.Background()
	for i, party := range []int{3, 2, 1} {
		s := &alliance.SignUp{EventID: e.ID, Name: "王女士", Phone: fmt.Sprintf("1370000000%d", i), PartySize: party, ConsentVersion: "1"}
		if err := k.DB.SaveSignUp(ctx, s); err != nil {
			t.Fatal(err)
		}
		if i == 2 {
			if _, err := k.DB.CancelSignUp(ctx, s.Phone, s.Receipt); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := k.Open("staff"); err != nil {
		t.Fatal(err)
	}
	// A wrapped line is two texts, the space where it broke gone.
	flat := strings.NewReplacer("|", "", " ", "")
	if got := flat.Replace(k.texts()); !strings.Contains(got, flat.Replace(ui.T(k.Lang(), "staff.people", 5, 3))) {
		t.Errorf("roster: want %q: %s", ui.T(k.Lang(), "staff.people", 5, 3), got)
	}
}

// A surname not in the list is written on the input panel, by pinyin or
// on the 9-key pad, and comes back to the sign-up chosen.
func TestOtherSurnameByInputPanel(t *testing.T) {
	for _, tc := range []struct {
		mode string
		keys []string
	}{
		{"input.pinyin", []string{"h", "o", "u"}},
		{"input.nine", []string{"4 ghi", "6 mno", "8 tuv"}},
	} {
		t.Run(tc.mode, func(t *testing.T) {
			k := newKiosk(t)
			openEvent(t, k)
			k.tap(k.tr("event.signup"), k.tr("name.other"), k.tr("name.write"))
			if !k.InputOpen() {
				t.Fatalf("其他姓 → %s opens no input panel: %s", k.tr("name.write"), k.texts())
			}
			k.tap(k.tr(tc.mode))
			k.tap(tc.keys...)
			k.tap("侯", k.tr("input.done"))
			k.wantScreen("signup")
			if b := k.find("侯"); !strings.HasPrefix(b.Text, ui.ChosenMark) {
				t.Errorf("侯 is not shown chosen: %q", b.Text)
			}
			k.tap(k.tr("form.next"))
			if got := k.texts(); !strings.Contains(got, k.tr("name.title")) {
				t.Errorf("the form does not go on with 侯: %s", got)
			}
		})
	}
}
