package mirror_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/mirror"
)

func TestSchedulerRecoversFromPanic(t *testing.T) {
	var calls atomic.Int32
	ran := make(chan struct{}, 10)
	s := &mirror.Scheduler{
		Spec: "* * * * * *", // every second
		Sync: func(context.Context) error {
			if calls.Add(1) == 1 {
				panic("boom")
			}
			ran <- struct{}{}
			return nil
		},
	}
	if err := s.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer s.Stop()
	select {
	case <-ran:
	case <-time.After(4 * time.Second):
		t.Fatalf("no run after the panicking one (calls: %d)", calls.Load())
	}
}

func TestSchedulerMissedRunAtStart(t *testing.T) {
	for _, tt := range []struct {
		name string
		last time.Time
		want bool
	}{
		{"never synced", time.Time{}, true},
		{"last success three days ago", time.Now().Add(-72 * time.Hour), true},
		{"synced a minute ago", time.Now().Add(-time.Minute), false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ran := make(chan struct{}, 1)
			s := &mirror.Scheduler{
				Spec:        "0 2 * * *",
				Sync:        func(context.Context) error { ran <- struct{}{}; return nil },
				LastSuccess: func(context.Context) (time.Time, error) { return tt.last, nil },
			}
			if err := s.Start(context.Background()); err != nil {
				t.Fatal(err)
			}
			defer s.Stop()
			got := false
			select {
			case <-ran:
				got = true
			case <-time.After(500 * time.Millisecond):
			}
			want := tt.want
			if !tt.last.IsZero() {
				// Missed exactly when a 02:00 fell between then and now.
				want = !next0200(tt.last).After(time.Now())
			}
			if got != want {
				t.Errorf("ran at start: got %v, want %v", got, want)
			}
		})
	}
}

func next0200(after time.Time) time.Time {
	a := after.In(alliance.Location)
	n := time.Date(a.Year(), a.Month(), a.Day(), 2, 0, 0, 0, alliance.Location)
	if !n.After(a) {
		n = n.AddDate(0, 0, 1)
	}
	return n
}

func TestSchedulerRetriesWithBackoff(t *testing.T) {
	var calls atomic.Int32
	done := make(chan struct{})
	s := &mirror.Scheduler{
		Spec:       "0 2 * * *",
		MinBackoff: 10 * time.Millisecond,
		MaxBackoff: 40 * time.Millisecond,
		Sync: func(context.Context) error {
			if calls.Add(1) < 4 {
				return errors.New("hub unreachable")
			}
			close(done)
			return nil
		},
		LastSuccess: func(context.Context) (time.Time, error) { return time.Time{}, nil },
	}
	if err := s.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer s.Stop()
	select {
	case <-done:
	case <-time.After(3 * time.Second):
		t.Fatalf("got %d attempts, want success on the 4th", calls.Load())
	}
}

func TestSchedulerNeverOverlaps(t *testing.T) {
	var running, most atomic.Int32
	s := &mirror.Scheduler{
		Spec: "* * * * * *",
		Sync: func(ctx context.Context) error {
			n := running.Add(1)
			defer running.Add(-1)
			if n > most.Load() {
				most.Store(n)
			}
			select { // outlasts the next two ticks
			case <-time.After(2500 * time.Millisecond):
			case <-ctx.Done():
			}
			return nil
		},
		LastSuccess: func(context.Context) (time.Time, error) { return time.Time{}, nil },
	}
	if err := s.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	time.Sleep(3 * time.Second)
	s.Stop()
	if most.Load() != 1 {
		t.Errorf("at most %d syncs ran at once, want 1", most.Load())
	}
}
