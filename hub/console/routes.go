package console

import (
	"net/http"
	"strconv"

	"github.com/shinan-alliance/alliance"
)

// Scopes: where a route's communities come from.

// listScope is a list page's community: ?c= (or the form's "community"),
// by default the user's own for staff and trainers, and "" (every
// community) for the others.
func listScope(r *req) ([]string, error) {
	c := r.URL.Query().Get("c")
	if c == "" && r.Method == http.MethodPost {
		c = r.PostFormValue("community")
	}
	if c == "" && r.User.Role.Scoped() {
		c = r.User.Community
	}
	return []string{c}, nil
}

// formScope is the community a form names in a field (and, with an
// object's scope, both must be allowed).
func formScope(field string) func(r *req) ([]string, error) {
	return func(r *req) ([]string, error) {
		v := r.PostFormValue(field)
		if v == "" && r.User.Role.Scoped() {
			v = r.User.Community
		}
		return []string{v}, nil
	}
}

// also joins an object's scope with a form field's.
func also(a func(r *req) ([]string, error), field string) func(r *req) ([]string, error) {
	return func(r *req) ([]string, error) {
		cs, err := a(r)
		if err != nil {
			return nil, err
		}
		if v := r.PostFormValue(field); v != "" && v != cs[0] {
			cs = append(cs, v)
		}
		return cs, nil
	}
}

