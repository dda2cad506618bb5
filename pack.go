package alliance

import "time"

// Limits on content, so that a broken or hostile pack or batch is refused
// before it fills a kiosk's disk. The pack loader (package pack) and the
// kiosk's blob fetcher both apply them.
const (
	MaxMediaBytes = 8 << 20   // one image or media file
	MaxTextBytes  = 256 << 10 // one post body or description
)

// Manifest identifies a content pack: which pack it is and which version.
type Manifest struct {
	Format  string
	ID      string
	Version int
	Created time.Time
	Title   string
	Sample  bool // sample content, replaced by the first sync from a real hub
}

// Pack is a whole content pack, validated and ready to import: the content
// one editor publishes under one pack id and version. Package pack reads
// and checks it from its folder (the format is documented there); the hub
// and the kiosk import it.
type Pack struct {
	Manifest  Manifest
	Accounts  []Account
	Posts     []Post
	Places    []Place
	Directory []DirectoryEntry
	Events    []Event
	Blobs     []Blob // every referenced media file, once each
	Lessons   []LessonFolder

	// Relative lists the event dates given relative to the day the pack is
	// first imported; ResolveDates fills them in.
	Relative []RelativeDate
}

// LessonFolder is one smartphone lesson as a pack carries it: its folder's
// files, byte for byte. Lessons travel as files, not parsed, so that every
// kiosk validates them with the lesson loader it runs (package lessons).
type LessonFolder struct {
	Dir     string            // folder name, e.g. 05-calls: lessons are taught in folder order
	ID      string            // the lesson's id
	Version int               // the lesson's version
	Files   map[string][]byte // file name -> bytes, lesson.yaml and pictures
}

// EventDate names one of an event's dates.
type EventDate int

// An event's dates.
const (
	EventStarts EventDate = iota
	EventEnds
	EventSignupOpens
	EventSignupCloses
)

// RelativeDate is an event date written relative to the day its pack is
// first imported, "+3d 09:30": three days later, at 09:30 district time.
type RelativeDate struct {
	Event        string // event id: callers may filter or reorder Events
	Date         EventDate
	Days         int
	Hour, Minute int
}

// ResolveDates turns relative event dates into times, counting days from
// base (the day the pack was first imported) in the district's time zone.
func (p *Pack) ResolveDates(base time.Time) {
	b := base.In(Location)
	day := time.Date(b.Year(), b.Month(), b.Day(), 0, 0, 0, 0, Location)
	byID := make(map[string]*Event, len(p.Events))
	for i := range p.Events {
		byID[p.Events[i].ID] = &p.Events[i]
	}
	for _, r := range p.Relative {
		e, ok := byID[r.Event]
		if !ok {
			continue
		}
		*r.Date.Of(e) = day.AddDate(0, 0, r.Days).Add(time.Duration(r.Hour)*time.Hour + time.Duration(r.Minute)*time.Minute)
	}
}

// Of returns the date d of an event.
func (d EventDate) Of(e *Event) *time.Time {
	switch d {
	case EventStarts:
		return &e.Starts
	case EventEnds:
		return &e.Ends
	case EventSignupOpens:
		return &e.SignupOpens
	default:
		return &e.SignupCloses
	}
}
