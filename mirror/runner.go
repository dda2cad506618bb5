package mirror

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/shinan-alliance/alliance/store"
)

// DefaultJitter spreads each scheduled sync over a random delay up to this
// long, so the kiosks of a district do not all call at once.
const DefaultJitter = 30 * time.Minute

// Runner is a kiosk's sync as a program runs it: on a schedule (district
// time), and at once when staff ask, one sync at a time whichever started
// it. The kiosk program and "alliance-sync daemon" both run one.
type Runner struct {
	db      *store.DB
	schedMu sync.Mutex // guards sched, replaced when staff change the hour
	sched   *Scheduler
	mu      sync.Mutex // one sync at a time
}

// NewRunner makes a runner for the kiosk database db on the cron spec
// (empty: DefaultSchedule), each run delayed by up to jitter.
func NewRunner(db *store.DB, spec string, jitter time.Duration) *Runner {
	r := &Runner{db: db}
	r.sched = &Scheduler{
		Spec:        spec,
		Jitter:      jitter,
		LastSuccess: LastSuccessFrom(db),
		Sync:        r.scheduled,
	}
	return r
}

// scheduled is one scheduled sync, logged when it succeeds (the scheduler
// logs failures and retries).
func (r *Runner) scheduled(ctx context.Context) error {
	res, err := r.SyncNow(ctx, nil)
	if err == nil {
		slog.Info("sync done", "received", res.Pulled, "sent", res.Pushed, "blobs", res.Blobs)
	}
	return err
}

// Start begins the schedule, and runs a sync missed while the kiosk was
// off. A kiosk that has not joined a hub just logs that it is not syncing.
func (r *Runner) Start(ctx context.Context) error {
	r.schedMu.Lock()
	defer r.schedMu.Unlock()
	return r.sched.Start(ctx)
}

// Stop ends the schedule and waits for a scheduled sync that is running.
func (r *Runner) Stop() {
	r.schedMu.Lock()
	defer r.schedMu.Unlock()
	r.sched.Stop()
}

// Restart puts the schedule on a new spec (staff changed the hour). A spec
// that does not parse is refused, and the old schedule keeps running.
func (r *Runner) Restart(ctx context.Context, spec string) error {
	r.schedMu.Lock()
	defer r.schedMu.Unlock()
	r.sched.Stop()
	next := &Scheduler{Spec: spec, Jitter: r.sched.Jitter, LastSuccess: r.sched.LastSuccess, Sync: r.sched.Sync}
	if err := next.Start(ctx); err != nil {
		r.sched.Start(ctx) // keep syncing on the old schedule
		return err
	}
	r.sched = next
	return nil
}

// Next is the next scheduled run (before jitter).
func (r *Runner) Next() time.Time {
	r.schedMu.Lock()
	defer r.schedMu.Unlock()
	return r.sched.Next()
}

// SyncNow does one whole sync with the hub the kiosk joined, reporting
// progress (nil: none); it waits for a sync already running to end first.
func (r *Runner) SyncNow(ctx context.Context, progress func(Progress)) (Result, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	c, err := FromStore(ctx, r.db)
	if err != nil {
		return Result{}, err
	}
	c.Progress = progress
	return c.Sync(ctx)
}
