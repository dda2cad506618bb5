package alliance

import (
	"crypto/rand"
	"fmt"
	"math/big"
	"strings"
	"time"
)

// SignUpStatus is where a sign-up stands. Only the hub decides; the kiosk
// shows the latest status it has received.
type SignUpStatus string

// Sign-up statuses.
const (
	SignUpProvisional SignUpStatus = "provisional" // saved at the kiosk, hub not yet told
	SignUpConfirmed   SignUpStatus = "confirmed"
	SignUpWaitlisted  SignUpStatus = "waitlisted"
	SignUpRejected    SignUpStatus = "rejected"
	SignUpCancelled   SignUpStatus = "cancelled"
)

// MaxParty is the most people one sign-up may bring (the resident
// included).
const MaxParty = 10

// SignUp is a resident's registration for an event, made at a kiosk. The
// fields tagged "-" are the kiosk's own view and never travel: the hub
// decides the status.
type SignUp struct {
	ID             string       `json:"id"` // UUID, set when saved
	Seq            int64        `json:"-"`  // the kiosk's outbox sequence, set when saved
	EventID        string       `json:"event_id"`
	Name           string       `json:"name"` // e.g. 王女士: surname + title, or a name
	Phone          string       `json:"phone"`
	PartySize      int          `json:"party_size"`
	ConsentVersion string       `json:"consent_version"`
	Created        time.Time    `json:"created"`
	KioskID        string       `json:"kiosk_id,omitempty"`
	AssistedBy     string       `json:"assisted_by,omitempty"` // staff or trainer who entered it for the resident
	Receipt        string       `json:"receipt"`               // short code the resident keeps, set when saved
	Status         SignUpStatus `json:"-"`
	StatusAt       time.Time    `json:"-"`
	Reason         Reason       `json:"-"` // why the hub rejected it, if it did
}

// RecordKind returns KindSignUp.
func (s SignUp) RecordKind() Kind { return KindSignUp }

// RecordID returns the sign-up's id.
func (s SignUp) RecordID() string { return s.ID }

// Validate checks a sign-up as it travels.
func (s SignUp) Validate() error {
	var p problems
	p.uuid("id", s.ID)
	p.id("event_id", s.EventID, true)
	p.text("name", s.Name, 20, true, false)
	p.residentPhone("phone", s.Phone, true)
	if s.PartySize < 1 || s.PartySize > MaxParty {
		p.add("party_size %d is outside 1–%d", s.PartySize, MaxParty)
	}
	p.text("consent_version", s.ConsentVersion, 40, true, false)
	p.time("created", s.Created, true)
	p.text("kiosk_id", s.KioskID, 64, false, false)
	p.text("assisted_by", s.AssistedBy, 40, false, false)
	p.receipt("receipt", s.Receipt)
	return p.err(KindSignUp, s.ID)
}

// SignUpCancel is a resident's cancellation of her sign-up, made at the
// kiosk that took the sign-up.
type SignUpCancel struct {
	ID       string    `json:"id"`        // the cancellation's own UUID
	SignUpID string    `json:"signup_id"` // the sign-up cancelled
	At       time.Time `json:"at"`
}

// RecordKind returns KindSignUpCancel.
func (c SignUpCancel) RecordKind() Kind { return KindSignUpCancel }

// RecordID returns the cancellation's id.
func (c SignUpCancel) RecordID() string { return c.ID }

// Validate checks a cancellation.
func (c SignUpCancel) Validate() error {
	var p problems
	p.uuid("id", c.ID)
	p.uuid("signup_id", c.SignUpID)
	p.time("at", c.At, true)
	return p.err(KindSignUpCancel, c.ID)
}

// SuggestionStatus is where a suggestion (征求意見) stands.
type SuggestionStatus string

// Suggestion statuses.
const (
	SuggestionSubmitted   SuggestionStatus = "submitted"   // saved at the kiosk
	SuggestionReceived    SuggestionStatus = "received"    // the hub has it
	SuggestionInProgress  SuggestionStatus = "in_progress" // staff are working on it (protocol 3)
	SuggestionAnswered    SuggestionStatus = "answered"
	SuggestionForwarded   SuggestionStatus = "forwarded"   // sent on to a department
	SuggestionTransferred SuggestionStatus = "transferred" // handed to another community, with a reason she sees (protocol 3)
	SuggestionDuplicate   SuggestionStatus = "duplicate"   // the same as another suggestion, answered there (protocol 3)
	SuggestionClosed      SuggestionStatus = "closed"
)

