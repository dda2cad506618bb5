package hub_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/hub"
	"github.com/shinan-alliance/alliance/internal/testutil"
)

// What the console changes at the hub, and what kiosks of each protocol
// version are sent of it.

func pull(t *testing.T, db *hub.DB, kiosk string, version int) map[alliance.Kind]map[string][]byte {
	t.Helper()
	b, err := db.BatchFor(context.Background(), kiosk, version, 0, 2000, true)
	if err != nil {
		t.Fatal(err)
	}
	for b.More {
		next, err := db.BatchFor(context.Background(), kiosk, version, b.Cursor, 2000, true)
		if err != nil {
			t.Fatal(err)
		}
		b.Items = append(b.Items, next.Items...)
		b.Cursor, b.More = next.Cursor, next.More
	}
	out := map[alliance.Kind]map[string][]byte{}
	for _, it := range b.Items {
		if out[it.Kind] == nil {
			out[it.Kind] = map[string][]byte{}
		}
		h, err := alliance.HashJSON(it.Data)
		if err != nil || h != it.Hash {
			t.Errorf("%s %s: hash %s, data hashes to %s", it.Kind, it.ID, it.Hash, h)
		}
		out[it.Kind][it.ID] = it.Data
	}
	return out
}

// A suggestion transferred to another community reaches a protocol 3 kiosk
// as transferred and a protocol 2 kiosk as forwarded; call-back statuses
// and reply lookups reach protocol 3 kiosks only.
func TestProtocolVersionsSeeWhatTheyKnow(t *testing.T) {
	p := newPushHub(t)
	ctx := context.Background()
	kiosk := enrolled(t, p.db, "k1", "yanchenglu")
	s := suggestion("yanchenglu")
	cb := &alliance.CallbackRequest{ID: uuid.NewString(), Community: "yanchenglu", Phone: "13812345678", ConsentVersion: "c1",
		Created: time.Now(), Receipt: "123456"}
	p.accept(t, kiosk, record(t, 1, s), record(t, 2, cb))
	if err := p.db.UpdateSuggestion(ctx, s.ID, hub.SuggestionChange{TransferTo: "zhanshan", Reply: "归湛山社区管，已转过去。", By: "盐城路社区"}); err != nil {
		t.Fatal(err)
	}
	if err := p.db.SetCallbackStatus(ctx, cb.ID, alliance.CallbackCalled, "说好了周五上门"); err != nil {
		t.Fatal(err)
	}
	v3, v2 := pull(t, p.db, kiosk, 3), pull(t, p.db, kiosk, 2)
	var u3, u2 alliance.SuggestionUpdate
	json.Unmarshal(v3[alliance.KindSuggestionStatus][s.ID], &u3)
	json.Unmarshal(v2[alliance.KindSuggestionStatus][s.ID], &u2)
	if u3.Status != alliance.SuggestionTransferred || u2.Status != alliance.SuggestionForwarded || len(u2.Replies) != 1 {
		t.Errorf("protocol 3 sees %s, protocol 2 %s (%d replies)", u3.Status, u2.Status, len(u2.Replies))
	}
	var c alliance.CallbackUpdate
	if err := json.Unmarshal(v3[alliance.KindCallbackStatus][cb.ID], &c); err != nil || c.Status != alliance.CallbackCalled {
		t.Errorf("protocol 3 call-back: %+v, %v", c, err)
	}
	if len(v3[alliance.KindReplyLookup]) != 1 {
		t.Errorf("protocol 3 gets %d reply lookups, want 1", len(v3[alliance.KindReplyLookup]))
	}
	if len(v2[alliance.KindCallbackStatus])+len(v2[alliance.KindReplyLookup]) != 0 {
		t.Errorf("protocol 2 gets protocol 3 kinds: %d, %d", len(v2[alliance.KindCallbackStatus]), len(v2[alliance.KindReplyLookup]))
	}
	// The note stays at the hub.
	if string(v3[alliance.KindCallbackStatus][cb.ID]) == "" || json.Valid(v3[alliance.KindCallbackStatus][cb.ID]) && containsNote(v3[alliance.KindCallbackStatus][cb.ID]) {
		t.Error("the staff note travelled to the kiosk")
	}
	// The inbox of the community it went to lists it.
	list, _, err := p.db.Inbox(ctx, hub.InboxFilter{Community: "zhanshan", Status: "open"})
	if err != nil || len(list) != 1 || list[0].OriginCommunity != "yanchenglu" {
		t.Errorf("zhanshan's inbox: %+v, %v", list, err)
	}
}

func containsNote(b []byte) bool {
	var m map[string]any
	json.Unmarshal(b, &m)
	_, ok := m["note"]
	return ok
}

