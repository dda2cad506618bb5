package alliance

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"time"
)

// Kind names what an item (hub to kiosk) or a record (kiosk to hub) is. The
// same names are used on the wire and in both databases; package wire
// documents each one's JSON shape, which is the type named here.
type Kind string

// Content the hub publishes to every kiosk (see Content).
const (
	KindAccount   Kind = "account"   // Account
	KindPost      Kind = "post"      // Post
	KindPlace     Kind = "place"     // Place
	KindDirectory Kind = "directory" // DirectoryEntry
	KindEvent     Kind = "event"     // Event
	KindBlob      Kind = "blob"      // Blob, without its bytes (GET /blobs/{sha256})
	KindLesson    Kind = "lesson"    // LessonFolder
)

// Decisions the hub sends to the one kiosk a record came from.
const (
	KindSignUpStatus     Kind = "signup_status"     // SignUpDecision, id = the sign-up's id
	KindSuggestionStatus Kind = "suggestion_status" // SuggestionUpdate, id = the suggestion's id
	KindCallbackStatus   Kind = "callback_status"   // CallbackUpdate, id = the call-back request's id (protocol 3)
)

// KindReplyLookup is sent to every kiosk (protocol 3): a suggestion's status
// and replies sealed under its receipt code and lookup PIN, so that the
// resident can read them at any kiosk and nobody else can (see ReplyLookup).
const KindReplyLookup Kind = "reply_lookup"

// Records kiosks push (see Record).
const (
	KindSignUp        Kind = "signup"         // SignUp
	KindSignUpCancel  Kind = "signup_cancel"  // SignUpCancel
	KindSuggestion    Kind = "suggestion"     // Suggestion
	KindCallback      Kind = "callback"       // CallbackRequest
	KindLearner       Kind = "learner"        // Learner
	KindCourse        Kind = "course"         // Course
	KindSession       Kind = "session"        // Session
	KindAttendance    Kind = "attendance"     // Attendance
	KindProgress      Kind = "progress"       // LessonProgress
	KindCompletion    Kind = "completion"     // Completion
	KindLearnerDelete Kind = "learner_delete" // LearnerDelete
	KindCourseEdit    Kind = "course_edit"    // CourseEdit
	KindSessionEdit   Kind = "session_edit"   // SessionEdit
	KindRosterLeave   Kind = "roster_leave"   // RosterLeave
)

// RecordKinds lists every kind a kiosk may push.
var RecordKinds = []Kind{KindSignUp, KindSignUpCancel, KindSuggestion, KindCallback, KindLearner, KindCourse,
	KindSession, KindAttendance, KindProgress, KindCompletion, KindLearnerDelete, KindCourseEdit, KindSessionEdit, KindRosterLeave}

// TrainingKinds are the record kinds about smartphone classes, kept by
// the hub for its reports (and erased with a learner).
var TrainingKinds = []Kind{KindLearner, KindCourse, KindSession, KindAttendance, KindProgress, KindCompletion,
	KindCourseEdit, KindSessionEdit, KindRosterLeave}

// Record is something a resident, trainer or staff member made at a kiosk,
// pushed to the hub through the outbox: one of the payload types of the
// Kind constants above.
type Record interface {
	RecordKind() Kind
	RecordID() string
	// Validate checks the record on its own, as the hub does before
	// accepting it; the kiosk checks the same before saving.
	Validate() error
}

// Limits on a pushed record's JSON.
const (
	MaxRecordBytes = 64 << 10 // one record's payload
	MaxJSONDepth   = 8        // objects and arrays nested in one payload
)

// ErrMalformed is wrapped by decoding errors: the JSON is not the shape
// of its kind.
var ErrMalformed = errors.New("malformed")

// NewRecord returns an empty record of a kind, or nil for an unknown kind.
func NewRecord(k Kind) Record {
	switch k {
	case KindSignUp:
		return &SignUp{}
	case KindSignUpCancel:
		return &SignUpCancel{}
	case KindSuggestion:
		return &Suggestion{}
	case KindCallback:
		return &CallbackRequest{}
	case KindLearner:
		return &Learner{}
	case KindCourse:
		return &Course{}
	case KindSession:
		return &Session{}
	case KindAttendance:
		return &Attendance{}
	case KindProgress:
		return &LessonProgress{}
	case KindCompletion:
		return &Completion{}
	case KindLearnerDelete:
		return &LearnerDelete{}
	case KindCourseEdit:
		return &CourseEdit{}
	case KindSessionEdit:
		return &SessionEdit{}
	case KindRosterLeave:
		return &RosterLeave{}
	}
	return nil
}

// NewContent returns an empty content record of a kind, or nil.
func NewContent(k Kind) Content {
	switch k {
	case KindAccount:
		return &Account{}
	case KindPost:
		return &Post{}
	case KindPlace:
		return &Place{}
	case KindDirectory:
		return &DirectoryEntry{}
	case KindEvent:
		return &Event{}
	case KindBlob:
		return &Blob{}
	case KindLesson:
		return &LessonFolder{}
	}
	return nil
}

// DecodeRecord parses a pushed record's payload strictly: a known kind,
// one JSON object of at most MaxRecordBytes and MaxJSONDepth levels, no
// field its type does not have, and valid by its type's rules. The record
// returned is a pointer to one of the payload types.
func DecodeRecord(k Kind, payload []byte) (Record, error) {
	r := NewRecord(k)
	if r == nil {
		return nil, fmt.Errorf("%w: unknown record kind %q", ErrMalformed, k)
	}
	if len(payload) > MaxRecordBytes {
		return nil, fmt.Errorf("%w: %s payload is %d bytes, limit %d", ErrMalformed, k, len(payload), MaxRecordBytes)
	}
	if err := DecodeStrict(payload, r); err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrMalformed, k, err)
	}
	if err := r.Validate(); err != nil {
		return nil, err
	}
	return r, nil
}

