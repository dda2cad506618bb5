package alliance

import (
	"errors"
	"time"
)

// ErrNotFound is returned (wrapped) when a looked-up record does not exist.
var ErrNotFound = errors.New("not found")

// Location is the district's time zone. Every date a resident sees, and
// every relative date in a pack, is read in it, whatever the machine's zone.
var Location = mustLoadLocation("Asia/Shanghai")

func mustLoadLocation(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		// A kiosk without tzdata still has to work: Shanghai has had no
		// daylight saving since 1991, so a fixed zone is exact.
		return time.FixedZone("CST", 8*3600)
	}
	return loc
}

// AccountKind tells the district account from the communities' accounts.
type AccountKind string

// Account kinds.
const (
	District  AccountKind = "district"
	Community AccountKind = "community"
)

// Account is the district account (微市南) or one community's account.
type Account struct {
	ID           string      `json:"id"` // slug, e.g. "yanchenglu"
	Kind         AccountKind `json:"kind"`
	Name         string      `json:"name"`                    // e.g. 盐城路社区
	StreetOffice string      `json:"street_office,omitempty"` // e.g. 湛山街道; empty for the district
	Address      string      `json:"address,omitempty"`
	OfficeHours  string      `json:"office_hours,omitempty"`
	Phone        string      `json:"phone,omitempty"`  // the office's service number (一鍵撥號)
	WeChat       string      `json:"wechat,omitempty"` // WeChat account name
	Link         string      `json:"link,omitempty"`   // public web link, used for QR codes
	QR           string      `json:"qr,omitempty"`     // SHA-256 of the account's QR image, if any
}

// Post is a news item or notice published by an account in a column.
type Post struct {
	ID        string    `json:"id"`
	Account   string    `json:"account"`
	Column    Column    `json:"column"`
	Title     string    `json:"title"`
	Body      string    `json:"body"` // Markdown
	Published time.Time `json:"published"`
	Expires   time.Time `json:"expires,omitzero"` // zero: never
	Pinned    bool      `json:"pinned,omitempty"`
	Images    []string  `json:"images,omitempty"` // SHA-256 of each image, in order
	Link      string    `json:"link,omitempty"`   // public link to the post, if the pack gives one
	Source    string    `json:"source,omitempty"` // original publisher, e.g. a newspaper
}

// PlaceKind says whether a place is for food, a sight or a service point.
type PlaceKind string

// Place kinds.
const (
	Food    PlaceKind = "food"
	Sight   PlaceKind = "sight"
	Service PlaceKind = "service"
)

// Place is somewhere to eat, see or get help in the district.
type Place struct {
	ID          string    `json:"id"`
	Name        string    `json:"name"`
	Kind        PlaceKind `json:"kind"`
	Community   string    `json:"community,omitempty"` // optional community id
	Address     string    `json:"address,omitempty"`
	Hours       string    `json:"hours,omitempty"`
	Phone       string    `json:"phone,omitempty"`
	Tags        []string  `json:"tags,omitempty"`
	Description string    `json:"description,omitempty"`
	Images      []string  `json:"images,omitempty"` // SHA-256
}

// DirectoryEntry is a phone number residents may call.
type DirectoryEntry struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	Number    string `json:"number"`
	Hours     string `json:"hours,omitempty"`
	Category  string `json:"category"`            // community, elderly, health, hotline, repair, safety, legal
	Community string `json:"community,omitempty"` // optional community id
	Note      string `json:"note,omitempty"`
}

// DirectoryCategories are the categories a directory entry may have, in the
// order the kiosk lists them.
var DirectoryCategories = []string{"community", "elderly", "health", "hotline", "repair", "safety", "legal"}

// EventStatus is whether an event takes sign-ups.
type EventStatus string

// Event statuses.
const (
	EventOpen      EventStatus = "open"
	EventClosed    EventStatus = "closed"
	EventCancelled EventStatus = "cancelled"
)

// Event is a community activity residents can sign up for.
type Event struct {
	ID           string      `json:"id"`
	Community    string      `json:"community"`
	Title        string      `json:"title"`
	Description  string      `json:"description,omitempty"` // Markdown
	Starts       time.Time   `json:"starts"`
	Ends         time.Time   `json:"ends"`
	Place        string      `json:"place,omitempty"`
	Capacity     int         `json:"capacity,omitempty"` // 0: no limit
	Taken        int         `json:"taken,omitempty"`    // places confirmed, as last published by the hub
	SignupOpens  time.Time   `json:"signup_opens,omitzero"`
	SignupCloses time.Time   `json:"signup_closes,omitzero"`
	Waitlist     bool        `json:"waitlist,omitempty"`
	Status       EventStatus `json:"status"`
	Tags         []string    `json:"tags,omitempty"`
}

// PlacesLeft is how many places are still free; -1 means no limit.
func (e Event) PlacesLeft() int {
	if e.Capacity == 0 {
		return -1
	}
	if left := e.Capacity - e.Taken; left > 0 {
		return left
	}
	return 0
}

// Blob is an image or media file, addressed by the SHA-256 of its bytes.
type Blob struct {
	SHA256 string `json:"sha256"`
	Size   int64  `json:"size"`
	MIME   string `json:"mime"`
	Data   []byte `json:"-"` // nil when the bytes have not arrived yet
}
