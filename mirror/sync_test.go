package mirror_test

import (
	"bytes"
	"context"
	"errors"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/internal/testutil"
	"github.com/shinan-alliance/alliance/mirror"
	"github.com/shinan-alliance/alliance/store"
)

// kioskPosts lists every post id the kiosk holds.
func kioskPosts(t *testing.T, db *store.DB) []string {
	var ids []string
	for _, c := range alliance.Columns {
		page := store.Page{Limit: 200}
		for {
			l, err := db.PostsByColumn(context.Background(), c.ID, page)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range l.Posts {
				ids = append(ids, p.ID)
			}
			if l.Next == "" {
				break
			}
			page.After = l.Next
		}
	}
	sort.Strings(ids)
	return ids
}

func TestEndToEnd(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	h := testutil.StartHub(t)
	pack := testutil.SamplePack(t)
	// The hub publishes the sample plus a post of its own; the kiosk starts
	// with the sample it embeds, from which one post has been "withdrawn" on
	// the hub side.
	img := pngBlob(t)
	extra := alliance.Post{ID: "hub-only", Account: "weishinan", Column: alliance.ColNotice, Title: "中心发布的新通知", Body: "元旦期间社区服务安排。", Published: pack.Posts[0].Published, Images: []string{img.SHA256}}
	pack.Posts = append(pack.Posts[1:], extra)
	pack.Blobs = append(pack.Blobs, img)
	withdrawn := testutil.SamplePack(t).Posts[0].ID
	testutil.Import(t, h.DB, pack)

	db := testutil.SampleKiosk(t)
	c := h.Join(t, db, "kiosk-1")
	res := mustSync(t, c)
	if res.Pulled == 0 || res.Blobs != 1 {
		t.Errorf("first sync: got %+v, want items and the one blob the kiosk lacks", res)
	}
	if b, err := db.Blob(ctx, img.SHA256); err != nil || !bytes.Equal(b.Data, img.Data) {
		t.Errorf("fetched blob: got %d bytes, %v", len(b.Data), err)
	}

	// Record by record, the kiosk holds what the hub publishes.
	var want []string
	for _, p := range pack.Posts {
		want = append(want, p.ID)
		got, err := db.Post(ctx, p.ID)
		if err != nil {
			t.Fatalf("post %s: %v", p.ID, err)
		}
		p.Published = p.Published.In(alliance.Location)
		if !p.Expires.IsZero() {
			p.Expires = p.Expires.In(alliance.Location)
		}
		if !reflect.DeepEqual(got, p) {
			t.Errorf("post %s differs:\n got %+v\nwant %+v", p.ID, got, p)
		}
	}
	sort.Strings(want)
	if got := kioskPosts(t, db); !reflect.DeepEqual(got, want) {
		t.Errorf("kiosk holds %d posts, hub publishes %d", len(got), len(want))
	}
	if _, err := db.Post(ctx, withdrawn); !errors.Is(err, alliance.ErrNotFound) {
		t.Errorf("sample post %s not on the hub is still on the kiosk (%v)", withdrawn, err)
	}
	for _, e := range pack.Events {
		got, err := db.Event(ctx, e.ID)
		if err != nil || got.Title != e.Title || !got.Starts.Equal(e.Starts) || got.Capacity != e.Capacity {
			t.Errorf("event %s: got %+v, %v", e.ID, got, err)
		}
	}
	counts, _ := db.Counts(ctx)
	if counts.BlobsMissing != 0 {
		t.Errorf("%d blobs missing after sync", counts.BlobsMissing)
	}
	hits, err := db.Search(ctx, store.SearchQuery{Text: "元旦"})
	if err != nil || len(hits) == 0 {
		t.Errorf("hub content is not searchable: %v, %v", hits, err)
	}

	t.Run("nothing new is one small round trip", func(t *testing.T) {
		res := mustSync(t, c)
		if res.RoundTrips != 1 || res.Pulled != 0 || res.BytesIn+res.BytesOut > 2048 {
			t.Errorf("got %+v, want 1 round trip, nothing pulled, under 2 KB", res)
		}
	})

	t.Run("only changes move", func(t *testing.T) {
		p2 := testutil.SamplePack(t)
		p2.Posts = append(p2.Posts[1:], extra)
		p2.Blobs = append(p2.Blobs, img)
		p2.Posts[0].Title = "改过的标题"
		removed := p2.Posts[1].ID
		p2.Posts = append(p2.Posts[:1], p2.Posts[2:]...)
		st := testutil.Import(t, h.DB, p2)
		if st.Updated != 1 || st.Deleted != 1 {
			t.Fatalf("hub import: %v", st)
		}
		res := mustSync(t, c)
		if res.Pulled != 2 {
			t.Errorf("pulled %d items, want the 2 changes", res.Pulled)
		}
		if got, _ := db.Post(ctx, p2.Posts[0].ID); got.Title != "改过的标题" {
			t.Errorf("edited title: got %q", got.Title)
		}
		if _, err := db.Post(ctx, removed); !errors.Is(err, alliance.ErrNotFound) {
			t.Errorf("deleted post still there: %v", err)
		}
	})
	if err := db.IntegrityCheck(ctx); err != nil {
		t.Fatal(err)
	}
}

