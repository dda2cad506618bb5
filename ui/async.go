package ui

import (
	"context"
	"time"

	"fyne.io/fyne/v2"
)

// Work that waits on the network or the disk (a search, joining a hub, a
// sync, writing to a USB stick) never runs on Fyne's goroutine, which
// would freeze the screen: goWork runs it on its own goroutine with a
// timeout, and hands the outcome back to the screen through App.Do. The
// screen shows that something is under way meanwhile.

// Timeouts of the background work the screens start (variables so that
// tests can shorten them).
var (
	searchTimeout = 10 * time.Second
	joinTimeout   = 30 * time.Second
	statusTimeout = 10 * time.Second
	exportTimeout = 30 * time.Second
	// syncTimeout bounds a sync staff start by hand: a first mirror with
	// its images takes minutes; one that stalls ends on the mirror's own
	// read timeouts much sooner.
	syncTimeout = 30 * time.Minute
)

// do runs fn on the UI goroutine.
func (a *App) do(fn func()) {
	if a.Do != nil {
		a.Do(fn)
		return
	}
	fyne.Do(fn)
}

// goWork runs work off the UI goroutine, bounded by timeout, then done on
// the UI goroutine with work's error (context.DeadlineExceeded when it ran
// out of time). The returned function cancels the work.
func (a *App) goWork(timeout time.Duration, work func(ctx context.Context) error, done func(error)) context.CancelFunc {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	go func() {
		err := work(ctx)
		if err == nil && ctx.Err() == context.DeadlineExceeded {
			err = ctx.Err()
		}
		cancel()
		a.do(func() { done(err) })
	}()
	return cancel
}

// renderIf redraws the screen s if it is still the one shown: background
// work that ends after the resident moved on changes nothing on screen.
func (a *App) renderIf(s *screen) {
	if len(a.stack) > 0 && a.stack[len(a.stack)-1] == s {
		a.render()
	}
}
