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
	"places", "events", "event", "signup", "signup-again", "suggest", "suggest-lookup", "records", "pin", "staff", "staff-pin", "lessons",
	"lesson-practice", "lesson-quiz", "presenter", "class-overview", "attract",
}

// Open shows a screen by name on top of home, with sample choices where
// it needs one (the newest notice, the first upcoming event, …). "staff"
// opens the panel without a PIN: it is for screenshots, never wired to
// a resident's action.
func (a *App) Open(name string) error {
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
	case "event", "signup", "signup-again":
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
				case "signup-again":
					// What a resident signed up already is asked; the
					// earlier sign-up is made up, nothing is written.
					a.push(a.signUpScreenWith(e, &signUpForm{step: 2, surname: "王", title: "女士", phone: "13800000000", party: 1,
						prior: &alliance.SignUp{EventID: e.ID, PartySize: 2}}))
				}
				return nil
			}
		}
		return fmt.Errorf("open %s: no event takes sign-ups", name)
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
