package lessons

import (
	"fmt"
	"image"
	"path"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/internal/chinese"
	"github.com/shinan-alliance/alliance/internal/yamlfield"
)

// fields reads one YAML mapping of a lesson: yamlfield's readers (each
// problem at its own line), and those that know lessons (texts in three
// languages, pictures and tap areas, phone families, safety).
type fields struct {
	*yamlfield.Fields
	ll *lessonLoader
}

// fields checks that n is a mapping with only the known keys, each once.
// what is put before every message ("step 3 (practice)"); "lesson" for
// the lesson itself, which needs none.
func (ll *lessonLoader) fields(n *yaml.Node, what string, known ...string) *fields {
	if what == "lesson" {
		what = ""
	}
	f := yamlfield.Read(&ll.problems, ll.file, what, n, known...)
	if f == nil {
		return nil
	}
	return &fields{Fields: f, ll: ll}
}

func prefixed(what string) string {
	if what == "" {
		return ""
	}
	return what + ": "
}

func (f *fields) id(key string) string {
	return f.Match(key, true, idPattern, "must be lowercase letters, digits and dashes, starting with a letter or digit")
}

// text reads a Text: a plain string (Simplified Chinese) or a mapping of
// zh-Hans, zh-Hant and en. Traditional Chinese is generated when missing.
func (f *fields) text(key string, required bool, maxRunes int) Text {
	v := f.Node(key)
	if yamlfield.IsNull(v) {
		if required {
			f.ProblemAt(f.At, "missing %s", key)
		}
		return Text{}
	}
	t, ok := f.textNode(v, key, maxRunes)
	if ok && !(f.What == "" && key == "title") { // the title always needs English: checked on its own
		f.ll.hasEn = append(f.ll.hasEn, enUse{line: v.Line, has: t.En != "", what: prefixed(f.What) + key})
	}
	return t
}

func (f *fields) textNode(v *yaml.Node, what string, maxRunes int) (Text, bool) {
	var t Text
	switch v.Kind {
	case yaml.ScalarNode:
		t.Hans = strings.TrimSpace(v.Value)
	case yaml.MappingNode:
		seen := map[string]bool{}
		for i := 0; i+1 < len(v.Content); i += 2 {
			k, val := v.Content[i], v.Content[i+1]
			if seen[k.Value] {
				f.ProblemAt(k.Line, "%s: %s given twice", what, k.Value)
				continue
			}
			seen[k.Value] = true
			if val.Kind != yaml.ScalarNode {
				f.ProblemAt(val.Line, "%s: %s must be a single text", what, k.Value)
				continue
			}
			s := strings.TrimSpace(val.Value)
			switch k.Value {
			case string(alliance.Hans):
				t.Hans = s
			case string(alliance.Hant):
				t.Hant = s
			case string(alliance.English):
				t.En = s
			default:
				f.ProblemAt(k.Line, "%s: unknown language %q (want %s, %s or %s)", what, k.Value, alliance.Hans, alliance.Hant, alliance.English)
			}
		}
		if t.Hans == "" {
			f.ProblemAt(v.Line, "missing translation: %s has no Simplified Chinese (%s), which every text needs", what, alliance.Hans)
			return t, false
		}
	default:
		f.ProblemAt(v.Line, "%s must be a text, or a mapping of %s, %s and %s", what, alliance.Hans, alliance.Hant, alliance.English)
		return t, false
	}
	if t.Hans == "" {
		f.ProblemAt(v.Line, "%s is empty", what)
		return t, false
	}
	for _, s := range []string{t.Hans, t.Hant, t.En} {
		if n := utf8.RuneCountInString(s); n > maxRunes {
			f.ProblemAt(v.Line, "%s is %d characters, more than %d: a learner reads it on one screen", what, n, maxRunes)
			break
		}
	}
	for _, s := range []string{t.Hans, t.Hant, t.En} {
		// The domain's rule for text shown to residents: no control
		// characters, no bidirectional overrides.
		if !f.CheckText(what, v.Line, s, 0, true) {
			break
		}
	}
	for _, s := range []string{t.Hans, t.Hant, t.En} {
		if bad := badPlaceholders(s); len(bad) > 0 {
			f.ProblemAt(v.Line, "%s: unknown placeholder %s (known: %s)", what, bad[0], placeholderNames())
			break
		}
	}
	for _, s := range []string{t.Hans, t.Hant} {
		if w, want := bannedWord(s); w != "" {
			f.ProblemAt(v.Line, "%s: residents do not say %q: write %s", what, w, want)
			break
		}
	}
	if t.Hant == "" {
		t.Hant = chinese.ToTraditional(t.Hans)
	}
	return t, true
}

