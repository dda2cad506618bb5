package console

import (
	"fmt"
	"html"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/hub"
)

func (c *Console) events(w http.ResponseWriter, r *req) {
	past := r.URL.Query().Get("past") != ""
	list, err := c.DB.Events(r.ctx(), r.Community, past, 300)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	communities, err := c.communityChoices(r, ActEvents)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	c.render(w, r, http.StatusOK, "events", map[string]any{"List": list, "Past": past, "Communities": communities,
		"Names": accountNames(communities), "CanRoster": Can(r.User, ActRoster)})
}

func (c *Console) eventNew(w http.ResponseWriter, r *req) {
	now := c.DB.Now().In(alliance.Location)
	start := now.AddDate(0, 0, 7).Truncate(hourTrunc)
	e := alliance.Event{Community: r.Community, Starts: start, Ends: start.Add(2 * hourTrunc), Status: alliance.EventOpen, Capacity: 30, Waitlist: true}
	c.eventForm(w, r, http.StatusOK, hub.EventSummary{Event: e}, true, "")
}

const hourTrunc = 60 * 60 * 1e9

func (c *Console) eventEdit(w http.ResponseWriter, r *req) {
	e, err := c.DB.EventByID(r.ctx(), r.PathValue("id"))
	if err != nil {
		c.fail(w, r, err)
		return
	}
	counts, err := c.DB.SignUpCounts(r.ctx(), e.ID)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	c.eventForm(w, r, http.StatusOK, hub.EventSummary{Event: e, Confirmed: counts["confirmed"], Waitlisted: counts["waitlisted"]}, false, "")
}

func (c *Console) eventForm(w http.ResponseWriter, r *req, status int, e hub.EventSummary, isNew bool, problem string) {
	communities, err := c.communityChoices(r, ActEvents)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	c.render(w, r, status, "event", map[string]any{"E": e, "New": isNew, "Communities": communities, "Problem": problem,
		"CanRoster": Allowed(r.User, ActRoster, e.Community)})
}

func (c *Console) eventSave(w http.ResponseWriter, r *req) {
	id := r.PathValue("id")
	isNew := id == ""
	var e alliance.Event
	var old alliance.Event
	if !isNew {
		var err error
		if e, err = c.DB.EventByID(r.ctx(), id); err != nil {
			c.fail(w, r, err)
			return
		}
		old = e
	} else {
		e.ID = hub.NewID("event")
	}
	switch r.PostFormValue("action") {
	case "close":
		e.Status = alliance.EventClosed
	case "cancel":
		e.Status = alliance.EventCancelled
	case "reopen":
		e.Status = alliance.EventOpen
	default:
		e.Community = r.PostFormValue("community")
		if e.Community == "" && r.User.Role.Scoped() {
			e.Community = r.User.Community
		}
		e.Title = strings.TrimSpace(r.PostFormValue("title"))
		e.Description = strings.ReplaceAll(r.PostFormValue("description"), "\r\n", "\n")
		e.Place = strings.TrimSpace(r.PostFormValue("place"))
		e.Waitlist = r.PostFormValue("waitlist") != ""
		e.Tags = splitTags(r.PostFormValue("tags"))
		if isNew {
			e.Status = alliance.EventOpen
		}
		var problems []string
		var err error
		for _, f := range []struct {
			field string
			to    *alliance.Event
			set   func(*alliance.Event, string) error
		}{
			{"starts", &e, func(e *alliance.Event, v string) (err error) { e.Starts, err = parseTime(v); return }},
			{"ends", &e, func(e *alliance.Event, v string) (err error) { e.Ends, err = parseTime(v); return }},
			{"signup_opens", &e, func(e *alliance.Event, v string) (err error) { e.SignupOpens, err = parseTime(v); return }},
			{"signup_closes", &e, func(e *alliance.Event, v string) (err error) { e.SignupCloses, err = parseTime(v); return }},
		} {
			if err := f.set(f.to, r.PostFormValue(f.field)); err != nil {
				problems = append(problems, err.Error())
			}
		}
		if v := strings.TrimSpace(r.PostFormValue("capacity")); v != "" {
			if e.Capacity, err = strconv.Atoi(v); err != nil {
				problems = append(problems, r.L.T("event.badcapacity"))
			}
		} else {
			e.Capacity = 0
		}
		if len(problems) == 0 {
			if err := alliance.Canonical(e).Validate(); err != nil {
				problems = append(problems, err.Error())
			}
		}
		if len(problems) > 0 {
			c.eventForm(w, r, http.StatusBadRequest, hub.EventSummary{Event: e}, isNew, strings.Join(problems, "; "))
			return
		}
	}
	if _, err := c.DB.Publish(r.ctx(), "console", e); err != nil {
		if isUserError(err) {
			c.eventForm(w, r, http.StatusBadRequest, hub.EventSummary{Event: e}, isNew, userMessage(err))
			return
		}
		c.fail(w, r, err)
		return
	}
	detail := e.Title
	if !isNew && old.Capacity != e.Capacity {
		detail += fmt.Sprintf(" · capacity %d → %d", old.Capacity, e.Capacity)
	}
	if !isNew && old.Status != e.Status {
		detail += " · " + string(e.Status)
	}
	r.audit("event.publish", "event:"+e.ID, e.Community, detail)
	redirect(w, r, "/events/"+e.ID, r.L.T("note.published"))
}

