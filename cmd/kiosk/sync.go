package main

import (
	"context"

	"github.com/shinan-alliance/alliance/mirror"
	"github.com/shinan-alliance/alliance/store"
	"github.com/shinan-alliance/alliance/ui"
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
	return ui.SyncStatus{Hub: st[store.StateHubURL], LastSuccess: last.Success, LastError: last.Error, NextRun: next, Pending: n}, nil
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

// Join implements ui.Syncer.
func (s *syncer) Join(ctx context.Context, hubURL, code string) error {
	return mirror.Join(ctx, s.db, hubURL, code, nil, "")
}
