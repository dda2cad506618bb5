package wire

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/shinan-alliance/alliance"
)

// Version is the newest protocol version this build speaks; Versions lists
// every version it speaks. Version 1 carried payloads in Go's field names;
// version 2 fixed every shape (see the package doc) and added per-record
// refusals, the kiosk's last error, the log id and deferred pushes;
// version 3 added call-back statuses, three suggestion statuses and the
// sealed reply lookups every kiosk holds (see the package doc).
const Version = 3

// Versions this build speaks, newest first. A version 3 hub serves
// version 2 kiosks as before: what they would not know is kept from them.
var Versions = []int{3, 2}

// Speaks reports whether this build speaks version v.
func Speaks(v int) bool {
	for _, x := range Versions {
		if x == v {
			return true
		}
	}
	return false
}

// Limits shared by both ends. Each is enforced by the side that receives.
const (
	// MaxMessage is the largest message either end reads; a larger one
	// closes the connection with close code 1009 (message too big).
	MaxMessage = 4 << 20
	// MaxBatchItems and MaxBatchBytes bound one Batch (the bytes count the
	// items' data).
	MaxBatchItems = 2000
	MaxBatchBytes = 3 << 20
	// MaxPushRecords bounds the records of one Push, and MaxPushBytes the
	// whole Push message as sent; the hub refuses a larger push as a bad
	// message. One record's payload is at most alliance.MaxRecordBytes.
	MaxPushRecords = 200
	MaxPushBytes   = 1 << 20
	// MaxErrorText bounds the text of a kiosk's last error in Hello.
	MaxErrorText = 300
)

// Message types, the "type" of the envelope.
const (
	TypeHello   = "hello"
	TypeWelcome = "welcome"
	TypeRefused = "refused"
	TypePull    = "pull"
	TypeBatch   = "batch"
	TypePush    = "push"
	TypePushed  = "pushed"
	TypeBye     = "bye"
	TypeError   = "error"
)

// Codes in Refused and Error messages, and in the JSON error bodies of the
// HTTP endpoints.
const (
	CodeUpgradeRequired = "upgrade_required" // the kiosk speaks no version the hub speaks
	CodeBadMessage      = "bad_message"      // malformed, out of order, too big, or not expected now
	CodeUnauthorized    = "unauthorized"     // token or enrolment code unknown, used, expired or revoked
	CodeTooManyAttempts = "too_many_attempts"
	CodeBusy            = "busy"          // too many open syncs for this kiosk (or the hub): try later
	CodeShuttingDown    = "shutting_down" // the hub is restarting: try again shortly
	CodeInternal        = "internal"      // the hub failed; nothing of this message was kept
)

// Close codes the hub uses beyond the standard ones, so a kiosk can tell
// staff why a connection ended even when it missed the message before.
const (
	CloseUpgradeRequired = 4001
	CloseBadMessage      = 4002
	CloseUnauthorized    = 4003 // the token was revoked during the sync
	CloseBusy            = 4004
)

// Hello opens a sync.
type Hello struct {
	Kiosk    string `json:"kiosk"`    // the kiosk id from enrolment (EnrollResponse.KioskID)
	App      string `json:"app"`      // the kiosk program's version, for the hub's kiosk list
	Versions []int  `json:"versions"` // protocol versions the kiosk speaks
	Cursor   int64  `json:"cursor"`   // last sequence applied; 0 before the first pull
	// Log is the id of the change log the cursor belongs to, as the last
	// Welcome gave it; "" before the first sync. A hub whose log has
	// another id (a new or restored database) sends a reset.
	Log     string `json:"log,omitempty"`
	Backlog int    `json:"backlog"` // outbox records waiting, for the hub's kiosk list
	// Snapshot says the kiosk is taking a whole snapshot (its first pull,
	// or after a reset) and has not finished: its cursor may then be older
	// than the hub's horizon without calling for another reset.
	Snapshot bool `json:"snapshot,omitempty"`
	// LastError is why the kiosk's previous sync failed, if it did, so the
	// hub's kiosk list shows failing kiosks; nil after a sync that worked.
	LastError *SyncError `json:"last_error,omitempty"`
}

// SyncError describes a failed sync without personal data.
type SyncError struct {
	Code  string    `json:"code"`  // network, refused, hub_error, protocol, apply, disk_full, local
	Text  string    `json:"text"`  // a short English sentence, at most MaxErrorText bytes
	Since time.Time `json:"since"` // when syncs began failing (the first failure in a row)
}

