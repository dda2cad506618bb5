package alliance

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Manifest identifies a content pack: which pack it is and which version.
type Manifest struct {
	Format  string
	ID      string
	Version int
	Created time.Time
	Title   string
	Sample  bool // sample content, replaced by the first sync from a real hub

	// Replaces lists the packs this one may take records over from (see
	// Pack.CheckImport): a record id belongs to one pack at a time.
	Replaces []string
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

// Records calls fn with the kind and id of every record the pack holds,
// blobs excepted: a blob is named by its content and any pack may hold it.
func (p *Pack) Records(fn func(kind Kind, id string)) {
	for _, x := range p.Accounts {
		fn(KindAccount, x.ID)
	}
	for _, x := range p.Posts {
		fn(KindPost, x.ID)
	}
	for _, x := range p.Places {
		fn(KindPlace, x.ID)
	}
	for _, x := range p.Directory {
		fn(KindDirectory, x.ID)
	}
	for _, x := range p.Events {
		fn(KindEvent, x.ID)
	}
	for _, x := range p.Lessons {
		fn(KindLesson, x.ID)
	}
}

// ImportStats counts what importing a pack changed, on the hub (in its
// change log) or on a kiosk.
type ImportStats struct {
	Added, Updated, Deleted, Unchanged int
}

// String summarises the counts for logs and the command line.
func (s ImportStats) String() string {
	return fmt.Sprintf("%d added, %d updated, %d deleted, %d unchanged", s.Added, s.Updated, s.Deleted, s.Unchanged)
}

// Changed reports whether the import changed anything.
func (s ImportStats) Changed() bool { return s.Added+s.Updated+s.Deleted > 0 }

// ImportOption relaxes one of the rules of Pack.CheckImport.
type ImportOption int

// Import options.
const (
	// AllowOlder imports a pack whose version is lower than the version of
	// the same pack imported before: a deliberate roll-back
	// (alliance-sync import --force).
	AllowOlder ImportOption = iota + 1
)

// ErrImportRefused is wrapped by the errors of Pack.CheckImport.
var ErrImportRefused = errors.New("import refused")

// CheckImport applies the rules every importer (the hub and the kiosk)
// enforces before a pack replaces what earlier imports left:
//
//   - Versions only go forward. A pack whose version is lower than the
//     version of the same pack imported before (prev; 0 when it never was)
//     would bring back older content and delete newer, so it is refused
//     unless AllowOlder is given. The same version may be imported again:
//     that is how an editor corrects a version, and the importer reports
//     what changed.
//   - A record id belongs to one pack. owner returns the pack that holds
//     a record of this kind and id now ("" when none does); a pack that
//     would take over another pack's record is refused, naming both packs,
//     unless its manifest lists that pack under replaces.
func (p *Pack) CheckImport(prev int, owner func(kind Kind, id string) string, opts ...ImportOption) error {
	m := p.Manifest
	if prev > m.Version && !slices.Contains(opts, AllowOlder) {
		return fmt.Errorf("%w: pack %s version %d is older than version %d, imported before: "+
			"it would bring back older content and delete newer. Publish it as version %d, "+
			"or force the roll-back (alliance-sync import --force)", ErrImportRefused, m.ID, m.Version, prev, prev+1)
	}
	type taken struct {
		kind Kind
		id   string
	}
	byOwner := map[string][]taken{}
	var owners []string
	p.Records(func(kind Kind, id string) {
		o := owner(kind, id)
		if o == "" || o == m.ID || slices.Contains(m.Replaces, o) {
			return
		}
		if byOwner[o] == nil {
			owners = append(owners, o)
		}
		byOwner[o] = append(byOwner[o], taken{kind, id})
	})
	if len(owners) == 0 {
		return nil
	}
	slices.Sort(owners)
	var b strings.Builder
	for i, o := range owners {
		if i > 0 {
			b.WriteString("; ")
		}
		ts := byOwner[o]
		fmt.Fprintf(&b, "%d record(s) of pack %s (", len(ts), o)
		for j, t := range ts {
			if j == 5 {
				fmt.Fprintf(&b, ", … %d more", len(ts)-5)
				break
			}
			if j > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "%s %q", t.kind, t.id)
		}
		b.WriteString(")")
	}
	return fmt.Errorf("%w: pack %s holds %s. A record belongs to one pack: give these records other ids, "+
		"or, to move them to pack %s, list the pack they come from in its manifest.yaml (replaces: [%s])",
		ErrImportRefused, m.ID, b.String(), m.ID, strings.Join(owners, ", "))
}
