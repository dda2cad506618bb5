package console_test

// The five scenarios of issue 10, driven in headless Chromium against a
// real hub, with real kiosks syncing over loopback.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/hub"
	"github.com/shinan-alliance/alliance/hub/console"
	"github.com/shinan-alliance/alliance/hub/console/consoletest"
	"github.com/shinan-alliance/alliance/store"
)

func do(t *testing.T, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatal(err)
	}
}

func pageText(t *testing.T, ctx context.Context) string {
	t.Helper()
	s, err := consoletest.Text(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// clickAndWait clicks and waits for the next page's main part.
func clickAndWait(t *testing.T, ctx context.Context, sel string) {
	t.Helper()
	// Mark the page, click, then wait until a page without the mark is
	// ready: the click's navigation has happened.
	do(t, ctx, chromedp.Evaluate[chromedp.Void](`document.body.dataset.old = "1"`),
		chromedp.Click(chromedp.CSS(sel)),
		chromedp.WaitReady(chromedp.CSS(`body:not([data-old]) main`)))
}

// Scenario 1: community staff logs in, publishes a notice with an image,
// and a kiosk synced from the same hub finds it by search.
func TestBrowserPublishReachesKioskSearch(t *testing.T) {
	e := consoletest.New(t, t.TempDir())
	k := e.NewKiosk(t, "yanchenglu-1", consoletest.Own)
	ctx, cancel := consoletest.Browser(t)
	defer cancel()

	img := filepath.Join(t.TempDir(), "notice.png")
	writePNG(t, img)
	if err := e.Login(ctx, "wang"); err != nil {
		t.Fatal(err)
	}
	do(t, ctx, chromedp.Navigate(e.URL+"/posts/new"), chromedp.WaitVisible(chromedp.ID("title")),
		chromedp.SendKeys(chromedp.ID("title"), "锅炉房检修停暖通知"),
		chromedp.SendKeys(chromedp.ID("body"), "12月3日锅炉房检修，**上午8点至12点**暂停供暖，请老人注意保暖。<script>alert(1)</script>"),
		chromedp.Click(chromedp.ID("pinned")),
		chromedp.SetUploadFiles(chromedp.CSS(`input[name=upload]`), []string{img}))
	clickAndWait(t, ctx, `button[value=save]`)
	text := pageText(t, ctx)
	if !strings.Contains(text, "已发布") {
		t.Fatalf("after publishing: %s", text)
	}
	// The preview shows the Markdown, and the script is inert text at most.
	html, err := chromedp.Run(ctx, chromedp.OuterHTML(chromedp.CSS(`.kiosk-preview`)))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(html, "<strong>上午8点至12点</strong>") || strings.Contains(html, "<script") {
		t.Errorf("preview: %s", html)
	}
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(loc)
	postID := strings.TrimPrefix(u.Path, console.Base+"/posts/")
	x, origin, err := e.DB.Item(context.Background(), alliance.KindPost, postID)
	if err != nil {
		t.Fatalf("post %q: %v", postID, err)
	}
	p := x.(alliance.Post)
	if origin != "console" || len(p.Images) != 1 || !p.Pinned || p.Account != consoletest.Own {
		t.Fatalf("published %+v from %s", p, origin)
	}

	k.Sync(t)
	hits, err := k.DB.Search(context.Background(), store.SearchQuery{Text: "锅炉房检修"})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, h := range hits {
		found = found || h.Ref == postID
	}
	if !found {
		t.Fatalf("the kiosk's search does not find the new notice: %+v", hits)
	}
	if b, err := k.DB.Blob(context.Background(), p.Images[0]); err != nil || b.Data == nil {
		t.Errorf("the kiosk has not fetched the image: %v", err)
	}
	// The audit log has the publication.
	log, _, err := e.DB.AuditLog(context.Background(), hub.AuditFilter{Action: "post.publish"})
	if err != nil || len(log) != 1 || log[0].Login != "wang" {
		t.Errorf("audit: %+v, %v", log, err)
	}
}

func writePNG(t *testing.T, path string) {
	img := image.NewRGBA(image.Rect(0, 0, 64, 48))
	for i := range img.Pix {
		img.Pix[i] = byte(i * 13)
	}
	img.Set(1, 1, color.RGBA{255, 0, 0, 255})
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// Scenario 2: a suggestion made at a kiosk shows in the inbox, staff
// answer it from a template, and after a sync the resident's receipt code
// (with its PIN) shows the reply at a different kiosk.
func TestBrowserReplyReadAtAnotherKiosk(t *testing.T) {
	e := consoletest.New(t, t.TempDir())
	ctx0 := context.Background()
	here := e.NewKiosk(t, "yanchenglu-1", consoletest.Own)
	elsewhere := e.NewKiosk(t, "zhanshan-1", consoletest.Other)
	s := &alliance.Suggestion{Community: consoletest.Own, Category: "repairs", Text: "2号楼电梯的按钮按了没反应，老人上下楼很不方便。",
		KioskID: here.ID}
	if err := here.DB.SaveSuggestion(ctx0, s); err != nil {
		t.Fatal(err)
	}
	here.Sync(t)
	pin := alliance.LookupPIN(s.ID)
	if _, err := elsewhere.DB.LookupReply(ctx0, s.Receipt, pin); !errors.Is(err, alliance.ErrNotFound) {
		t.Fatalf("before the sync, the other kiosk looks it up: %v", err)
	}

	var tmpl hub.ReplyTemplate
	ts, err := e.DB.ReplyTemplates(ctx0, consoletest.Own)
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range ts {
		if x.Category == "repairs" {
			tmpl = x
		}
	}
	ctx, cancel := consoletest.Browser(t)
	defer cancel()
	if err := e.Login(ctx, "wang"); err != nil {
		t.Fatal(err)
	}
	do(t, ctx, chromedp.Navigate(e.URL+"/suggestions"), chromedp.WaitVisible(chromedp.CSS(`main table`)))
	if text := pageText(t, ctx); !strings.Contains(text, "2号楼电梯的按钮") {
		t.Fatalf("the inbox does not list the suggestion: %s", text)
	}
	clickAndWait(t, ctx, `a[href$="/suggestions/`+s.ID+`"]`)
	// Choosing the template fills the reply (the script); without it the
	// "use template" button does the same through the server.
	do(t, ctx, chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`(() => { const p = document.getElementById("template-pick");
		p.value = "%d"; p.dispatchEvent(new Event("change")); })()`, tmpl.ID)))
	reply, err := chromedp.Run(ctx, chromedp.Value(chromedp.ID("reply")))
	if err != nil || reply != tmpl.Body {
		t.Fatalf("the template did not fill the reply: %q, %v", reply, err)
	}
	clickAndWait(t, ctx, `button[value=reply]`)
	if text := pageText(t, ctx); !strings.Contains(text, tmpl.Body) || !strings.Contains(text, "已答复") {
		t.Fatalf("after answering: %s", text)
	}

	elsewhere.Sync(t)
	ans, err := elsewhere.DB.LookupReply(ctx0, s.Receipt, pin)
	if err != nil {
		t.Fatalf("the other kiosk cannot look the reply up: %v", err)
	}
	if ans.Status != alliance.SuggestionAnswered || len(ans.Replies) != 1 || ans.Replies[0].Body != tmpl.Body || ans.Local {
		t.Fatalf("looked up: %+v", ans)
	}
	// The receipt alone, or with a wrong PIN, shows nothing.
	wrong := fmt.Sprintf("%04d", (atoi(pin)+1)%10000)
	for _, p := range []string{"", wrong} {
		if _, err := elsewhere.DB.LookupReply(ctx0, s.Receipt, p); !errors.Is(err, alliance.ErrNotFound) {
			t.Errorf("receipt with PIN %q: %v", p, err)
		}
	}
	// Where she wrote it, the kiosk shows it too, with her words.
	here.Sync(t)
	if mine, err := here.DB.LookupReply(ctx0, s.Receipt, pin); err != nil || !mine.Local || len(mine.Replies) != 1 {
		t.Errorf("at her own kiosk: %+v, %v", mine, err)
	}
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}

// Scenario 3: a roster across two kiosks, a cancellation on a resident's
// behalf promoting the waitlist.
func TestBrowserRosterCancelPromotes(t *testing.T) {
	e := consoletest.New(t, t.TempDir())
	ctx0 := context.Background()
	start := time.Now().Add(72 * time.Hour).Truncate(time.Hour)
	ev := alliance.Event{ID: "ev-yanchenglu-tea", Community: consoletest.Own, Title: "重阳茶话会", Starts: start, Ends: start.Add(2 * time.Hour),
		Capacity: 2, Waitlist: true, Status: alliance.EventOpen}
	if _, err := e.DB.Publish(ctx0, "console", ev); err != nil {
		t.Fatal(err)
	}
	a := e.NewKiosk(t, "yanchenglu-1", consoletest.Own)
	b := e.NewKiosk(t, "yanchenglu-2", consoletest.Own)
	signUp := func(k *consoletest.Kiosk, name, phone string) *alliance.SignUp {
		s := &alliance.SignUp{EventID: ev.ID, Name: name, Phone: phone, PartySize: 1, ConsentVersion: "kiosk-consent-1", KioskID: k.ID}
		if err := k.DB.SaveSignUp(ctx0, s); err != nil {
			t.Fatal(err)
		}
		k.Sync(t)
		return s
	}
	wang := signUp(a, "王女士", "13812345678")
	signUp(b, "李先生", "13912345678")
	zhang := signUp(a, "张女士", "13612345678")
	if c, _ := e.DB.SignUpCounts(ctx0, ev.ID); c["confirmed"] != 2 || c["waitlisted"] != 1 {
		t.Fatalf("before: %v", c)
	}

	ctx, cancel := consoletest.Browser(t)
	defer cancel()
	if err := e.Login(ctx, "wang"); err != nil {
		t.Fatal(err)
	}
	do(t, ctx, chromedp.Navigate(e.URL+"/events/"+ev.ID+"/roster"), chromedp.WaitVisible(chromedp.CSS(`main table`)))
	text := pageText(t, ctx)
	for _, want := range []string{"王女士", "李先生", "张女士", "来自 2 台终端", "yanchenglu-1", "yanchenglu-2", "138****5678"} {
		if !strings.Contains(text, want) {
			t.Errorf("the roster lacks %q: %s", want, text)
		}
	}
	if strings.Contains(text, "13812345678") {
		t.Error("the roster shows a whole phone number before staff ask")
	}
	// Cancel 王女士's place on her behalf (she phoned the office).
	do(t, ctx, chromedp.Evaluate[chromedp.Void](`window.confirm = () => true`))
	clickAndWait(t, ctx, `#s-`+wang.ID+` form[action$="/cancel"] button`)
	if text := pageText(t, ctx); !strings.Contains(text, "候补已按顺序转正") {
		t.Fatalf("after cancelling: %s", text)
	}
	roster, err := e.DB.Roster(ctx0, ev.ID)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]alliance.SignUpStatus{}
	for _, r := range roster {
		got[r.Name] = r.Status
	}
	if got["王女士"] != alliance.SignUpCancelled || got["张女士"] != alliance.SignUpConfirmed || got["李先生"] != alliance.SignUpConfirmed {
		t.Fatalf("after the cancellation: %v", got)
	}
	// Both residents see it at the kiosk where they signed up.
	a.Sync(t)
	mine, err := a.DB.SignUpsForEvent(ctx0, ev.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range mine {
		want := map[string]alliance.SignUpStatus{wang.ID: alliance.SignUpCancelled, zhang.ID: alliance.SignUpConfirmed}[s.ID]
		if s.Status != want {
			t.Errorf("at the kiosk, %s is %s, want %s", s.Name, s.Status, want)
		}
	}
	// Staff who ask see the numbers; that is in the audit log.
	do(t, ctx, chromedp.Navigate(e.URL+"/events/"+ev.ID+"/phones"), chromedp.WaitVisible(chromedp.CSS(`main table`)))
	if !strings.Contains(pageText(t, ctx), "13812345678") {
		t.Error("show phones shows no phone")
	}
	if log, _, _ := e.DB.AuditLog(ctx0, hub.AuditFilter{Action: "phone.reveal"}); len(log) != 1 {
		t.Errorf("reveals audited: %+v", log)
	}
}

// Scenario 4: staff of one community opening another community's
// suggestion by URL is refused, and the attempt is in the audit log.
func TestBrowserOtherCommunityRefusedAndAudited(t *testing.T) {
	e := consoletest.New(t, t.TempDir())
	d := e.Seed(t)
	ctx, cancel := consoletest.Browser(t)
	defer cancel()
	if err := e.Login(ctx, consoletest.OtherStaff); err != nil {
		t.Fatal(err)
	}
	resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(e.URL+"/suggestions/"+d.Suggestion))
	if err != nil {
		t.Fatal(err)
	}
	text := pageText(t, ctx)
	if resp.Status != http.StatusForbidden || !strings.Contains(text, "无权") || strings.Contains(text, "3号楼楼道") {
		t.Fatalf("another community's suggestion: %d %s", resp.Status, text)
	}
	// The operator finds the attempt in the audit log.
	do(t, ctx, chromedp.Navigate(e.URL+"/"), chromedp.Click(chromedp.CSS(`nav.side .who button`)), chromedp.WaitVisible(chromedp.ID("login")))
	if err := e.Login(ctx, "admin"); err != nil {
		t.Fatal(err)
	}
	do(t, ctx, chromedp.Navigate(e.URL+"/audit?action=denied"), chromedp.WaitVisible(chromedp.CSS(`main table`)))
	text = pageText(t, ctx)
	if !strings.Contains(text, consoletest.OtherStaff) || !strings.Contains(text, "/console/suggestions/"+d.Suggestion) || !strings.Contains(text, consoletest.Own) {
		t.Fatalf("the audit log lacks the refusal: %s", text)
	}
}