func suggestionScope(r *req) ([]string, error) {
	s, err := r.c.DB.SuggestionByID(r.ctx(), r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	return []string{s.Community}, nil
}

func callbackScope(r *req) ([]string, error) {
	cb, err := r.c.DB.CallbackByID(r.ctx(), r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	return []string{cb.Community}, nil
}

func eventScope(r *req) ([]string, error) {
	e, err := r.c.DB.EventByID(r.ctx(), r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	return []string{e.Community}, nil
}

func signUpScope(r *req) ([]string, error) {
	ev, err := r.c.DB.SignUpEvent(r.ctx(), r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	e, err := r.c.DB.EventByID(r.ctx(), ev)
	if err != nil {
		return nil, err
	}
	return []string{e.Community}, nil
}

func kioskScope(r *req) ([]string, error) {
	k, err := r.c.DB.KioskByID(r.ctx(), r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	return []string{k.Community}, nil
}

func templateScope(r *req) ([]string, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return nil, alliance.ErrNotFound
	}
	t, err := r.c.DB.ReplyTemplate(r.ctx(), id)
	if err != nil {
		return nil, err
	}
	return []string{t.Community}, nil
}

// contentScope is the account or community a published item belongs to
// ("" for a place or number of the whole district).
func contentScope(kind alliance.Kind) func(r *req) ([]string, error) {
	return func(r *req) ([]string, error) {
		owner, err := r.c.DB.ContentOwner(r.ctx(), kind, r.PathValue("id"))
		if err != nil {
			return nil, err
		}
		return []string{owner}, nil
	}
}

func (c *Console) routes() []route {
	return []route{
		{"GET", "/{$}", ActDashboard, listScope, c.dashboard},
		{"POST", "/logout", ActSelf, nil, c.logout},
		{"GET", "/password", ActSelf, nil, c.passwordPage},
		{"POST", "/password", ActSelf, nil, c.changePassword},
		{"GET", "/blobs/{sha}", ActSelf, nil, c.blob},

		{"GET", "/posts", ActContent, listScope, c.posts},
		{"GET", "/posts/new", ActContent, listScope, c.postNew},
		{"POST", "/posts", ActContent, formScope("account"), c.postSave},
		{"GET", "/posts/{id}", ActContent, contentScope(alliance.KindPost), c.postEdit},
		{"POST", "/posts/{id}", ActContent, also(contentScope(alliance.KindPost), "account"), c.postSave},
		{"POST", "/posts/{id}/withdraw", ActContent, contentScope(alliance.KindPost), c.postWithdraw},
		{"GET", "/pack", ActPack, nil, c.packPage},
		{"POST", "/pack", ActPack, nil, c.packUpload},
		{"POST", "/pack/confirm", ActPack, nil, c.packConfirm},
		{"GET", "/accounts/{id}", ActContent, contentScope(alliance.KindAccount), c.accountEdit},
		{"POST", "/accounts/{id}", ActContent, contentScope(alliance.KindAccount), c.accountSave},
		{"GET", "/directory", ActContent, listScope, c.directory},
		{"POST", "/directory", ActContent, formScope("community"), c.entrySave},
		{"GET", "/directory/{id}", ActContent, contentScope(alliance.KindDirectory), c.entryEdit},
		{"POST", "/directory/{id}", ActContent, also(contentScope(alliance.KindDirectory), "community"), c.entrySave},
		{"POST", "/directory/{id}/withdraw", ActContent, contentScope(alliance.KindDirectory), c.entryWithdraw},
		{"GET", "/places", ActContent, listScope, c.places},
		{"POST", "/places", ActContent, formScope("community"), c.placeSave},
		{"GET", "/places/{id}", ActContent, contentScope(alliance.KindPlace), c.placeEdit},
		{"POST", "/places/{id}", ActContent, also(contentScope(alliance.KindPlace), "community"), c.placeSave},
		{"POST", "/places/{id}/withdraw", ActContent, contentScope(alliance.KindPlace), c.placeWithdraw},

		{"GET", "/suggestions", ActSuggestView, listScope, c.inbox},
		{"GET", "/suggestions/stats", ActSuggestView, listScope, c.stats},
		{"GET", "/suggestions/export.csv", ActSuggestView, listScope, c.inboxCSV},
		{"GET", "/suggestions/{id}", ActSuggestView, suggestionScope, c.suggestion},
		{"GET", "/suggestions/{id}/phone", ActSuggestPhone, suggestionScope, c.suggestionPhone},
		{"POST", "/suggestions/{id}", ActSuggestEdit, also(suggestionScope, "transfer"), c.suggestionUpdate},
		{"GET", "/templates", ActTemplates, listScope, c.templates},
		{"POST", "/templates", ActTemplates, formScope("community"), c.templateSave},
		{"POST", "/templates/{id}", ActTemplates, templateScope, c.templateSave},
		{"POST", "/templates/{id}/delete", ActTemplates, templateScope, c.templateDelete},

		{"GET", "/callbacks", ActCallbacks, listScope, c.callbacks},
		{"GET", "/callbacks/export.csv", ActCallbacks, listScope, c.callbacksCSV},
		{"GET", "/callbacks/{id}", ActCallbacks, callbackScope, c.callback},
		{"POST", "/callbacks/{id}", ActCallbacks, callbackScope, c.callbackUpdate},

		{"GET", "/events", ActEvents, listScope, c.events},
		{"GET", "/events/new", ActEvents, listScope, c.eventNew},
		{"POST", "/events", ActEvents, formScope("community"), c.eventSave},
		{"GET", "/events/{id}", ActEvents, eventScope, c.eventEdit},
		{"POST", "/events/{id}", ActEvents, also(eventScope, "community"), c.eventSave},
		{"GET", "/events/{id}/roster", ActRoster, eventScope, c.roster},
		{"GET", "/events/{id}/phones", ActRoster, eventScope, c.rosterPhones},
		{"GET", "/events/{id}/roster.csv", ActRoster, eventScope, c.rosterCSV},
		{"GET", "/events/{id}/checkin", ActRoster, eventScope, c.checkinPage},
		{"POST", "/signups/{id}/cancel", ActRoster, signUpScope, c.signUpCancel},
		{"POST", "/signups/{id}/noshow", ActRoster, signUpScope, c.signUpNoShow},
		{"POST", "/signups/{id}/checkin", ActRoster, signUpScope, c.signUpCheckIn},

		{"GET", "/kiosks", ActKiosksView, listScope, c.kiosks},
		{"POST", "/kiosks", ActKiosksEdit, formScope("community"), c.kioskEnrol},
		{"GET", "/kiosks/{id}", ActKiosksEdit, kioskScope, c.kiosk},
		{"POST", "/kiosks/{id}/revoke", ActKiosksEdit, kioskScope, c.kioskRevoke},
		{"POST", "/kiosks/{id}/rename", ActKiosksEdit, kioskScope, c.kioskRename},
		{"POST", "/kiosks/{id}/move", ActKiosksEdit, also(kioskScope, "community"), c.kioskMove},

		{"GET", "/training", ActTraining, listScope, c.training},
		{"GET", "/training.csv", ActTraining, listScope, c.trainingCSV},

		{"GET", "/users", ActUsers, nil, c.users},
		{"POST", "/users", ActUsers, nil, c.userAdd},
		{"POST", "/users/{id}/disable", ActUsers, nil, c.userDisable},
		{"POST", "/users/{id}/enable", ActUsers, nil, c.userEnable},
		{"POST", "/users/{id}/reset", ActUsers, nil, c.userReset},
		{"GET", "/audit", ActAudit, nil, c.audit},
		{"GET", "/backup", ActBackup, nil, c.backup},
	}
}
