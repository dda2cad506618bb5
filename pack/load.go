package pack

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/internal/safefs"
	"github.com/shinan-alliance/alliance/internal/yamlfield"
	"github.com/shinan-alliance/alliance/lessons"
	"go.yaml.in/yaml/v3"
)

// Format is the format a pack's manifest must declare. A program meets a
// pack of another format with a clear refusal, never a guess.
const Format = "alliance-pack/1"

// Limits on a pack's files, besides alliance.MaxMediaBytes and
// alliance.MaxTextBytes.
const (
	MaxYAMLBytes       = 32 << 20 // one structured-records file
	MaxManifestBytes   = 64 << 10
	MaxPostBytes       = alliance.MaxTextBytes + 64<<10 // body and front matter
	MaxLessonFileBytes = max(lessons.MaxYAMLBytes, lessons.MaxImageBytes)
)

// maxFileBytes is the largest file a pack may hold.
const maxFileBytes = max(MaxYAMLBytes, MaxManifestBytes, MaxPostBytes, MaxLessonFileBytes, alliance.MaxMediaBytes)

// wholeBelow is the size under which a YAML list file is parsed whole;
// bigger ones are parsed a few records at a time (yamlfield.Records).
const wholeBelow = 1 << 20

// Problem is one thing wrong with a pack, located as precisely as possible.
type Problem = yamlfield.Problem

// Error lists every problem found in a pack. Nothing of a pack with
// problems is imported.
type Error struct {
	Problems []Problem
}

// Error lists the problems, at most 50 of them.
func (e *Error) Error() string {
	return yamlfield.Summary("content pack has", e.Problems)
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

// Load reads and validates a whole pack from fsys (an embedded pack, or a
// test's). It returns an *Error listing every problem, as "file:line: what
// is wrong", when the pack is not valid, and ctx's error when ctx is done
// first. Everything is read through safefs: see the package comment for
// the rules on files.
func Load(ctx context.Context, fsys fs.FS) (*alliance.Pack, error) {
	return load(ctx, safefs.New(ctx, fsys, maxFileBytes), true)
}

// LoadDir reads and validates the pack in the folder dir, like Load. The
// folder is opened as an os.Root: nothing outside it is ever read.
func LoadDir(ctx context.Context, dir string) (*alliance.Pack, error) {
	return loadDir(ctx, dir, true)
}

// CheckDir validates the pack in the folder dir exactly as LoadDir does,
// but keeps no media or lesson bytes (the Blobs' and Lessons' Data and
// Files are nil), so that checking takes memory in proportion to the
// largest file rather than to the pack. It is for alliance-sync pack check.
func CheckDir(ctx context.Context, dir string) (*alliance.Pack, error) {
	return loadDir(ctx, dir, false)
}

func loadDir(ctx context.Context, dir string, keepData bool) (*alliance.Pack, error) {
	fsys, err := safefs.OpenDir(ctx, dir, maxFileBytes)
	if err != nil {
		return nil, err
	}
	defer fsys.Close()
	return load(ctx, fsys, keepData)
}

func load(ctx context.Context, fsys fs.FS, keepData bool) (*alliance.Pack, error) {
	return loadWith(&loader{ctx: ctx, fsys: fsys, keepData: keepData, wholeBelow: wholeBelow})
}

// loadWith runs a loader; tests and fuzzing set its fields.
func loadWith(l *loader) (*alliance.Pack, error) {
	ctx := l.ctx
	l.pack = &alliance.Pack{}
	l.blobs = map[string]int{}
	l.accounts = map[string]alliance.AccountKind{}
	ok := l.manifest()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if !ok {
		return nil, &Error{Problems: l.problems}
	}
	for _, step := range []func(){l.topLevel, l.accountsFile, l.postsDir, l.placesFile, l.directoryFile, l.eventsFile, l.lessonsDir} {
		step()
		if err := ctx.Err(); err != nil {
			return nil, err
		}
	}
	if len(l.problems) > 0 {
		l.problems.Sort()
		return nil, &Error{Problems: l.problems}
	}
	return l.pack, nil
}

type loader struct {
	ctx        context.Context
	fsys       fs.FS // a *safefs.FS
	keepData   bool
	wholeBelow int // see the constant
	pack       *alliance.Pack
	problems   yamlfield.Problems
	blobs      map[string]int // media path -> index in pack.Blobs
	accounts   map[string]alliance.AccountKind
}

func (l *loader) problem(file string, line int, format string, args ...any) {
	l.problems.Add(file, line, format, args...)
}

// readFile reads a whole file of at most limit bytes, checking its size
// before reading it. A missing optional file is no problem.
func (l *loader) readFile(name string, limit int64, optional bool) ([]byte, bool) {
	info, err := fs.Stat(l.fsys, name)
	switch {
	case optional && errors.Is(err, fs.ErrNotExist):
		return nil, false
	case err != nil:
		l.problem(name, 0, "cannot read: %s", describe(name, err))
		return nil, false
	case info.IsDir():
		l.problem(name, 0, "is a folder, want a file")
		return nil, false
	case info.Size() > limit:
		l.problem(name, 0, "is %d bytes, more than the limit of %d", info.Size(), limit)
		return nil, false
	}
	b, err := safefs.ReadFile(l.fsys, name, limit)
	if err != nil {
		l.problem(name, 0, "cannot read: %s", describe(name, err))
		return nil, false
	}
	return b, true
}

// describe says what is wrong with name, naming the part of its path at
// fault when it is not name itself (a folder that is a symbolic link).
func describe(name string, err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		if pe.Path == name {
			return pe.Err.Error()
		}
		return pe.Path + " " + pe.Err.Error()
	}
	return err.Error()
}

