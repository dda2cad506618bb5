package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	_ "github.com/mattn/go-sqlite3"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/assets"
	"github.com/shinan-alliance/alliance/hub"
	"github.com/shinan-alliance/alliance/hub/console"
	"github.com/shinan-alliance/alliance/pack"
)

func main() {
	posts := flag.Int("posts", 100_000, "posts in the hub")
	suggestions := flag.Int("suggestions", 50_000, "suggestions in the hub")
	kiosks := flag.Int("kiosks", 2_000, "kiosks enrolled")
	signups := flag.Int("signups", 600, "sign-ups on the measured event's roster")
	n := flag.Int("n", 200, "requests per page")
	only := flag.String("page", "", "measure only the pages whose name contains this")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the page requests to this `file`")
	cache := flag.String("cache", "", "keep the filled database in this `file` and start from a copy of it when it is there (for repeated runs with the same sizes)")
	flag.Parse()
	log.SetFlags(0)
	dir, err := os.MkdirTemp("", "console-bench-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	ctx := context.Background()
	path := filepath.Join(dir, "hub.db")
	event := "bench-event"
	if *cache != "" && exists(*cache) {
		if err := copyFile(*cache, path); err != nil {
			log.Fatal(err)
		}
		fmt.Printf("the hub from %s\n\n", *cache)
	} else {
		t0 := time.Now()
		event = build(ctx, path, *posts, *suggestions, *kiosks, *signups)
		fmt.Printf("filled the hub: %d posts, %d suggestions, %d kiosks, %d sign-ups in %.1fs\n\n", *posts, *suggestions, *kiosks, *signups, time.Since(t0).Seconds())
		if *cache != "" {
			if err := copyFile(path, *cache); err != nil {
				log.Fatal(err)
			}
		}
	}

	db, err := hub.Open(path)
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	staff := session(ctx, db, "wang", hub.RoleStaff, "yanchenglu")
	operator := session(ctx, db, "admin", hub.RoleOperator, "")
	c := &console.Console{DB: db}
	h := c.Handler()
	raw, err := sql.Open("sqlite3", "file:"+path+"?mode=ro&_busy_timeout=5000")
	if err != nil {
		log.Fatal(err)
	}
	defer raw.Close()

	now := time.Now()
	overdue := hub.WorkingDaysBefore(now, 3)
	type page struct {
		name, who, path string
		query           string
		args            []any
	}
	staffInbox, staffArgs := hub.InboxQuery(hub.InboxFilter{Community: "yanchenglu", Status: "open", Limit: 50})
	allInbox, allArgs := hub.InboxQuery(hub.InboxFilter{Status: "open", Limit: 50})
	overdueQ, overdueArgs := hub.InboxQuery(hub.InboxFilter{Status: "overdue", OverdueBefore: overdue, Limit: 50})
	kioskQ, kioskArgs := hub.KioskQuery(hub.KioskFilter{Limit: 100}, now)
	failingQ, failingArgs := hub.KioskQuery(hub.KioskFilter{State: hub.KioskFailing, Limit: 100}, now)
	pages := []page{
		{"inbox, one community (staff)", staff, "/suggestions", staffInbox, staffArgs},
		{"inbox, all communities (operator)", operator, "/suggestions?c=", allInbox, allArgs},
		{"inbox, overdue, all (operator)", operator, "/suggestions?c=&status=overdue", overdueQ, overdueArgs},
		{"roster, 600 sign-ups (staff)", staff, "/events/" + event + "/roster", hub.RosterQuery, []any{event}},
		{"kiosks, 2,000 (operator)", operator, "/kiosks", kioskQ, kioskArgs},
		{"kiosks, failing (operator)", operator, "/kiosks?state=failing", failingQ, failingArgs},
	}
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			log.Fatal(err)
		}
		pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}
	// The requests run one at a time on this goroutine, locked to its
	// thread, so that the thread's CPU time is the request's.
	runtime.LockOSThread()
	const warm = 30 // requests before measuring: caches filled, statements compiled
	head := func(what string) {
		fmt.Printf("%-36s %10s %10s %12s %12s %9s %9s\n", what, "page p50", "page p95", "bare SQL p50", "bare SQL p95", "ratio p50", "ratio p95")
	}
	line := func(name string, pageT, sqlT []time.Duration, check bool) {
		p50, p95 := pct(pageT, 50), pct(pageT, 95)
		s50, s95 := pct(sqlT, 50), pct(sqlT, 95)
		flag := ""
		if check && (p95 > 50*time.Millisecond || p95 > 5*s95) {
			flag = "  over target"
		}
		fmt.Printf("%-36s %10s %10s %12s %12s %8.1f× %8.1f×%s\n", name, ms(p50), ms(p95), ms(s50), ms(s95), ratio(p50, s50), ratio(p95, s95), flag)
	}
	type result struct {
		name                        string
		page, bare, pageCPU, sqlCPU []time.Duration
	}
	var results []result
	head("page (wall time)")
	for _, pg := range pages {
		if !strings.Contains(pg.name, *only) {
			continue
		}
		res := result{name: pg.name}
		runtime.GC() // the garbage of what ran before is not this page's
		for i := range *n + warm {
			r := httptest.NewRequest("GET", console.Base+pg.path, nil)
			r.AddCookie(&http.Cookie{Name: console.CookieName, Value: pg.who})
			w := httptest.NewRecorder()
			c0, t := threadCPU(), time.Now()
			h.ServeHTTP(w, r)
			d, dc := time.Since(t), threadCPU()-c0
			if w.Code != http.StatusOK {
				log.Fatalf("%s: %d %s", pg.name, w.Code, w.Body.String()[:min(300, w.Body.Len())])
			}
			c0, t = threadCPU(), time.Now()
			rows := bare(raw, pg.query, pg.args)
			ds, dsc := time.Since(t), threadCPU()-c0
			if rows == 0 {
				log.Fatalf("%s: the bare query returns nothing", pg.name)
			}
			if i >= warm {
				res.page, res.bare = append(res.page, d), append(res.bare, ds)
				res.pageCPU, res.sqlCPU = append(res.pageCPU, dc), append(res.sqlCPU, dsc)
			}
		}
		line(pg.name, res.page, res.bare, true)
		results = append(results, res)
	}
	fmt.Println()
	head("page (CPU time of the thread)")
	for _, res := range results {
		line(res.name, res.pageCPU, res.sqlCPU, false)
	}
	fmt.Println("\npage: the handler's whole time for one request (session, policy, queries, template, the response written), one request at a time;")
	fmt.Println("bare SQL: the list query the page runs, the same SQL and arguments, rows scanned, on a read-only connection of its own.")
	fmt.Println("Wall time is what the targets are about (p95 ≤ 50 ms and ≤ 5× the bare query); on a shared machine it")
	fmt.Println("carries the waits for a core, and CPU time shows the work alone.")
}

