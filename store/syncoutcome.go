package store

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// The outcome of the last sync, even on a full disk.
//
// A sync that fails because the disk is full cannot record why in the
// database: every commit, however small, appends to the WAL file and so
// needs space the disk no longer has. So the outcome is also written to a
// small side file beside the database (kiosk.db-sync), made at its full
// size when the database is opened and from then on only overwritten in
// place: rewriting blocks a file already owns needs no new ones (on ext4,
// xfs and the like; a copy-on-write file system such as btrfs may still
// refuse). The record carries a checksum, so a torn write is ignored
// rather than misread. LastSync reads both and keeps the newer.

// syncFileSize is the side file's fixed size: one page.
const syncFileSize = 4096

// syncFilePath is where the side file of the database at path lives.
func syncFilePath(path string) string { return path + "-sync" }

// syncRecord is the side file's content: JSON, then spaces to the end.
type syncRecord struct {
	Attempt int64  `json:"attempt"`           // Unix seconds
	Success int64  `json:"success,omitempty"` // Unix seconds; 0: this attempt failed
	Error   string `json:"error,omitempty"`
	Code    string `json:"code,omitempty"`  // the error's code for the hub (mirror.ErrorCode)
	Since   int64  `json:"since,omitempty"` // failing since, Unix seconds
	Sum     uint32 `json:"sum"`             // CRC-32 of the fields above
}

func (r syncRecord) sum() uint32 {
	return crc32.ChecksumIEEE([]byte(strconv.FormatInt(r.Attempt, 10) + "\x00" + strconv.FormatInt(r.Success, 10) + "\x00" +
		r.Error + "\x00" + r.Code + "\x00" + strconv.FormatInt(r.Since, 10)))
}

// ensureSyncFile makes the side file at its full size if it is missing.
// It is best effort: without it, outcomes are still recorded in the
// database whenever there is room.
func ensureSyncFile(path string) error {
	p := syncFilePath(path)
	if _, err := os.Lstat(p); err == nil || !errors.Is(err, os.ErrNotExist) {
		return err // there already (openSyncFile checks what it is), or unreadable
	}
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	// Real bytes, not a hole: a sparse file would need blocks later.
	blank := bytes.Repeat([]byte{' '}, syncFileSize)
	blank[0], blank[1], blank[syncFileSize-1] = '{', '}', '\n'
	_, werr := f.Write(blank)
	serr := f.Sync()
	cerr := f.Close()
	if err := errors.Join(werr, serr, cerr); err != nil {
		os.Remove(p) // a short file would be of no use
		return err
	}
	return nil
}

