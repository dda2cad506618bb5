package hub

import (
	"context"
	"log/slog"
	"time"
)

// Maintenance is the hub's housekeeping while it serves: residents'
// personal data deleted once its retention period is over (Retain, every
// RetainEvery), and deletions older than PurgeAfter forgotten so the
// change log does not grow for ever (PurgeTombstones, at start and every
// PurgeEvery). Run it beside the Server; the hub owns it, not the command
// that starts it.
type Maintenance struct {
	DB     *DB
	Logger *slog.Logger
	// Retain is how long personal data is kept after its event ended or
	// its suggestion was closed (store.DefaultRetention).
	Retain time.Duration
	// PurgeAfter is how long deletions are remembered; kiosks further
	// behind get a fresh snapshot. 0: never purge.
	PurgeAfter time.Duration
	// RetainEvery and PurgeEvery default to an hour and a day.
	RetainEvery, PurgeEvery time.Duration
	// Done, if set, is told after each pass (tests, metrics).
	Done func(RetentionStats, int)
}

// Run does a first pass at once, then one every interval, until ctx ends.
// A failed pass is logged and tried again at the next interval: it never
// stops the hub.
func (m *Maintenance) Run(ctx context.Context) {
	if m.Logger == nil {
		m.Logger = slog.Default()
	}
	if m.RetainEvery <= 0 {
		m.RetainEvery = time.Hour
	}
	if m.PurgeEvery <= 0 {
		m.PurgeEvery = 24 * time.Hour
	}
	var lastPurge time.Time
	for {
		purged := 0
		if m.PurgeAfter > 0 && (lastPurge.IsZero() || time.Since(lastPurge) >= m.PurgeEvery) {
			lastPurge = time.Now()
			n, err := m.DB.PurgeTombstones(ctx, m.PurgeAfter)
			switch {
			case err != nil && ctx.Err() == nil:
				m.Logger.Error("purge old deletions", "err", err)
			case n > 0:
				purged = n
				m.Logger.Info("purged old deletions", "count", n)
			}
		}
		st, err := m.DB.Retain(ctx, m.Retain)
		switch {
		case err != nil && ctx.Err() == nil:
			m.Logger.Error("retention", "err", err)
		case st.Records > 0:
			m.Logger.Info("retention deleted personal data", "signups", st.SignUps, "suggestions", st.Suggestions, "records", st.Records)
		}
		if m.Done != nil {
			m.Done(st, purged)
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(m.RetainEvery):
		}
	}
}
