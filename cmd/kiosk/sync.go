package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"

	"github.com/shinan-alliance/alliance/mirror"
	"github.com/shinan-alliance/alliance/store"
	"github.com/shinan-alliance/alliance/ui"
	"github.com/shinan-alliance/alliance/wire"
)

// syncer connects the staff panel (ui.Syncer) to the mirror's Runner,
// which runs the nightly schedule while the kiosk is up and one sync at a
// time, whether staff pressed "sync now" or the schedule fired.
type syncer struct {
	*mirror.Runner
	db *store.DB
}

func newSyncer(db *store.DB, spec string) *syncer {
	return &syncer{Runner: mirror.NewRunner(db, spec, mirror.DefaultJitter), db: db}
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
	next := s.Next()
	last, err := s.db.LastSync(ctx) // the error of a sync the disk was too full to record, too
	if err != nil {
		return ui.SyncStatus{}, err
	}
	return ui.SyncStatus{Hub: st[store.StateHubURL], HubPin: st[store.StateHubPin], LastSuccess: last.Success, LastError: last.Error, NextRun: next, Pending: n}, nil
}

// SyncNow implements ui.Syncer: one whole sync, reporting items applied
// and, while images download, images fetched of those missing.
func (s *syncer) SyncNow(ctx context.Context, progress func(done, total int)) error {
	var report func(mirror.Progress)
	if progress != nil {
		report = func(p mirror.Progress) {
			if p.Phase == "blobs" {
				progress(p.Blobs, p.Total)
			} else {
				progress(p.Items+p.Records, 0)
			}
		}
	}
	_, err := s.Runner.SyncNow(ctx, report)
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
	var unverified *mirror.UnverifiedHubError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &unverified):
		return &ui.UnverifiedHubError{Pin: unverified.Pin, Err: err}
	case errors.Is(err, mirror.ErrPinMismatch):
		return fmt.Errorf("%w: %w", ui.ErrHubPinMismatch, err)
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