// Open reports whether staff still owe the resident an answer: the
// statuses the console counts as overdue after its working days.
func (s SuggestionStatus) Open() bool {
	switch s {
	case SuggestionReceived, SuggestionInProgress, SuggestionTransferred:
		return true
	}
	return false
}

// StaffStatuses are the statuses staff may set in the console, in the
// order they are offered.
var StaffStatuses = []SuggestionStatus{SuggestionReceived, SuggestionInProgress, SuggestionAnswered,
	SuggestionForwarded, SuggestionTransferred, SuggestionDuplicate, SuggestionClosed}

// Protocol2Status is the status a kiosk that speaks only protocol 2 is
// sent: the statuses protocol 3 added are shown to it as the nearest one
// it knows, so its resident still sees something true.
func (s SuggestionStatus) Protocol2Status() SuggestionStatus {
	switch s {
	case SuggestionInProgress:
		return SuggestionReceived
	case SuggestionTransferred:
		return SuggestionForwarded
	case SuggestionDuplicate:
		return SuggestionAnswered
	}
	return s
}

// SuggestionCategories are the categories of 征求意见, stored by id.
var SuggestionCategories = []string{"environment", "safety", "elderly", "activities", "repairs", "other"}

// Limits on a suggestion.
const (
	MaxSuggestionRunes = 1000
	MaxPhrases         = 12
)

// Suggestion is a resident's opinion or request to the community. Status
// and Replies are the kiosk's view of what the hub sent back; they never
// travel up.
type Suggestion struct {
	ID             string           `json:"id"`
	Seq            int64            `json:"-"`
	Community      string           `json:"community"`
	Category       string           `json:"category"`
	Text           string           `json:"text,omitempty"`
	Phrases        []string         `json:"phrases,omitempty"`        // preset phrases tapped instead of typing
	CallbackPhone  string           `json:"callback_phone,omitempty"` // optional
	Anonymous      bool             `json:"anonymous,omitempty"`
	ConsentVersion string           `json:"consent_version,omitempty"` // required with a callback phone
	Created        time.Time        `json:"created"`
	KioskID        string           `json:"kiosk_id,omitempty"`
	AssistedBy     string           `json:"assisted_by,omitempty"` // staff who entered it for the resident (assisted mode); omitted when she was alone
	Receipt        string           `json:"receipt"`
	Status         SuggestionStatus `json:"-"`
	Replies        []Reply          `json:"-"`
}

// RecordKind returns KindSuggestion.
func (s Suggestion) RecordKind() Kind { return KindSuggestion }

// RecordID returns the suggestion's id.
func (s Suggestion) RecordID() string { return s.ID }

// Validate checks a suggestion as it travels.
func (s Suggestion) Validate() error {
	var p problems
	p.uuid("id", s.ID)
	p.id("community", s.Community, true)
	known := false
	for _, c := range SuggestionCategories {
		known = known || c == s.Category
	}
	if !known {
		p.add("category %q is not one of %s", s.Category, strings.Join(SuggestionCategories, ", "))
	}
	p.text("text", s.Text, MaxSuggestionRunes, false, true)
	if len(s.Phrases) > MaxPhrases {
		p.add("phrases: %d, at most %d", len(s.Phrases), MaxPhrases)
	}
	for _, ph := range s.Phrases {
		p.text("phrases", ph, 40, true, false)
	}
	if strings.TrimSpace(s.Text) == "" && len(s.Phrases) == 0 {
		p.add("neither text nor phrases")
	}
	p.residentPhone("callback_phone", s.CallbackPhone, false)
	p.text("consent_version", s.ConsentVersion, 40, s.CallbackPhone != "", false)
	p.time("created", s.Created, true)
	p.text("kiosk_id", s.KioskID, 64, false, false)
	p.text("assisted_by", s.AssistedBy, 40, false, false)
	p.receipt("receipt", s.Receipt)
	return p.err(KindSuggestion, s.ID)
}

// Reply is staff's answer to a suggestion.
type Reply struct {
	ID      string    `json:"id"`
	Body    string    `json:"body"`
	By      string    `json:"by"` // e.g. 盐城路社区居委会
	Created time.Time `json:"created"`
}

// CallbackRequest is a resident's 请社区给我回电话: a phone number left for a
// community office, delivered through the outbox like any record.
type CallbackRequest struct {
	ID             string    `json:"id"`
	Seq            int64     `json:"-"`
	Community      string    `json:"community"`       // the community office to call back
	Entry          string    `json:"entry,omitempty"` // directory entry id the resident was looking at, if any
	Phone          string    `json:"phone"`
	ConsentVersion string    `json:"consent_version"`
	Created        time.Time `json:"created"`
	KioskID        string    `json:"kiosk_id,omitempty"`
	AssistedBy     string    `json:"assisted_by,omitempty"` // staff who entered it for the resident (assisted mode); omitted when she was alone
	Receipt        string    `json:"receipt"`
}

