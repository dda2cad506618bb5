package ui

import (
	"fmt"
	"strings"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/store"
)

// ScreenNames are the screens Open knows, for `kiosk --screen` and for
// scripted screenshots.
var ScreenNames = []string{
	"home", "news", "reader", "communities", "community", "search", "services", "phone", "callback",
	"places", "events", "event", "signup", "signup-again", "signup-other", "signup-title", "signup-phone", "signup-party", "signup-confirm",
	"suggest", "suggest-phrases", "suggest-words", "suggest-place", "suggest-phone", "suggest-confirm", "suggest-lookup",
	"input-hand", "input-pinyin", "input-nine", "records", "pin", "staff", "staff-pin", "refused", "lessons",
	"lesson-practice", "lesson-quiz", "presenter", "class-overview", "attract",
	"receipt-signup", "receipt-suggest", "assist", "assist-suggest",
}

// Open shows a screen by name on top of home, with sample choices where
// it needs one (the newest notice, the first upcoming event, …). "staff"
// opens the panel without a PIN: it is for screenshots, never wired to
// a resident's action.
func (a *App) Open(name string) error {
	if base, ok := strings.CutSuffix(name, "+large"); ok { // with 大字, for screenshots
		a.applyLarge(true)
		name = base
	}
	a.ShowHome()
	ctx := a.ctx()
	switch name {
	case "home":
	case "attract":
		a.showAttract()
	case "news":
		a.push(a.newsScreen())
	case "reader":
		l, err := a.DB.PostsByColumn(ctx, alliance.ColRelease, store.Page{Limit: 1})
		if err != nil || len(l.Posts) == 0 {
			return fmt.Errorf("open reader: no post to show")
		}
		a.push(a.newsScreen())
		a.push(a.readerScreen(l.Posts[0].ID))
	case "communities":
		a.push(a.communitiesScreen())
	case "community":
		a.push(a.communitiesScreen())
		a.push(a.communityScreen(a.home))
	case "search":
		a.push(a.searchScreenFor(T(a.lang, "search.s3")))
	case "services":
		a.push(a.servicesScreen())
	case "phone", "callback":
		d, err := a.DB.Directory(ctx, "community", a.home)
		if err != nil || len(d) == 0 {
			return fmt.Errorf("open %s: no phone number to show", name)
		}
		a.push(a.servicesScreen())
		a.push(a.phoneScreen(d[0].ID))
		if name == "callback" {
			a.push(a.callbackScreen(a.home, d[0].ID))
		}
	case "places":
		a.push(a.placesScreen())
	case "events":
		a.push(a.eventsScreen(a.home))
	case "input-hand", "input-pinyin", "input-nine":
		a.push(a.searchScreen())
		mode := map[string]inputMode{"input-hand": inputHandwriting, "input-pinyin": inputPinyin, "input-nine": inputNineKey}[name]
		a.openInput(inputRequest{title: a.t("tile.search"), value: "社区", mode: mode})
		if st := a.inputShown(); st != nil && mode != inputHandwriting {
			st.keys = map[inputMode]string{inputPinyin: "tij", inputNineKey: "845"}[mode]
			a.lookupPinyin(st)
			a.render()
		}
	case "suggest-phrases", "suggest-words", "suggest-place", "suggest-phone", "suggest-confirm":
		f := &suggestForm{community: a.home, category: 0, phrases: make([]bool, len(phraseKeys)), phone: "13800000000"}
		f.phrases[0], f.phrases[1] = true, true
		f.step = map[string]int{"suggest-phrases": 2, "suggest-words": 3, "suggest-place": 4, "suggest-phone": 5, "suggest-confirm": 6}[name]
		f.text, f.place = "楼下那盏路灯坏了一个星期", "南京路口"
		a.push(a.suggestScreenWith(f))
	case "event", "signup", "signup-again", "signup-other", "signup-title", "signup-phone", "signup-party", "signup-confirm":
		evs, err := a.DB.UpcomingEvents(ctx, "", 50)
		if err != nil {
			return fmt.Errorf("open %s: %w", name, err)
		}
		for _, e := range evs {
			if a.canSignUp(e) {
				a.push(a.eventsScreen(""))
				a.push(a.eventScreen(e.ID))
				switch name {
				case "signup":
					a.push(a.signUpScreen(e))
				case "signup-other", "signup-title", "signup-phone", "signup-party", "signup-confirm":
					f := &signUpForm{surname: "侯", title: "女士", phone: "13800000000", party: 2}
					f.step = map[string]int{"signup-other": 0, "signup-title": 1, "signup-phone": 2, "signup-party": 3, "signup-confirm": 4}[name]
					if name == "signup-other" {
						f.others = "H"
					}
					a.push(a.signUpScreenWith(e, f))
				case "signup-again":
					// What a resident signed up already is asked; the
					// earlier sign-up is made up, nothing is written.
					a.push(a.signUpScreenWith(e, &signUpForm{step: 3, surname: "王", title: "女士", phone: "13800000000", party: 1,
						prior: &alliance.SignUp{EventID: e.ID, PartySize: 2}}))
				}
				return nil
			}
		}
		return fmt.Errorf("open %s: no event takes sign-ups", name)
	case "assist", "assist-suggest": // assisted mode, as staff open it from the panel
		a.StartAssisted("王丽")
		if name == "assist-suggest" {
			a.push(a.suggestScreen())
		}
	case "receipt-suggest": // made up: nothing is written
		a.push(a.suggestionReceiptScreen("482915", "3071"))
	case "receipt-signup":
		evs, err := a.DB.UpcomingEvents(ctx, "", 1)
		if err != nil || len(evs) == 0 {
			return fmt.Errorf("open %s: no event", name)
		}
		a.push(a.signUpReceiptScreen(evs[0], alliance.SignUp{EventID: evs[0].ID, PartySize: 2, Receipt: "482915", Status: alliance.SignUpProvisional}))
	case "suggest":
		a.push(a.suggestScreen())
	case "suggest-lookup":
		a.push(a.suggestScreen())
		a.push(a.suggestionLookupScreen())
	case "records":
		a.push(a.recordsScreen())
	case "pin":
		a.push(a.pinScreen())
	case "staff":
		a.push(a.staffScreen())
	case "staff-pin": // joining a hub with its own certificate: staff compare its key's fingerprint
		ss := newStaffSync()
		ss.hubURL.SetText("https://hub.shinan.example:8443")
		ss.code.SetText("ACDE-FGH3")
		ss.confirm, ss.joinHub, ss.joinCode = "KMNP-QRTU-VWXY", ss.hubURL.Text, ss.code.Text
		sc := a.staffScreenWith(ss)
		sc.name = "staff-pin"
		a.push(sc)
	case "refused":
		a.push(a.staffScreen())
		a.push(a.refusedScreen())
	case "lessons":
		if a.Lessons == nil {
			return fmt.Errorf("open lessons: no lessons player set")
		}
		a.push(a.lessonsScreen())
	case "lesson-practice", "lesson-quiz", "presenter", "class-overview":
		return a.openLessonScreen(name)
	default:
		if strings.HasPrefix(name, "lesson:") { // lesson:ID:STEP[:PHONE], see openLessonScreen
			return a.openLessonScreen(name)
		}
		return fmt.Errorf("no screen %q; known: %v", name, ScreenNames)
	}
	return nil
}
