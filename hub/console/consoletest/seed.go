package consoletest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/hub"
	"github.com/shinan-alliance/alliance/wire"
)

// Demo is what Seed made, for pages to open.
type Demo struct {
	Kiosks      map[string]string // name → id
	Suggestion  string            // an open suggestion of Own with a call-back number
	OtherSug    string            // a suggestion of Other
	Callback    string
	Event       string // an event of Own with a roster from two kiosks and a waitlist
	OtherEvent  string
	SignUp      string // a confirmed sign-up of Event
	Template    int64
	Post        string // a post of Own's account
	Entry       string // a phone number of Own
	Place       string
	KioskOwn    string // a kiosk of Own
	OtherSignUp string
}

// enrol registers and joins a kiosk at the hub alone (no kiosk database).
func (e *Env) enrol(tb testing.TB, name, community string) string {
	ctx := context.Background()
	code, err := e.DB.Enroll(ctx, name, community)
	if err != nil {
		tb.Fatal(err)
	}
	id, _, _, err := e.DB.Join(ctx, code)
	if err != nil {
		tb.Fatal(err)
	}
	return id
}

// Seed fills the hub with a morning's work: kiosks in several states,
// suggestions of every status, call-back requests, an event with a roster
// and a waitlist, and smartphone classes.
func (e *Env) Seed(tb testing.TB) Demo {
	tb.Helper()
	ctx := context.Background()
	now := e.DB.Now()
	d := Demo{Kiosks: map[string]string{}}
	for _, k := range []struct{ name, community string }{{"yanchenglu-1", Own}, {"yanchenglu-2", Own}, {"zhanshan-1", Other},
		{"taipingjiao-1", "taipingjiao"}, {"badaguan-1", "badaguan"}, {"zhuhailu-1", "zhuhailu"}} {
		d.Kiosks[k.name] = e.enrol(tb, k.name, k.community)
	}
	d.KioskOwn = d.Kiosks["yanchenglu-1"]
	// Health: two synced, one failing, one late, one never.
	must := func(err error) {
		if err != nil {
			tb.Helper()
			tb.Fatal(err)
		}
	}
	end, err := e.DB.LogEnd(ctx)
	must(err)
	for _, name := range []string{"yanchenglu-1", "yanchenglu-2", "zhanshan-1", "badaguan-1"} {
		must(e.DB.Seen(ctx, d.Kiosks[name], "0.3.0", end, 0))
	}
	must(e.DB.Hello(ctx, d.Kiosks["zhanshan-1"], "0.3.0", &wireSyncError))
	e.DB.Now = func() time.Time { return now.Add(-3 * 24 * time.Hour) }
	must(e.DB.Seen(ctx, d.Kiosks["badaguan-1"], "0.2.0", end, 4))
	e.DB.Now = time.Now

	k1, k2, k3 := d.Kiosks["yanchenglu-1"], d.Kiosks["yanchenglu-2"], d.Kiosks["zhanshan-1"]
	sug := func(kiosk, community, category, text string, phrases []string, phone string, anon bool) *alliance.Suggestion {
		s := &alliance.Suggestion{ID: uuid.NewString(), Community: community, Category: category, Text: text, Phrases: phrases,
			CallbackPhone: phone, Anonymous: anon, Created: now.Add(-time.Hour), KioskID: kiosk, Receipt: alliance.NewReceipt()}
		if phone != "" {
			s.ConsentVersion = "kiosk-consent-1"
		}
		e.Push(tb, kiosk, s)
		return s
	}
	// Received a week ago: overdue.
	e.DB.Now = func() time.Time { return now.Add(-7 * 24 * time.Hour) }
	old := sug(k1, Own, "repairs", "3号楼楼道的灯坏了一个多星期了，晚上上下楼看不清，老人容易摔倒。", nil, "13812345678", false)
	sug(k2, Own, "environment", "", []string{"垃圾没有及时清运", "楼下有积水"}, "", true)
	e.DB.Now = func() time.Time { return now.Add(-2 * 24 * time.Hour) }
	mid := sug(k1, Own, "elderly", "希望社区食堂增加周末的午餐，家里只有我一个人。", nil, "13912345678", false)
	e.DB.Now = time.Now
	sug(k2, Own, "activities", "能不能多办几次教手机的课？上次没学会视频通话。", nil, "", false)
	sug(k1, Own, "safety", "", []string{"路灯坏了"}, "", false)
	ans := sug(k2, Own, "repairs", "单元门的门禁坏了，陌生人随便进出。", nil, "13612345678", false)
	other := sug(k3, Other, "environment", "湛山寺附近的公厕需要打扫。", nil, "", false)
	must(e.DB.UpdateSuggestion(ctx, mid.ID, hub.SuggestionChange{Status: alliance.SuggestionInProgress, Reply: "已联系社区食堂，正在商量周末供餐，下周给您答复。", By: "盐城路社区居委会"}))
	must(e.DB.UpdateSuggestion(ctx, ans.ID, hub.SuggestionChange{Reply: "门禁已于今天上午修好，谢谢您的提醒。", By: "盐城路社区居委会"}))
	d.Suggestion, d.OtherSug = old.ID, other.ID

	cb := &alliance.CallbackRequest{ID: uuid.NewString(), Community: Own, Entry: "", Phone: "13712345678", ConsentVersion: "kiosk-consent-1",
		Created: now.Add(-3 * time.Hour), KioskID: k1, Receipt: alliance.NewReceipt()}
	e.Push(tb, k1, cb)
	cb2 := &alliance.CallbackRequest{ID: uuid.NewString(), Community: Own, Phone: "053285551234", ConsentVersion: "kiosk-consent-1",
		Created: now.Add(-26 * time.Hour), KioskID: k2, Receipt: alliance.NewReceipt()}
	e.Push(tb, k2, cb2)
	must(e.DB.SetCallbackStatus(ctx, cb2.ID, alliance.CallbackNoAnswer, "上午打了两次没人接，下午再打"))
	e.Push(tb, k3, &alliance.CallbackRequest{ID: uuid.NewString(), Community: Other, Phone: "13512345678", ConsentVersion: "kiosk-consent-1",
		Created: now.Add(-time.Hour), KioskID: k3, Receipt: alliance.NewReceipt()})
	d.Callback = cb.ID

	// An event of Own: 6 places, a waitlist; sign-ups from two kiosks.
	start := now.In(alliance.Location).AddDate(0, 0, 5).Truncate(time.Hour)
	ev := alliance.Event{ID: "ev-yanchenglu-dumplings", Community: Own, Title: "冬至包饺子", Description: "一起包饺子，过冬至。",
		Starts: start, Ends: start.Add(2 * time.Hour), Place: "社区活动室", Capacity: 6, Waitlist: true, Status: alliance.EventOpen}
	_, err = e.DB.Publish(ctx, "console", ev)
	must(err)
	d.Event = ev.ID
	names := []struct {
		name, phone string
		party       int
		kiosk       string
	}{{"王女士", "13812345678", 2, k1}, {"李先生", "13912345678", 1, k2}, {"张女士", "13612345678", 2, k1},
		{"刘先生", "13512345678", 1, k2}, {"陈女士", "13712345678", 2, k1}, {"赵先生", "13312345678", 1, k2}}
	for i, n := range names {
		s := &alliance.SignUp{ID: uuid.NewString(), EventID: ev.ID, Name: n.name, Phone: n.phone, PartySize: n.party,
			ConsentVersion: "kiosk-consent-1", Created: now.Add(time.Duration(i-10) * time.Minute), KioskID: n.kiosk, Receipt: alliance.NewReceipt()}
		if i == 3 {
			s.AssistedBy = "王丽"
		}
		e.Push(tb, n.kiosk, s)
		if i == 0 {
			d.SignUp = s.ID
		}
	}
	must(e.DB.CheckIn(ctx, d.SignUp, true))
	oev := alliance.Event{ID: "ev-zhanshan-tea", Community: Other, Title: "湛山茶话会", Starts: start, Ends: start.Add(time.Hour),
		Capacity: 20, Status: alliance.EventOpen}
	_, err = e.DB.Publish(ctx, "console", oev)
	must(err)
	d.OtherEvent = oev.ID
	os := &alliance.SignUp{ID: uuid.NewString(), EventID: oev.ID, Name: "孙女士", Phone: "13812340000", PartySize: 1,
		ConsentVersion: "kiosk-consent-1", Created: now, KioskID: k3, Receipt: alliance.NewReceipt()}
	e.Push(tb, k3, os)
	d.OtherSignUp = os.ID

	// A class: a learner, a course, two sessions, attendance, progress.
	course := &alliance.Course{ID: uuid.NewString(), Title: "学用手机（冬季班）", Lessons: []string{"phone-basics", "wechat-install", "calls"},
		Community: Own, Created: now.AddDate(0, 0, -14), KioskID: k1}
	e.Push(tb, k1, course)
	for i := range 5 {
		l := &alliance.Learner{ID: uuid.NewString(), Name: []string{"孙女士", "周先生", "吴女士", "郑女士", "冯先生"}[i], Number: fmt.Sprintf("2047%02d", i),
			ConsentVersion: "kiosk-consent-1", Community: Own, Created: now.AddDate(0, 0, -14), KioskID: k1}
		e.Push(tb, k1, l)
		for j, lesson := range course.Lessons[:2] {
			ss := &alliance.Session{ID: uuid.NewSHA1(uuid.NameSpaceOID, []byte(course.ID+lesson)).String(), CourseID: course.ID, LessonID: lesson,
				Day: now.AddDate(0, 0, -14+7*j).In(alliance.Location).Format(alliance.DayLayout), Community: Own, Created: now, KioskID: k1}
			if i == 0 {
				e.Push(tb, k1, ss)
			}
			if i+j < 5 {
				e.Push(tb, k1, &alliance.Attendance{ID: uuid.NewString(), SessionID: ss.ID, LearnerID: l.ID, Present: true, At: now, KioskID: k1})
			}
			status := alliance.LessonCompleted
			if i == 4 && j == 1 {
				status = alliance.LessonNeedsHelp
			}
			e.Push(tb, k1, &alliance.LessonProgress{ID: uuid.NewString(), LearnerID: l.ID, LessonID: lesson, LessonVersion: 1, Status: status,
				Source: alliance.SourceTrainer, SessionID: ss.ID, Updated: now.Add(time.Duration(j) * time.Minute), KioskID: k1})
		}
	}
	ts, err := e.DB.ReplyTemplates(ctx, Own)
	must(err)
	for _, t := range ts {
		if t.Category == "repairs" {
			d.Template = t.ID
		}
	}
	d.Template, err = e.DB.SaveReplyTemplate(ctx, hub.ReplyTemplate{Community: Own, Category: "repairs", Title: "物业已派人",
		Body: "您好，盐城路社区已通知物业，维修人员明天上午上门处理。谢谢您！"})
	must(err)
	items, _, err := e.DB.ListContent(ctx, hub.ContentFilter{Kind: alliance.KindPost, Owner: Own, Limit: 1})
	must(err)
	d.Post = items[0].Content.ContentID()
	dir, _, err := e.DB.ListContent(ctx, hub.ContentFilter{Kind: alliance.KindDirectory, Owner: Own, Limit: 1})
	must(err)
	d.Entry = dir[0].Content.ContentID()
	places, _, err := e.DB.ListContent(ctx, hub.ContentFilter{Kind: alliance.KindPlace, Limit: 1})
	must(err)
	d.Place = places[0].Content.ContentID()
	return d
}

var wireSyncError = wire.SyncError{Code: "network", Text: "connect to hub: dial tcp: i/o timeout", Since: time.Now().Add(-30 * time.Hour)}