// textList reads a list of texts, with between lo and hi items.
func (f *fields) textList(key string, required bool, lo, hi, maxRunes int) []Text {
	v := f.Node(key)
	if yamlfield.IsNull(v) {
		if required {
			f.ProblemAt(f.At, "missing %s", key)
		}
		return nil
	}
	if v.Kind != yaml.SequenceNode {
		f.Problem(key, "%s must be a list (lines starting with \"- \")", key)
		return nil
	}
	if n := len(v.Content); n < lo || n > hi {
		f.Problem(key, "%s has %d items, want %d to %d", key, n, lo, hi)
	}
	var out []Text
	for i, c := range v.Content {
		what := fmt.Sprintf("%s item %d", key, i+1)
		t, ok := f.textNode(c, what, maxRunes)
		if !ok {
			continue
		}
		f.ll.hasEn = append(f.ll.hasEn, enUse{line: c.Line, has: t.En != "", what: prefixed(f.What) + what})
		out = append(out, t)
	}
	return out
}

// image reads a reference to a picture in the lesson folder, checks the
// picture, and returns its clean name ("" when it is not usable).
func (f *fields) image(key string, required bool) string {
	s := f.Str(key, required)
	if s == "" {
		return ""
	}
	if _, ok := f.ll.useImage(f.Line(key), s); !ok {
		return ""
	}
	return path.Clean(s)
}

// MaxAreas is how many right areas a practice step may have.
const MaxAreas = 4

// rects reads practice tap areas: one [x, y, width, height] or a list of
// them, each inside the picture img.
func (f *fields) rects(key, img string) []image.Rectangle {
	v := f.Node(key)
	if yamlfield.IsNull(v) {
		f.ProblemAt(f.At, "missing %s: where on the picture is the right place to tap?", key)
		return nil
	}
	if v.Kind != yaml.SequenceNode || len(v.Content) == 0 {
		f.Problem(key, "%s must be [x, y, width, height] or a list of them", key)
		return nil
	}
	list := v.Content
	if list[0].Kind == yaml.ScalarNode {
		list = []*yaml.Node{v} // a single area
	}
	if len(list) > MaxAreas {
		f.Problem(key, "%d tap areas, at most %d", len(list), MaxAreas)
	}
	var size image.Rectangle
	if i := f.ll.lesson.Images[img]; i != nil {
		size = image.Rect(0, 0, i.Width, i.Height)
	}
	var out []image.Rectangle
	for _, n := range list {
		r, ok := f.rect(n)
		if !ok {
			continue
		}
		if !size.Empty() && !r.In(size) {
			f.ProblemAt(n.Line, "tap area [%d, %d, %d, %d] is outside the image %s (%d×%d pixels)",
				r.Min.X, r.Min.Y, r.Dx(), r.Dy(), img, size.Dx(), size.Dy())
			continue
		}
		out = append(out, r)
	}
	return out
}

func (f *fields) rect(n *yaml.Node) (image.Rectangle, bool) {
	if n.Kind != yaml.SequenceNode || len(n.Content) != 4 {
		f.ProblemAt(n.Line, "tap area must be [x, y, width, height]")
		return image.Rectangle{}, false
	}
	var v [4]int
	for i, c := range n.Content {
		x, err := strconv.Atoi(strings.TrimSpace(c.Value))
		if c.Kind != yaml.ScalarNode || err != nil || x < 0 || x > MaxImageSide {
			f.ProblemAt(c.Line, "tap area: %q is not a whole number of pixels from 0 to %d", c.Value, MaxImageSide)
			return image.Rectangle{}, false
		}
		v[i] = x
	}
	if v[2] == 0 || v[3] == 0 {
		f.ProblemAt(n.Line, "tap area [%d, %d, %d, %d] has no width or no height", v[0], v[1], v[2], v[3])
		return image.Rectangle{}, false
	}
	return image.Rect(v[0], v[1], v[0]+v[2], v[1]+v[3]), true
}

