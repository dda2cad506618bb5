package console

import (
	"net/http"
	"strings"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/hub"
)

// The account card, phone numbers and places.

func (c *Console) accountEdit(w http.ResponseWriter, r *req) {
	x, _, err := c.DB.Item(r.ctx(), alliance.KindAccount, r.PathValue("id"))
	if err != nil {
		c.fail(w, r, err)
		return
	}
	c.render(w, r, http.StatusOK, "account", map[string]any{"A": x.(alliance.Account)})
}

func (c *Console) accountSave(w http.ResponseWriter, r *req) {
	x, _, err := c.DB.Item(r.ctx(), alliance.KindAccount, r.PathValue("id"))
	if err != nil {
		c.fail(w, r, err)
		return
	}
	a := x.(alliance.Account)
	a.Name = strings.TrimSpace(r.PostFormValue("name"))
	a.Address = strings.TrimSpace(r.PostFormValue("address"))
	a.OfficeHours = strings.TrimSpace(r.PostFormValue("office_hours"))
	a.Phone = strings.TrimSpace(r.PostFormValue("phone"))
	a.WeChat = strings.TrimSpace(r.PostFormValue("wechat"))
	if _, err := c.DB.Publish(r.ctx(), "console", a); err != nil {
		if isUserError(err) {
			c.render(w, r, http.StatusBadRequest, "account", map[string]any{"A": a, "Problem": userMessage(err)})
			return
		}
		c.fail(w, r, err)
		return
	}
	c.forgetAccounts()
	r.audit("account.publish", "account:"+a.ID, a.ID, a.Name)
	redirect(w, r, "/accounts/"+a.ID, r.L.T("note.published"))
}

func ownerFilter(r *req) string {
	if r.Community == "" && r.URL.Query().Get("c") == "" && !r.User.Role.Scoped() {
		return ""
	}
	return r.Community
}

func (c *Console) directory(w http.ResponseWriter, r *req) {
	page, off := pageOf(r, 100)
	items, total, err := c.DB.ListContent(r.ctx(), hub.ContentFilter{Kind: alliance.KindDirectory, Owner: ownerFilter(r), Limit: 100, Offset: off})
	if err != nil {
		c.fail(w, r, err)
		return
	}
	var entries []alliance.DirectoryEntry
	for _, it := range items {
		entries = append(entries, it.Content.(alliance.DirectoryEntry))
	}
	communities, err := c.communityChoices(r, ActContent)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	var acc *alliance.Account
	if r.Community != "" {
		if x, _, err := c.DB.Item(r.ctx(), alliance.KindAccount, r.Community); err == nil {
			a := x.(alliance.Account)
			acc = &a
		}
	}
	c.render(w, r, http.StatusOK, "directory", map[string]any{"Entries": entries, "Communities": communities, "Account": acc,
		"Pager": pager(r, page, 100, total), "Categories": alliance.DirectoryCategories, "New": alliance.DirectoryEntry{Community: r.Community, Category: "community"}})
}

func (c *Console) entryEdit(w http.ResponseWriter, r *req) {
	x, _, err := c.DB.Item(r.ctx(), alliance.KindDirectory, r.PathValue("id"))
	if err != nil {
		c.fail(w, r, err)
		return
	}
	communities, err := c.communityChoices(r, ActContent)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	c.render(w, r, http.StatusOK, "entry", map[string]any{"E": x.(alliance.DirectoryEntry), "Communities": communities, "Categories": alliance.DirectoryCategories})
}