// readDir lists an optional folder of the pack.
func (l *loader) readDir(name string) []fs.DirEntry {
	entries, err := fs.ReadDir(l.fsys, name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		l.problem(name, 0, "cannot list: %s", describe(name, err))
	}
	return entries
}

// parseYAML parses a document; lineOffset is added to reported lines (for
// front matter that starts below line 1). An empty document is an empty
// mapping.
func (l *loader) parseYAML(file string, data []byte, lineOffset int) (*yaml.Node, bool) {
	n, ok := yamlfield.Parse(&l.problems, file, data, lineOffset)
	if ok && n == nil {
		n = &yaml.Node{Kind: yaml.MappingNode}
	}
	return n, ok
}

func (l *loader) manifest() bool {
	const file = "manifest.yaml"
	data, ok := l.readFile(file, MaxManifestBytes, false)
	if !ok {
		return false
	}
	n, ok := l.parseYAML(file, data, 0)
	if !ok {
		return false
	}
	before := len(l.problems)
	f := l.fields(file, n, "format", "id", "version", "created", "title", "sample", "replaces")
	if f == nil {
		return false
	}
	m := &l.pack.Manifest
	m.Format = f.Str("format", true)
	if m.Format != "" && m.Format != Format {
		f.Problem("format", "pack format %q is not one this program reads (%s)", m.Format, Format)
	}
	m.ID = f.id("id")
	m.Version = f.Int("version", true)
	if m.Version < 1 && f.Has("version") {
		f.Problem("version", "version must be 1 or more")
	}
	m.Created = f.Time("created", true)
	m.Title = f.Text("title", false, 200, false)
	m.Sample = f.Bool("sample")
	for _, id := range f.List("replaces", 0) {
		switch {
		case !idPattern.MatchString(id):
			f.Problem("replaces", "replaces: %q is not a pack id (lowercase letters, digits and dashes)", id)
		case id == m.ID:
			f.Problem("replaces", "replaces: a pack does not replace itself")
		default:
			m.Replaces = append(m.Replaces, id)
		}
	}
	return len(l.problems) == before
}

func (l *loader) topLevel() {
	for _, e := range l.readDir(".") {
		name := e.Name()
		if strings.HasPrefix(name, ".") || strings.HasPrefix(name, "README") || strings.HasPrefix(name, "LICENSE") {
			continue
		}
		if !topLevel[name] {
			l.problem(name, 0, "unknown file in a pack (expected manifest.yaml, accounts.yaml, places.yaml, directory.yaml, events.yaml, posts/, media/, lessons/)")
		}
	}
}

// list calls fn with each record of an optional YAML file holding a list
// of mappings. A big file is parsed a few records at a time.
func (l *loader) list(file string, fn func(*yaml.Node)) {
	data, ok := l.readFile(file, MaxYAMLBytes, true)
	if !ok {
		return
	}
	if len(data) >= l.wholeBelow {
		yamlfield.Records(l.ctx, &l.problems, file, data, fn)
		return
	}
	n, ok := l.parseYAML(file, data, 0)
	if !ok || (n.Kind == yaml.MappingNode && len(n.Content) == 0) {
		return
	}
	if n.Kind != yaml.SequenceNode {
		l.problem(file, n.Line, "want a list of records (lines starting with \"- \")")
		return
	}
	for _, c := range n.Content {
		fn(c)
	}
}

