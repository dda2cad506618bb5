package alliance

import (
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"regexp"
	"strings"
	"time"
)

// Content is a record the hub publishes to every kiosk: an account, post,
// place, directory entry, event, blob or lesson. The hub validates each one
// before it enters the change log, and a kiosk validates each one it
// receives, with the same rules (Validate), so that whatever one side
// accepts the other applies.
type Content interface {
	ContentKind() Kind
	ContentID() string
	// Validate checks the record on its own: fields, lengths, characters,
	// dates. References to other records (a post's account) are checked
	// by whoever holds the others: the pack loader and the hub.
	Validate() error
}

// ContentKinds lists the kinds of content, parents before the children
// that refer to them.
var ContentKinds = []Kind{KindBlob, KindAccount, KindPost, KindPlace, KindDirectory, KindEvent, KindLesson}

// Limits on content fields, shared by the pack loader, the hub and kiosks.
const (
	MaxMediaBytes  = 8 << 20   // one image or media file
	MaxTextBytes   = 256 << 10 // one post body or description
	MaxLessonBytes = 24 << 20  // one lesson folder, all files together
	MaxNameRunes   = 80        // names of accounts, places, directory entries
	MaxTitleRunes  = 120       // titles of posts and events
	MaxLineRunes   = 200       // addresses, hours, notes, places
	MaxListItems   = 50        // tags, images
)