func (c *Console) entrySave(w http.ResponseWriter, r *req) {
	e := alliance.DirectoryEntry{ID: r.PathValue("id")}
	if e.ID == "" {
		e.ID = hub.NewID("tel")
	}
	e.Name = strings.TrimSpace(r.PostFormValue("name"))
	e.Number = strings.TrimSpace(r.PostFormValue("number"))
	e.Hours = strings.TrimSpace(r.PostFormValue("hours"))
	e.Category = r.PostFormValue("category")
	e.Community = r.PostFormValue("community")
	if e.Community == "" && r.User.Role.Scoped() {
		e.Community = r.User.Community
	}
	e.Note = strings.TrimSpace(r.PostFormValue("note"))
	if _, err := c.DB.Publish(r.ctx(), "console", e); err != nil {
		if isUserError(err) {
			communities, _ := c.communityChoices(r, ActContent)
			c.render(w, r, http.StatusBadRequest, "entry", map[string]any{"E": e, "Communities": communities, "Categories": alliance.DirectoryCategories, "Problem": userMessage(err)})
			return
		}
		c.fail(w, r, err)
		return
	}
	r.audit("directory.publish", "directory:"+e.ID, e.Community, e.Name)
	redirect(w, r, "/directory?c="+e.Community, r.L.T("note.published"))
}

func (c *Console) entryWithdraw(w http.ResponseWriter, r *req) {
	c.withdrawItem(w, r, alliance.KindDirectory, "directory", "/directory?c="+r.Community)
}

func (c *Console) places(w http.ResponseWriter, r *req) {
	page, off := pageOf(r, 100)
	items, total, err := c.DB.ListContent(r.ctx(), hub.ContentFilter{Kind: alliance.KindPlace, Owner: ownerFilter(r), Limit: 100, Offset: off})
	if err != nil {
		c.fail(w, r, err)
		return
	}
	var places []alliance.Place
	for _, it := range items {
		places = append(places, it.Content.(alliance.Place))
	}
	communities, err := c.communityChoices(r, ActContent)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	c.render(w, r, http.StatusOK, "places", map[string]any{"Places": places, "Communities": communities,
		"Pager": pager(r, page, 100, total), "New": alliance.Place{Community: r.Community, Kind: alliance.Service}})
}

func (c *Console) placeEdit(w http.ResponseWriter, r *req) {
	x, _, err := c.DB.Item(r.ctx(), alliance.KindPlace, r.PathValue("id"))
	if err != nil {
		c.fail(w, r, err)
		return
	}
	communities, err := c.communityChoices(r, ActContent)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	c.render(w, r, http.StatusOK, "place", map[string]any{"P": x.(alliance.Place), "Communities": communities})
}

func (c *Console) placeSave(w http.ResponseWriter, r *req) {
	p := alliance.Place{ID: r.PathValue("id")}
	if p.ID != "" {
		if x, _, err := c.DB.Item(r.ctx(), alliance.KindPlace, p.ID); err == nil {
			p = x.(alliance.Place)
		}
	} else {
		p.ID = hub.NewID("place")
	}
	p.Name = strings.TrimSpace(r.PostFormValue("name"))
	p.Kind = alliance.PlaceKind(r.PostFormValue("kind"))
	p.Community = r.PostFormValue("community")
	if p.Community == "" && r.User.Role.Scoped() {
		p.Community = r.User.Community
	}
	p.Address = strings.TrimSpace(r.PostFormValue("address"))
	p.Hours = strings.TrimSpace(r.PostFormValue("hours"))
	p.Phone = strings.TrimSpace(r.PostFormValue("phone"))
	p.Description = strings.ReplaceAll(r.PostFormValue("description"), "\r\n", "\n")
	p.Tags = splitTags(r.PostFormValue("tags"))
	if _, err := c.DB.Publish(r.ctx(), "console", p); err != nil {
		if isUserError(err) {
			communities, _ := c.communityChoices(r, ActContent)
			c.render(w, r, http.StatusBadRequest, "place", map[string]any{"P": p, "Communities": communities, "Problem": userMessage(err)})
			return
		}
		c.fail(w, r, err)
		return
	}
	r.audit("place.publish", "place:"+p.ID, p.Community, p.Name)
	redirect(w, r, "/places?c="+p.Community, r.L.T("note.published"))
}

func (c *Console) placeWithdraw(w http.ResponseWriter, r *req) {
	c.withdrawItem(w, r, alliance.KindPlace, "place", "/places?c="+r.Community)
}

func splitTags(s string) []string {
	var out []string
	for _, t := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '，' || r == '、' || r == ' ' }) {
		if t = strings.TrimSpace(t); t != "" {
			out = append(out, t)
		}
	}
	return out
}
