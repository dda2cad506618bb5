package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"
)

// StateHubClock is the sync state key under which RecordHubTime keeps what
// the hub said its time was (JSON of clockAnchor).
const StateHubClock = "hub_clock"

// clockAnchor is the hub's time as measured at the last sync.
//
// Two ways to carry it forward: the offset between the hub's clock and the
// kiosk's, and the hub's time beside the time since the machine booted.
// While the machine has not rebooted, the second is used: it does not move
// when someone sets the kiosk's clock (the very thing the staff panel's
// warning asks them to do), where an offset would then be wrong by exactly
// the correction until the next sync. After a reboot the offset is all
// there is.
type clockAnchor struct {
	OffsetMS int64  `json:"offset_ms"` // hub minus local, at the sync
	HubMS    int64  `json:"hub_ms"`    // the hub's time at the sync, Unix ms
	BootMS   int64  `json:"boot_ms"`   // time since boot at the sync
	BootID   string `json:"boot_id"`   // which boot; "" where unknown
}

// hubClock caches the stored anchor; another process (alliance-sync now)
// may record a newer one, so it is read again every minute.
type hubClock struct {
	mu     sync.Mutex
	read   time.Time // when the anchor was last read (monotonic)
	anchor *clockAnchor
}

// reloadClockEvery is how often the anchor is read again from the database.
const reloadClockEvery = time.Minute

func (db *DB) clockAnchor() *clockAnchor {
	c := &db.clock
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.read.IsZero() && time.Since(c.read) < reloadClockEvery {
		return c.anchor
	}
	var v string
	err := db.read.QueryRow("SELECT value FROM sync_state WHERE key = ?", StateHubClock).Scan(&v)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		c.anchor = nil
	case err != nil:
		// Keep what we had (a busy moment, a closed database); try again
		// at the next reading.
		return c.anchor
	default:
		var a clockAnchor
		if json.Unmarshal([]byte(v), &a) == nil {
			c.anchor = &a
		}
	}
	c.read = time.Now()
	return c.anchor
}

// hubNow is DB.Now: the local clock corrected to the hub's.
func (db *DB) hubNow() time.Time {
	a := db.clockAnchor()
	if a == nil {
		return db.LocalNow()
	}
	if a.BootID != "" && a.BootID == bootID() {
		if since, ok := sinceBoot(); ok {
			return time.UnixMilli(a.HubMS).Add(since - time.Duration(a.BootMS)*time.Millisecond)
		}
	}
	return db.LocalNow().Add(time.Duration(a.OffsetMS) * time.Millisecond)
}

// RecordHubTime remembers the hub's time, sent in its welcome, so that Now
// follows the hub's clock from now on (mirror calls it as a sync connects).
// A zero time (a hub that does not send one) changes nothing.
func (db *DB) RecordHubTime(ctx context.Context, hub time.Time) error {
	if hub.IsZero() {
		return nil
	}
	local := db.LocalNow()
	a := clockAnchor{OffsetMS: hub.Sub(local).Milliseconds(), HubMS: hub.UnixMilli()}
	if since, ok := sinceBoot(); ok {
		a.BootMS, a.BootID = since.Milliseconds(), bootID()
	}
	b, err := json.Marshal(a)
	if err != nil {
		return err
	}
	if err := db.tx(ctx, func(tx *sql.Tx) error { return setState(ctx, tx, StateHubClock, string(b)) }); err != nil {
		return fmt.Errorf("record the hub's time: %w", err)
	}
	db.clock.mu.Lock()
	db.clock.anchor, db.clock.read = &a, time.Now()
	db.clock.mu.Unlock()
	return nil
}

// ClockSkew tells how far the kiosk's own clock is from the hub's: positive
// when it is fast. known is false before the first sync has measured it.
func (db *DB) ClockSkew() (skew time.Duration, known bool) {
	if db.clockAnchor() == nil {
		return 0, false
	}
	// To the second: the two clocks are read a moment apart.
	return db.LocalNow().Sub(db.Now()).Round(time.Second), true
}

// MaxClockSkew is how far the kiosk's clock may be from the hub's before
// the staff panel warns.
const MaxClockSkew = 5 * time.Minute
