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

// SignUp is a resident's registration for an event, made at a kiosk.
type SignUp struct {
	ID             string // UUID, set when saved
	Seq            int64  // the kiosk's outbox sequence, set when saved
	EventID        string
	Name           string // e.g. 王女士: surname + title, or a name
	Phone          string
	PartySize      int
	ConsentVersion string
	Created        time.Time
	KioskID        string
	AssistedBy     string // staff or trainer who entered it for the resident
	Receipt        string // short code the resident keeps, set when saved
	Status         SignUpStatus
	StatusAt       time.Time
}

// SuggestionStatus is where a suggestion (征求意見) stands.
type SuggestionStatus string

// Suggestion statuses.
const (
	SuggestionSubmitted SuggestionStatus = "submitted" // saved at the kiosk
	SuggestionReceived  SuggestionStatus = "received"  // the hub has it
	SuggestionAnswered  SuggestionStatus = "answered"
	SuggestionForwarded SuggestionStatus = "forwarded" // sent on to a department
	SuggestionClosed    SuggestionStatus = "closed"
)

// Suggestion is a resident's opinion or request to the community.
type Suggestion struct {
	ID             string
	Seq            int64
	Community      string
	Category       string
	Text           string
	Phrases        []string // preset phrases tapped instead of typing
	CallbackPhone  string   // optional
	Anonymous      bool
	ConsentVersion string
	Created        time.Time
	KioskID        string
	Receipt        string
	Status         SuggestionStatus
	Replies        []Reply
}

// Reply is staff's answer to a suggestion.
type Reply struct {
	ID      string
	Body    string
	By      string // e.g. 盐城路社区居委会
	Created time.Time
}

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
