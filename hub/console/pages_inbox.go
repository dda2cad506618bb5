package console

import (
	"fmt"
	"html"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/hub"
)

// inboxFilter reads the inbox's filter from the query.
func (c *Console) inboxFilter(r *req) hub.InboxFilter {
	q := r.URL.Query()
	f := hub.InboxFilter{Community: r.Community, Status: q.Get("status"), Category: q.Get("category"),
		OverdueBefore: hub.WorkingDaysBefore(c.DB.Now(), c.OverdueDays)}
	if d, err := strconv.Atoi(q.Get("age")); err == nil && d > 0 {
		f.OlderThan = c.DB.Now().AddDate(0, 0, -d)
	}
	if _, ok := q["status"]; !ok {
		f.Status = "open"
	}
	return f
}

// overdue reports whether a suggestion is overdue.
func (c *Console) overdue(s hub.Suggestion) bool {
	return s.Status.Open() && s.Received.Before(hub.WorkingDaysBefore(c.DB.Now(), c.OverdueDays))
}

func (c *Console) inbox(w http.ResponseWriter, r *req) {
	f := c.inboxFilter(r)
	page, off := pageOf(r, 50)
	f.Limit, f.Offset = 50, off
	list, total, err := c.DB.Inbox(r.ctx(), f)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	communities, err := c.communityChoices(r, ActSuggestView)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	// The rows' words are made here, once per word: a template call per
	// cell costs more than the query.
	names := accountNames(communities)
	labels := map[string]string{}
	label := func(key string) string {
		if v, ok := labels[key]; ok {
			return v
		}
		labels[key] = r.L.T(key)
		return labels[key]
	}
	cut := hub.WorkingDaysBefore(c.DB.Now(), c.OverdueDays)
	rows := make([]inboxRow, len(list))
	for i, s := range list {
		community := names[s.Community]
		if community == "" {
			community = s.Community
		}
		rows[i] = inboxRow{ID: s.ID, Received: s.Received.In(alliance.Location).Format("2006-01-02 15:04"), Body: shorten(s.Body, 60),
			Anonymous: s.Anonymous, Phone: s.CallbackPhone != "", Category: label("cat." + s.Category), Community: community,
			Status: string(s.Status), StatusLabel: label("status." + string(s.Status)), Overdue: s.Status.Open() && s.Received.Before(cut)}
	}
	c.render(w, r, http.StatusOK, "inbox", map[string]any{"Body": inboxBody(rows, r.L), "F": f, "Pager": pager(r, page, 50, total),
		"Statuses": alliance.StaffStatuses, "Categories": alliance.SuggestionCategories, "Communities": communities,
		"Names": names, "Age": r.URL.Query().Get("age"), "OverdueDays": c.OverdueDays, "Query": r.URL.RawQuery,
		"CanEdit": Allowed(r.User, ActSuggestEdit, r.Community) || (r.Community == "" && Can(r.User, ActSuggestEdit))})
}

// inboxRow is a line of the inbox with its words ready.
type inboxRow struct {
	ID, Received, Body, Category, Community, Status, StatusLabel string
	Anonymous, Phone, Overdue                                    bool
}

// inboxBody writes the inbox's rows. html/template escapes every cell
// through reflection, and fifty rows of that took three times the list
// query (see rosterBody); here each value is escaped by html.EscapeString,
// which is right in text and in double-quoted attributes alike, and the
// id in a link is path-escaped first.
func inboxBody(rows []inboxRow, l Lang) template.HTML {
	esc := html.EscapeString
	if len(rows) == 0 {
		return template.HTML(`<tr><td colspan="5" class="muted">` + esc(l.T("f.empty")) + "</td></tr>\n")
	}
	anon, hasPhone, overdue := esc(l.T("sug.anonymous")), esc(l.T("sug.hasphone")), esc(l.T("sug.overdue"))
	var b strings.Builder
	b.Grow(len(rows) * 600)
	for _, x := range rows {
		b.WriteString(`<tr><td class="nowrap">` + esc(x.Received) + `</td><td><a href="` + Base + `/suggestions/` + esc(url.PathEscape(x.ID)) + `">` + esc(x.Body) + `</a>`)
		if x.Anonymous {
			b.WriteString(` <span class="badge">` + anon + `</span>`)
		}
		if x.Phone {
			b.WriteString(` <span class="badge" title="` + hasPhone + `">☎</span>`)
		}
		b.WriteString(`</td><td class="nowrap">` + esc(x.Category) + `</td><td class="nowrap">` + esc(x.Community) + `</td>` +
			`<td class="nowrap"><span class="badge b-` + esc(x.Status) + `">` + esc(x.StatusLabel) + `</span>`)
		if x.Overdue {
			b.WriteString(` <span class="badge b-overdue">` + overdue + `</span>`)
		}
		b.WriteString("</td></tr>\n")
	}
	return template.HTML(b.String())
}