func ratio(a, b time.Duration) float64 {
	if b <= 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// build makes a hub database at path with the sample pack and the bulk
// rows; it returns the measured event's id.
func build(ctx context.Context, path string, posts, suggestions, kiosks, signups int) string {
	db, err := hub.Open(path)
	if err != nil {
		log.Fatal(err)
	}
	p, err := pack.Load(ctx, assets.SamplePack())
	if err != nil {
		log.Fatal(err)
	}
	if _, err := db.ImportPack(ctx, p); err != nil {
		log.Fatal(err)
	}
	var communities []string
	for _, a := range p.Accounts {
		if a.Kind == alliance.Community {
			communities = append(communities, a.ID)
		}
	}
	if err := db.Close(); err != nil {
		log.Fatal(err)
	}
	return fill(path, communities, posts, suggestions, kiosks, signups)
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// copyFile copies a closed database file (fill leaves no WAL behind: its
// last connection checkpoints on close).
func copyFile(from, to string) error {
	b, err := os.ReadFile(from)
	if err != nil {
		return fmt.Errorf("copy %s: %w", from, err)
	}
	return os.WriteFile(to, b, 0o600)
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d.Microseconds())/1000) }

func pct(ds []time.Duration, p int) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[min(len(s)-1, len(s)*p/100)]
}

// bare runs a query and scans every column of every row.
func bare(db *sql.DB, q string, args []any) int {
	rows, err := db.Query(q, args...)
	if err != nil {
		log.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	n := 0
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			log.Fatal(err)
		}
		n++
	}
	return n
}

func session(ctx context.Context, db *hub.DB, login string, role hub.Role, community string) string {
	_, token, err := db.AddUser(ctx, login, login, role, community)
	if err != nil {
		log.Fatal(err)
	}
	if _, err := db.SetPassword(ctx, token, "bench password 1"); err != nil {
		log.Fatal(err)
	}
	_, s, err := db.Login(ctx, login, "bench password 1", "127.0.0.1")
	if err != nil {
		log.Fatal(err)
	}
	return s
}

