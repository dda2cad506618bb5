package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"sync"
	"time"

	"github.com/shinan-alliance/alliance/mirror"
	"github.com/shinan-alliance/alliance/store"
	"github.com/shinan-alliance/alliance/ui"
	"github.com/shinan-alliance/alliance/wire"
)

// syncer connects the staff panel (ui.Syncer) to the mirror, and runs the
// nightly schedule while the kiosk is up. Only one sync runs at a time,
// whether staff pressed "sync now" or the schedule fired.
type syncer struct {
	db      *store.DB
	schedMu sync.Mutex // guards sched, replaced when staff change the hour
	sched   *mirror.Scheduler
	mu      sync.Mutex // one sync at a time
}

func newSyncer(db *store.DB, spec string) *syncer {
	s := &syncer{db: db}
	s.sched = &mirror.Scheduler{
		Spec:        spec,
		Jitter:      30 * time.Minute,
		LastSuccess: mirror.LastSuccessFrom(db),
		Sync:        func(ctx context.Context) error { return s.SyncNow(ctx, nil) },
	}
	return s
}

// Start begins the schedule; a kiosk that has not joined a hub just logs
// that it is not syncing.
func (s *syncer) Start(ctx context.Context) error {
	s.schedMu.Lock()
	defer s.schedMu.Unlock()
	return s.sched.Start(ctx)
}

// Stop ends the schedule.
func (s *syncer) Stop() {
	s.schedMu.Lock()
	defer s.schedMu.Unlock()
	s.sched.Stop()
}

// Restart puts the schedule on a new spec (staff changed the hour).
func (s *syncer) Restart(ctx context.Context, spec string) error {
	s.schedMu.Lock()
	defer s.schedMu.Unlock()
	s.sched.Stop()
	next := &mirror.Scheduler{Spec: spec, Jitter: s.sched.Jitter, LastSuccess: s.sched.LastSuccess, Sync: s.sched.Sync}
	if err := next.Start(ctx); err != nil {
		s.sched.Start(ctx) // keep syncing on the old schedule
		return err
	}
	s.sched = next
	return nil
}

// Status implements ui.Syncer.
func (s *syncer) Status(ctx context.Context) (ui.SyncStatus, error) {
	st, err := s.db.SyncState(ctx)
	if err != nil {
		return ui.SyncStatus{}, err
	}
	n, err := s.db.OutboxBacklog(ctx)
	if err != nil {
		return ui.SyncStatus{}, err
	}
	s.schedMu.Lock()
	next := s.sched.Next()
	s.schedMu.Unlock()
	last, err := s.db.LastSync(ctx) // the error of a sync the disk was too full to record, too
	if err != nil {
		return ui.SyncStatus{}, err
	}
	return ui.SyncStatus{Hub: st[store.StateHubURL], LastSuccess: last.Success, LastError: last.Error, NextRun: next, Pending: n}, nil
}

// SyncNow implements ui.Syncer: one whole sync, reporting items applied
// and, while images download, images fetched of those missing.
func (s *syncer) SyncNow(ctx context.Context, progress func(done, total int)) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, err := mirror.FromStore(ctx, s.db)
	if err != nil {
		return err
	}
	if progress != nil {
		c.Progress = func(p mirror.Progress) {
			if p.Phase == "blobs" {
				progress(p.Blobs, p.Total)
			} else {
				progress(p.Items+p.Records, 0)
			}
		}
	}
	_, err = c.Sync(ctx)
	return err
}

// Join implements ui.Syncer. Its errors carry the kind the staff panel
// words them by (ui.ErrHubRefusedCode and the others).
func (s *syncer) Join(ctx context.Context, hubURL, code string) error {
	return joinError(mirror.Join(ctx, s.db, hubURL, code, nil, ""))
}

// joinError classifies a failed join for the staff panel.
func joinError(err error) error {
	var refused *mirror.RefusedError
	var certErr *tls.CertificateVerificationError
	var unknownAuth x509.UnknownAuthorityError
	var netErr net.Error
	switch {
	case err == nil:
		return nil
	case errors.Is(err, mirror.ErrPlainHTTP):
		return fmt.Errorf("%w: %w", ui.ErrHubPlainHTTP, err)
	case errors.As(err, &certErr), errors.As(err, &unknownAuth):
		return fmt.Errorf("%w: %w", ui.ErrHubCertificate, err)
	case errors.As(err, &refused) && (refused.Code == wire.CodeUnauthorized || refused.Code == wire.CodeTooManyAttempts):
		return fmt.Errorf("%w: %w", ui.ErrHubRefusedCode, err)
	case errors.As(err, &netErr):
		return fmt.Errorf("%w: %w", ui.ErrHubUnreachable, err)
	}
	return err
}