func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

func (c *Console) suggestion(w http.ResponseWriter, r *req) { c.suggestionView(w, r, false) }

func (c *Console) suggestionPhone(w http.ResponseWriter, r *req) { c.suggestionView(w, r, true) }

func (c *Console) suggestionView(w http.ResponseWriter, r *req, reveal bool) {
	s, err := c.DB.SuggestionByID(r.ctx(), r.PathValue("id"))
	if err != nil {
		c.fail(w, r, err)
		return
	}
	if reveal && s.CallbackPhone != "" {
		r.audit("phone.reveal", "suggestion:"+s.ID, s.Community, "call-back number of a suggestion")
	}
	templates, err := c.DB.ReplyTemplates(r.ctx(), s.Community)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	draft := r.URL.Query().Get("draft")
	if id, err := strconv.ParseInt(r.URL.Query().Get("template"), 10, 64); err == nil {
		for _, t := range templates {
			if t.ID == id {
				draft = t.Body
			}
		}
	}
	communities, err := c.communityChoices(r, ActSuggestView)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	accounts, err := c.accounts(r.ctx())
	if err != nil {
		c.fail(w, r, err)
		return
	}
	var all []alliance.Account
	for _, a := range accounts {
		if a.Kind == alliance.Community {
			all = append(all, a)
		}
	}
	var acc alliance.Account
	if x, _, err := c.DB.Item(r.ctx(), alliance.KindAccount, s.Community); err == nil {
		acc = x.(alliance.Account)
	}
	// Suggestions of the same community and category, for marking a duplicate.
	similar, _, err := c.DB.Inbox(r.ctx(), hub.InboxFilter{Community: s.Community, Category: s.Category, Limit: 20})
	if err != nil {
		c.fail(w, r, err)
		return
	}
	var others []hub.Suggestion
	for _, o := range similar {
		if o.ID != s.ID {
			others = append(others, o)
		}
	}
	c.render(w, r, http.StatusOK, "suggestion", map[string]any{"S": s, "Overdue": c.overdue(s), "Reveal": reveal,
		"Templates": templates, "Draft": draft, "Statuses": alliance.StaffStatuses, "Communities": communities,
		"Names": accountNames(all), "By": acc.Name, "Others": others, "AllCommunities": all,
		"CanEdit": Allowed(r.User, ActSuggestEdit, s.Community), "CanPhone": Allowed(r.User, ActSuggestPhone, s.Community)})
}