// IDPattern is what content ids look like: lowercase letters, digits and
// dashes, starting with a letter or digit, at most 80 characters.
var IDPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,79}$`)

// PhonePattern is what a published phone number looks like: digits,
// spaces and dashes, with an optional leading +.
var PhonePattern = regexp.MustCompile(`^[0-9+][0-9 -]{2,24}$`)

// SHA256Pattern is a blob's name: 64 lowercase hexadecimal digits. Every
// hash that arrives from the network is checked against it before it is
// used, in a path or anywhere else.
var SHA256Pattern = regexp.MustCompile(`^[0-9a-f]{64}$`)

// problems gathers a record's validation errors.
type problems []string

func (p *problems) add(format string, args ...any) { *p = append(*p, fmt.Sprintf(format, args...)) }

func (p *problems) text(field, s string, maxRunes int, required, multiline bool) {
	if required && strings.TrimSpace(s) == "" {
		p.add("%s is missing", field)
		return
	}
	if err := CheckText(s, maxRunes, multiline); err != nil {
		p.add("%s: %v", field, err)
	}
}

func (p *problems) id(field, s string, required bool) {
	if s == "" {
		if required {
			p.add("%s is missing", field)
		}
		return
	}
	if !IDPattern.MatchString(s) {
		p.add("%s %q must be lowercase letters, digits and dashes", field, s)
	}
}

func (p *problems) phone(field, s string) {
	if s != "" && !PhonePattern.MatchString(s) {
		p.add("%s %q is not a phone number", field, s)
	}
}

func (p *problems) link(field, s string) {
	if s == "" {
		return
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || len(s) > 2000 {
		p.add("%s %q is not an http(s) link", field, s)
	}
}

func (p *problems) time(field string, t time.Time, required bool) {
	if t.IsZero() {
		if required {
			p.add("%s is missing", field)
		}
		return
	}
	if err := CheckTime(t); err != nil {
		p.add("%s: %v", field, err)
	}
}

func (p *problems) list(field string, items []string, maxRunes int) {
	if len(items) > MaxListItems {
		p.add("%s has %d items, at most %d", field, len(items), MaxListItems)
	}
	for _, s := range items {
		p.text(field, s, maxRunes, true, false)
	}
}

func (p *problems) hashes(field string, items []string) {
	if len(items) > MaxListItems {
		p.add("%s has %d items, at most %d", field, len(items), MaxListItems)
	}
	for _, s := range items {
		if !SHA256Pattern.MatchString(s) {
			p.add("%s: %q is not a SHA-256", field, s)
		}
	}
}

func (p problems) err(kind Kind, id string) error {
	if len(p) == 0 {
		return nil
	}
	if id == "" {
		id = "(no id)"
	}
	return fmt.Errorf("%w: %s %s: %s", ErrInvalid, kind, id, strings.Join(p, "; "))
}

// ErrInvalid is wrapped by every Validate error.
var ErrInvalid = errors.New("invalid")

// ContentKind returns KindAccount.
func (a Account) ContentKind() Kind { return KindAccount }

// ContentID returns the account's id.
func (a Account) ContentID() string { return a.ID }

// Validate checks an account's fields.
func (a Account) Validate() error {
	var p problems
	p.id("id", a.ID, true)
	if a.Kind != District && a.Kind != Community {
		p.add("kind %q is not district or community", a.Kind)
	}
	p.text("name", a.Name, MaxNameRunes, true, false)
	p.text("street_office", a.StreetOffice, MaxNameRunes, a.Kind == Community, false)
	p.text("address", a.Address, MaxLineRunes, false, false)
	p.text("office_hours", a.OfficeHours, MaxLineRunes, false, false)
	p.phone("phone", a.Phone)
	p.text("wechat", a.WeChat, MaxNameRunes, false, false)
	p.link("link", a.Link)
	if a.QR != "" {
		p.hashes("qr", []string{a.QR})
	}
	return p.err(KindAccount, a.ID)
}

// ContentKind returns KindPost.
func (x Post) ContentKind() Kind { return KindPost }

// ContentID returns the post's id.
func (x Post) ContentID() string { return x.ID }

// Validate checks a post's fields.
func (x Post) Validate() error {
	var p problems
	p.id("id", x.ID, true)
	p.id("account", x.Account, true)
	if _, ok := x.Column.Info(); !ok {
		p.add("unknown column %q", x.Column)
	}
	p.text("title", x.Title, MaxTitleRunes, true, false)
	if len(x.Body) > MaxTextBytes {
		p.add("body is %d bytes, more than %d", len(x.Body), MaxTextBytes)
	} else {
		p.text("body", x.Body, 0, false, true)
	}
	p.time("published", x.Published, true)
	p.time("expires", x.Expires, false)
	if !x.Expires.IsZero() && !x.Expires.After(x.Published) {
		p.add("expires before it is published")
	}
	p.hashes("images", x.Images)
	p.link("link", x.Link)
	p.text("source", x.Source, MaxTitleRunes, false, false)
	return p.err(KindPost, x.ID)
}

// ContentKind returns KindPlace.
func (x Place) ContentKind() Kind { return KindPlace }

// ContentID returns the place's id.
func (x Place) ContentID() string { return x.ID }

// Validate checks a place's fields.
func (x Place) Validate() error {
	var p problems
	p.id("id", x.ID, true)
	p.text("name", x.Name, MaxNameRunes, true, false)
	switch x.Kind {
	case Food, Sight, Service:
	default:
		p.add("kind %q is not food, sight or service", x.Kind)
	}
	p.id("community", x.Community, false)
	p.text("address", x.Address, MaxLineRunes, false, false)
	p.text("hours", x.Hours, MaxLineRunes, false, false)
	p.phone("phone", x.Phone)
	p.list("tags", x.Tags, MaxNameRunes)
	if len(x.Description) > MaxTextBytes {
		p.add("description is %d bytes, more than %d", len(x.Description), MaxTextBytes)
	} else {
		p.text("description", x.Description, 0, false, true)
	}
	p.hashes("images", x.Images)
	return p.err(KindPlace, x.ID)
}

// ContentKind returns KindDirectory.
func (x DirectoryEntry) ContentKind() Kind { return KindDirectory }

// ContentID returns the entry's id.
func (x DirectoryEntry) ContentID() string { return x.ID }

// Validate checks a directory entry's fields.
func (x DirectoryEntry) Validate() error {
	var p problems
	p.id("id", x.ID, true)
	p.text("name", x.Name, MaxNameRunes, true, false)
	if x.Number == "" {
		p.add("number is missing")
	}
	p.phone("number", x.Number)
	p.text("hours", x.Hours, MaxLineRunes, false, false)
	known := false
	for _, c := range DirectoryCategories {
		known = known || c == x.Category
	}
	if !known {
		p.add("category %q is not one of %s", x.Category, strings.Join(DirectoryCategories, ", "))
	}
	p.id("community", x.Community, false)
	p.text("note", x.Note, MaxLineRunes, false, false)
	return p.err(KindDirectory, x.ID)
}

// MaxCapacity bounds an event's places, and so every sum of parties: no
// community room holds more, and no arithmetic on it can overflow.
const MaxCapacity = 100_000

// ContentKind returns KindEvent.
func (x Event) ContentKind() Kind { return KindEvent }

// ContentID returns the event's id.
func (x Event) ContentID() string { return x.ID }

// Validate checks an event's fields and dates.
func (x Event) Validate() error {
	var p problems
	p.id("id", x.ID, true)
	p.id("community", x.Community, true)
	p.text("title", x.Title, MaxTitleRunes, true, false)
	if len(x.Description) > MaxTextBytes {
		p.add("description is %d bytes, more than %d", len(x.Description), MaxTextBytes)
	} else {
		p.text("description", x.Description, 0, false, true)
	}
	p.time("starts", x.Starts, true)
	p.time("ends", x.Ends, true)
	p.time("signup_opens", x.SignupOpens, false)
	p.time("signup_closes", x.SignupCloses, false)
	if !x.Starts.IsZero() && !x.Ends.After(x.Starts) {
		p.add("ends before it starts")
	}
	if !x.SignupCloses.IsZero() && x.SignupCloses.After(x.Starts) {
		p.add("sign-up closes after the event starts")
	}
	p.text("place", x.Place, MaxLineRunes, false, false)
	if x.Capacity < 0 || x.Capacity > MaxCapacity {
		p.add("capacity %d is outside 0–%d", x.Capacity, MaxCapacity)
	}
	if x.Taken < 0 || x.Taken > MaxCapacity {
		p.add("taken %d is outside 0–%d", x.Taken, MaxCapacity)
	}
	switch x.Status {
	case EventOpen, EventClosed, EventCancelled:
	default:
		p.add("status %q is not open, closed or cancelled", x.Status)
	}
	p.list("tags", x.Tags, MaxNameRunes)
	return p.err(KindEvent, x.ID)
}

// SignUpReason says whether the event takes a sign-up made at made and
// decided at now: "" if it does, else why not. made is when the resident
// signed up, by the kiosk's clock; a time later than now counts as now, so a
// kiosk whose clock runs fast gains nothing. The hub decides with this and
// its own clock; a kiosk asks the same question in hub time before it
// offers the form.
func (x Event) SignUpReason(made, now time.Time) Reason {
	if made.After(now) {
		made = now
	}
	switch {
	case x.Status == EventCancelled:
		return ReasonEventCancelled
	case x.Status != EventOpen:
		return ReasonSignupClosed
	case !now.Before(x.Ends):
		return ReasonEventEnded
	case !made.Before(x.Starts):
		return ReasonSignupClosed
	case !x.SignupOpens.IsZero() && made.Before(x.SignupOpens):
		return ReasonSignupClosed
	case !x.SignupCloses.IsZero() && !made.Before(x.SignupCloses):
		return ReasonSignupClosed
	}
	return ""
}

// MediaTypes are the blob types a pack may carry and a kiosk shows.
var MediaTypes = []string{"image/png", "image/jpeg", "image/gif", "image/webp"}

// ContentKind returns KindBlob.
func (x Blob) ContentKind() Kind { return KindBlob }

// ContentID returns the blob's SHA-256.
func (x Blob) ContentID() string { return x.SHA256 }

// Validate checks a blob's name, size and type (not its bytes: those come
// later, and are checked against the name when they do).
func (x Blob) Validate() error {
	var p problems
	if !SHA256Pattern.MatchString(x.SHA256) {
		p.add("sha256 %q is not 64 lowercase hex digits", x.SHA256)
	}
	if x.Size < 0 || x.Size > MaxMediaBytes {
		p.add("size %d is outside 0–%d", x.Size, MaxMediaBytes)
	}
	known := false
	for _, m := range MediaTypes {
		known = known || m == x.MIME
	}
	if !known {
		p.add("mime %q is not one of %s", x.MIME, strings.Join(MediaTypes, ", "))
	}
	return p.err(KindBlob, x.SHA256)
}

// LessonFolder is one smartphone lesson as a pack carries it: its folder's
// files, byte for byte. Lessons travel as files, not parsed, so that every
// kiosk validates them with the lesson loader it runs (package lessons).
type LessonFolder struct {
	Dir     string            `json:"dir"`     // folder name, e.g. 05-calls: lessons are taught in folder order
	ID      string            `json:"id"`      // the lesson's id
	Version int               `json:"version"` // the lesson's version
	Files   map[string][]byte `json:"files"`   // file name -> bytes (base64 in JSON), lesson.yaml and pictures
}

// ContentKind returns KindLesson.
func (x LessonFolder) ContentKind() Kind { return KindLesson }

// ContentID returns the lesson's id.
func (x LessonFolder) ContentID() string { return x.ID }

// Validate checks the folder's envelope: names, sizes, lesson.yaml present.
// The lesson itself is checked by the lessons loader wherever it is used.
func (x LessonFolder) Validate() error {
	var p problems
	p.id("id", x.ID, true)
	if !IDPattern.MatchString(x.Dir) {
		p.add("dir %q must be lowercase letters, digits and dashes", x.Dir)
	}
	if x.Version < 1 || x.Version > 1_000_000 {
		p.add("version %d is outside 1–1000000", x.Version)
	}
	if _, ok := x.Files["lesson.yaml"]; !ok {
		p.add("files: no lesson.yaml")
	}
	if len(x.Files) > 200 {
		p.add("files: %d files, at most 200", len(x.Files))
	}
	total := 0
	for name, data := range x.Files {
		// Names become paths in an in-memory file system on the kiosk:
		// no "..", no absolute paths, no backslashes.
		if !fs.ValidPath(name) || name == "." || strings.ContainsAny(name, `\`+"\x00") || len(name) > 200 {
			p.add("files: %q is not a plain relative path", name)
		}
		if len(data) > MaxMediaBytes {
			p.add("files: %s is %d bytes, more than %d", name, len(data), MaxMediaBytes)
		}
		total += len(data)
	}
	if total > MaxLessonBytes {
		p.add("files: %d bytes in all, more than %d", total, MaxLessonBytes)
	}
	return p.err(KindLesson, x.ID)
}

// Canonical returns the content with every time in UTC and whole seconds,
// the form the hub publishes and kiosks store: two values that mean the
// same encode, and hash, the same.
func Canonical(c Content) Content {
	t := func(x time.Time) time.Time {
		if x.IsZero() {
			return time.Time{}
		}
		return x.UTC().Truncate(time.Second)
	}
	switch x := c.(type) {
	case Post:
		x.Published, x.Expires = t(x.Published), t(x.Expires)
		return x
	case *Post:
		return Canonical(*x)
	case Event:
		x.Starts, x.Ends, x.SignupOpens, x.SignupCloses = t(x.Starts), t(x.Ends), t(x.SignupOpens), t(x.SignupCloses)
		return x
	case *Event:
		return Canonical(*x)
	case Blob:
		x.Data = nil
		return x
	case *Blob:
		return Canonical(*x)
	case *Account:
		return *x
	case *Place:
		return *x
	case *DirectoryEntry:
		return *x
	case *LessonFolder:
		return *x
	}
	return c
}
