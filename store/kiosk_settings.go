package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/shinan-alliance/alliance"
)

// Setting keys the kiosk's screens use.
const (
	SettingHomeCommunity = "home_community" // community id
	SettingIdleSeconds   = "idle_seconds"
	SettingLanguage      = "language" // zh-Hans, zh-Hant, en
	SettingLargeText     = "large_text"
	SettingSyncHour      = "sync_hour" // the hour of the nightly sync, 0–23, district time
)

// Setting returns a setting's value, or "" when it was never set.
func (db *DB) Setting(ctx context.Context, key string) (string, error) {
	var v string
	err := db.read.QueryRowContext(ctx, "SELECT value FROM settings WHERE key = ?", key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("read setting %s: %w", key, err)
	}
	return v, nil
}

// SetSetting stores a setting.
func (db *DB) SetSetting(ctx context.Context, key, value string) error {
	err := db.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", key, value)
		return err
	})
	if err != nil {
		return fmt.Errorf("save setting %s: %w", key, err)
	}
	return nil
}

// PINState is the staff PIN as stored: its hash and the lockout it has
// earned. Hashing and the lockout policy belong to the caller.
type PINState struct {
	Hash        string // empty: no PIN set yet
	MustChange  bool
	Failures    int
	LockedUntil time.Time // zero: not locked
}

// StaffPIN returns the stored PIN state; Hash is empty before the first
// start has set one.
func (db *DB) StaffPIN(ctx context.Context) (PINState, error) {
	var s PINState
	var until int64
	err := db.read.QueryRowContext(ctx, "SELECT hash, must_change, failures, locked_until FROM staff_pin WHERE id = 1").
		Scan(&s.Hash, &s.MustChange, &s.Failures, &until)
	if errors.Is(err, sql.ErrNoRows) {
		return PINState{}, nil
	}
	if err != nil {
		return s, fmt.Errorf("read staff pin: %w", err)
	}
	if until != 0 {
		s.LockedUntil = time.Unix(until, 0).In(alliance.Location)
	}
	return s, nil
}

// SetStaffPIN stores a new PIN hash and clears any lockout.
func (db *DB) SetStaffPIN(ctx context.Context, hash string, mustChange bool) error {
	err := db.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO staff_pin (id, hash, must_change, failures, locked_until) VALUES (1, ?, ?, 0, 0)
			ON CONFLICT (id) DO UPDATE SET hash = excluded.hash, must_change = excluded.must_change, failures = 0, locked_until = 0`,
			hash, mustChange)
		return err
	})
	if err != nil {
		return fmt.Errorf("save staff pin: %w", err)
	}
	return nil
}

// TrainerPIN returns the trainers' PIN hash, "" when staff have set none.
func (db *DB) TrainerPIN(ctx context.Context) (string, error) {
	var h string
	err := db.read.QueryRowContext(ctx, "SELECT hash FROM trainer_pin WHERE id = 1").Scan(&h)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("read trainer pin: %w", err)
	}
	return h, nil
}

// SetTrainerPIN stores the trainers' PIN hash.
func (db *DB) SetTrainerPIN(ctx context.Context, hash string) error {
	err := db.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO trainer_pin (id, hash) VALUES (1, ?)
			ON CONFLICT (id) DO UPDATE SET hash = excluded.hash`, hash)
		return err
	})
	if err != nil {
		return fmt.Errorf("save trainer pin: %w", err)
	}
	return nil
}

// RecordPINFailure counts one more wrong PIN and stores the lockout the
// caller decided on; it returns the new count of failures.
func (db *DB) RecordPINFailure(ctx context.Context, lockedUntil func(failures int) time.Time) (int, error) {
	var n int
	err := db.tx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, "UPDATE staff_pin SET failures = failures + 1 WHERE id = 1 RETURNING failures").Scan(&n); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, "UPDATE staff_pin SET locked_until = ? WHERE id = 1", unixOrZero(lockedUntil(n)))
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("record wrong pin: %w", err)
	}
	return n, nil
}

// CapPINLockout shortens a stored lockout that ends after latest to end
// at latest. A lockout taken while the clock was far ahead would otherwise
// last that far once the clock is put right (a year fast: 8,760 hours).
func (db *DB) CapPINLockout(ctx context.Context, latest time.Time) error {
	err := db.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "UPDATE staff_pin SET locked_until = ? WHERE id = 1 AND locked_until > ?", latest.Unix(), latest.Unix())
		return err
	})
	if err != nil {
		return fmt.Errorf("cap pin lockout: %w", err)
	}
	return nil
}

// ClearPINFailures forgets failed attempts after a right PIN.
func (db *DB) ClearPINFailures(ctx context.Context) error {
	err := db.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "UPDATE staff_pin SET failures = 0, locked_until = 0 WHERE id = 1")
		return err
	})
	if err != nil {
		return fmt.Errorf("clear pin failures: %w", err)
	}
	return nil
}

// ContentUpdated is when the kiosk's content was last brought up to date:
// the latest pack import or the last successful sync, whichever is later.
// Zero when nothing was loaded.
func (db *DB) ContentUpdated(ctx context.Context) (time.Time, error) {
	var packs sql.NullInt64
	if err := db.read.QueryRowContext(ctx, "SELECT max(last_imported) FROM packs").Scan(&packs); err != nil {
		return time.Time{}, fmt.Errorf("read content freshness: %w", err)
	}
	latest := packs.Int64
	var pull string
	err := db.read.QueryRowContext(ctx, "SELECT value FROM sync_state WHERE key = ?", StateLastSuccess).Scan(&pull)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, fmt.Errorf("read content freshness: %w", err)
	}
	var p int64
	if _, err := fmt.Sscan(pull, &p); err == nil {
		// Syncs are timed by the kiosk's own clock, imports by Now (the
		// hub's): bring the sync's time to the hub's before comparing.
		if skew, known := db.ClockSkew(); known {
			p = time.Unix(p, 0).Add(-skew).Unix()
		}
		latest = max(latest, p)
	}
	if latest == 0 {
		return time.Time{}, nil
	}
	return time.Unix(latest, 0).In(alliance.Location), nil
}