func (c *Console) suggestionUpdate(w http.ResponseWriter, r *req) {
	id := r.PathValue("id")
	s, err := c.DB.SuggestionByID(r.ctx(), id)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	by := strings.TrimSpace(r.PostFormValue("by"))
	if by == "" {
		by = s.Community
		if x, _, err := c.DB.Item(r.ctx(), alliance.KindAccount, s.Community); err == nil {
			by = x.(alliance.Account).Name
		}
	}
	ch := hub.SuggestionChange{Status: alliance.SuggestionStatus(r.PostFormValue("status")), Reply: r.PostFormValue("reply"), By: by}
	action := "suggestion.update"
	switch r.PostFormValue("action") {
	case "transfer":
		ch.TransferTo, ch.Status, action = r.PostFormValue("transfer"), "", "suggestion.transfer"
		ch.Reply = r.PostFormValue("reason")
	case "duplicate":
		ch.DuplicateOf, ch.Status, action = r.PostFormValue("duplicate_of"), "", "suggestion.duplicate"
	default:
		if strings.TrimSpace(ch.Reply) != "" {
			action = "suggestion.reply"
		}
	}
	if err := c.DB.UpdateSuggestion(r.ctx(), id, ch); err != nil {
		c.fail(w, r, err)
		return
	}
	detail := string(ch.Status)
	if ch.TransferTo != "" {
		detail = "to " + ch.TransferTo
	}
	r.audit(action, "suggestion:"+id, s.Community, detail)
	if ch.TransferTo != "" && !Allowed(r.User, ActSuggestView, ch.TransferTo) {
		redirect(w, r, "/suggestions", r.L.T("note.transferred"))
		return
	}
	redirect(w, r, "/suggestions/"+id, r.L.T("note.saved"))
}

func (c *Console) stats(w http.ResponseWriter, r *req) {
	counts, err := c.DB.SuggestionStats(r.ctx(), r.Community)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	// community → status → n, and category → n.
	byCommunity := map[string]map[string]int{}
	byCategory := map[string]int{}
	totals := map[string]int{}
	var order []string
	for _, x := range counts {
		if byCommunity[x.Community] == nil {
			byCommunity[x.Community] = map[string]int{}
			order = append(order, x.Community)
		}
		byCommunity[x.Community][string(x.Status)] += x.N
		byCommunity[x.Community]["all"] += x.N
		byCategory[x.Category] += x.N
		totals[string(x.Status)] += x.N
		totals["all"] += x.N
	}
	communities, err := c.communityChoices(r, ActSuggestView)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	c.render(w, r, http.StatusOK, "stats", map[string]any{"Order": order, "By": byCommunity, "Categories": alliance.SuggestionCategories,
		"ByCategory": byCategory, "Totals": totals, "Statuses": alliance.StaffStatuses, "Names": accountNames(communities), "Communities": communities})
}

func (c *Console) inboxCSV(w http.ResponseWriter, r *req) {
	f := c.inboxFilter(r)
	f.Limit = 100_000
	list, _, err := c.DB.Inbox(r.ctx(), f)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	r.audit("suggestions.export", "", r.Community, fmt.Sprintf("%d suggestions, status %q", len(list), f.Status))
	cw := newCSV(w, "suggestions-"+time.Now().In(alliance.Location).Format("20060102")+".csv")
	cw.row(r.L.T("csv.received"), r.L.T("csv.community"), r.L.T("csv.category"), r.L.T("csv.text"), r.L.T("csv.status"),
		r.L.T("csv.receipt"), r.L.T("csv.kiosk"), r.L.T("csv.replies"))
	for _, s := range list {
		var replies []string
		for _, rp := range s.Replies {
			replies = append(replies, rp.By+"："+rp.Body)
		}
		receipt, kiosk := s.Receipt, s.KioskName
		if s.Anonymous {
			// Anonymous stays anonymous: nothing that leads back to her.
			receipt, kiosk = r.L.T("sug.anonymous"), ""
		}
		cw.row(s.Received.In(alliance.Location).Format("2006-01-02 15:04"), s.Community, r.L.T("cat."+s.Category), s.Body,
			r.L.T("status."+string(s.Status)), receipt, kiosk, strings.Join(replies, "\n"))
	}
	cw.flush()
}

// Templates.

func (c *Console) templates(w http.ResponseWriter, r *req) {
	list, err := c.DB.ReplyTemplates(r.ctx(), r.Community)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	var rows []map[string]any
	for _, t := range list {
		rows = append(rows, map[string]any{"T": t, "CanEdit": Allowed(r.User, ActTemplates, t.Community)})
	}
	c.render(w, r, http.StatusOK, "templates", map[string]any{"Rows": rows, "Categories": alliance.SuggestionCategories})
}

