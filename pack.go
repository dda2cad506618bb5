package alliance

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"net/http"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// PackFormat is the format a pack's manifest must declare. A program meets a
// pack of another format with a clear refusal, never a guess.
const PackFormat = "alliance-pack/1"

// Manifest identifies a pack.
type Manifest struct {
	Format  string
	ID      string
	Version int
	Created time.Time
	Title   string
	Sample  bool // sample content, replaced by the first sync from a real hub
}

// Pack is a whole content pack, validated and ready to import.
//
// A pack is a folder:
//
//	manifest.yaml    format, id, version, created, title, sample
//	accounts.yaml    list of accounts (district and communities)
//	places.yaml      list of places
//	directory.yaml   list of phone numbers
//	events.yaml      list of events
//	posts/*.md       one post per file: YAML front matter between "---" lines, then Markdown
//	media/*          images, referenced from the files above by their path in the pack
//	lessons/*/       smartphone lessons, one folder each (see package lessons)
//
// Event dates may be absolute (RFC 3339) or relative, "+3d 09:30": three
// days after the day the pack was first imported, at 09:30 district time.
// Sample packs use that so their events never go stale.
type Pack struct {
	Manifest  Manifest
	Accounts  []Account
	Posts     []Post
	Places    []Place
	Directory []DirectoryEntry
	Events    []Event
	Blobs     []Blob // every referenced media file, once each
	Lessons   []LessonFolder

	relative []relativeDate
}

type relativeDate struct {
	event string // event id: callers may filter or reorder Events
	which int    // see eventDate
	days  int
	hour  int
	min   int
}

// Problem is one thing wrong with a pack, located as precisely as possible.
type Problem struct {
	File string
	Line int // 0 when the problem is with the file as a whole
	Msg  string
}

// String formats the problem as "file:line: what is wrong".
func (p Problem) String() string {
	if p.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Msg)
	}
	return fmt.Sprintf("%s: %s", p.File, p.Msg)
}

// PackError lists every problem found in a pack. Nothing of a pack with
// problems is imported.
type PackError struct {
	Problems []Problem
}

// Error lists the problems, at most 50 of them.
func (e *PackError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "content pack has %d problem(s):", len(e.Problems))
	for i, p := range e.Problems {
		if i == 50 {
			fmt.Fprintf(&b, "\n… and %d more", len(e.Problems)-50)
			break
		}
		b.WriteString("\n")
		b.WriteString(p.String())
	}
	return b.String()
}