func (l *loader) exists(name string) bool {
	_, err := fs.Stat(l.fsys, name)
	return !errors.Is(err, fs.ErrNotExist)
}

func (l *loader) accountsFile() {
	const file = "accounts.yaml"
	seen := map[string]int{}
	l.list(file, func(n *yaml.Node) {
		f := l.fields(file, n, "id", "kind", "name", "street_office", "address", "office_hours", "phone", "wechat", "link", "qr")
		if f == nil {
			return
		}
		a := alliance.Account{
			ID:           f.id("id"),
			Kind:         alliance.AccountKind(f.OneOf("kind", true, "district", "community")),
			Name:         f.Text("name", true, 80, false),
			StreetOffice: f.Text("street_office", false, 80, false),
			Address:      f.Text("address", false, 200, false),
			OfficeHours:  f.Text("office_hours", false, 200, false),
			Phone:        f.phone("phone"),
			WeChat:       f.Text("wechat", false, 80, false),
			Link:         f.link("link"),
			QR:           f.media("qr"),
		}
		if a.Kind == alliance.Community && a.StreetOffice == "" && f.Has("kind") {
			l.problem(file, n.Line, "community %q has no street_office", a.ID)
		}
		if a.ID != "" {
			if first, dup := seen[a.ID]; dup {
				f.Problem("id", "account id %q already used on line %d", a.ID, first)
				return
			}
			seen[a.ID] = f.Line("id")
			l.accounts[a.ID] = a.Kind
		}
		l.pack.Accounts = append(l.pack.Accounts, a)
	})
	if l.exists(file) && len(l.pack.Accounts) == 0 && len(l.problems) == 0 {
		l.problem(file, 0, "has no accounts")
	}
}