// DecodeContent parses a content item's data the same way, for a kiosk
// receiving it; the result is canonical (see Canonical).
func DecodeContent(k Kind, data []byte) (Content, error) {
	c := NewContent(k)
	if c == nil {
		return nil, fmt.Errorf("%w: unknown content kind %q", ErrMalformed, k)
	}
	if len(data) > MaxLessonBytes*2 {
		return nil, fmt.Errorf("%w: %s is %d bytes", ErrMalformed, k, len(data))
	}
	if err := DecodeStrict(data, c); err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrMalformed, k, err)
	}
	c = Canonical(c)
	if err := c.Validate(); err != nil {
		return nil, err
	}
	return c, nil
}

// DecodeStrict decodes one JSON object into v: nothing after it, no
// unknown field, no deeper nesting than MaxJSONDepth.
func DecodeStrict(data []byte, v any) error {
	if err := checkDepth(data, MaxJSONDepth); err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("data after the JSON value")
	}
	return nil
}

// checkDepth refuses JSON nested deeper than max, before anything parses
// it into a tree: a payload of a thousand nested arrays costs nothing to
// send and much to walk.
func checkDepth(data []byte, max int) error {
	depth := 0
	inString, escaped := false, false
	for _, c := range data {
		switch {
		case escaped:
			escaped = false
		case inString && c == '\\':
			escaped = true
		case c == '"':
			inString = !inString
		case inString:
		case c == '{' || c == '[':
			depth++
			if depth > max {
				return fmt.Errorf("nested more than %d levels deep", max)
			}
		case c == '}' || c == ']':
			depth--
		}
	}
	return nil
}

// Reason says why the hub refused a record or rejected a sign-up, as a
// stable code: screens choose the resident's words by it.
type Reason string

// Reasons for refusing a record (it is kept at the kiosk, shown to staff,
// and never sent again).
const (
	ReasonMalformed    Reason = "malformed"     // not the JSON shape of its kind, or breaks its rules
	ReasonUnknownKind  Reason = "unknown_kind"  // a kind the hub does not know
	ReasonIDMismatch   Reason = "id_mismatch"   // the record's id differs from its payload's
	ReasonConflict     Reason = "conflict"      // the same id was pushed before with other content
	ReasonUnknownRef   Reason = "unknown_ref"   // refers to something the hub does not have
	ReasonNotOwner     Reason = "not_owner"     // refers to another kiosk's record
	ReasonTooLarge     Reason = "too_large"     // over MaxRecordBytes
	ReasonQuota        Reason = "quota"         // the kiosk's daily quota is used up (not a refusal: retried tomorrow)
	ReasonHubError     Reason = "hub_error"     // the hub failed; the record is retried
	ReasonEventUnknown Reason = "event_unknown" // a sign-up for an event the hub does not have (a rejection)
)

// Reasons for rejecting a sign-up (a decision the resident sees).
const (
	ReasonEventFull      Reason = "event_full"      // no places left and no waitlist
	ReasonEventEnded     Reason = "event_ended"     // it reached the hub after the event began
	ReasonSignupClosed   Reason = "signup_closed"   // outside the event's sign-up window
	ReasonEventCancelled Reason = "event_cancelled" // the event was cancelled or closed
)

// Reasons a sign-up was cancelled by staff in the console on the
// resident's behalf (with status cancelled; protocol 3 kiosks show them).
const (
	ReasonStaffCancelled Reason = "staff_cancelled" // she asked staff to cancel (by phone, at the office)
	ReasonNoShow         Reason = "no_show"         // she did not come; her place went to the waitlist
)

// SignUpDecision is the hub's decision on a sign-up, sent to the kiosk that
// took it as a KindSignUpStatus item whose id is the sign-up's id.
type SignUpDecision struct {
	Status SignUpStatus `json:"status"`
	At     time.Time    `json:"at"`
	Reason Reason       `json:"reason,omitempty"` // with rejected, why
}

// SuggestionUpdate is a suggestion's status and the replies so far, sent to
// the kiosk it came from as a KindSuggestionStatus item whose id is the
// suggestion's id.
type SuggestionUpdate struct {
	Status  SuggestionStatus `json:"status"`
	At      time.Time        `json:"at"`
	Replies []Reply          `json:"replies,omitempty"`
}

var (
	uuidPattern    = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)
	receiptPattern = regexp.MustCompile(`^[0-9]{6}$`)
)

// IsUUID reports whether s is a UUID in its canonical lowercase form, the
// form every record id takes.
func IsUUID(s string) bool { return uuidPattern.MatchString(s) }

func (p *problems) uuid(field, s string) {
	if !IsUUID(s) {
		p.add("%s %q is not a lowercase UUID", field, s)
	}
}

func (p *problems) receipt(field, s string) {
	if !receiptPattern.MatchString(s) {
		p.add("%s %q is not 6 digits", field, s)
	}
}

// residentPhone checks a resident's number as records carry it: digits
// only (the kiosk strips separators), and a number she can be called on.
func (p *problems) residentPhone(field, s string, required bool) {
	if s == "" {
		if required {
			p.add("%s is missing", field)
		}
		return
	}
	if Digits(s) != s {
		p.add("%s holds other characters than digits", field)
		return
	}
	if err := ValidatePhone(s); err != nil {
		p.add("%s: %v", field, err)
	}
}