var (
	idPattern       = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,79}$`)
	relativePattern = regexp.MustCompile(`^\+(\d{1,3})d (\d{1,2}):(\d{2})$`)
	phonePattern    = regexp.MustCompile(`^[0-9+][0-9 -]{2,24}$`)
)

var topLevel = map[string]bool{
	"manifest.yaml": true, "accounts.yaml": true, "places.yaml": true,
	"directory.yaml": true, "events.yaml": true, "posts": true, "media": true,
	"lessons": true,
}

// LoadPack reads and validates a whole pack. It returns a *PackError listing
// every problem, as "file:line: what is wrong", when the pack is not valid.
func LoadPack(fsys fs.FS) (*Pack, error) {
	l := &loader{fsys: fsys, pack: &Pack{}, blobs: map[string]int{}, accounts: map[string]AccountKind{}}
	if !l.manifest() {
		return nil, &PackError{Problems: l.problems}
	}
	l.topLevel()
	l.accountsFile()
	l.postsDir()
	l.placesFile()
	l.directoryFile()
	l.eventsFile()
	l.lessonsDir()
	if len(l.problems) > 0 {
		sort.SliceStable(l.problems, func(i, j int) bool {
			a, b := l.problems[i], l.problems[j]
			if a.File != b.File {
				return a.File < b.File
			}
			return a.Line < b.Line
		})
		return nil, &PackError{Problems: l.problems}
	}
	return l.pack, nil
}

// ReadManifest reads only the manifest, to decide whether a pack is worth
// loading (for example, whether this version was imported already).
func ReadManifest(fsys fs.FS) (Manifest, error) {
	l := &loader{fsys: fsys, pack: &Pack{}}
	if !l.manifest() {
		return Manifest{}, &PackError{Problems: l.problems}
	}
	return l.pack.Manifest, nil
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
	for _, r := range p.relative {
		e, ok := byID[r.event]
		if !ok {
			continue
		}
		*eventDate(e, r.which) = day.AddDate(0, 0, r.days).Add(time.Duration(r.hour)*time.Hour + time.Duration(r.min)*time.Minute)
	}
}

type loader struct {
	fsys     fs.FS
	pack     *Pack
	problems []Problem
	blobs    map[string]int // media path -> index in pack.Blobs
	accounts map[string]AccountKind
}

func (l *loader) problem(file string, line int, format string, args ...any) {
	l.problems = append(l.problems, Problem{File: file, Line: line, Msg: fmt.Sprintf(format, args...)})
}

func (l *loader) readFile(name string, limit int64) ([]byte, bool) {
	info, err := fs.Stat(l.fsys, name)
	if err != nil {
		l.problem(name, 0, "cannot read: %v", unwrapPath(err))
		return nil, false
	}
	if info.IsDir() {
		l.problem(name, 0, "is a folder, want a file")
		return nil, false
	}
	if info.Size() > limit {
		l.problem(name, 0, "is %d bytes, more than the limit of %d", info.Size(), limit)
		return nil, false
	}
	b, err := fs.ReadFile(l.fsys, name)
	if err != nil {
		l.problem(name, 0, "cannot read: %v", unwrapPath(err))
		return nil, false
	}
	return b, true
}

func unwrapPath(err error) error {
	if pe, ok := err.(*fs.PathError); ok {
		return pe.Err
	}
	return err
}

// parseYAML parses a document; lineOffset is added to reported lines (for
// front matter that starts below line 1).
func (l *loader) parseYAML(file string, data []byte, lineOffset int) (*yaml.Node, bool) {
	if !utf8.Valid(data) {
		l.problem(file, 0, "is not UTF-8 text")
		return nil, false
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		line, msg := yamlErrorLine(err)
		if line > 0 {
			line += lineOffset
		}
		l.problem(file, line, "invalid YAML: %s", msg)
		return nil, false
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return &yaml.Node{Kind: yaml.MappingNode}, true
	}
	shift(doc.Content[0], lineOffset)
	return doc.Content[0], true
}

func shift(n *yaml.Node, by int) {
	if by == 0 {
		return
	}
	n.Line += by
	for _, c := range n.Content {
		shift(c, by)
	}
}

var yamlLine = regexp.MustCompile(`^yaml: (?:line (\d+): )?(.*)$`)

func yamlErrorLine(err error) (int, string) {
	msg := err.Error()
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n, m[2]
	}
	return 0, msg
}

func (l *loader) manifest() bool {
	const file = "manifest.yaml"
	data, ok := l.readFile(file, 64<<10)
	if !ok {
		return false
	}
	n, ok := l.parseYAML(file, data, 0)
	if !ok {
		return false
	}
	before := len(l.problems)
	f := l.fields(file, n, "format", "id", "version", "created", "title", "sample")
	if f == nil {
		return false
	}
	m := &l.pack.Manifest
	m.Format = f.str("format", true)
	if m.Format != "" && m.Format != PackFormat {
		l.problem(file, f.line("format"), "pack format %q is not one this program reads (%s)", m.Format, PackFormat)
	}
	m.ID = f.id("id")
	m.Version = f.integer("version", true)
	if m.Version < 1 && f.has("version") {
		l.problem(file, f.line("version"), "version must be 1 or more")
	}
	m.Created = f.time("created", true)
	m.Title = f.str("title", false)
	m.Sample = f.boolean("sample")
	return len(l.problems) == before
}

func (l *loader) topLevel() {
	entries, err := fs.ReadDir(l.fsys, ".")
	if err != nil {
		l.problem(".", 0, "cannot list the pack: %v", err)
		return
	}
	for _, e := range entries {
		name := e.Name()
		if strings.HasPrefix(name, ".") || strings.HasPrefix(name, "README") || strings.HasPrefix(name, "LICENSE") {
			continue
		}
		if !topLevel[name] {
			l.problem(name, 0, "unknown file in a pack (expected manifest.yaml, accounts.yaml, places.yaml, directory.yaml, events.yaml, posts/, media/)")
		}
	}
}

// list reads an optional YAML file holding a list of mappings.
func (l *loader) list(file string) []*yaml.Node {
	if _, err := fs.Stat(l.fsys, file); err != nil {
		return nil
	}
	data, ok := l.readFile(file, MaxYAMLBytes)
	if !ok {
		return nil
	}
	n, ok := l.parseYAML(file, data, 0)
	if !ok {
		return nil
	}
	if n.Kind == yaml.MappingNode && len(n.Content) == 0 {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		l.problem(file, n.Line, "want a list of records (lines starting with \"- \")")
		return nil
	}
	return n.Content
}

func (l *loader) accountsFile() {
	const file = "accounts.yaml"
	seen := map[string]int{}
	for _, n := range l.list(file) {
		f := l.fields(file, n, "id", "kind", "name", "street_office", "address", "office_hours", "phone", "wechat", "link", "qr")
		if f == nil {
			continue
		}
		a := Account{
			ID:           f.id("id"),
			Kind:         AccountKind(f.oneOf("kind", true, "district", "community")),
			Name:         f.text("name", true, 80),
			StreetOffice: f.text("street_office", false, 80),
			Address:      f.text("address", false, 200),
			OfficeHours:  f.text("office_hours", false, 200),
			Phone:        f.phone("phone"),
			WeChat:       f.text("wechat", false, 80),
			Link:         f.link("link"),
			QR:           f.media("qr"),
		}
		if a.Kind == Community && a.StreetOffice == "" && f.has("kind") {
			l.problem(file, n.Line, "community %q has no street_office", a.ID)
		}
		if a.ID != "" {
			if first, dup := seen[a.ID]; dup {
				l.problem(file, f.line("id"), "account id %q already used on line %d", a.ID, first)
				continue
			}
			seen[a.ID] = f.line("id")
			l.accounts[a.ID] = a.Kind
		}
		l.pack.Accounts = append(l.pack.Accounts, a)
	}
	if _, err := fs.Stat(l.fsys, file); err == nil && len(l.pack.Accounts) == 0 && len(l.problems) == 0 {
		l.problem(file, 0, "has no accounts")
	}
}

func (l *loader) postsDir() {
	entries, err := fs.ReadDir(l.fsys, "posts")
	if err != nil {
		return // a pack without posts is fine
	}
	seen := map[string]string{}
	for _, e := range entries {
		name := "posts/" + e.Name()
		if strings.HasPrefix(e.Name(), ".") {
			continue
		}
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".md") {
			l.problem(name, 0, "unexpected entry in posts/ (want one .md file per post)")
			continue
		}
		data, ok := l.readFile(name, MaxTextBytes+64<<10)
		if !ok {
			continue
		}
		p, ok := l.post(name, data)
		if !ok {
			continue
		}
		if first, dup := seen[p.ID]; dup {
			l.problem(name, 2, "post id %q already used by %s", p.ID, first)
			continue
		}
		seen[p.ID] = name
		l.pack.Posts = append(l.pack.Posts, p)
	}
}

// splitFrontMatter separates "---\nYAML\n---\nbody". It returns the YAML, the
// body, and whether the file had front matter at all.
func splitFrontMatter(data []byte) (front, body []byte, ok bool) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	if !bytes.HasPrefix(data, []byte("---\n")) {
		return nil, nil, false
	}
	rest := data[4:]
	if bytes.HasPrefix(rest, []byte("---\n")) || bytes.Equal(rest, []byte("---")) {
		return nil, bytes.TrimPrefix(rest[3:], []byte("\n")), true
	}
	end := bytes.Index(rest, []byte("\n---\n"))
	if end < 0 {
		if bytes.HasSuffix(rest, []byte("\n---")) {
			return rest[:len(rest)-4], nil, true
		}
		return nil, nil, false
	}
	return rest[:end+1], rest[end+5:], true
}

func (l *loader) post(file string, data []byte) (Post, bool) {
	front, body, ok := splitFrontMatter(data)
	if !ok {
		l.problem(file, 1, "no front matter: a post starts with a line \"---\", its fields, and another \"---\"")
		return Post{}, false
	}
	n, ok := l.parseYAML(file, front, 1)
	if !ok {
		return Post{}, false
	}
	before := len(l.problems)
	f := l.fields(file, n, "id", "account", "column", "title", "published", "expires", "pinned", "images", "link", "source")
	if f == nil {
		return Post{}, false
	}
	p := Post{
		ID:        f.id("id"),
		Account:   f.account("account", true),
		Title:     f.text("title", true, 120),
		Published: f.time("published", true),
		Expires:   f.time("expires", false),
		Pinned:    f.boolean("pinned"),
		Images:    f.mediaList("images"),
		Link:      f.link("link"),
		Source:    f.text("source", false, 120),
	}
	if s := f.str("column", true); s != "" {
		c, ok := ParseColumn(s)
		if !ok {
			l.problem(file, f.line("column"), "unknown column %q", s)
		}
		p.Column = c
	}
	if !p.Expires.IsZero() && !p.Published.IsZero() && !p.Expires.After(p.Published) {
		l.problem(file, f.line("expires"), "expires before it is published")
	}
	text := strings.TrimSpace(string(body))
	if !utf8.ValidString(text) {
		l.problem(file, 0, "body is not UTF-8 text")
	} else if len(text) > MaxTextBytes {
		l.problem(file, 0, "body is %d bytes, more than the limit of %d", len(text), MaxTextBytes)
	}
	p.Body = text
	return p, len(l.problems) == before
}

func (l *loader) placesFile() {
	const file = "places.yaml"
	seen := map[string]int{}
	for _, n := range l.list(file) {
		f := l.fields(file, n, "id", "name", "kind", "community", "address", "hours", "phone", "tags", "description", "images")
		if f == nil {
			continue
		}
		p := Place{
			ID:          f.id("id"),
			Name:        f.text("name", true, 80),
			Kind:        PlaceKind(f.oneOf("kind", true, "food", "sight", "service")),
			Community:   f.account("community", false),
			Address:     f.text("address", false, 200),
			Hours:       f.text("hours", false, 200),
			Phone:       f.phone("phone"),
			Tags:        f.strList("tags"),
			Description: f.text("description", false, MaxTextBytes),
			Images:      f.mediaList("images"),
		}
		if !l.unique(file, f, p.ID, seen) {
			continue
		}
		l.pack.Places = append(l.pack.Places, p)
	}
}

func (l *loader) directoryFile() {
	const file = "directory.yaml"
	seen := map[string]int{}
	for _, n := range l.list(file) {
		f := l.fields(file, n, "id", "name", "number", "hours", "category", "community", "note")
		if f == nil {
			continue
		}
		d := DirectoryEntry{
			ID:        f.id("id"),
			Name:      f.text("name", true, 80),
			Number:    f.phone("number"),
			Hours:     f.text("hours", false, 200),
			Category:  f.oneOf("category", true, DirectoryCategories...),
			Community: f.account("community", false),
			Note:      f.text("note", false, 200),
		}
		if d.Number == "" && !f.has("number") {
			l.problem(file, n.Line, "missing number")
		}
		if !l.unique(file, f, d.ID, seen) {
			continue
		}
		l.pack.Directory = append(l.pack.Directory, d)
	}
}

func (l *loader) eventsFile() {
	const file = "events.yaml"
	seen := map[string]int{}
	for _, n := range l.list(file) {
		f := l.fields(file, n, "id", "community", "title", "description", "starts", "ends", "place",
			"capacity", "taken", "signup_opens", "signup_closes", "waitlist", "status", "tags")
		if f == nil {
			continue
		}
		e := Event{
			ID:          f.id("id"),
			Community:   f.account("community", true),
			Title:       f.text("title", true, 120),
			Description: f.text("description", false, MaxTextBytes),
			Place:       f.text("place", false, 200),
			Capacity:    f.integer("capacity", false),
			Taken:       f.integer("taken", false),
			Waitlist:    f.boolean("waitlist"),
			Status:      EventStatus(f.oneOf("status", false, "open", "closed", "cancelled")),
			Tags:        f.strList("tags"),
		}
		if e.Status == "" {
			e.Status = EventOpen
		}
		starts := f.when("starts", true)
		ends := f.when("ends", true)
		opens := f.when("signup_opens", false)
		closes := f.when("signup_closes", false)
		if e.Capacity < 0 {
			l.problem(file, f.line("capacity"), "capacity cannot be negative")
		}
		if e.Taken < 0 || (e.Capacity > 0 && e.Taken > e.Capacity) {
			l.problem(file, f.line("taken"), "taken is %d, want 0 to capacity (%d)", e.Taken, e.Capacity)
		}
		if starts.known() && ends.known() && !ends.after(starts) {
			l.problem(file, f.line("ends"), "event ends before it starts")
		}
		if closes.known() && starts.known() && starts.before(closes) {
			l.problem(file, f.line("signup_closes"), "sign-up closes after the event starts")
		}
		if !l.unique(file, f, e.ID, seen) {
			continue
		}
		for which, spec := range []when{starts, ends, opens, closes} {
			if spec.relative {
				l.pack.relative = append(l.pack.relative, relativeDate{event: e.ID, which: which, days: spec.days, hour: spec.hour, min: spec.min})
			} else {
				*eventDate(&e, which) = spec.at
			}
		}
		l.pack.Events = append(l.pack.Events, e)
	}
}

// eventDate names an event's dates by number, so that relative dates can be
// resolved after the events slice has stopped growing.
func eventDate(e *Event, which int) *time.Time {
	switch which {
	case 0:
		return &e.Starts
	case 1:
		return &e.Ends
	case 2:
		return &e.SignupOpens
	default:
		return &e.SignupCloses
	}
}

func (l *loader) unique(file string, f *fields, id string, seen map[string]int) bool {
	if id == "" {
		return true
	}
	if first, dup := seen[id]; dup {
		l.problem(file, f.line("id"), "id %q already used on line %d", id, first)
		return false
	}
	seen[id] = f.line("id")
	return true
}

// addMedia loads a media file once and returns its SHA-256.
func (l *loader) addMedia(file string, line int, ref string) string {
	clean := path.Clean(ref)
	if ref == "" || path.IsAbs(ref) || strings.HasPrefix(clean, "../") || clean == ".." || !strings.HasPrefix(clean, "media/") {
		l.problem(file, line, "media path %q must be inside the pack's media/ folder", ref)
		return ""
	}
	if i, ok := l.blobs[clean]; ok {
		return l.pack.Blobs[i].SHA256
	}
	data, err := fs.ReadFile(l.fsys, clean)
	if err != nil {
		l.problem(file, line, "media file %q: %v", ref, unwrapPath(err))
		return ""
	}
	if len(data) > MaxMediaBytes {
		l.problem(file, line, "media file %q is %d bytes, more than the limit of %d", ref, len(data), MaxMediaBytes)
		return ""
	}
	mime := http.DetectContentType(data)
	switch mime {
	case "image/png", "image/jpeg", "image/gif", "image/webp":
	default:
		l.problem(file, line, "media file %q is %s, want a PNG, JPEG, GIF or WebP image", ref, mime)
		return ""
	}
	sum := sha256.Sum256(data)
	b := Blob{SHA256: hex.EncodeToString(sum[:]), Size: int64(len(data)), MIME: mime, Data: data}
	l.blobs[clean] = len(l.pack.Blobs)
	l.pack.Blobs = append(l.pack.Blobs, b)
	return b.SHA256
}