func (l *loader) postsDir() {
	seen := map[string]string{}
	for _, e := range l.readDir("posts") {
		name := "posts/" + e.Name()
		if strings.HasPrefix(e.Name(), ".") {
			continue
		}
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".md") {
			l.problem(name, 0, "unexpected entry in posts/ (want one .md file per post)")
			continue
		}
		data, ok := l.readFile(name, MaxPostBytes, false)
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

func (l *loader) post(file string, data []byte) (alliance.Post, bool) {
	front, body, ok := splitFrontMatter(data)
	if !ok {
		l.problem(file, 1, "no front matter: a post starts with a line \"---\", its fields, and another \"---\"")
		return alliance.Post{}, false
	}
	n, ok := l.parseYAML(file, front, 1)
	if !ok {
		return alliance.Post{}, false
	}
	before := len(l.problems)
	f := l.fields(file, n, "id", "account", "column", "title", "published", "expires", "pinned", "images", "link", "source")
	if f == nil {
		return alliance.Post{}, false
	}
	p := alliance.Post{
		ID:        f.id("id"),
		Account:   f.account("account", true),
		Title:     f.Text("title", true, 120, false),
		Published: f.Time("published", true),
		Expires:   f.Time("expires", false),
		Pinned:    f.Bool("pinned"),
		Images:    f.mediaList("images"),
		Link:      f.link("link"),
		Source:    f.Text("source", false, 120, false),
	}
	if s := f.Str("column", true); s != "" {
		c, ok := alliance.ParseColumn(s)
		if !ok {
			f.Problem("column", "unknown column %q", s)
		}
		p.Column = c
	}
	if !p.Expires.IsZero() && !p.Published.IsZero() && !p.Expires.After(p.Published) {
		f.Problem("expires", "expires before it is published")
	}
	text := strings.TrimSpace(string(body))
	if !utf8.ValidString(text) {
		l.problem(file, 0, "body is not UTF-8 text")
	} else if len(text) > alliance.MaxTextBytes {
		l.problem(file, 0, "body is %d bytes, more than the limit of %d", len(text), alliance.MaxTextBytes)
	} else {
		f.CheckText("body", 0, text, 0, true)
	}
	p.Body = text
	return p, len(l.problems) == before
}

func (l *loader) placesFile() {
	const file = "places.yaml"
	seen := map[string]int{}
	l.list(file, func(n *yaml.Node) {
		f := l.fields(file, n, "id", "name", "kind", "community", "address", "hours", "phone", "tags", "description", "images")
		if f == nil {
			return
		}
		p := alliance.Place{
			ID:          f.id("id"),
			Name:        f.Text("name", true, 80, false),
			Kind:        alliance.PlaceKind(f.OneOf("kind", true, "food", "sight", "service")),
			Community:   f.account("community", false),
			Address:     f.Text("address", false, 200, false),
			Hours:       f.Text("hours", false, 200, false),
			Phone:       f.phone("phone"),
			Tags:        f.List("tags", maxTagRunes),
			Description: f.Text("description", false, alliance.MaxTextBytes, true),
			Images:      f.mediaList("images"),
		}
		if !l.unique(file, f, p.ID, seen) {
			return
		}
		l.pack.Places = append(l.pack.Places, p)
	})
}

// maxTagRunes is the longest tag: a word or two, shown on a small label.
const maxTagRunes = 40

func (l *loader) directoryFile() {
	const file = "directory.yaml"
	seen := map[string]int{}
	l.list(file, func(n *yaml.Node) {
		f := l.fields(file, n, "id", "name", "number", "hours", "category", "community", "note")
		if f == nil {
			return
		}
		d := alliance.DirectoryEntry{
			ID:        f.id("id"),
			Name:      f.Text("name", true, 80, false),
			Number:    f.phone("number"),
			Hours:     f.Text("hours", false, 200, false),
			Category:  f.OneOf("category", true, alliance.DirectoryCategories...),
			Community: f.account("community", false),
			Note:      f.Text("note", false, 200, false),
		}
		if d.Number == "" && !f.Has("number") {
			l.problem(file, n.Line, "missing number")
		}
		if !l.unique(file, f, d.ID, seen) {
			return
		}
		l.pack.Directory = append(l.pack.Directory, d)
	})
}

func (l *loader) eventsFile() {
	const file = "events.yaml"
	seen := map[string]int{}
	l.list(file, func(n *yaml.Node) {
		f := l.fields(file, n, "id", "community", "title", "description", "starts", "ends", "place",
			"capacity", "taken", "signup_opens", "signup_closes", "waitlist", "status", "tags")
		if f == nil {
			return
		}
		e := alliance.Event{
			ID:          f.id("id"),
			Community:   f.account("community", true),
			Title:       f.Text("title", true, 120, false),
			Description: f.Text("description", false, alliance.MaxTextBytes, true),
			Place:       f.Text("place", false, 200, false),
			Capacity:    f.Int("capacity", false),
			Taken:       f.Int("taken", false),
			Waitlist:    f.Bool("waitlist"),
			Status:      alliance.EventStatus(f.OneOf("status", false, "open", "closed", "cancelled")),
			Tags:        f.List("tags", maxTagRunes),
		}
		if e.Status == "" {
			e.Status = alliance.EventOpen
		}
		dates := [...]when{
			alliance.EventStarts:       f.when("starts", true),
			alliance.EventEnds:         f.when("ends", true),
			alliance.EventSignupOpens:  f.when("signup_opens", false),
			alliance.EventSignupCloses: f.when("signup_closes", false),
		}
		starts, ends, closes := dates[alliance.EventStarts], dates[alliance.EventEnds], dates[alliance.EventSignupCloses]
		if e.Capacity < 0 {
			f.Problem("capacity", "capacity cannot be negative")
		}
		if e.Taken < 0 || (e.Capacity > 0 && e.Taken > e.Capacity) {
			f.Problem("taken", "taken is %d, want 0 to capacity (%d)", e.Taken, e.Capacity)
		}
		if starts.known() && ends.known() && !ends.after(starts) {
			f.Problem("ends", "event ends before it starts")
		}
		if closes.known() && starts.known() && starts.before(closes) {
			f.Problem("signup_closes", "sign-up closes after the event starts")
		}
		if !l.unique(file, f, e.ID, seen) {
			return
		}
		for which, spec := range dates {
			d := alliance.EventDate(which)
			if spec.relative {
				l.pack.Relative = append(l.pack.Relative, alliance.RelativeDate{Event: e.ID, Date: d, Days: spec.days, Hour: spec.hour, Minute: spec.min})
			} else {
				*d.Of(&e) = spec.at
			}
		}
		l.pack.Events = append(l.pack.Events, e)
	})
}

func (l *loader) unique(file string, f *fields, id string, seen map[string]int) bool {
	if id == "" {
		return true
	}
	if first, dup := seen[id]; dup {
		f.Problem("id", "id %q already used on line %d", id, first)
		return false
	}
	seen[id] = f.Line("id")
	return true
}
