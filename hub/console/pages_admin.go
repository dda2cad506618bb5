package console

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"html"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	qrcode "github.com/skip2/go-qrcode"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/hub"
)

func (c *Console) dashboard(w http.ResponseWriter, r *req) {
	d := map[string]any{}
	ctx := r.ctx()
	if Allowed(r.User, ActSuggestView, r.Community) {
		f := hub.InboxFilter{Community: r.Community, Status: "overdue", OverdueBefore: hub.WorkingDaysBefore(c.DB.Now(), c.OverdueDays), Limit: 8}
		list, n, err := c.DB.Inbox(ctx, f)
		if err != nil {
			c.fail(w, r, err)
			return
		}
		_, open, err := c.DB.Inbox(ctx, hub.InboxFilter{Community: r.Community, Status: "open", Limit: 1})
		if err != nil {
			c.fail(w, r, err)
			return
		}
		d["Overdue"], d["OverdueN"], d["OpenN"], d["ShowSug"] = list, n, open, true
	}
	if Allowed(r.User, ActCallbacks, r.Community) {
		list, n, err := c.DB.Callbacks(ctx, hub.CallbackFilter{Community: r.Community, Open: true, Limit: 8})
		if err != nil {
			c.fail(w, r, err)
			return
		}
		d["Callbacks"], d["CallbacksN"], d["ShowCb"] = list, n, true
	}
	if Allowed(r.User, ActEvents, r.Community) {
		events, err := c.DB.Events(ctx, r.Community, false, 500)
		if err != nil {
			c.fail(w, r, err)
			return
		}
		var filling []hub.EventSummary
		soon := c.DB.Now().AddDate(0, 0, 14)
		for _, e := range events {
			if e.Status == alliance.EventOpen && e.Capacity > 0 && (e.Taken*5 >= e.Capacity*4 || e.Waitlisted > 0) && e.Starts.Before(soon) {
				filling = append(filling, e)
			}
		}
		d["Filling"], d["ShowEv"] = filling, true
	}
	if Allowed(r.User, ActKiosksView, r.Community) {
		bad, _, counts, err := c.DB.KioskPage(ctx, hub.KioskFilter{Community: r.Community, State: hub.KioskFailing, Limit: 8})
		if err != nil {
			c.fail(w, r, err)
			return
		}
		late, _, _, err := c.DB.KioskPage(ctx, hub.KioskFilter{Community: r.Community, State: hub.KioskLate, Limit: 8})
		if err != nil {
			c.fail(w, r, err)
			return
		}
		byState := map[string]int{}
		for k, v := range counts {
			byState[string(k)] = v
		}
		d["Failing"], d["Late"], d["KioskCounts"] = bad, late, byState
	}
	if r.User.Role == hub.RoleTrainer {
		courses, err := c.DB.CourseReport(ctx, r.Community)
		if err != nil {
			c.fail(w, r, err)
			return
		}
		d["Courses"] = courses
	}
	if r.Community != "" {
		if x, _, err := c.DB.Item(ctx, alliance.KindAccount, r.Community); err == nil {
			d["Account"] = x.(alliance.Account)
		}
	}
	communities, err := c.communityChoices(r, ActDashboard)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	d["Communities"], d["Names"] = communities, accountNames(communities)
	d["Now"] = c.DB.Now()
	c.render(w, r, http.StatusOK, "dashboard", d)
}

// Kiosks.

func (c *Console) kiosks(w http.ResponseWriter, r *req) {
	state := hub.KioskState(r.URL.Query().Get("state"))
	page, off := pageOf(r, 100)
	list, total, counts, err := c.DB.KioskPage(r.ctx(), hub.KioskFilter{Community: r.Community, State: state, Limit: 100, Offset: off})
	if err != nil {
		c.fail(w, r, err)
		return
	}
	communities, err := c.communityChoices(r, ActKiosksView)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	canEdit := Can(r.User, ActKiosksEdit)
	c.render(w, r, http.StatusOK, "kiosks", map[string]any{"Body": kioskBody(list, c.DB.Now(), accountNames(communities), canEdit, r.L),
		"Counts": counts, "State": string(state),
		"States": []hub.KioskState{hub.KioskFailing, hub.KioskLate, hub.KioskNever, hub.KioskOK, hub.KioskRevoked},
		"Pager":  pager(r, page, 100, total), "Communities": communities, "CanEdit": canEdit})
}

