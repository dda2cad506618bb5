package yamlfield

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/shinan-alliance/alliance"
	"go.yaml.in/yaml/v3"
)

// Fields reads one YAML mapping (a record), reporting each problem at the
// line of the field it is about.
type Fields struct {
	ps   *Problems
	File string
	What string // put before every message, e.g. "step 3 (practice)"; "" for none
	At   int    // the mapping's own line
	vals map[string]*yaml.Node
	keys map[string]int // key -> line
}

// Read checks that n is a mapping with only the known keys, each given
// once, and returns its fields; it returns nil, with a problem, when n is
// not a mapping. Unknown and repeated keys are problems too.
func Read(ps *Problems, file, what string, n *yaml.Node, known ...string) *Fields {
	f := &Fields{ps: ps, File: file, What: what, At: n.Line}
	if n.Kind != yaml.MappingNode {
		f.ProblemAt(n.Line, "want a record of \"key: value\" lines")
		return nil
	}
	f.vals = make(map[string]*yaml.Node, len(n.Content)/2)
	f.keys = make(map[string]int, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		switch {
		case !isKnown(k.Value, known):
			f.ProblemAt(k.Line, "unknown field %q (known: %s)", k.Value, strings.Join(known, ", "))
		case f.vals[k.Value] != nil:
			f.ProblemAt(k.Line, "field %q given twice", k.Value)
		default:
			f.vals[k.Value] = v
			f.keys[k.Value] = k.Line
		}
	}
	return f
}

func isKnown(key string, known []string) bool {
	for _, k := range known {
		if k == key {
			return true
		}
	}
	return false
}

// IsNull reports whether a field's value is missing or YAML's null.
func IsNull(v *yaml.Node) bool {
	return v == nil || (v.Kind == yaml.ScalarNode && v.Tag == "!!null")
}

// Has reports whether the record has the field.
func (f *Fields) Has(key string) bool { return f.vals[key] != nil }

// Node returns a field's value as parsed, or nil.
func (f *Fields) Node(key string) *yaml.Node { return f.vals[key] }

// Line is the line of a field, or of the record when the field is missing.
func (f *Fields) Line(key string) int {
	if n, ok := f.keys[key]; ok {
		return n
	}
	return f.At
}

// ProblemAt records a problem at a line of the record's file.
func (f *Fields) ProblemAt(line int, format string, args ...any) {
	if f.What != "" {
		format = f.What + ": " + format
	}
	f.ps.Add(f.File, line, format, args...)
}

// Problem records a problem at a field's line.
func (f *Fields) Problem(key, format string, args ...any) {
	f.ProblemAt(f.Line(key), format, args...)
}

// Str returns a single value's text, trimmed; a required field that is
// missing or empty is a problem.
func (f *Fields) Str(key string, required bool) string {
	v := f.vals[key]
	if IsNull(v) {
		if required {
			f.ProblemAt(f.At, "missing %s", key)
		}
		return ""
	}
	if v.Kind != yaml.ScalarNode {
		f.Problem(key, "%s must be a single value", key)
		return ""
	}
	s := strings.TrimSpace(v.Value)
	if s == "" && required {
		f.Problem(key, "%s is empty", key)
	}
	return s
}

// Text returns text shown to residents: at most maxRunes characters, one
// line unless multiline, and following alliance.CheckText.
func (f *Fields) Text(key string, required bool, maxRunes int, multiline bool) string {
	s := f.Str(key, required)
	f.CheckText(key, f.Line(key), s, maxRunes, multiline)
	return s
}

// CheckText reports, at line, a text that breaks alliance.CheckText or is
// longer than maxRunes characters (0: no limit); what names it.
func (f *Fields) CheckText(what string, line int, s string, maxRunes int, multiline bool) bool {
	if maxRunes > 0 {
		if n := utf8.RuneCountInString(s); n > maxRunes {
			f.ProblemAt(line, "%s is %d characters, more than %d", what, n, maxRunes)
			return false
		}
	}
	if err := alliance.CheckText(s, 0, multiline); err != nil {
		f.ProblemAt(line, "%s: %s", what, strings.TrimPrefix(err.Error(), alliance.ErrBadText.Error()+": "))
		return false
	}
	return true
}