func TestRefusals(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	h := testutil.StartHub(t)
	testutil.Import(t, h.DB, testutil.SamplePack(t))
	db := testutil.SampleKiosk(t)

	if err := mirror.Join(ctx, db, h.URL, "WRONG-CODE", nil, ""); err == nil {
		t.Error("joined with a wrong code")
	}
	c := h.Join(t, db, "kiosk-1")
	mustSync(t, c)

	t.Run("staff may type the ws:// address", func(t *testing.T) {
		code, _ := h.DB.Enroll(ctx, "kiosk-ws", "zhanshan")
		other := testutil.SampleKiosk(t)
		ws := "ws://" + strings.TrimPrefix(h.URL, "http://") + "/sync"
		if err := mirror.Join(ctx, other, ws, code, nil, ""); err != nil {
			t.Fatal(err)
		}
		c2, _ := mirror.FromStore(ctx, other)
		mustSync(t, c2)
	})

	t.Run("a used code cannot be used again", func(t *testing.T) {
		code, _ := h.DB.Enroll(ctx, "kiosk-2", "zhanshan")
		other := testutil.SampleKiosk(t)
		if err := mirror.Join(ctx, other, h.URL, code, nil, ""); err != nil {
			t.Fatal(err)
		}
		if err := mirror.Join(ctx, other, h.URL, code, nil, ""); err == nil {
			t.Error("the same code worked twice")
		}
	})

	t.Run("revoked at once", func(t *testing.T) {
		if err := h.DB.Revoke(ctx, "kiosk-1"); err != nil {
			t.Fatal(err)
		}
		_, err := c.Sync(ctx)
		var re *mirror.RefusedError
		if !errors.As(err, &re) || re.Code != "unauthorized" {
			t.Errorf("got %v, want an unauthorized refusal", err)
		}
		st, _ := db.SyncState(ctx)
		if st[store.StateLastError] == "" {
			t.Error("the failure is not recorded for staff")
		}
	})
}

func TestDecisionsFlowBack(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	h := testutil.StartHub(t)
	p := testutil.SamplePack(t)
	testutil.Import(t, h.DB, p)
	db := testutil.SampleKiosk(t)
	c := h.Join(t, db, "kiosk-1")
	mustSync(t, c)

	evs, _ := db.UpcomingEvents(ctx, "", 100)
	var ev alliance.Event
	for _, e := range evs {
		if e.Status == alliance.EventOpen && e.PlacesLeft() > 2 {
			ev = e
			break
		}
	}
	s := alliance.SignUp{EventID: ev.ID, Name: "王女士", Phone: "13812345678", PartySize: 1, ConsentVersion: "v1", KioskID: c.KioskID}
	if err := db.SaveSignUp(ctx, &s); err != nil {
		t.Fatal(err)
	}
	sg := alliance.Suggestion{Community: "yanchenglu", Category: "environment", Phrases: []string{"路灯坏了"}, ConsentVersion: "v1", KioskID: c.KioskID}
	if err := db.SaveSuggestion(ctx, &sg); err != nil {
		t.Fatal(err)
	}
	res := mustSync(t, c)
	if res.Pushed != 2 {
		t.Errorf("pushed %d, want 2", res.Pushed)
	}
	got, _ := db.SignUpByReceipt(ctx, "13812345678", s.Receipt)
	if got.Status != alliance.SignUpConfirmed {
		t.Errorf("sign-up status: got %s, want confirmed", got.Status)
	}
	after, _ := db.Event(ctx, ev.ID)
	if after.Taken != ev.Taken+1 {
		t.Errorf("event taken: got %d, want %d", after.Taken, ev.Taken+1)
	}
	if err := h.DB.Reply(ctx, sg.ID, "已安排维修，周五前修好。", "盐城路社区居委会", alliance.SuggestionAnswered); err != nil {
		t.Fatal(err)
	}
	mustSync(t, c)
	back, _ := db.SuggestionByReceipt(ctx, sg.Receipt)
	if back.Status != alliance.SuggestionAnswered || len(back.Replies) != 1 || back.Replies[0].Body != "已安排维修，周五前修好。" {
		t.Errorf("suggestion after reply: got %s %+v", back.Status, back.Replies)
	}
	if n, _ := db.OutboxBacklog(ctx); n != 0 {
		t.Errorf("outbox backlog %d after sync", n)
	}
}

// A kiosk offline for longer than the hub keeps deletions gets a reset and
// a fresh snapshot, in small batches, and ends equal to the hub.
func TestResetAfterLongAbsence(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	h := testutil.StartHub(t)
	h.Server.BatchItems = 40 // the snapshot spans several batches
	testutil.Import(t, h.DB, testutil.SamplePack(t))
	db := testutil.SampleKiosk(t)
	c := h.Join(t, db, "kiosk-away")
	mustSync(t, c)

	p := testutil.SamplePack(t)
	gone := p.Posts[3].ID
	p.Posts = append(p.Posts[:3], p.Posts[4:]...)
	testutil.Import(t, h.DB, p)
	h.DB.Now = func() time.Time { return time.Now().Add(100 * 24 * time.Hour) }
	if n, err := h.DB.PurgeTombstones(ctx, 90*24*time.Hour); err != nil || n != 1 {
		t.Fatalf("purge: %d, %v", n, err)
	}
	res := mustSync(t, c)
	if !res.Reset {
		t.Error("no reset for a kiosk behind the horizon")
	}
	if _, err := db.Post(ctx, gone); !errors.Is(err, alliance.ErrNotFound) {
		t.Errorf("post deleted while the kiosk was away is still there: %v", err)
	}
	var want []string
	for _, p := range p.Posts {
		want = append(want, p.ID)
	}
	sort.Strings(want)
	if got := kioskPosts(t, db); !reflect.DeepEqual(got, want) {
		t.Errorf("after the snapshot the kiosk holds %d posts, the hub %d", len(got), len(want))
	}
	if res := mustSync(t, c); res.Reset || res.Pulled != 0 {
		t.Errorf("the sync after the snapshot: %+v, want nothing to do", res)
	}
}