// kioskBody writes the kiosks table's rows (a hundred to a page) in Go,
// as inboxBody does the inbox's, with each value escaped by
// html.EscapeString.
func kioskBody(list []hub.Kiosk, now time.Time, names map[string]string, canEdit bool, l Lang) template.HTML {
	esc := html.EscapeString
	if len(list) == 0 {
		return template.HTML(`<tr><td colspan="8" class="muted">` + esc(l.T("f.empty")) + "</td></tr>\n")
	}
	labels := map[hub.KioskState]string{}
	manage := esc(l.T("ks.manage"))
	var b strings.Builder
	b.Grow(len(list) * 500)
	for _, k := range list {
		community := names[k.Community]
		if community == "" {
			community = k.Community
		}
		state := k.State(now)
		label, ok := labels[state]
		if !ok {
			label = esc(l.T("ks." + string(state)))
			labels[state] = label
		}
		b.WriteString(`<tr><td><b>` + esc(k.Name) + `</b></td><td>` + esc(community) + `</td><td class="nowrap">` + esc(dateText(k.LastSeen)) +
			`</td><td>` + esc(k.App) + `</td><td class="num">` + strconv.FormatInt(k.Lag, 10) + `</td><td class="num">` + strconv.Itoa(k.Backlog) +
			`</td><td><span class="badge b-` + esc(string(state)) + `">` + label + `</span>`)
		if k.ErrorCode != "" {
			b.WriteString(`<br><span class="hint">` + esc(l.Tf("ks.since", dateText(k.FailingSince))) + `: ` + esc(k.ErrorCode) + ` — ` + esc(shorten(k.Error, 80)) + `</span>`)
		}
		b.WriteString(`</td>`)
		if canEdit {
			b.WriteString(`<td class="nowrap">`)
			if !k.Revoked {
				b.WriteString(`<a class="button small" href="` + Base + `/kiosks/` + esc(url.PathEscape(k.ID)) + `">` + manage + `</a>`)
			}
			b.WriteString(`</td>`)
		}
		b.WriteString("</tr>\n")
	}
	return template.HTML(b.String())
}

func (c *Console) kioskEnrol(w http.ResponseWriter, r *req) {
	name := strings.TrimSpace(r.PostFormValue("name"))
	code, err := c.DB.Enroll(r.ctx(), name, r.Community)
	if err != nil {
		c.fail(w, r, formError(err.Error()))
		return
	}
	r.audit("kiosk.enrol", "kiosk:"+name, r.Community, "one-time code issued")
	png, err := qrcode.Encode(code, qrcode.Medium, 256)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	c.render(w, r, http.StatusOK, "enrolled", map[string]any{"Name": name, "Code": code,
		"QR":    "data:image/png;base64," + base64.StdEncoding.EncodeToString(png),
		"Until": c.DB.Now().Add(hub.EnrolmentTTL)})
}

func (c *Console) kiosk(w http.ResponseWriter, r *req) {
	k, err := c.DB.KioskByID(r.ctx(), r.PathValue("id"))
	if err != nil {
		c.fail(w, r, err)
		return
	}
	communities, err := c.communityChoices(r, ActKiosksEdit)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	c.render(w, r, http.StatusOK, "kiosk", map[string]any{"K": k, "State": string(k.State(c.DB.Now())), "Communities": communities,
		"Names": accountNames(communities)})
}

func (c *Console) kioskRevoke(w http.ResponseWriter, r *req) {
	id := r.PathValue("id")
	if err := c.DB.RevokeID(r.ctx(), id); err != nil {
		c.fail(w, r, err)
		return
	}
	r.audit("kiosk.revoke", "kiosk:"+id, r.Community, "")
	redirect(w, r, "/kiosks", r.L.T("note.revoked"))
}