func (c *Console) templateSave(w http.ResponseWriter, r *req) {
	t := hub.ReplyTemplate{Community: r.Community, Category: r.PostFormValue("category"),
		Title: strings.TrimSpace(r.PostFormValue("title")), Body: strings.ReplaceAll(strings.TrimSpace(r.PostFormValue("body")), "\r\n", "\n")}
	if id := r.PathValue("id"); id != "" {
		t.ID, _ = strconv.ParseInt(id, 10, 64)
	}
	id, err := c.DB.SaveReplyTemplate(r.ctx(), t)
	if err != nil {
		c.fail(w, r, formError(err.Error()))
		return
	}
	r.audit("template.save", "template:"+strconv.FormatInt(id, 10), t.Community, t.Title)
	redirect(w, r, "/templates?c="+t.Community, r.L.T("note.saved"))
}

func (c *Console) templateDelete(w http.ResponseWriter, r *req) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err := c.DB.DeleteReplyTemplate(r.ctx(), id); err != nil {
		c.fail(w, r, err)
		return
	}
	r.audit("template.delete", "template:"+r.PathValue("id"), r.Community, "")
	redirect(w, r, "/templates?c="+r.Community, r.L.T("note.deleted"))
}

// Call-backs.

func (c *Console) callbacks(w http.ResponseWriter, r *req) {
	open := r.URL.Query().Get("all") == ""
	page, off := pageOf(r, 100)
	list, total, err := c.DB.Callbacks(r.ctx(), hub.CallbackFilter{Community: r.Community, Open: open, Limit: 100, Offset: off})
	if err != nil {
		c.fail(w, r, err)
		return
	}
	communities, err := c.communityChoices(r, ActCallbacks)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	c.render(w, r, http.StatusOK, "callbacks", map[string]any{"List": list, "Open": open, "Pager": pager(r, page, 100, total),
		"Communities": communities, "Names": accountNames(communities)})
}

func (c *Console) callback(w http.ResponseWriter, r *req) {
	cb, err := c.DB.CallbackByID(r.ctx(), r.PathValue("id"))
	if err != nil {
		c.fail(w, r, err)
		return
	}
	// Opening a request shows the number: a reveal, audited.
	r.audit("phone.reveal", "callback:"+cb.ID, cb.Community, "call-back request")
	var entry string
	if cb.Entry != "" {
		if x, _, err := c.DB.Item(r.ctx(), alliance.KindDirectory, cb.Entry); err == nil {
			entry = x.(alliance.DirectoryEntry).Name
		}
	}
	c.render(w, r, http.StatusOK, "callback", map[string]any{"C": cb, "Statuses": alliance.CallbackStatuses, "Entry": entry})
}

func (c *Console) callbackUpdate(w http.ResponseWriter, r *req) {
	id := r.PathValue("id")
	status := alliance.CallbackStatus(r.PostFormValue("status"))
	if err := c.DB.SetCallbackStatus(r.ctx(), id, status, strings.TrimSpace(r.PostFormValue("note"))); err != nil {
		c.fail(w, r, err)
		return
	}
	r.audit("callback.status", "callback:"+id, r.Community, string(status))
	redirect(w, r, "/callbacks?c="+r.Community, r.L.T("note.saved"))
}

func (c *Console) callbacksCSV(w http.ResponseWriter, r *req) {
	list, _, err := c.DB.Callbacks(r.ctx(), hub.CallbackFilter{Community: r.Community, Open: r.URL.Query().Get("all") == "", Limit: 100_000})
	if err != nil {
		c.fail(w, r, err)
		return
	}
	r.audit("callbacks.export", "", r.Community, fmt.Sprintf("%d call-back requests with phone numbers", len(list)))
	cw := newCSV(w, "callbacks-"+time.Now().In(alliance.Location).Format("20060102")+".csv")
	cw.row(r.L.T("csv.received"), r.L.T("csv.community"), r.L.T("csv.phone"), r.L.T("csv.status"), r.L.T("csv.note"), r.L.T("csv.kiosk"))
	for _, cb := range list {
		cw.row(cb.Received.In(alliance.Location).Format("2006-01-02 15:04"), cb.Community, cb.Phone, r.L.T("cb."+string(cb.Status)), cb.Note, cb.KioskName)
	}
	cw.flush()
}