// Welcome accepts a sync and carries the first batch.
type Welcome struct {
	Version int       `json:"version"`       // the version chosen
	HubTime time.Time `json:"hub_time"`      // the hub's clock: kiosks reckon event windows and retention in it
	Log     string    `json:"log,omitempty"` // the change log's id (see Hello.Log); absent when the Hello named it
	Batch   Batch     `json:"batch"`
}

// Refused explains why the hub will not sync; the connection closes after it.
type Refused struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// Pull asks for the items after a cursor.
type Pull struct {
	After    int64 `json:"after"`
	Snapshot bool  `json:"snapshot,omitempty"` // as in Hello
}

// Item is one change: a record's latest state, or its tombstone.
type Item struct {
	Seq     int64           `json:"seq"`
	Kind    alliance.Kind   `json:"kind"`
	ID      string          `json:"id"`
	Deleted bool            `json:"deleted,omitempty"`
	Data    json.RawMessage `json:"data,omitempty"` // absent for a tombstone
	// Hash identifies this version of the item's data: 32 lowercase hex
	// digits (alliance.ContentHash, the digest of its canonical JSON);
	// absent for tombstones. A kiosk stores it and need not compute it.
	Hash string `json:"hash,omitempty"`
}

// Batch is a run of items after a cursor.
type Batch struct {
	Reset  bool   `json:"reset,omitempty"` // drop hub content first: a snapshot follows
	Items  []Item `json:"items"`
	Cursor int64  `json:"cursor"` // store this with the items
	More   bool   `json:"more,omitempty"`
}

// Record is one outbox record going up.
type Record struct {
	Seq     int64           `json:"seq"`     // the kiosk's outbox sequence: ordering, not identity
	ID      string          `json:"id"`      // the record's UUID: its identity, equal to the payload's "id"
	Kind    alliance.Kind   `json:"kind"`    // one of alliance.RecordKinds
	Payload json.RawMessage `json:"payload"` // the kind's JSON shape
}

// Push carries outbox records in sequence order.
type Push struct {
	Records []Record `json:"records"`
}

// Pushed answers a Push. Every record up to and including Upto is settled:
// stored at the hub (or stored before: a duplicate), or refused. Records
// after Upto were not taken (see Deferred) and go again next time.
type Pushed struct {
	Upto    int64      `json:"upto"`
	Refused []Refusal  `json:"refused,omitempty"`
	Defer   *Deferment `json:"defer,omitempty"`
}

// Refusal is one record the hub will never accept: the kiosk keeps it,
// shows it to staff with the reason, and does not send it again.
type Refusal struct {
	Seq     int64           `json:"seq"`
	ID      string          `json:"id"`
	Reason  alliance.Reason `json:"reason"`
	Message string          `json:"message"` // for staff, in English, without personal data
}

// Deferment says why the hub stopped taking records before the end of a
// push; the kiosk stops pushing for this sync and tries again at the next.
type Deferment struct {
	Reason  alliance.Reason `json:"reason"` // quota
	Message string          `json:"message"`
}

// Bye ends a sync; its figures feed the hub's kiosk list.
type Bye struct {
	Cursor  int64 `json:"cursor"`
	Backlog int   `json:"backlog"`
}

// Error is a problem the hub reports before closing (CodeInternal,
// CodeUnauthorized when a token is revoked mid-sync).
type Error struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// EnrollRequest is the body of POST /enroll.
type EnrollRequest struct {
	Code string `json:"code"` // as staff typed it: case, spaces and dashes do not matter
}

// EnrollResponse is the hub's answer to a good enrolment code.
type EnrollResponse struct {
	KioskID   string `json:"kiosk_id"`  // goes in every Hello
	Community string `json:"community"` // the account id of the kiosk's community
	Token     string `json:"token"`     // the bearer token for /sync and /blobs
}

// envelope is how every message travels.
type envelope struct {
	Type string          `json:"type"`
	Body json.RawMessage `json:"body"`
}

// Encode wraps a message in its envelope.
func Encode(msg any) ([]byte, error) {
	t, err := typeOf(msg)
	if err != nil {
		return nil, err
	}
	body, err := json.Marshal(msg)
	if err != nil {
		return nil, fmt.Errorf("encode %s: %w", t, err)
	}
	return json.Marshal(envelope{Type: t, Body: body})
}

func typeOf(msg any) (string, error) {
	switch msg.(type) {
	case *Hello:
		return TypeHello, nil
	case *Welcome:
		return TypeWelcome, nil
	case *Refused:
		return TypeRefused, nil
	case *Pull:
		return TypePull, nil
	case *Batch:
		return TypeBatch, nil
	case *Push:
		return TypePush, nil
	case *Pushed:
		return TypePushed, nil
	case *Bye:
		return TypeBye, nil
	case *Error:
		return TypeError, nil
	}
	return "", fmt.Errorf("encode: %T is not a protocol message", msg)
}