func (c *Console) kioskRename(w http.ResponseWriter, r *req) {
	id := r.PathValue("id")
	name := r.PostFormValue("name")
	if err := c.DB.RenameKiosk(r.ctx(), id, name); err != nil {
		c.fail(w, r, err)
		return
	}
	r.audit("kiosk.rename", "kiosk:"+id, r.Community, name)
	redirect(w, r, "/kiosks", r.L.T("note.saved"))
}

func (c *Console) kioskMove(w http.ResponseWriter, r *req) {
	id := r.PathValue("id")
	to := r.PostFormValue("community")
	if err := c.DB.MoveKiosk(r.ctx(), id, to); err != nil {
		c.fail(w, r, err)
		return
	}
	r.audit("kiosk.move", "kiosk:"+id, r.Community, "to "+to)
	redirect(w, r, "/kiosks", r.L.T("note.saved"))
}

// Training.

func (c *Console) trainingData(r *req) ([]hub.CommunityTraining, []hub.CourseTraining, error) {
	all, err := c.DB.TrainingReport(r.ctx())
	if err != nil {
		return nil, nil, err
	}
	var summary []hub.CommunityTraining
	for _, t := range all {
		if r.Community == "" || t.Community == r.Community {
			summary = append(summary, t)
		}
	}
	courses, err := c.DB.CourseReport(r.ctx(), r.Community)
	return summary, courses, err
}

func (c *Console) training(w http.ResponseWriter, r *req) {
	summary, courses, err := c.trainingData(r)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	communities, err := c.communityChoices(r, ActTraining)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	c.render(w, r, http.StatusOK, "training", map[string]any{"Summary": summary, "Courses": courses,
		"Communities": communities, "Names": accountNames(communities)})
}

func (c *Console) trainingCSV(w http.ResponseWriter, r *req) {
	_, courses, err := c.trainingData(r)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	r.audit("training.export", "", r.Community, fmt.Sprintf("%d courses (counts only)", len(courses)))
	cw := newCSV(w, "training-"+time.Now().In(alliance.Location).Format("20060102")+".csv")
	cw.row(r.L.T("csv.community"), r.L.T("csv.course"), r.L.T("tr.lessons"), r.L.T("tr.sessions"), r.L.T("tr.learners"),
		r.L.T("tr.attendance"), r.L.T("tr.completed"), r.L.T("tr.withhelp"), r.L.T("tr.needshelp"), r.L.T("tr.certificates"))
	for _, x := range courses {
		cw.row(x.Community, x.Title, strconv.Itoa(x.Lessons), strconv.Itoa(x.Sessions), strconv.Itoa(x.Learners),
			strconv.Itoa(x.Attendance), strconv.Itoa(x.LessonsCompleted), strconv.Itoa(x.CompletedWithHelp), strconv.Itoa(x.NeedsHelp), strconv.Itoa(x.Completions))
	}
	cw.flush()
}

// Users, the audit log, backups, one's password.

func (c *Console) users(w http.ResponseWriter, r *req) {
	list, err := c.DB.Users(r.ctx())
	if err != nil {
		c.fail(w, r, err)
		return
	}
	communities, err := c.communityChoices(r, ActUsers)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	c.render(w, r, http.StatusOK, "users", map[string]any{"List": list, "Roles": hub.Roles, "Communities": communities, "Names": accountNames(communities)})
}

// absolute makes a link the user can copy and send.
func absolute(r *req, path string) string {
	scheme := "http"
	if r.TLS != nil || r.c.SecureCookies {
		scheme = "https"
	}
	return scheme + "://" + r.Host + path
}

func (c *Console) userAdd(w http.ResponseWriter, r *req) {
	role := hub.Role(r.PostFormValue("role"))
	u, token, err := c.DB.AddUser(r.ctx(), r.PostFormValue("login"), r.PostFormValue("name"), role, r.PostFormValue("community"))
	if err != nil {
		c.fail(w, r, formError(err.Error()))
		return
	}
	r.audit("user.add", "user:"+u.Login, u.Community, string(u.Role))
	c.render(w, r, http.StatusOK, "useradded", map[string]any{"U": u, "Link": absolute(r, SetupLink(token)), "Until": c.DB.Now().Add(hub.SetupTTL)})
}

