package lessons

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	_ "image/jpeg" // lesson pictures may be photos
	_ "image/png"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/shinan-alliance/alliance/internal/safefs"
	"github.com/shinan-alliance/alliance/internal/yamlfield"
)

// LessonFile is the name of the file that makes a folder a lesson.
const LessonFile = "lesson.yaml"

// Limits on what a lesson may hold: lessons arrive by sync from the hub and
// from trainers' folders, and a broken one must be refused before it fills
// a kiosk's memory.
const (
	MaxYAMLBytes  = 256 << 10 // lesson.yaml
	MaxImageBytes = 1 << 20   // one picture
	MaxImageSide  = 4096      // pixels, either way
	MaxSteps      = 40
)

// Problem is one thing wrong with a lesson, located as precisely as
// possible: "file:line: what is wrong". Content packs report theirs the
// same way (one type, yamlfield.Problem).
type Problem = yamlfield.Problem

// Error lists every problem found in a lesson or curriculum. Nothing of a
// curriculum with problems is loaded.
type Error struct {
	Problems []Problem
}

// Error lists the problems, at most 50 of them.
func (e *Error) Error() string {
	return yamlfield.Summary("lessons have", e.Problems)
}

var idPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,79}$`)

// maxFileBytes is the largest file a lesson folder may hold.
const maxFileBytes = max(MaxYAMLBytes, MaxImageBytes)

// newLoader reads fsys through safefs: lesson folders come from trainers
// and from the hub, so only regular files and folders are read (no
// symbolic links, pipes or devices), each file's size checked before it is
// read and none read past its limit.
func newLoader(fsys fs.FS) *loader {
	return &loader{fsys: safefs.New(context.Background(), fsys, maxFileBytes)}
}

// LoadLesson reads and validates the lesson in folder dir of fsys ("." for
// the root). It returns an *Error listing every problem when the lesson is
// not valid.
func LoadLesson(fsys fs.FS, dir string) (*Lesson, error) {
	l := newLoader(fsys)
	lesson := l.lesson(dir)
	if err := l.err(); err != nil {
		return nil, err
	}
	return &lesson.Lesson, nil
}

// LoadCurriculum reads and validates every lesson folder at the root of fsys,
// in the order of the folder names. It returns an *Error listing every
// problem of every lesson when any is not valid.
func LoadCurriculum(fsys fs.FS) (*Curriculum, error) {
	l := newLoader(fsys)
	c := l.curriculum()
	if err := l.err(); err != nil {
		return nil, err
	}
	return c, nil
}

// CheckDir validates the lesson or curriculum in the folder at dir: a lesson
// if the folder holds lesson.yaml, else a curriculum. Problems name files
// under dir, so a trainer's editor can jump to them.
func CheckDir(dir string) error {
	_, err := Check(dir)
	return err
}

// Check is CheckDir that also returns the warnings (lessons checked more
// than a year ago), named the same way, for a trainer's checker to print.
func Check(dir string) ([]Problem, error) {
	return CheckContext(context.Background(), dir)
}

// CheckContext is Check that stops, with ctx's error, when ctx is done.
func CheckContext(ctx context.Context, dir string) ([]Problem, error) {
	info, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("check lessons: %w", err)
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("check lessons: %s is not a folder", dir)
	}
	fsys, err := safefs.OpenDir(ctx, dir, maxFileBytes)
	if err != nil {
		return nil, fmt.Errorf("check lessons: %w", err)
	}
	defer fsys.Close()
	var warnings []Problem
	if _, err := fs.Stat(fsys, LessonFile); !errors.Is(err, fs.ErrNotExist) {
		// A lesson.yaml that cannot be read is still a lesson's: its
		// problem is reported as one.
		l, err := LoadLesson(fsys, ".")
		if err != nil {
			return nil, prefix(err, dir)
		}
		warnings = l.Warnings
	} else {
		c, err := LoadCurriculum(fsys)
		if err != nil {
			return nil, prefix(err, dir)
		}
		warnings = c.Warnings()
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("check lessons: %w", err)
	}
	for i := range warnings {
		warnings[i].File = filepath.Join(dir, filepath.FromSlash(warnings[i].File))
	}
	return warnings, nil
}

// prefix puts dir in front of each problem's file name.
func prefix(err error, dir string) error {
	var e *Error
	if !errors.As(err, &e) {
		return err
	}
	for i := range e.Problems {
		e.Problems[i].File = filepath.Join(dir, filepath.FromSlash(e.Problems[i].File))
	}
	return e
}

type loader struct {
	fsys     fs.FS
	problems yamlfield.Problems
}

func (l *loader) problem(file string, line int, format string, args ...any) {
	l.problems.Add(file, line, format, args...)
}

func (l *loader) err() error {
	if len(l.problems) == 0 {
		return nil
	}
	l.problems.Sort()
	return &Error{Problems: l.problems}
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// cannotRead says why name cannot be read: what it is when it is not a
// regular file or folder ("is a symbolic link, …", naming the part of its
// path at fault when that is not name itself), else "cannot read: why".
func cannotRead(name string, err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) && errors.Is(err, safefs.ErrNotRegular) {
		if pe.Path != name {
			return pe.Path + " " + pe.Err.Error()
		}
		return pe.Err.Error()
	}
	return "cannot read: " + unwrapPath(err).Error()
}

func (l *loader) curriculum() *Curriculum {
	entries, err := fs.ReadDir(l.fsys, ".")
	if err != nil {
		l.problem(".", 0, "cannot list the curriculum: %v", unwrapPath(err))
		return nil
	}
	c := &Curriculum{}
	seen := map[string]string{} // id -> file that used it first
	for _, e := range entries { // ReadDir sorts by name: the teaching order
		name := e.Name()
		if ignored(name) {
			continue
		}
		if !e.IsDir() && !e.Type().IsRegular() {
			_, err := fs.Stat(l.fsys, name)
			l.problem(name, 0, "%s", cannotRead(name, err))
			continue
		}
		if !e.IsDir() {
			l.problem(name, 0, "unexpected file in a curriculum (want one folder per lesson)")
			continue
		}
		if _, err := fs.Stat(l.fsys, path.Join(name, LessonFile)); errors.Is(err, fs.ErrNotExist) {
			l.problem(name, 0, "folder has no %s", LessonFile)
			continue
		}
		before := len(l.problems)
		lesson := l.lesson(name)
		if lesson.ID != "" {
			file := path.Join(name, LessonFile)
			if first, dup := seen[lesson.ID]; dup {
				l.problem(file, lesson.idLine, "lesson id %q already used by %s", lesson.ID, first)
			} else {
				seen[lesson.ID] = file
			}
		}
		if len(l.problems) == before {
			c.Lessons = append(c.Lessons, &lesson.Lesson)
		}
	}
	if len(c.Lessons) == 0 && len(l.problems) == 0 {
		l.problem(".", 0, "no lessons: a curriculum is a folder of lesson folders, each with a %s", LessonFile)
	}
	return c
}

// ignored names files that may sit beside lessons without being part of
// them: hidden files and notes for trainers.
func ignored(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasPrefix(name, "README") || strings.HasPrefix(name, "LICENSE")
}

// loadedLesson keeps what the curriculum needs for its own messages.
type loadedLesson struct {
	Lesson
	idLine int
}

// lessonLoader checks one lesson folder.
type lessonLoader struct {
	*loader
	dir    string
	file   string // dir/lesson.yaml, as reported
	lesson *loadedLesson
	used   map[string]bool // image names referenced
	hasEn  []enUse         // every text with its English given or not
}

type enUse struct {
	line int
	has  bool
	what string
}

func (l *loader) lesson(dir string) *loadedLesson {
	dir = path.Clean(dir)
	ll := &lessonLoader{
		loader: l,
		dir:    dir,
		file:   path.Join(dir, LessonFile),
		lesson: &loadedLesson{Lesson: Lesson{Dir: dir, Images: map[string]*Image{}}},
		used:   map[string]bool{},
	}
	ll.load()
	return ll.lesson
}

func (ll *lessonLoader) load() {
	data, ok := ll.readFile(ll.file, MaxYAMLBytes)
	if !ok {
		return
	}
	n, ok := ll.parseYAML(data)
	if !ok {
		return
	}
	f := ll.fields(n, "lesson", "id", "version", "title", "level", "minutes", "cover", "goals", "phones", "checked", "steps")
	if f == nil {
		return
	}
	les := ll.lesson
	les.ID = f.id("id")
	les.idLine = f.Line("id")
	les.Version = f.IntIn("version", true, 1, 1_000_000)
	les.Title = f.text("title", true, 60)
	if f.Has("title") && les.Title.Hans != "" && les.Title.En == "" {
		f.Problem("title", "missing translation: title has no English (en); the lesson list shows it in every language")
	}
	les.Level = f.IntIn("level", true, LevelFirstSteps, LevelFurther)
	les.Minutes = f.IntIn("minutes", true, 1, 120)
	les.Cover = f.image("cover", false)
	les.Goals = f.textList("goals", true, 1, 6, 80)
	les.Phones = f.families("phones")
	les.Checked = ll.checked(f)
	before := len(ll.problems)
	ll.steps(f)
	if len(les.Phones) > 0 {
		varies := false
		for _, s := range les.Steps {
			varies = varies || s.Varies()
		}
		if !varies && len(ll.problems) == before {
			f.Problem("phones", "phones lists phone families, but no step varies by phone (give a step phones:, or remove this line)")
		}
	}
	ll.checkEnglish()
	ll.unusedFiles()
}

func (ll *lessonLoader) readFile(name string, limit int64) ([]byte, bool) {
	info, err := fs.Stat(ll.fsys, name)
	if err != nil {
		ll.problem(name, 0, "%s", cannotRead(name, err))
		return nil, false
	}
	if info.IsDir() {
		ll.problem(name, 0, "is a folder, want a file")
		return nil, false
	}
	if info.Size() > limit {
		ll.problem(name, 0, "is %d bytes, more than the limit of %d", info.Size(), limit)
		return nil, false
	}
	b, err := safefs.ReadFile(ll.fsys, name, limit)
	if err != nil {
		ll.problem(name, 0, "%s", cannotRead(name, err))
		return nil, false
	}
	return b, true
}

func (ll *lessonLoader) parseYAML(data []byte) (*yaml.Node, bool) {
	n, ok := yamlfield.Parse(&ll.problems, ll.file, data, 0)
	if ok && n == nil {
		ll.problem(ll.file, 0, "is empty")
		return nil, false
	}
	return n, ok
}

func (ll *lessonLoader) steps(f *fields) {
	v := f.Node("steps")
	if v == nil {
		ll.problem(ll.file, f.At, "missing steps")
		return
	}
	if v.Kind != yaml.SequenceNode {
		f.Problem("steps", "steps must be a list (lines starting with \"- \")")
		return
	}
	if len(v.Content) == 0 {
		f.Problem("steps", "steps is empty")
		return
	}
	if len(v.Content) > MaxSteps {
		f.Problem("steps", "%d steps, more than %d: split the lesson", len(v.Content), MaxSteps)
	}
	for i, n := range v.Content {
		if i == MaxSteps {
			break
		}
		if s, ok := ll.step(i+1, n); ok {
			ll.lesson.Steps = append(ll.lesson.Steps, s)
		}
	}
}

// stepFields lists the fields each kind of step may have.
var stepFields = map[Kind][]string{
	Explain:  {"kind", "text", "image", "safety", "tags", "phones"},
	Practice: {"kind", "text", "image", "tap", "swipe", "hold", "slide-cancel", "type", "hint", "praise", "avoid", "safety", "tags", "phones"},
	Quiz:     {"kind", "question", "image", "answers", "why", "safety", "tags"},
	Recap:    {"kind", "text", "image", "learned", "home"},
}

// variantFields lists what a step's variant for one phone family may give;
// the rest it takes from the generic step.
var variantFields = map[Kind][]string{
	Explain:  {"text", "image", "safety"},
	Practice: {"text", "image", "tap", "hint", "praise", "avoid", "safety"},
}

// Lengths of texts, in characters.
const (
	maxExplain  = 2000
	maxPractice = 300
	maxHint     = 200
	maxPraise   = 100
	maxSafety   = 200
)

func (ll *lessonLoader) step(num int, n *yaml.Node) (Step, bool) {
	s := Step{Line: n.Line}
	if n.Kind != yaml.MappingNode {
		ll.problem(ll.file, n.Line, "step %d: want a record of \"key: value\" lines", num)
		return s, false
	}
	// The kind decides which other fields are allowed, so read it first.
	var kindNode *yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == "kind" {
			kindNode = n.Content[i+1]
			break
		}
	}
	if kindNode == nil {
		ll.problem(ll.file, n.Line, "step %d: missing kind (explain, practice, quiz or recap)", num)
		return s, false
	}
	s.Kind = Kind(strings.TrimSpace(kindNode.Value))
	known, ok := stepFields[s.Kind]
	if kindNode.Kind != yaml.ScalarNode || !ok {
		ll.problem(ll.file, kindNode.Line, "step %d: unknown step kind %q (want explain, practice, quiz or recap)", num, kindNode.Value)
		return s, false
	}
	before := len(ll.problems)
	f := ll.fields(n, fmt.Sprintf("step %d (%s)", num, s.Kind), known...)
	if f == nil {
		return s, false
	}
	switch s.Kind {
	case Explain:
		s.Text = f.text("text", true, maxExplain)
		s.Image = f.image("image", false)
	case Practice:
		s.Text = f.text("text", true, maxPractice)
		f.practice(&s)
		s.Hint = f.text("hint", true, maxHint)
		s.Praise = f.text("praise", false, maxPraise)
	case Quiz:
		s.Question = f.text("question", true, 300)
		s.Image = f.image("image", false)
		s.Answers = ll.answers(f)
		s.Why = f.text("why", true, 400)
	case Recap:
		s.Text = f.text("text", false, 1000)
		s.Image = f.image("image", false)
		s.Learned = f.textList("learned", true, 1, 8, 200)
		s.AtHome = f.textList("home", true, 1, 6, 200)
	}
	if s.Kind != Recap {
		s.Safety = f.text("safety", false, maxSafety)
		s.Tags = f.tags("tags")
		f.checkSafety(&s)
		if len(ll.problems) == before {
			s.Phones = ll.variants(f, &s)
		} else if f.Has("phones") {
			ll.variants(f, &s) // report its problems too, but keep nothing
		}
	}
	return s, len(ll.problems) == before
}

// variants reads a step's phones: the step as it is on each phone family
// the lesson declares, each complete (what a variant does not give, it
// takes from the generic step).
func (ll *lessonLoader) variants(f *fields, base *Step) map[string]*Step {
	v := f.Node("phones")
	if yamlfield.IsNull(v) {
		return nil
	}
	if v.Kind != yaml.MappingNode {
		f.Problem("phones", "phones must give the step for each phone family, as \"huawei: {text: …}\" lines")
		return nil
	}
	declared := ll.lesson.Phones
	if len(declared) == 0 {
		f.Problem("phones", "the step varies by phone, but the lesson has no phones: list the families at the top (phones: [%s])", familyIDs())
		return nil
	}
	out := map[string]*Step{}
	for i := 0; i+1 < len(v.Content); i += 2 {
		k, vn := v.Content[i], v.Content[i+1]
		fam := strings.TrimSpace(k.Value)
		if _, known := FamilyByID(fam); !known {
			f.ProblemAt(k.Line, "unknown phone family %q (known: %s)", fam, familyIDs())
			continue
		}
		if !slicesContains(declared, fam) {
			f.ProblemAt(k.Line, "a variant for %s, which the lesson's phones do not list (%s)", fam, strings.Join(declared, ", "))
			continue
		}
		if out[fam] != nil {
			f.ProblemAt(k.Line, "phone family %s given twice", fam)
			continue
		}
		vf := ll.fields(vn, fmt.Sprintf("%s on %s", f.What, fam), variantFields[base.Kind]...)
		if vf == nil {
			continue
		}
		st := *base
		st.Phones = nil
		if vf.Has("text") {
			max := maxExplain
			if base.Kind == Practice {
				max = maxPractice
			}
			st.Text = vf.text("text", true, max)
		}
		if vf.Has("image") {
			st.Image = vf.image("image", true)
		}
		if base.Kind == Practice && base.Gesture != GestureTap {
			vf.gestureVariant(base)
			if vf.Has("hint") {
				st.Hint = vf.text("hint", true, maxHint)
			}
			if vf.Has("praise") {
				st.Praise = vf.text("praise", true, maxPraise)
			}
		} else if base.Kind == Practice {
			own := st.Image != base.Image
			switch {
			case vf.Has("tap"):
				st.Areas = vf.rects("tap", st.Image)
			case own:
				vf.ProblemAt(vf.At, "has its own image %s but no tap: where on it is the right place?", st.Image)
			}
			if vf.Has("hint") {
				st.Hint = vf.text("hint", true, maxHint)
			}
			if vf.Has("praise") {
				st.Praise = vf.text("praise", true, maxPraise)
			}
			switch {
			case vf.Has("avoid"):
				st.Avoid = vf.avoid("avoid", st.Image, st.Areas)
			case own:
				st.Avoid = nil // places on another picture
			}
		}
		if vf.Has("safety") {
			st.Safety = vf.text("safety", true, maxSafety)
		}
		vf.checkSafety(&st)
		out[fam] = &st
	}
	for _, fam := range declared {
		if out[fam] == nil {
			f.Problem("phones", "no variant for %s: a step that varies by phone must cover every family of the lesson's phones (%s); give \"%s: {}\" where the generic step is right as it is",
				fam, strings.Join(declared, ", "), fam)
		}
	}
	return out
}

func slicesContains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// checked reads what the lesson was last checked against. A check more
// than StaleAfter old is a warning: the lesson is still taught, but staff
// see that it may no longer match the phones.
func (ll *lessonLoader) checked(f *fields) Checked {
	var c Checked
	v := f.Node("checked")
	if yamlfield.IsNull(v) {
		f.ProblemAt(f.At, "missing checked: what was the lesson last checked against? (date, wechat, phones, how)")
		return c
	}
	cf := ll.fields(v, "checked", "date", "wechat", "phones", "how")
	if cf == nil {
		return c
	}
	if d := cf.Str("date", true); d != "" {
		t, err := time.ParseInLocation(time.DateOnly, d, chinaTime)
		switch {
		case err != nil:
			cf.Problem("date", "date %q is not a day written as 2025-06-30", d)
		case t.After(now().Add(24 * time.Hour)):
			cf.Problem("date", "date %s is in the future", d)
		default:
			c.Date = t
		}
	}
	c.WeChat = cf.Match("wechat", false, wechatVersion, "is not a version such as 8.0.54")
	c.Phones = cf.families("phones")
	c.How = cf.Text("how", false, 300, true)
	if !c.Date.IsZero() && now().Sub(c.Date) > StaleAfter {
		ll.lesson.Warnings = append(ll.lesson.Warnings, Problem{File: ll.file, Line: cf.Line("date"),
			Msg: fmt.Sprintf("checked on %s, more than a year ago: check the steps against today's phones and WeChat, then update checked", c.Date.Format(time.DateOnly))})
	}
	return c
}

var wechatVersion = regexp.MustCompile(`^[0-9]+(\.[0-9]+){0,3}$`)

// chinaTime is the district's time zone (package alliance, which holds
// it, imports this one).
var chinaTime = time.FixedZone("CST", 8*3600)

// now is the clock checks are judged by; tests move it.
var now = time.Now

func (ll *lessonLoader) answers(f *fields) []Answer {
	v := f.Node("answers")
	if v == nil {
		ll.problem(ll.file, f.At, "%s: missing answers", f.What)
		return nil
	}
	if v.Kind != yaml.SequenceNode {
		f.Problem("answers", "answers must be a list of 2 to 4 answers")
		return nil
	}
	if n := len(v.Content); n < 2 || n > 4 {
		f.Problem("answers", "%d answers, want 2 to 4 (big buttons: more do not fit)", n)
	}
	var out []Answer
	right := 0
	seen := map[string]int{}
	for i, n := range v.Content {
		what := fmt.Sprintf("%s answer %d", f.What, i+1)
		af := ll.fields(n, what, "text", "right", "why")
		if af == nil {
			continue
		}
		a := Answer{
			Text:  af.text("text", true, 60),
			Right: af.Bool("right"),
			Why:   af.text("why", false, 400),
		}
		if a.Right {
			right++
		}
		if a.Text.Hans != "" {
			if first, dup := seen[a.Text.Hans]; dup {
				af.Problem("text", "answer %q is the same as answer %d", a.Text.Hans, first)
			}
			seen[a.Text.Hans] = i + 1
		}
		out = append(out, a)
	}
	if right != 1 && len(v.Content) > 0 {
		f.Problem("answers", "quiz has %d right answers, want exactly one (mark it with right: true)", right)
	}
	return out
}

// useImage checks a picture once and returns its size; ref is its path in
// the lesson folder.
func (ll *lessonLoader) useImage(line int, ref string) (*Image, bool) {
	clean := path.Clean(ref)
	if path.IsAbs(ref) || clean == ".." || strings.HasPrefix(clean, "../") || clean == "." {
		ll.problem(ll.file, line, "image %q must be a file inside the lesson folder", ref)
		return nil, false
	}
	if img, ok := ll.lesson.Images[clean]; ok {
		return img, true
	}
	if ll.used[clean] {
		return nil, false // already reported
	}
	ll.used[clean] = true
	name := path.Join(ll.dir, clean)
	info, err := fs.Stat(ll.fsys, name)
	if errors.Is(err, fs.ErrNotExist) {
		ll.problem(ll.file, line, "missing image %q: %v", ref, unwrapPath(err))
		return nil, false
	}
	if err != nil {
		ll.problem(ll.file, line, "image %q: %s", ref, cannotRead(name, err))
		return nil, false
	}
	if info.IsDir() {
		ll.problem(ll.file, line, "image %q is a folder", ref)
		return nil, false
	}
	if info.Size() > MaxImageBytes {
		ll.problem(name, 0, "is %d bytes, more than the limit of %d for a picture", info.Size(), MaxImageBytes)
		return nil, false
	}
	data, err := safefs.ReadFile(ll.fsys, name, MaxImageBytes)
	if err != nil {
		ll.problem(ll.file, line, "image %q: %v", ref, unwrapPath(err))
		return nil, false
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		ll.problem(name, 0, "is not a PNG or JPEG picture: %v", err)
		return nil, false
	}
	if format != "png" && format != "jpeg" {
		ll.problem(name, 0, "is a %s picture, want PNG or JPEG", format)
		return nil, false
	}
	if cfg.Width < 1 || cfg.Height < 1 || cfg.Width > MaxImageSide || cfg.Height > MaxImageSide {
		ll.problem(name, 0, "is %d×%d pixels, want 1 to %d each way", cfg.Width, cfg.Height, MaxImageSide)
		return nil, false
	}
	img := &Image{Name: clean, Format: format, Width: cfg.Width, Height: cfg.Height, Data: data}
	ll.lesson.Images[clean] = img
	return img, true
}

// unusedFiles reports files in the lesson folder that nothing refers to:
// lessons travel to 65 kiosks, and a forgotten picture travels with them.
func (ll *lessonLoader) unusedFiles() {
	_ = fs.WalkDir(ll.fsys, ll.dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			ll.problem(p, 0, "cannot list: %v", unwrapPath(err))
			return nil
		}
		if p == ll.dir {
			return nil
		}
		if ignored(d.Name()) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		rel := strings.TrimPrefix(p, ll.dir+"/")
		if ll.dir == "." {
			rel = p
		}
		if rel == LessonFile || ll.used[rel] {
			return nil
		}
		if !d.Type().IsRegular() {
			_, err := fs.Stat(ll.fsys, p)
			ll.problem(p, 0, "%s", cannotRead(p, err))
			return nil
		}
		ll.problem(p, 0, "not used by %s (remove it, or refer to it from a step)", LessonFile)
		return nil
	})
}

// checkEnglish applies the all-or-nothing rule for English (see the
// package doc). The title is left out: it always needs English.
func (ll *lessonLoader) checkEnglish() {
	with := 0
	for _, u := range ll.hasEn {
		if u.has {
			with++
		}
	}
	if with == 0 || with == len(ll.hasEn) {
		return
	}
	for _, u := range ll.hasEn {
		if !u.has {
			ll.problem(ll.file, u.line, "missing translation: %s has no English (en), though %d other text(s) of this lesson have it", u.what, with)
		}
	}
}
