// Package alliance holds the domain types of the community alliance kiosk:
// the content the hub publishes (accounts, posts, places, phone numbers,
// events, blobs, and a content pack as a whole, with the rules every import
// keeps), the records residents create at a kiosk (sign-ups, suggestions),
// and the rules for text and dates. Package pack reads content packs from
// their folders.
//
// It imports nothing of the project, and no database, network, YAML or UI
// package: store/, mirror/, hub/ and ui/ depend on it, never the other way
// round.
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
	ID           string // slug, e.g. "yanchenglu"
	Kind         AccountKind
	Name         string // e.g. 盐城路社区
	StreetOffice string // e.g. 湛山街道; empty for the district
	Address      string
	OfficeHours  string
	Phone        string // the office's service number (一鍵撥號)
	WeChat       string // WeChat account name
	Link         string // public web link, used for QR codes
	QR           string // SHA-256 of the account's QR image, if any
}

// Post is a news item or notice published by an account in a column.
type Post struct {
	ID        string
	Account   string
	Column    Column
	Title     string
	Body      string // Markdown
	Published time.Time
	Expires   time.Time // zero: never
	Pinned    bool
	Images    []string // SHA-256 of each image, in order
	Link      string   // public link to the post, if the pack gives one
	Source    string   // original publisher, e.g. a newspaper
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
	ID          string
	Name        string
	Kind        PlaceKind
	Community   string // optional community id
	Address     string
	Hours       string
	Phone       string
	Tags        []string
	Description string
	Images      []string // SHA-256
}

// DirectoryEntry is a phone number residents may call.
type DirectoryEntry struct {
	ID        string
	Name      string
	Number    string
	Hours     string
	Category  string // community, elderly, health, hotline, repair, safety, legal
	Community string // optional community id
	Note      string
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
	ID           string
	Community    string
	Title        string
	Description  string // Markdown
	Starts, Ends time.Time
	Place        string
	Capacity     int // 0: no limit
	Taken        int // places confirmed, as last published by the hub
	SignupOpens  time.Time
	SignupCloses time.Time
	Waitlist     bool
	Status       EventStatus
	Tags         []string
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
	SHA256 string
	Size   int64
	MIME   string
	Data   []byte // nil when the bytes have not arrived yet
}