// fill writes the bulk rows straight into the database, in one
// transaction: the pages read them like any other.
func fill(path string, communities []string, posts, suggestions, kiosks, signups int) string {
	db, err := sql.Open("sqlite3", "file:"+path+"?_busy_timeout=5000&_txlock=immediate")
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	tx, err := db.Begin()
	if err != nil {
		log.Fatal(err)
	}
	must := func(_ sql.Result, err error) {
		if err != nil {
			log.Fatal(err)
		}
	}
	var seq int64
	if err := tx.QueryRow("SELECT max(seq) FROM items").Scan(&seq); err != nil {
		log.Fatal(err)
	}
	now := time.Now()
	ins, _ := tx.Prepare("INSERT INTO items (kind, id, seq, origin, hash, data) VALUES ('post', ?, ?, 'pack:bench', ?, ?)")
	for i := range posts {
		seq++
		data, _ := json.Marshal(alliance.Post{ID: fmt.Sprintf("bench-%06d", i), Account: communities[i%len(communities)], Column: alliance.ColNotice,
			Title: fmt.Sprintf("第%d号通知：停水停电安排", i), Body: strings.Repeat("社区通知正文。", 40), Published: now.Add(-time.Duration(i) * time.Minute).UTC().Truncate(time.Second)})
		must(ins.Exec(fmt.Sprintf("bench-%06d", i), seq, fmt.Sprintf("%032x", i), data))
	}
	kins, _ := tx.Prepare(`INSERT INTO kiosks (id, name, community, created, last_seen, app, cursor, backlog, error_code, error_text, failing_since, revoked)
		VALUES (?, ?, ?, 1, ?, '0.3.0', ?, ?, ?, ?, ?, ?)`)
	var kioskIDs []string
	for i := range kiosks {
		id := uuid.NewString()
		kioskIDs = append(kioskIDs, id)
		seen, code, text, since, revoked := now.Add(-time.Duration(i%30)*time.Hour).Unix(), "", "", int64(0), i%97 == 0
		switch {
		case i%50 == 0:
			code, text, since = "network", "connect to hub: i/o timeout", now.Add(-40*time.Hour).Unix()
		case i%23 == 0:
			seen = now.Add(-72 * time.Hour).Unix()
		case i%41 == 0:
			seen = 0
		}
		must(kins.Exec(id, fmt.Sprintf("%s-%d", communities[i%len(communities)], i), communities[i%len(communities)], seen, seq-int64(i%5), i%7, code, text, since, revoked))
	}
	sins, _ := tx.Prepare(`INSERT INTO suggestions (id, kiosk, community, origin_community, status, replies, updated, closed, category, body,
		anonymous, callback_phone, receipt, created, received) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	statuses := []string{"received", "received", "in_progress", "answered", "answered", "closed", "transferred", "duplicate"}
	for i := range suggestions {
		st := statuses[i%len(statuses)]
		received := now.Add(-time.Duration(i) * 7 * time.Minute).Unix()
		replies := "[]"
		if st == "answered" || st == "closed" {
			replies = `[{"id":"r","body":"已安排维修，谢谢您。","by":"社区居委会","created":"2026-11-01T00:00:00Z"}]`
		}
		phone := ""
		if i%3 == 0 {
			phone = "13812345678"
		}
		c := communities[i%len(communities)]
		must(sins.Exec(uuid.NewString(), kioskIDs[i%len(kioskIDs)], c, c, st, replies, received, 0, alliance.SuggestionCategories[i%6],
			"楼道的灯坏了好几天了，晚上看不清台阶，希望尽快修好。", i%11 == 0, phone, fmt.Sprintf("%06d", i%1_000_000), received, received))
	}
	// The event whose roster is measured: 600 sign-ups from 40 kiosks.
	start := now.Add(72 * time.Hour).UTC().Truncate(time.Second)
	ev := alliance.Event{ID: "bench-event", Community: "yanchenglu", Title: "冬至包饺子", Starts: start, Ends: start.Add(2 * time.Hour),
		Capacity: 400, Waitlist: true, Status: alliance.EventOpen}
	data, _ := json.Marshal(ev)
	seq++
	must(tx.Exec("INSERT INTO items (kind, id, seq, origin, hash, data) VALUES ('event', ?, ?, 'console', 'x', ?)", ev.ID, seq, data))
	suins, _ := tx.Prepare(`INSERT INTO signups (id, kiosk, event_id, party, status, arrival, decided, ends, name, phone, receipt, created)
		VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?, '13912345678', '123456', ?)`)
	for i := range signups {
		st := "confirmed"
		if i >= 400 {
			st = "waitlisted"
		}
		must(suins.Exec(uuid.NewString(), kioskIDs[i%40], ev.ID, st, i+1, now.Unix(), start.Unix(), []string{"王", "李", "张", "刘", "陈"}[i%5]+"女士", now.Unix()))
	}
	if err := tx.Commit(); err != nil {
		log.Fatal(err)
	}
	if _, err := db.Exec("ANALYZE"); err != nil {
		log.Fatal(err)
	}
	return ev.ID
}