// ErrBadMessage is wrapped by every decoding error.
var ErrBadMessage = errors.New("bad message")

// Decode parses one message and checks it is well formed: one envelope
// and nothing after it, a known type, a body of that type's shape with no
// unknown field, and the rules of validate. It returns a pointer to one of
// the message structs.
func Decode(data []byte) (any, error) {
	if len(data) > MaxMessage {
		return nil, fmt.Errorf("%w: %d bytes, limit %d", ErrBadMessage, len(data), MaxMessage)
	}
	var env envelope
	if err := strict(data, &env); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadMessage, err)
	}
	var msg any
	switch env.Type {
	case TypeHello:
		msg = &Hello{}
	case TypeWelcome:
		msg = &Welcome{}
	case TypeRefused:
		msg = &Refused{}
	case TypePull:
		msg = &Pull{}
	case TypeBatch:
		msg = &Batch{}
	case TypePush:
		msg = &Push{}
	case TypePushed:
		msg = &Pushed{}
	case TypeBye:
		msg = &Bye{}
	case TypeError:
		msg = &Error{}
	default:
		return nil, fmt.Errorf("%w: unknown type %q", ErrBadMessage, env.Type)
	}
	if env.Type == TypePush && len(data) > MaxPushBytes {
		return nil, fmt.Errorf("%w: push of %d bytes, limit %d", ErrBadMessage, len(data), MaxPushBytes)
	}
	if len(env.Body) == 0 || bytes.Equal(env.Body, []byte("null")) {
		return nil, fmt.Errorf("%w: %s without a body", ErrBadMessage, env.Type)
	}
	if err := strict(env.Body, msg); err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrBadMessage, env.Type, err)
	}
	if err := validate(msg); err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrBadMessage, env.Type, err)
	}
	return msg, nil
}

// strict decodes exactly one JSON value, refusing unknown fields and
// anything after the value.
func strict(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("data after the message")
	}
	return nil
}

func validate(msg any) error {
	switch m := msg.(type) {
	case *Hello:
		if m.Kiosk == "" || len(m.Kiosk) > 64 || len(m.Versions) == 0 || len(m.Versions) > 16 || m.Cursor < 0 || m.Backlog < 0 {
			return errors.New("needs kiosk, versions and a cursor ≥ 0")
		}
		if len(m.App) > 64 || len(m.Log) > 64 {
			return errors.New("app and log are at most 64 bytes")
		}
		if e := m.LastError; e != nil && (len(e.Code) > 32 || len(e.Text) > MaxErrorText) {
			return fmt.Errorf("last_error: code at most 32 bytes, text at most %d", MaxErrorText)
		}
	case *Pull:
		if m.After < 0 {
			return errors.New("negative cursor")
		}
	case *Batch:
		if len(m.Items) > MaxBatchItems {
			return fmt.Errorf("%d items, limit %d", len(m.Items), MaxBatchItems)
		}
		last := int64(0)
		for _, it := range m.Items {
			if it.Seq <= last || it.Seq > m.Cursor || it.Kind == "" || it.ID == "" || (!it.Deleted && len(it.Data) == 0) {
				return fmt.Errorf("item %d out of order or incomplete", it.Seq)
			}
			last = it.Seq
		}
	case *Welcome:
		return validate(&m.Batch)
	case *Push:
		if len(m.Records) > MaxPushRecords {
			return fmt.Errorf("%d records, limit %d", len(m.Records), MaxPushRecords)
		}
		// Only the order is the message's business: what a record holds
		// (an empty id, no payload) is judged record by record, and
		// refused alone.
		last := int64(0)
		for _, r := range m.Records {
			if r.Seq <= last {
				return fmt.Errorf("record %d out of order", r.Seq)
			}
			last = r.Seq
		}
	case *Pushed:
		if m.Upto < 0 {
			return errors.New("negative sequence")
		}
		for _, r := range m.Refused {
			if r.Seq <= 0 || r.Seq > m.Upto {
				return fmt.Errorf("refusal of record %d, outside 1–%d", r.Seq, m.Upto)
			}
		}
	}
	return nil
}

// Choose returns the highest version both ends speak, or 0.
func Choose(theirs []int) int {
	best := 0
	for _, v := range theirs {
		for _, mine := range Versions {
			if v == mine && v > best {
				best = v
			}
		}
	}
	return best
}