// RecordKind returns KindCallback.
func (r CallbackRequest) RecordKind() Kind { return KindCallback }

// RecordID returns the request's id.
func (r CallbackRequest) RecordID() string { return r.ID }

// Validate checks a call-back request.
func (r CallbackRequest) Validate() error {
	var p problems
	p.uuid("id", r.ID)
	p.id("community", r.Community, true)
	p.id("entry", r.Entry, false)
	p.residentPhone("phone", r.Phone, true)
	p.text("consent_version", r.ConsentVersion, 40, true, false)
	p.time("created", r.Created, true)
	p.text("kiosk_id", r.KioskID, 64, false, false)
	p.text("assisted_by", r.AssistedBy, 40, false, false)
	p.receipt("receipt", r.Receipt)
	return p.err(KindCallback, r.ID)
}

// CallbackStatus is where a call-back request stands, as staff mark it in
// the console and the resident sees it at the kiosk (protocol 3).
type CallbackStatus string

// Call-back statuses.
const (
	CallbackRequested CallbackStatus = "requested" // the hub has it; nobody has called yet
	CallbackCalled    CallbackStatus = "called"    // staff called and spoke to her
	CallbackNoAnswer  CallbackStatus = "no_answer" // staff called; nobody answered (they try again)
	CallbackDone      CallbackStatus = "done"      // settled
)

// CallbackStatuses lists them in the order the console offers them.
var CallbackStatuses = []CallbackStatus{CallbackRequested, CallbackCalled, CallbackNoAnswer, CallbackDone}

// Valid reports whether s is one of the call-back statuses.
func (s CallbackStatus) Valid() bool {
	for _, x := range CallbackStatuses {
		if x == s {
			return true
		}
	}
	return false
}

// CallbackUpdate is a call-back request's status, sent to the kiosk it came
// from as a KindCallbackStatus item whose id is the request's id.
type CallbackUpdate struct {
	Status CallbackStatus `json:"status"`
	At     time.Time      `json:"at"`
}

// RecordRetention is how long residents' sign-ups, suggestions and
// call-back requests are kept once done with (the event ended, the
// suggestion closed, the call made), on the kiosk and the hub. The consent
// texts the kiosk shows are written from it (ui.ConsentDays).
const RecordRetention = 30 * 24 * time.Hour

// LearnerRetention is how long a smartphone learner's card and records are
// kept after her last class or practice, on the kiosk and the hub: long
// enough for courses that run over many months, and then they go without
// anyone having to ask.
const LearnerRetention = 2 * 365 * 24 * time.Hour

// ValidatePhone reports whether s is a phone number a resident could be
// called back on: a mainland mobile (11 digits starting with 1) or a
// landline of 7 to 12 digits. Separators are ignored.
func ValidatePhone(s string) error {
	d := Digits(s)
	switch {
	case d == "":
		return fmt.Errorf("phone number is empty")
	case len(d) == 11 && d[0] == '1':
		return nil
	case d[0] != '1' && len(d) >= 7 && len(d) <= 12:
		return nil
	}
	return fmt.Errorf("phone number %s has %d digits", MaskPhone(s), len(d))
}

// Digits keeps only the ASCII digits of s.
func Digits(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// MaskPhone hides the middle of a resident's phone number for public
// screens and logs: 13812345678 becomes 138****5678.
func MaskPhone(s string) string {
	d := Digits(s)
	switch {
	case len(d) == 0:
		return ""
	case len(d) <= 4:
		return strings.Repeat("*", len(d))
	case len(d) <= 7:
		return strings.Repeat("*", len(d)-4) + d[len(d)-4:]
	}
	return d[:3] + strings.Repeat("*", len(d)-7) + d[len(d)-4:]
}

// receiptDigits: receipt codes are digits only so residents can key them on
// the kiosk's number pad and read them out over the phone.
const receiptDigits = "0123456789"

// NewReceipt returns a random 6-digit receipt code.
func NewReceipt() string {
	b := make([]byte, 6)
	for i := range b {
		n, err := rand.Int(rand.Reader, big.NewInt(int64(len(receiptDigits))))
		if err != nil {
			panic(err) // crypto/rand does not fail on supported platforms
		}
		b[i] = receiptDigits[n.Int64()]
	}
	return string(b)
}