func (c *Console) userID(w http.ResponseWriter, r *req) (hub.User, bool) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	u, err := c.DB.UserByID(r.ctx(), id)
	if err != nil {
		c.fail(w, r, err)
		return u, false
	}
	return u, true
}

func (c *Console) userDisable(w http.ResponseWriter, r *req) {
	u, ok := c.userID(w, r)
	if !ok {
		return
	}
	if u.ID == r.User.ID {
		c.fail(w, r, errf("%s", r.L.T("users.notself")))
		return
	}
	if err := c.DB.SetUserDisabled(r.ctx(), u.ID, true); err != nil {
		c.fail(w, r, err)
		return
	}
	r.audit("user.disable", "user:"+u.Login, u.Community, "sessions ended")
	redirect(w, r, "/users", r.L.T("note.saved"))
}

func (c *Console) userEnable(w http.ResponseWriter, r *req) {
	u, ok := c.userID(w, r)
	if !ok {
		return
	}
	if err := c.DB.SetUserDisabled(r.ctx(), u.ID, false); err != nil {
		c.fail(w, r, err)
		return
	}
	r.audit("user.enable", "user:"+u.Login, u.Community, "")
	redirect(w, r, "/users", r.L.T("note.saved"))
}

func (c *Console) userReset(w http.ResponseWriter, r *req) {
	u, ok := c.userID(w, r)
	if !ok {
		return
	}
	token, err := c.DB.ResetLink(r.ctx(), u.ID)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	r.audit("user.reset", "user:"+u.Login, u.Community, "one-time link issued")
	c.render(w, r, http.StatusOK, "useradded", map[string]any{"U": u, "Link": absolute(r, SetupLink(token)), "Until": c.DB.Now().Add(hub.SetupTTL), "Reset": true})
}

func (c *Console) audit(w http.ResponseWriter, r *req) {
	q := r.URL.Query()
	page, off := pageOf(r, 100)
	f := hub.AuditFilter{Login: q.Get("login"), Action: q.Get("action"), Subject: q.Get("subject"), Limit: 100, Offset: off}
	list, total, err := c.DB.AuditLog(r.ctx(), f)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	c.render(w, r, http.StatusOK, "audit", map[string]any{"List": list, "F": f, "Pager": pager(r, page, 100, total)})
}

func (c *Console) backup(w http.ResponseWriter, r *req) {
	var b bytes.Buffer
	if err := c.DB.Backup(r.ctx(), &b); err != nil {
		c.fail(w, r, err)
		return
	}
	r.audit("backup.export", "", "", fmt.Sprintf("%d bytes", b.Len()))
	w.Header().Set("Content-Type", "application/vnd.sqlite3")
	w.Header().Set("Content-Disposition", `attachment; filename="hub-`+time.Now().In(alliance.Location).Format("20060102-1504")+`.db"`)
	w.Write(b.Bytes())
}

func (c *Console) passwordPage(w http.ResponseWriter, r *req) {
	c.render(w, r, http.StatusOK, "password", map[string]any{})
}

func (c *Console) changePassword(w http.ResponseWriter, r *req) {
	if r.PostFormValue("password") != r.PostFormValue("password2") {
		c.render(w, r, http.StatusBadRequest, "password", map[string]any{"Problem": r.L.T("setup.mismatch")})
		return
	}
	err := c.DB.ChangePassword(r.ctx(), r.User.ID, r.PostFormValue("old"), r.PostFormValue("password"))
	switch {
	case err == hub.ErrWeakSecret:
		c.render(w, r, http.StatusBadRequest, "password", map[string]any{"Problem": r.L.Tf("setup.short", hub.MinPassword)})
		return
	case err == hub.ErrBadLogin:
		c.render(w, r, http.StatusBadRequest, "password", map[string]any{"Problem": r.L.T("password.wrong")})
		return
	case err != nil:
		c.fail(w, r, err)
		return
	}
	r.audit("user.password", "user:"+r.User.Login, r.User.Community, "")
	redirect(w, r, "/", r.L.T("note.password"))
}