// Scenario 5: a cross-origin POST, and a replayed logout cookie, are
// refused.
func TestBrowserCrossOriginAndReplayedCookie(t *testing.T) {
	e := consoletest.New(t, t.TempDir())
	ctx0 := context.Background()
	// A page on another origin (another port) that posts a form to the
	// console when it loads: it would add an operator.
	evil := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `<!doctype html><form id=f method=post action="%s/users">
			<input name=login value=evil><input name=name value=Evil><input name=role value=operator></form>
			<script>document.getElementById("f").submit()</script>`, e.URL)
	}))
	defer evil.Close()
	ctx, cancel := consoletest.Browser(t)
	defer cancel()
	if err := e.Login(ctx, "admin"); err != nil {
		t.Fatal(err)
	}
	do(t, ctx, chromedp.Navigate(evil.URL), chromedp.WaitVisible(chromedp.CSS(`main .problem`)))
	if text := pageText(t, ctx); !strings.Contains(text, "来自其他网站") {
		t.Fatalf("after the cross-origin post: %s", text)
	}
	if _, err := e.DB.UserByLogin(ctx0, "evil"); !errors.Is(err, alliance.ErrNotFound) {
		t.Fatalf("the cross-origin post added a user: %v", err)
	}
	if log, _, _ := e.DB.AuditLog(ctx0, hub.AuditFilter{Action: "denied.cross-origin"}); len(log) != 1 || log[0].Login != "admin" {
		t.Errorf("the refusal is not in the audit log: %+v", log)
	}

	// The session cookie, as the browser holds it: HttpOnly, SameSite.
	cookies, err := chromedp.Call(ctx, network.GetCookies, network.GetCookiesParams{URLs: []string{e.URL + "/"}})
	if err != nil {
		t.Fatal(err)
	}
	var session string
	for _, c := range cookies.Cookies {
		if c.Name == console.CookieName {
			session = c.Value
			if !c.HTTPOnly || c.SameSite != network.CookieSameSiteStrict {
				t.Errorf("cookie %+v: want HttpOnly and SameSite=Strict", c)
			}
		}
	}
	if session == "" {
		t.Fatal("no session cookie")
	}
	// Log out in the browser, then replay the copied cookie.
	do(t, ctx, chromedp.Navigate(e.URL+"/"), chromedp.WaitVisible(chromedp.CSS(`nav.side`)))
	clickAndWait(t, ctx, `nav.side .who button`)
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	get, _ := http.NewRequest("GET", e.URL+"/users", nil)
	get.AddCookie(&http.Cookie{Name: console.CookieName, Value: session})
	resp, err := client.Do(get)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), console.Base+"/login") {
		t.Errorf("GET with the old cookie: %d %s, want a redirect to the login page", resp.StatusCode, resp.Header.Get("Location"))
	}
	post, _ := http.NewRequest("POST", e.URL+"/users", strings.NewReader("login=replay&name=R&role=operator"))
	post.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	post.AddCookie(&http.Cookie{Name: console.CookieName, Value: session})
	resp, err = client.Do(post)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("POST with the old cookie: %d, want 401", resp.StatusCode)
	}
	if _, err := e.DB.UserByLogin(ctx0, "replay"); !errors.Is(err, alliance.ErrNotFound) {
		t.Error("the replayed cookie added a user")
	}
}