// Match returns a single value that must match re; rule says what re wants,
// e.g. "must be lowercase letters, digits and dashes".
func (f *Fields) Match(key string, required bool, re *regexp.Regexp, rule string) string {
	s := f.Str(key, required)
	if s != "" && !re.MatchString(s) {
		f.Problem(key, "%s %q %s", key, s, rule)
	}
	return s
}

// OneOf returns a value that must be one of allowed ("" when it is not).
func (f *Fields) OneOf(key string, required bool, allowed ...string) string {
	s := f.Str(key, required)
	if s == "" {
		return ""
	}
	if isKnown(s, allowed) {
		return s
	}
	f.Problem(key, "%s %q is not one of %s", key, s, strings.Join(allowed, ", "))
	return ""
}

// Int returns a whole number.
func (f *Fields) Int(key string, required bool) int {
	return f.IntIn(key, required, math.MinInt, math.MaxInt)
}

// IntIn returns a whole number from lo to hi.
func (f *Fields) IntIn(key string, required bool, lo, hi int) int {
	s := f.Str(key, required)
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		f.Problem(key, "%s %q is not a whole number", key, s)
		return 0
	}
	if n < lo || n > hi {
		f.Problem(key, "%s is %d, want %d to %d", key, n, lo, hi)
	}
	return n
}

// Bool returns true or false; missing is false.
func (f *Fields) Bool(key string) bool {
	s := f.Str(key, false)
	switch s {
	case "", "false":
		return false
	case "true":
		return true
	}
	f.Problem(key, "%s %q must be true or false", key, s)
	return false
}

// Time returns a date and time (see ParseTime) that follows
// alliance.CheckTime; the zero time when missing.
func (f *Fields) Time(key string, required bool) time.Time {
	s := f.Str(key, required)
	if s == "" {
		return time.Time{}
	}
	t, err := ParseTime(s)
	if err != nil {
		f.Problem(key, "%s %q is not a date and time like 2015-02-06T09:30:00+08:00", key, s)
		return time.Time{}
	}
	f.CheckTime(key, t)
	return t
}

// CheckTime reports a date that breaks alliance.CheckTime.
func (f *Fields) CheckTime(key string, t time.Time) bool {
	err := alliance.CheckTime(t)
	if err != nil && t.IsZero() { // written as 0001-01-01T00:00:00Z: not missing
		err = fmt.Errorf("year %d is outside %d–%d", t.Year(), alliance.MinYear, alliance.MaxYear)
	}
	if err != nil {
		f.Problem(key, "%s: %v", key, err)
		return false
	}
	return true
}

// ParseTime accepts RFC 3339, or a date and time without a zone, read in
// the district's zone.
func ParseTime(s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	for _, layout := range []string{"2006-01-02 15:04", "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, s, alliance.Location); err == nil {
			return t, nil
		}
	}
	return time.Time{}, errBadTime
}

var errBadTime = errors.New("not a date and time")

// List returns a list of single values ([a, b], or one value alone), each
// non-empty, one line, following alliance.CheckText and at most maxRunes
// characters (0: no limit).
func (f *Fields) List(key string, maxRunes int) []string {
	v := f.vals[key]
	if IsNull(v) {
		return nil
	}
	items := []*yaml.Node{v}
	if v.Kind == yaml.SequenceNode {
		items = v.Content
	} else if v.Kind != yaml.ScalarNode {
		f.Problem(key, "%s must be a list like [a, b]", key)
		return nil
	}
	var out []string
	for _, c := range items {
		s := strings.TrimSpace(c.Value)
		if c.Kind != yaml.ScalarNode || (s == "" && v.Kind == yaml.SequenceNode) {
			f.ProblemAt(c.Line, "%s: each item must be a single non-empty value", key)
			continue
		}
		if !f.CheckText(key, c.Line, s, maxRunes, false) {
			continue
		}
		out = append(out, s)
	}
	return out
}