// openSyncFile opens the side file, refusing anything but a regular file
// of the expected size (never a pipe, which would block).
func openSyncFile(path string, flag int) (*os.File, error) {
	f, err := os.OpenFile(syncFilePath(path), flag|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() || st.Size() < syncFileSize {
		f.Close()
		return nil, fmt.Errorf("%s is not the expected %d-byte file", syncFilePath(path), syncFileSize)
	}
	return f, nil
}

// writeSyncFile overwrites the side file in place with r.
func writeSyncFile(path string, r syncRecord) error {
	// Error text is the only thing that can be long: a page holds plenty
	// of it even with every character escaped.
	if rs := []rune(strings.ToValidUTF8(r.Error, "?")); len(rs) > 500 {
		r.Error = string(rs[:500]) + "…"
	}
	r.Sum = r.sum()
	b, err := json.Marshal(r)
	if err != nil {
		return err
	}
	if len(b) >= syncFileSize {
		return fmt.Errorf("sync outcome of %d bytes does not fit", len(b))
	}
	buf := bytes.Repeat([]byte{' '}, syncFileSize)
	copy(buf, b)
	buf[syncFileSize-1] = '\n'
	f, err := openSyncFile(path, os.O_WRONLY)
	if err != nil {
		return err
	}
	_, werr := f.WriteAt(buf, 0)
	serr := f.Sync()
	return errors.Join(werr, serr, f.Close())
}

// readSyncFile reads the side file; ok is false when it is missing, blank
// or torn.
func readSyncFile(path string) (r syncRecord, ok bool) {
	f, err := openSyncFile(path, os.O_RDONLY)
	if err != nil {
		return r, false
	}
	defer f.Close()
	buf := make([]byte, syncFileSize)
	if _, err := f.ReadAt(buf, 0); err != nil {
		return r, false
	}
	if json.Unmarshal(bytes.TrimRight(buf, " \n"), &r) != nil || r.Attempt == 0 || r.Sum != r.sum() {
		return syncRecord{}, false
	}
	return r, true
}

// RecordSyncOutcome records how a sync that began at started ended (err
// nil: it succeeded; code: its kind, for the hub), in the database and in
// the side file, with since when the kiosk has been failing. It fails only
// when neither could be written. The times are the kiosk's own clock, as
// the scheduler that reads them counts in it.
func (db *DB) RecordSyncOutcome(ctx context.Context, started time.Time, syncErr error, code string) error {
	r := syncRecord{Attempt: started.Unix()}
	st := map[string]string{StateLastAttempt: strconv.FormatInt(r.Attempt, 10),
		StateLastError: "", StateLastErrorCode: "", StateFailingSince: ""}
	if syncErr != nil {
		r.Error, r.Code, r.Since = syncErr.Error(), code, r.Attempt
		if prev, err := db.LastSync(ctx); err == nil && prev.Error != "" && !prev.FailingSince.IsZero() {
			r.Since = prev.FailingSince.Unix()
		}
		st[StateLastError], st[StateLastErrorCode] = r.Error, r.Code
		st[StateFailingSince] = strconv.FormatInt(r.Since, 10)
	} else {
		r.Success = db.LocalNow().Unix()
		st[StateLastSuccess] = strconv.FormatInt(r.Success, 10)
	}
	dberr := db.SetSyncState(ctx, st)
	ferr := writeSyncFile(db.Path, r)
	if dberr != nil && ferr != nil {
		return fmt.Errorf("record the sync's outcome: %w", errors.Join(dberr, ferr))
	}
	return nil
}

// LastSync is what the kiosk knows of its last syncs.
type LastSync struct {
	Attempt      time.Time // zero: never tried
	Success      time.Time // zero: never succeeded
	Error        string    // why the last attempt failed; "" if it did not
	Code         string    // the kind of that error, for the hub
	FailingSince time.Time // the first of the failures since the last success
}

// LastSync returns the outcome of the last sync: from the database, or from
// the side file when that holds a newer one (the database had no room to
// record it).
func (db *DB) LastSync(ctx context.Context) (LastSync, error) {
	var out LastSync
	unix := func(s string) time.Time {
		n, _ := strconv.ParseInt(s, 10, 64)
		if n == 0 {
			return time.Time{}
		}
		return time.Unix(n, 0)
	}
	rows, err := db.read.QueryContext(ctx, "SELECT key, value FROM sync_state WHERE key IN (?, ?, ?, ?, ?)",
		StateLastAttempt, StateLastSuccess, StateLastError, StateLastErrorCode, StateFailingSince)
	if err != nil {
		return out, fmt.Errorf("read the last sync: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return out, err
		}
		switch k {
		case StateLastAttempt:
			out.Attempt = unix(v)
		case StateLastSuccess:
			out.Success = unix(v)
		case StateLastError:
			out.Error = v
		case StateLastErrorCode:
			out.Code = v
		case StateFailingSince:
			out.FailingSince = unix(v)
		}
	}
	if err := rows.Err(); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return out, err
	}
	if r, ok := readSyncFile(db.Path); ok && r.Attempt > out.Attempt.Unix() {
		out.Attempt, out.Error, out.Code, out.FailingSince = time.Unix(r.Attempt, 0), r.Error, r.Code, time.Time{}
		if r.Since != 0 {
			out.FailingSince = time.Unix(r.Since, 0)
		}
		if r.Success > out.Success.Unix() {
			out.Success = time.Unix(r.Success, 0)
		}
	}
	if out.Error == "" {
		out.Code, out.FailingSince = "", time.Time{}
	}
	return out, nil
}
