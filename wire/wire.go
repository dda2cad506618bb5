// Package wire is the sync protocol between a kiosk and the hub: the
// messages both ends exchange over one websocket, and how they are encoded.
// Both mirror/ (the kiosk side) and hub/ import it; it imports neither.
//
// # Protocol, version 1
//
// Transport: a websocket at wss://HUB/sync. The kiosk authenticates in the
// upgrade request with "Authorization: Bearer TOKEN" (a token it obtained by
// trading a one-time enrolment code at POST /enroll). The hub refuses an
// unknown or revoked token with HTTP 401 before upgrading, so no data moves.
// Every message is one JSON text frame: {"type": "...", ...}. Compression is
// off; each side sets a read limit (MaxMessage) and deadlines, and pings.
//
// A sync is driven by the kiosk:
//
//	kiosk                                    hub
//	Hello{versions, cursor, app}      ─►
//	                                  ◄─     Welcome{version, time, Batch after cursor}
//	                                         or Refused{code, message} and close
//	(apply Batch + cursor in one transaction)
//	Pull{after: cursor}               ─►     (only while the last Batch said More)
//	                                  ◄─     Batch
//	Push{records, in outbox order}    ─►     (only when the outbox has records)
//	                                  ◄─     Pushed{upto}
//	Pull{after: cursor}               ─►     (after a push: decisions flow back)
//	                                  ◄─     Batch
//	Bye{cursor, backlog}              ─►     close
//
// A sync with nothing new is one round trip: Hello, Welcome with an empty
// batch, Bye.
//
// Pull: the hub keeps every item (a content record, a tombstone, or a
// decision addressed to one kiosk) under a monotonically increasing sequence
// number; the latest version of an item replaces earlier ones. A Batch holds
// the items after the kiosk's cursor, in sequence order, bounded in count and
// bytes. The kiosk applies a batch and stores Batch.Cursor in the same
// transaction, so a batch received twice changes nothing. If the kiosk's
// cursor is older than the hub still knows (tombstones are purged after a
// while), the Batch says Reset: the kiosk drops the hub's content and takes
// the snapshot that follows. While it takes a snapshot (its very first pull
// too) the kiosk says so in Hello and Pull, because a snapshot's own cursors
// may be older than the horizon; the last batch of a pull always carries a
// cursor at the log's end.
//
// Push: outbox records go up in the kiosk's sequence order. The hub stores
// each once (unique on kiosk + sequence and on the record's UUID) and answers
// Pushed{Upto}: every record up to that sequence is safe at the hub,
// including duplicates it already had. The kiosk marks them acknowledged and
// deletes nothing it has not seen acknowledged.
//
// Versions: Hello lists the versions the kiosk speaks; the hub picks the
// highest it also speaks, or answers Refused{Code: "upgrade_required"}.
package wire

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// Version is the newest protocol version this build speaks; Versions lists
// every version it speaks.
const Version = 1

// Versions this build speaks, newest first.
var Versions = []int{1}

// Limits shared by both ends.
const (
	// MaxMessage is the largest message either end reads; larger ones close
	// the connection with CloseMessageTooBig.
	MaxMessage = 4 << 20
	// MaxBatchItems and MaxBatchBytes bound one Batch.
	MaxBatchItems = 2000
	MaxBatchBytes = 3 << 20
	// MaxPushRecords and MaxPushBytes bound one Push.
	MaxPushRecords = 200
	MaxPushBytes   = 1 << 20
)

// Message types.
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

// Refusal codes.
const (
	CodeUpgradeRequired = "upgrade_required"
	CodeBadMessage      = "bad_message"
	CodeUnauthorized    = "unauthorized"
	CodeShuttingDown    = "shutting_down"
	CodeInternal        = "internal"
)

// Hello opens a sync.
type Hello struct {
	Kiosk    string `json:"kiosk"`
	App      string `json:"app"`      // app version, for the hub's kiosk list
	Versions []int  `json:"versions"` // protocol versions the kiosk speaks
	Cursor   int64  `json:"cursor"`   // last sequence applied
	Backlog  int    `json:"backlog"`  // outbox records waiting, for the hub's kiosk list
	// Snapshot says the kiosk is taking a whole snapshot (its first pull,
	// or after a reset) and has not finished: its cursor may then be older
	// than the hub's horizon without calling for another reset.
	Snapshot bool `json:"snapshot,omitempty"`
}