func (c *Console) rosterData(r *req) (alliance.Event, []hub.RosterEntry, map[string]int, error) {
	e, err := c.DB.EventByID(r.ctx(), r.PathValue("id"))
	if err != nil {
		return e, nil, nil, err
	}
	list, err := c.DB.Roster(r.ctx(), e.ID)
	if err != nil {
		return e, nil, nil, err
	}
	counts := map[string]int{}
	for _, x := range list {
		counts[string(x.Status)]++
		if x.Status == alliance.SignUpConfirmed {
			counts["places"] += x.Party
			if !x.CheckedIn.IsZero() {
				counts["in"]++
			}
		}
	}
	kiosks := map[string]bool{}
	for _, x := range list {
		kiosks[x.Kiosk] = true
	}
	counts["kiosks"] = len(kiosks)
	return e, list, counts, nil
}

func (c *Console) roster(w http.ResponseWriter, r *req) { c.rosterView(w, r, false) }

func (c *Console) rosterPhones(w http.ResponseWriter, r *req) { c.rosterView(w, r, true) }

func (c *Console) rosterView(w http.ResponseWriter, r *req, reveal bool) {
	e, list, counts, err := c.rosterData(r)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	if reveal {
		r.audit("phone.reveal", "event:"+e.ID, e.Community, fmt.Sprintf("roster: %d phone numbers", len(list)))
	}
	// The rows' words are made here, once per status: a roster of
	// hundreds draws in a few milliseconds.
	labels := map[string]string{}
	label := func(key string) string {
		if v, ok := labels[key]; ok {
			return v
		}
		labels[key] = r.L.T(key)
		return labels[key]
	}
	rows := make([]rosterRow, len(list))
	for i, x := range list {
		row := rosterRow{RosterEntry: x, N: i + 1, Status: label("su." + string(x.Status)), Here: !x.CheckedIn.IsZero(),
			Created: x.Created.In(alliance.Location).Format("2006-01-02 15:04"), Phone: alliance.MaskPhone(x.Phone),
			Open: x.Status == alliance.SignUpConfirmed || x.Status == alliance.SignUpWaitlisted, Confirmed: x.Status == alliance.SignUpConfirmed}
		if reveal {
			row.Phone = x.Phone
		}
		if x.Reason != "" {
			row.Reason = label("reason." + string(x.Reason))
		}
		if row.Open {
			row.CancelAsk = r.L.Tf("ro.cancelconfirm", x.Name)
			row.NoShowAsk = r.L.Tf("ro.noshowconfirm", x.Name)
		}
		rows[i] = row
	}
	c.render(w, r, http.StatusOK, "roster", map[string]any{"E": e, "Rows": rows, "Counts": counts, "Reveal": reveal,
		"Body": rosterBody(rows, r.L)})
}