// families reads a list of phone family ids, each known and given once.
func (f *fields) families(key string) []string {
	v := f.Node(key)
	if yamlfield.IsNull(v) {
		return nil
	}
	if v.Kind != yaml.SequenceNode {
		f.Problem(key, "%s must be a list of phone families, such as [%s]", key, familyIDs())
		return nil
	}
	var out []string
	for _, c := range v.Content {
		id := strings.TrimSpace(c.Value)
		switch _, known := FamilyByID(id); {
		case c.Kind != yaml.ScalarNode || !known:
			f.ProblemAt(c.Line, "%s: unknown phone family %q (known: %s)", key, c.Value, familyIDs())
		case slicesContains(out, id):
			f.ProblemAt(c.Line, "%s: %s given twice", key, id)
		default:
			out = append(out, id)
		}
	}
	return out
}

// tags reads a step's tags, each one of SafetyTags.
func (f *fields) tags(key string) []string {
	v := f.Node(key)
	if yamlfield.IsNull(v) {
		return nil
	}
	if v.Kind != yaml.SequenceNode {
		f.Problem(key, "%s must be a list, such as [money, code]", key)
		return nil
	}
	var out []string
	for _, c := range v.Content {
		t := strings.TrimSpace(c.Value)
		if c.Kind != yaml.ScalarNode || !slicesContains(SafetyTags, t) {
			f.ProblemAt(c.Line, "unknown tag %q (known: %s)", c.Value, strings.Join(SafetyTags, ", "))
			continue
		}
		out = append(out, t)
	}
	return out
}

// avoid reads the places on a practice picture that look right but are
// not: [{area: [x, y, width, height], why: …}, …]. None may overlap a
// right area, or a tap there would be both right and wrong.
func (f *fields) avoid(key, img string, right []image.Rectangle) []Avoid {
	v := f.Node(key)
	if yamlfield.IsNull(v) {
		return nil
	}
	if v.Kind != yaml.SequenceNode || len(v.Content) == 0 {
		f.Problem(key, "%s must be a list of {area: [x, y, width, height], why: …}", key)
		return nil
	}
	if len(v.Content) > MaxAreas {
		f.Problem(key, "%d places to avoid, at most %d", len(v.Content), MaxAreas)
	}
	var size image.Rectangle
	if i := f.ll.lesson.Images[img]; i != nil {
		size = image.Rect(0, 0, i.Width, i.Height)
	}
	var out []Avoid
	for i, n := range v.Content {
		af := f.ll.fields(n, fmt.Sprintf("%s%s %d", prefixed(f.What), key, i+1), "area", "why")
		if af == nil {
			continue
		}
		a := Avoid{Why: af.text("why", true, maxHint)}
		an := af.Node("area")
		if yamlfield.IsNull(an) {
			af.ProblemAt(af.At, "missing area")
			continue
		}
		r, ok := f.rect(an)
		if !ok {
			continue
		}
		if !size.Empty() && !r.In(size) {
			af.Problem("area", "area [%d, %d, %d, %d] is outside the image %s (%d×%d pixels)",
				r.Min.X, r.Min.Y, r.Dx(), r.Dy(), img, size.Dx(), size.Dy())
			continue
		}
		for _, rr := range right {
			if r.Overlaps(rr) {
				af.Problem("area", "area [%d, %d, %d, %d] overlaps a right tap area", r.Min.X, r.Min.Y, r.Dx(), r.Dy())
			}
		}
		a.Area = r
		out = append(out, a)
	}
	return out
}

// checkSafety refuses a step that touches money, codes, links, downloads
// or personal numbers (by its words or its tags) without a safety note.
// Quizzes are judged by their tags only: their answers name mistakes on
// purpose, and their reason already says what is safe.
func (f *fields) checkSafety(s *Step) {
	if !s.Safety.IsZero() {
		return
	}
	why := ""
	if len(s.Tags) > 0 {
		why = "is tagged " + strings.Join(s.Tags, ", ")
	} else if s.Kind != Quiz {
		if w := safetyTrigger(s); w != "" {
			why = fmt.Sprintf("mentions “%s”", w)
		}
	}
	if why != "" {
		f.ProblemAt(f.At, "the step %s: a step that touches money, codes, links, downloads or personal numbers needs a safety note (safety: …)", why)
	}
}
