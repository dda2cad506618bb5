package mirror

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/store"
)

// DefaultSchedule is nightly at 02:00 district time.
const DefaultSchedule = "0 2 * * *"

// Scheduler runs the kiosk's sync on a cron schedule in district time.
//
//   - Each run starts after a random delay within Jitter, so thousands of
//     kiosks on the same schedule do not reach the hub at once.
//   - A failed run retries with exponential backoff (with jitter) until it
//     succeeds or RetryFor has passed.
//   - A run missed while the kiosk was off (the last success is older than
//     the last scheduled time) happens at start-up.
//   - Runs never overlap, and a panicking run is recovered and logged: the
//     next one still happens. The order of the cron chain matters:
//     SkipIfStillRunning hands its "running" token back only when the job
//     returns (robfig/cron v3.0.1 uses no defer there), so Recover must sit
//     inside it. Recover outside would catch the panic, but the token would
//     be lost and every later run skipped; TestSchedulerRecoversFromPanic
//     fails that way.
type Scheduler struct {
	Spec       string
	Jitter     time.Duration
	MinBackoff time.Duration
	MaxBackoff time.Duration
	RetryFor   time.Duration
	// Sync does one sync; it is given a context that ends on Stop.
	Sync func(context.Context) error
	// LastSuccess reports when the last sync succeeded (zero: never).
	LastSuccess func(context.Context) (time.Time, error)
	Logger      *slog.Logger

	cron     *cron.Cron
	schedule cron.Schedule
	ctx      context.Context
	cancel   context.CancelFunc
}

// Start begins scheduling, and runs a missed sync at once.
func (s *Scheduler) Start(ctx context.Context) error {
	if s.Spec == "" {
		s.Spec = DefaultSchedule
	}
	if s.Logger == nil {
		s.Logger = slog.Default()
	}
	if s.MinBackoff == 0 {
		s.MinBackoff = 30 * time.Second
	}
	if s.MaxBackoff == 0 {
		s.MaxBackoff = 30 * time.Minute
	}
	if s.RetryFor == 0 {
		s.RetryFor = 4 * time.Hour
	}
	parser := specParser
	sched, err := parser.Parse(s.Spec)
	if err != nil {
		return fmt.Errorf("sync schedule %q: %w", s.Spec, err)
	}
	s.schedule = sched
	s.ctx, s.cancel = context.WithCancel(ctx)
	logger := cron.VerbosePrintfLogger(slogPrintf{s.Logger})
	s.cron = cron.New(cron.WithLocation(alliance.Location), cron.WithParser(parser),
		cron.WithChain(cron.SkipIfStillRunning(logger), cron.Recover(logger)))
	// Schedule wraps the job in the chain; the start-up run goes through
	// the same wrapped job, so it cannot overlap a scheduled one either.
	id := s.cron.Schedule(sched, cron.FuncJob(func() { s.run(true) }))
	s.cron.Start()
	if s.missed(ctx) {
		s.Logger.Info("sync was missed while the kiosk was off; running it now")
		go s.cron.Entry(id).WrappedJob.Run()
	}
	return nil
}

// Stop stops scheduling and waits for a running sync to end.
func (s *Scheduler) Stop() {
	if s.cancel != nil {
		s.cancel()
	}
	if s.cron != nil {
		<-s.cron.Stop().Done()
	}
}

// Next is the next scheduled run (before jitter).
func (s *Scheduler) Next() time.Time { return s.NextFor(time.Now()) }

// NextFor is the first scheduled run after t, for a scheduler that may not
// have started (zero if the spec does not parse).
func (s *Scheduler) NextFor(t time.Time) time.Time {
	sched := s.schedule
	if sched == nil {
		spec := s.Spec
		if spec == "" {
			spec = DefaultSchedule
		}
		var err error
		if sched, err = specParser.Parse(spec); err != nil {
			return time.Time{}
		}
	}
	return sched.Next(t.In(alliance.Location))
}

var specParser = cron.NewParser(cron.SecondOptional | cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)

// missed reports whether a scheduled time passed since the last success.
func (s *Scheduler) missed(ctx context.Context) bool {
	if s.LastSuccess == nil {
		return false
	}
	last, err := s.LastSuccess(ctx)
	if err != nil {
		return false
	}
	if last.IsZero() {
		return true
	}
	return !s.schedule.Next(last.In(alliance.Location)).After(time.Now())
}

// run is one scheduled run: jitter, then sync with retries.
func (s *Scheduler) run(jitter bool) {
	ctx := s.ctx
	if jitter && s.Jitter > 0 {
		if !sleep(ctx, rand.N(s.Jitter)) {
			return
		}
	}
	deadline := time.Now().Add(s.RetryFor)
	backoff := s.MinBackoff
	for attempt := 1; ; attempt++ {
		err := s.Sync(ctx)
		if err == nil {
			return
		}
		if errors.Is(err, ErrNotJoined) || ctx.Err() != nil {
			s.Logger.Warn("sync not attempted", "reason", err)
			return
		}
		wait := backoff/2 + rand.N(backoff/2+1)
		if time.Now().Add(wait).After(deadline) {
			s.Logger.Error("sync failed; giving up until the next scheduled run", "attempts", attempt, "err", err)
			return
		}
		s.Logger.Warn("sync failed; retrying", "attempt", attempt, "in", wait.Round(time.Second), "err", err)
		if !sleep(ctx, wait) {
			return
		}
		backoff = min(backoff*2, s.MaxBackoff)
	}
}

func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// slogPrintf adapts slog to cron's Printf logger.
type slogPrintf struct{ l *slog.Logger }

func (p slogPrintf) Printf(format string, args ...any) {
	p.l.Info(fmt.Sprintf(format, args...))
}

// LastSuccessFrom reads the last successful sync from the kiosk's state.
func LastSuccessFrom(db *store.DB) func(context.Context) (time.Time, error) {
	return func(ctx context.Context) (time.Time, error) {
		st, err := db.SyncState(ctx)
		if err != nil {
			return time.Time{}, err
		}
		n, _ := strconv.ParseInt(st[store.StateLastSuccess], 10, 64)
		if n == 0 {
			return time.Time{}, nil
		}
		return time.Unix(n, 0), nil
	}
}