// Raising an event's capacity confirms the waitlist, strictly in order.
func TestRaisingCapacityPromotesTheWaitlist(t *testing.T) {
	p := newPushHub(t)
	ctx := context.Background()
	kiosk := enrolled(t, p.db, "k1", "yanchenglu")
	e := p.event
	e.Capacity = 2
	if _, err := p.db.Publish(ctx, "console", e); err != nil {
		t.Fatal(err)
	}
	a, b, c, d := signUp(e.ID, "13800000001", 1), signUp(e.ID, "13800000002", 1), signUp(e.ID, "13800000003", 2), signUp(e.ID, "13800000004", 1)
	p.accept(t, kiosk, record(t, 1, a), record(t, 2, b), record(t, 3, c), record(t, 4, d))
	e.Capacity = 4 // room for c (2), not for d after it
	if _, err := p.db.Publish(ctx, "console", e); err != nil {
		t.Fatal(err)
	}
	status := map[string]alliance.SignUpStatus{}
	roster, err := p.db.Roster(ctx, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range roster {
		status[r.ID] = r.Status
	}
	if status[c.ID] != alliance.SignUpConfirmed || status[d.ID] != alliance.SignUpWaitlisted {
		t.Errorf("after raising to 4: c %s, d %s", status[c.ID], status[d.ID])
	}
	got, err := p.db.EventByID(ctx, e.ID)
	if err != nil || got.Taken != 4 {
		t.Errorf("taken %d, want 4 (%v)", got.Taken, err)
	}
	// A no-show frees her place for d.
	if err := p.db.CancelFor(ctx, a.ID, alliance.ReasonNoShow); err != nil {
		t.Fatal(err)
	}
	roster, _ = p.db.Roster(ctx, e.ID)
	for _, r := range roster {
		if r.ID == d.ID && r.Status != alliance.SignUpConfirmed {
			t.Errorf("after a no-show, d is %s", r.Status)
		}
		if r.ID == a.ID && (r.Status != alliance.SignUpCancelled || r.Reason != alliance.ReasonNoShow) {
			t.Errorf("the no-show is %s (%s)", r.Status, r.Reason)
		}
	}
}

// An anonymous suggestion keeps no phone at the hub, in the inbox or in
// the stored record.
func TestAnonymousKeepsNoPhone(t *testing.T) {
	p := newPushHub(t)
	ctx := context.Background()
	kiosk := enrolled(t, p.db, "k1", "yanchenglu")
	s := suggestion("yanchenglu")
	s.Anonymous, s.CallbackPhone, s.ConsentVersion = true, "13812345678", "c1"
	p.accept(t, kiosk, record(t, 1, s))
	got, err := p.db.SuggestionByID(ctx, s.ID)
	if err != nil || got.CallbackPhone != "" || !got.Anonymous {
		t.Errorf("inbox: %+v, %v", got, err)
	}
	// Pushed again (the connection was cut), it is a duplicate, not a conflict.
	if out := p.accept(t, kiosk, record(t, 1, s)); len(out.Refused) != 0 {
		t.Errorf("the same anonymous suggestion again: %+v", out.Refused)
	}
	if n := countPayloadsWith(t, p.db, "13812345678"); n != 0 {
		t.Errorf("the phone is in %d stored records", n)
	}
}

func countPayloadsWith(t *testing.T, db *hub.DB, s string) int {
	t.Helper()
	var buf []byte
	w := &sliceWriter{&buf}
	if err := db.Backup(context.Background(), w); err != nil {
		t.Fatal(err)
	}
	n := 0
	for i := 0; i+len(s) <= len(buf); i++ {
		if string(buf[i:i+len(s)]) == s {
			n++
		}
	}
	return n
}

type sliceWriter struct{ b *[]byte }

func (w *sliceWriter) Write(p []byte) (int, error) { *w.b = append(*w.b, p...); return len(p), nil }

// Retention deletes done call-backs, answered suggestions with their
// lookups on every kiosk, and the audit lines about them.
func TestRetentionOfConsoleData(t *testing.T) {
	p := newPushHub(t)
	ctx := context.Background()
	kiosk := enrolled(t, p.db, "k1", "yanchenglu")
	s := suggestion("yanchenglu")
	cb := &alliance.CallbackRequest{ID: uuid.NewString(), Community: "yanchenglu", Phone: "13812345678", ConsentVersion: "c1",
		Created: time.Now(), Receipt: "123456"}
	p.accept(t, kiosk, record(t, 1, s), record(t, 2, cb))
	if err := p.db.Reply(ctx, s.ID, "好的", "社区", ""); err != nil {
		t.Fatal(err)
	}
	if err := p.db.SetCallbackStatus(ctx, cb.ID, alliance.CallbackDone, ""); err != nil {
		t.Fatal(err)
	}
	for _, subj := range []string{"suggestion:" + s.ID, "callback:" + cb.ID, "post:x"} {
		if err := p.db.Audit(ctx, hub.AuditEntry{Login: "wang", Action: "phone.reveal", Subject: subj}); err != nil {
			t.Fatal(err)
		}
	}
	lookups := pull(t, p.db, kiosk, 3)[alliance.KindReplyLookup]
	if len(lookups) != 1 {
		t.Fatalf("%d lookups", len(lookups))
	}
	cursor, err := p.db.LogEnd(ctx)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	p.db.Now = func() time.Time { return now.Add(31 * 24 * time.Hour) }
	if _, err := p.db.Retain(ctx, 30*24*time.Hour); err != nil {
		t.Fatal(err)
	}
	if _, err := p.db.SuggestionByID(ctx, s.ID); !errors.Is(err, alliance.ErrNotFound) {
		t.Errorf("the answered suggestion is kept: %v", err)
	}
	if _, err := p.db.CallbackByID(ctx, cb.ID); !errors.Is(err, alliance.ErrNotFound) {
		t.Errorf("the call-back done is kept: %v", err)
	}
	b, err := p.db.BatchFor(ctx, kiosk, 3, cursor, 2000, false)
	if err != nil {
		t.Fatal(err)
	}
	gone := false
	for _, it := range b.Items {
		for id := range lookups {
			gone = gone || (it.ID == id && it.Kind == alliance.KindReplyLookup && it.Deleted)
		}
	}
	if !gone {
		t.Error("no tombstone for the lookup")
	}
	log, _, err := p.db.AuditLog(ctx, hub.AuditFilter{Action: "phone.reveal"})
	if err != nil || len(log) != 1 || log[0].Subject != "post:x" {
		t.Errorf("audit after retention: %+v, %v", log, err)
	}
}

// Users: a one-time link sets the password once; sessions end at logout.
func TestUsersAndSessions(t *testing.T) {
	db := testutil.OpenHub(t)
	ctx := context.Background()
	if _, err := db.ImportPack(ctx, testutil.SamplePack(t)); err != nil {
		t.Fatal(err)
	}
	if _, _, err := db.AddUser(ctx, "w", "王丽", hub.RoleStaff, ""); err == nil {
		t.Error("staff without a community")
	}
	if _, _, err := db.AddUser(ctx, "w", "王丽", hub.RoleStaff, "nowhere"); !errors.Is(err, hub.ErrUnknownCommunity) {
		t.Errorf("staff of an unknown community: %v", err)
	}
	u, token, err := db.AddUser(ctx, "wang", "王丽", hub.RoleStaff, "yanchenglu")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := db.Login(ctx, "wang", "", "a"); !errors.Is(err, hub.ErrBadLogin) {
		t.Error("a user without a password logs in")
	}
	if _, err := db.SetPassword(ctx, token, "short"); !errors.Is(err, hub.ErrWeakSecret) {
		t.Error("a short password")
	}
	if _, err := db.SetPassword(ctx, token, "a long enough password"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SetPassword(ctx, token, "another long password"); !errors.Is(err, hub.ErrUnauthorized) {
		t.Error("the link works twice")
	}
	got, session, err := db.Login(ctx, "WANG", "a long enough password", "a")
	if err != nil || got.ID != u.ID {
		t.Fatalf("login: %+v, %v", got, err)
	}
	if su, err := db.SessionUser(ctx, session); err != nil || su.ID != u.ID || su.Login != "wang" || su.Name != "王丽" ||
		su.Role != hub.RoleStaff || su.Community != "yanchenglu" || !su.HasPassword || su.LastLogin.IsZero() {
		t.Fatalf("the session's user: %+v, %v", su, err)
	}
	if err := db.Logout(ctx, session); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SessionUser(ctx, session); !errors.Is(err, hub.ErrNoSession) {
		t.Errorf("after logout: %v", err)
	}
	// Sessions end when idle.
	_, session, _ = db.Login(ctx, "wang", "a long enough password", "a")
	now := time.Now()
	db.Now = func() time.Time { return now.Add(hub.SessionIdle + time.Minute) }
	if _, err := db.SessionUser(ctx, session); !errors.Is(err, hub.ErrNoSession) {
		t.Errorf("an idle session: %v", err)
	}
}

// The inbox says how many suggestions match on every page, whether it
// counts them or the page holds the last of them.
func TestInboxCounts(t *testing.T) {
	p := newPushHub(t)
	ctx := context.Background()
	kiosk := enrolled(t, p.db, "k1", "yanchenglu")
	for i := range 7 {
		p.accept(t, kiosk, record(t, int64(i+1), suggestion("yanchenglu")))
	}
	p.accept(t, kiosk, record(t, 8, suggestion("zhanshan")))
	for _, tc := range []struct {
		limit, offset, rows, total int
	}{
		{0, 0, 7, 7}, {3, 0, 3, 7}, {3, 3, 3, 7}, {3, 6, 1, 7}, {3, 9, 0, 7}, {10, 0, 7, 7}, {7, 0, 7, 7},
	} {
		t.Run(fmt.Sprintf("limit %d offset %d", tc.limit, tc.offset), func(t *testing.T) {
			list, total, err := p.db.Inbox(ctx, hub.InboxFilter{Community: "yanchenglu", Limit: tc.limit, Offset: tc.offset})
			if err != nil || len(list) != tc.rows || total != tc.total {
				t.Errorf("%d rows of %d, %v; want %d of %d", len(list), total, err, tc.rows, tc.total)
			}
		})
	}
}