// Welcome accepts a sync and carries the first batch.
type Welcome struct {
	Version int       `json:"version"`
	HubTime time.Time `json:"hub_time"`
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
	Kind    string          `json:"kind"` // see the Kind constants
	ID      string          `json:"id"`
	Deleted bool            `json:"deleted,omitempty"`
	Data    json.RawMessage `json:"data,omitempty"`
	// Hash identifies this version of the record's content, so the kiosk
	// need not recompute it to know whether anything changed.
	Hash string `json:"hash,omitempty"`
}

// Item kinds. Content kinds carry the alliance type of the same name as
// JSON; decisions carry the structs below.
const (
	KindAccount          = "account"
	KindPost             = "post"
	KindPlace            = "place"
	KindDirectory        = "directory"
	KindEvent            = "event"
	KindBlob             = "blob"   // Data: BlobInfo; the bytes come over HTTP
	KindLesson           = "lesson" // Data: alliance.LessonFolder, the lesson's files
	KindSignUpStatus     = "signup_status"
	KindSuggestionStatus = "suggestion_status"
)

// BlobInfo names a blob the kiosk should fetch from /blobs/{sha256}.
type BlobInfo struct {
	SHA256 string `json:"sha256"`
	Size   int64  `json:"size"`
	MIME   string `json:"mime"`
}

// SignUpStatus is the hub's decision on a sign-up made at the kiosk.
type SignUpStatus struct {
	Status string    `json:"status"`
	At     time.Time `json:"at"`
}

// SuggestionStatus is a suggestion's status and the replies so far.
type SuggestionStatus struct {
	Status  string      `json:"status"`
	At      time.Time   `json:"at"`
	Replies []ReplyData `json:"replies,omitempty"`
}

// ReplyData is staff's answer to a suggestion.
type ReplyData struct {
	ID      string    `json:"id"`
	Body    string    `json:"body"`
	By      string    `json:"by"`
	Created time.Time `json:"created"`
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
	Seq     int64           `json:"seq"`
	ID      string          `json:"id"`
	Kind    string          `json:"kind"`
	Payload json.RawMessage `json:"payload"`
}

// Push carries outbox records in sequence order.
type Push struct {
	Records []Record `json:"records"`
}

// Pushed acknowledges every record up to and including Upto.
type Pushed struct {
	Upto int64 `json:"upto"`
}

// Bye ends a sync; its figures feed the hub's kiosk list.
type Bye struct {
	Cursor  int64 `json:"cursor"`
	Backlog int   `json:"backlog"`
}

// Error is a problem the hub reports before closing.
type Error struct {
	Code    string `json:"code"`
	Message string `json:"message"`
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

// Decode parses one message and checks it is well formed. It returns a
// pointer to one of the message structs.
func Decode(data []byte) (any, error) {
	if len(data) > MaxMessage {
		return nil, fmt.Errorf("%w: %d bytes, limit %d", ErrBadMessage, len(data), MaxMessage)
	}
	var env envelope
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&env); err != nil {
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
	if len(env.Body) == 0 {
		return nil, fmt.Errorf("%w: %s without a body", ErrBadMessage, env.Type)
	}
	bd := json.NewDecoder(bytes.NewReader(env.Body))
	if err := bd.Decode(msg); err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrBadMessage, env.Type, err)
	}
	if err := validate(msg); err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrBadMessage, env.Type, err)
	}
	return msg, nil
}

func validate(msg any) error {
	switch m := msg.(type) {
	case *Hello:
		if m.Kiosk == "" || len(m.Versions) == 0 || m.Cursor < 0 {
			return errors.New("needs kiosk, versions and a cursor ≥ 0")
		}
	case *Pull:
		if m.After < 0 {
			return errors.New("negative cursor")
		}
	case *Batch:
		if len(m.Items) > MaxBatchItems {
			return fmt.Errorf("%d items, limit %d", len(m.Items), MaxBatchItems)
		}
		last := int64(-1)
		for _, it := range m.Items {
			if it.Seq <= last || it.Seq > m.Cursor || it.Kind == "" || it.ID == "" {
				return fmt.Errorf("item %d out of order or incomplete", it.Seq)
			}
			last = it.Seq
		}
	case *Push:
		if len(m.Records) > MaxPushRecords {
			return fmt.Errorf("%d records, limit %d", len(m.Records), MaxPushRecords)
		}
		last := int64(0)
		for _, r := range m.Records {
			if r.Seq <= last || r.ID == "" || r.Kind == "" || len(r.Payload) == 0 {
				return fmt.Errorf("record %d out of order or incomplete", r.Seq)
			}
			last = r.Seq
		}
	case *Pushed:
		if m.Upto < 0 {
			return errors.New("negative sequence")
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
