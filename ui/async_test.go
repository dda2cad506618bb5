package ui_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/shinan-alliance/alliance/store"
	"github.com/shinan-alliance/alliance/ui"
)

// gate lets a test decide when a piece of background work may finish.
type gate struct {
	mu sync.Mutex
	ch map[string]chan struct{}
}

func (g *gate) wait(ctx context.Context, key string) error {
	g.mu.Lock()
	if g.ch == nil {
		g.ch = map[string]chan struct{}{}
	}
	c, ok := g.ch[key]
	if !ok {
		c = make(chan struct{})
		g.ch[key] = c
	}
	g.mu.Unlock()
	select {
	case <-c:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (g *gate) open(key string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.ch == nil {
		g.ch = map[string]chan struct{}{}
	}
	c, ok := g.ch[key]
	if !ok {
		c = make(chan struct{})
		g.ch[key] = c
	}
	select {
	case <-c:
	default:
		close(c)
	}
}

// A search runs off the screen's goroutine: the screen says 正在搜索 at
// once, and results of a search overtaken by a newer one are dropped.
func TestSearchRunsInTheBackground(t *testing.T) {
	k := newKiosk(t)
	var g gate
	k.SetSearchForTest(func(ctx context.Context, q store.SearchQuery) ([]store.Hit, error) {
		if err := g.wait(ctx, q.Text); err != nil {
			return nil, err
		}
		return []store.Hit{{Kind: "post", Ref: "p-" + q.Text, Title: "结果：" + q.Text}}, nil
	})
	k.tap(k.tr("tile.search"))
	first, second := k.tr("search.s1"), k.tr("search.s2")
	k.tap(first) // would block here, were the search run on this goroutine
	if !strings.Contains(k.texts(), k.tr("search.searching")) {
		t.Fatalf("no 正在搜索 while the search runs: %s", k.texts())
	}
	k.tap(second)
	g.open(first)
	k.settle()
	if strings.Contains(k.texts(), "结果："+first) {
		t.Errorf("results of an overtaken search are shown: %s", k.texts())
	}
	if !strings.Contains(k.texts(), k.tr("search.searching")) {
		t.Errorf("the newer search no longer shows as running: %s", k.texts())
	}
	g.open(second)
	k.settle()
	if got := k.texts(); !strings.Contains(got, "结果："+second) || strings.Contains(got, k.tr("search.searching")) {
		t.Errorf("want the second search's results: %s", got)
	}
}

// The real search, given a pasted page of text in the field, answers
// quickly and the screen stays usable meanwhile.
func TestLongQueryOnTheSearchScreen(t *testing.T) {
	k := newKiosk(t)
	k.tap(k.tr("tile.search"))
	entry := findFirst[*widget.Entry](k, "search field")
	long := strings.Repeat("社区服务中心老年人活动报名通知，", 1100)
	t0 := time.Now()
	entry.SetText(long)
	t1 := time.Now()
	k.tap(k.tr("search.go"))
	t2 := time.Now()
	k.settle()
	if d := t2.Sub(t1); d > time.Second {
		t.Errorf("the tap took %v", d)
	}
	if d := time.Since(t2); d > 2*time.Second {
		t.Errorf("the search and drawing its outcome took %v (typing it: %v)", d, t1.Sub(t0))
	}
	if strings.Contains(k.texts(), k.tr("search.searching")) {
		t.Errorf("still searching after the results came: %s", k.texts())
	}
}

// fakeSyncer is a hub connection whose answers the test lets through.
type fakeSyncer struct {
	g            gate
	joins, syncs atomic.Int32
	joinErr      error
	status       ui.SyncStatus
}

func (f *fakeSyncer) Status(ctx context.Context) (ui.SyncStatus, error) {
	if err := f.g.wait(ctx, "status"); err != nil {
		return ui.SyncStatus{}, err
	}
	return f.status, nil
}

func (f *fakeSyncer) SyncNow(ctx context.Context, progress func(done, total int)) error {
	f.syncs.Add(1)
	progress(1, 2)
	return f.g.wait(ctx, "sync")
}

func (f *fakeSyncer) Join(ctx context.Context, hubURL, code string) error {
	f.joins.Add(1)
	if err := f.g.wait(ctx, "join"); err != nil {
		return err
	}
	return f.joinErr
}

// The staff panel reads the status, joins and syncs in the background,
// says what is under way, and does not start the same thing twice.
func TestStaffPanelWaitsInTheBackground(t *testing.T) {
	k := newKiosk(t)
	f := &fakeSyncer{status: ui.SyncStatus{Hub: "https://hub.example"}}
	k.Syncer = f
	if err := k.Open("staff"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(k.texts(), k.tr("staff.loading")) {
		t.Errorf("no 正在读取 while the status is read: %s", k.texts())
	}
	f.g.open("status")
	k.settle()
	if !strings.Contains(k.texts(), "https://hub.example") {
		t.Errorf("the status did not arrive: %s", k.texts())
	}

	k.tap(k.tr("staff.join"))
	if !strings.Contains(k.texts(), k.tr("staff.joining")) {
		t.Fatalf("no 正在加入中心 while joining: %s", k.texts())
	}
	k.tap(k.tr("staff.joining"))
	k.tap(k.tr("staff.sync_now")) // nothing else starts meanwhile
	waitFor(func() bool { return f.joins.Load() >= 1 })
	if n := f.joins.Load(); n != 1 {
		t.Errorf("%d joins started", n)
	}
	if n := f.syncs.Load(); n != 0 {
		t.Errorf("a sync started while joining")
	}
	f.joinErr = errors.New("wrong code")
	f.g.open("join")
	k.settle()
	if !strings.Contains(k.texts(), k.tr("staff.join_failed")) {
		t.Errorf("the failed join is not reported: %s", k.texts())
	}

	k.tap(k.tr("staff.sync_now"))
	waitFor(func() bool { return f.syncs.Load() >= 1 })
	k.settle()
	bar := findFirst[*widget.ProgressBar](k, "progress bar")
	if bar.Value != 0.5 || !strings.Contains(k.texts(), k.tr("staff.syncing")) {
		t.Errorf("while syncing: progress %v, %s", bar.Value, k.texts())
	}
	f.g.open("sync")
	k.settle()
	if !strings.Contains(k.texts(), k.tr("staff.sync_done")) {
		t.Errorf("the sync's end is not reported: %s", k.texts())
	}
}

// A hub that never answers a join is given up: staff are told, and the
// panel can be used again.
func TestJoinTimesOut(t *testing.T) {
	defer ui.SetJoinTimeoutForTest(200 * time.Millisecond)()
	k := newKiosk(t)
	f := &fakeSyncer{}
	f.g.open("status")
	k.Syncer = f
	k.Open("staff")
	k.settle()
	start := time.Now()
	test.Type(findFirst[*widget.Entry](k, "hub address"), "https://nowhere.example")
	k.tap(k.tr("staff.join"))
	if time.Since(start) > time.Second {
		t.Errorf("the tap on 加入中心 waited for the hub")
	}
	time.Sleep(300 * time.Millisecond)
	k.settle()
	if !strings.Contains(k.texts(), k.tr("staff.join_timeout")) {
		t.Errorf("no word of the hub not answering: %s", k.texts())
	}
	k.tap(k.tr("staff.join"))
	waitFor(func() bool { return f.joins.Load() >= 2 })
	if n := f.joins.Load(); n != 2 {
		t.Errorf("joining again: %d joins started, want 2", n)
	}
}

// waitFor gives work started on its own goroutine a moment to get going.
func waitFor(cond func() bool) {
	for i := 0; i < 200 && !cond(); i++ {
		time.Sleep(5 * time.Millisecond)
	}
}