// rosterBody writes a roster's rows. A roster holds hundreds of lines, and
// html/template spends most of a page's time on each cell's escaping
// through reflection; here every value is escaped by html.EscapeString
// (text and double-quoted attributes alike), in a tenth of the time.
func rosterBody(rows []rosterRow, l Lang) template.HTML {
	if len(rows) == 0 {
		return template.HTML(`<tr><td colspan="8" class="muted">` + html.EscapeString(l.T("ro.empty")) + `</td></tr>`)
	}
	esc := html.EscapeString
	cancel, noShow, here := esc(l.T("ro.cancel")), esc(l.T("ro.noshow")), esc(l.T("ro.here"))
	var b strings.Builder
	b.Grow(len(rows) * 900)
	for _, x := range rows {
		id := esc(x.ID)
		b.WriteString(`<tr id="s-` + id + `"><td class="num">` + strconv.Itoa(x.N) + `</td><td>` + esc(x.Name))
		if x.AssistedBy != "" {
			b.WriteString(` <span class="hint">(` + esc(l.Tf("ro.assisted", x.AssistedBy)) + `)</span>`)
		}
		b.WriteString(`</td><td class="nowrap">` + esc(x.Phone) + `</td><td class="num">` + strconv.Itoa(x.Party) + `</td>`)
		b.WriteString(`<td class="nowrap"><span class="badge b-` + esc(string(x.RosterEntry.Status)) + `">` + esc(x.Status) + `</span>`)
		if x.Reason != "" {
			b.WriteString(` <span class="hint">` + esc(x.Reason) + `</span>`)
		}
		if x.Here {
			b.WriteString(` <span class="badge b-ok">` + here + `</span>`)
		}
		b.WriteString(`</td><td>` + esc(x.KioskName) + `</td><td class="nowrap">` + esc(x.Created) + `</td><td class="nowrap">`)
		if x.Open {
			b.WriteString(`<form class="inline" method="post" action="/console/signups/` + id + `/cancel">` +
				`<button class="small" type="submit" data-confirm="` + esc(x.CancelAsk) + `">` + cancel + `</button>`)
			if x.Confirmed {
				b.WriteString(` <button class="small" type="submit" formaction="/console/signups/` + id + `/noshow" data-confirm="` +
					esc(x.NoShowAsk) + `">` + noShow + `</button>`)
			}
			b.WriteString(`</form>`)
		}
		b.WriteString("</td></tr>\n")
	}
	return template.HTML(b.String())
}

// rosterRow is a roster line with its words ready.
type rosterRow struct {
	hub.RosterEntry
	N                              int
	Status, Reason, Phone, Created string
	CancelAsk, NoShowAsk           string
	Open, Confirmed, Here          bool
}

func (c *Console) rosterCSV(w http.ResponseWriter, r *req) {
	e, list, _, err := c.rosterData(r)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	r.audit("roster.export", "event:"+e.ID, e.Community, fmt.Sprintf("%d sign-ups with names and phones", len(list)))
	cw := newCSV(w, "roster-"+e.ID+".csv")
	cw.row(r.L.T("csv.order"), r.L.T("csv.name"), r.L.T("csv.phone"), r.L.T("csv.party"), r.L.T("csv.status"),
		r.L.T("csv.checkedin"), r.L.T("csv.kiosk"), r.L.T("csv.signedup"), r.L.T("csv.receipt"))
	for i, x := range list {
		in := ""
		if !x.CheckedIn.IsZero() {
			in = x.CheckedIn.In(alliance.Location).Format("15:04")
		}
		status := r.L.T("su." + string(x.Status))
		if x.Reason != "" {
			status += "（" + r.L.T("reason."+string(x.Reason)) + "）"
		}
		cw.row(strconv.Itoa(i+1), x.Name, x.Phone, strconv.Itoa(x.Party), status, in, x.KioskName,
			x.Created.In(alliance.Location).Format("2006-01-02 15:04"), x.Receipt)
	}
	cw.flush()
}

func (c *Console) checkinPage(w http.ResponseWriter, r *req) {
	e, list, counts, err := c.rosterData(r)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	var confirmed []hub.RosterEntry
	for _, x := range list {
		if x.Status == alliance.SignUpConfirmed {
			confirmed = append(confirmed, x)
		}
	}
	c.render(w, r, http.StatusOK, "checkin", map[string]any{"E": e, "List": confirmed, "Counts": counts})
}

func (c *Console) signUpAction(w http.ResponseWriter, r *req, reason alliance.Reason, action string) {
	id := r.PathValue("id")
	ev, err := c.DB.SignUpEvent(r.ctx(), id)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	if err := c.DB.CancelFor(r.ctx(), id, reason); err != nil {
		c.fail(w, r, err)
		return
	}
	r.audit(action, "signup:"+id, r.Community, "event "+ev)
	redirect(w, r, "/events/"+ev+"/roster", r.L.T("note."+string(reason)))
}

func (c *Console) signUpCancel(w http.ResponseWriter, r *req) {
	c.signUpAction(w, r, alliance.ReasonStaffCancelled, "signup.cancel")
}

func (c *Console) signUpNoShow(w http.ResponseWriter, r *req) {
	c.signUpAction(w, r, alliance.ReasonNoShow, "signup.noshow")
}

func (c *Console) signUpCheckIn(w http.ResponseWriter, r *req) {
	id := r.PathValue("id")
	ev, err := c.DB.SignUpEvent(r.ctx(), id)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	present := r.PostFormValue("present") != "0"
	if err := c.DB.CheckIn(r.ctx(), id, present); err != nil {
		c.fail(w, r, err)
		return
	}
	r.audit("signup.checkin", "signup:"+id, r.Community, strconv.FormatBool(present))
	http.Redirect(w, r.Request, Base+"/events/"+ev+"/checkin#s-"+id, http.StatusSeeOther)
}
