package alliance

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// fields reads one YAML mapping, reporting each problem at its own line.
type fields struct {
	l    *loader
	file string
	at   int // the mapping's own line
	vals map[string]*yaml.Node
	keys map[string]int // key -> line
}

// fields checks that n is a mapping with only the known keys, each once.
func (l *loader) fields(file string, n *yaml.Node, known ...string) *fields {
	if n.Kind != yaml.MappingNode {
		l.problem(file, n.Line, "want a record of \"key: value\" lines")
		return nil
	}
	f := &fields{l: l, file: file, at: n.Line, vals: map[string]*yaml.Node{}, keys: map[string]int{}}
	ok := map[string]bool{}
	for _, k := range known {
		ok[k] = true
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		switch {
		case !ok[k.Value]:
			l.problem(file, k.Line, "unknown field %q (known: %s)", k.Value, strings.Join(known, ", "))
		case f.vals[k.Value] != nil:
			l.problem(file, k.Line, "field %q given twice", k.Value)
		default:
			f.vals[k.Value] = v
			f.keys[k.Value] = k.Line
		}
	}
	return f
}

func (f *fields) has(key string) bool { return f.vals[key] != nil }

func (f *fields) line(key string) int {
	if n, ok := f.keys[key]; ok {
		return n
	}
	return f.at
}

func (f *fields) problem(key, format string, args ...any) {
	f.l.problem(f.file, f.line(key), format, args...)
}

// str returns a scalar's text; a required field that is missing or empty is
// a problem.
func (f *fields) str(key string, required bool) string {
	v := f.vals[key]
	if v == nil || (v.Kind == yaml.ScalarNode && v.Tag == "!!null") {
		if required {
			f.l.problem(f.file, f.at, "missing %s", key)
		}
		return ""
	}
	if v.Kind != yaml.ScalarNode {
		f.problem(key, "%s must be a single value", key)
		return ""
	}
	s := strings.TrimSpace(v.Value)
	if s == "" && required {
		f.problem(key, "%s is empty", key)
	}
	return s
}

func (f *fields) text(key string, required bool, maxRunes int) string {
	s := f.str(key, required)
	if n := utf8.RuneCountInString(s); n > maxRunes {
		f.problem(key, "%s is %d characters, more than %d", key, n, maxRunes)
	}
	return s
}

func (f *fields) id(key string) string {
	s := f.str(key, true)
	if s != "" && !idPattern.MatchString(s) {
		f.problem(key, "%s %q must be lowercase letters, digits and dashes, starting with a letter or digit", key, s)
	}
	return s
}

func (f *fields) oneOf(key string, required bool, allowed ...string) string {
	s := f.str(key, required)
	if s == "" {
		return ""
	}
	for _, a := range allowed {
		if s == a {
			return s
		}
	}
	f.problem(key, "%s %q is not one of %s", key, s, strings.Join(allowed, ", "))
	return ""
}

func (f *fields) integer(key string, required bool) int {
	s := f.str(key, required)
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		f.problem(key, "%s %q is not a whole number", key, s)
	}
	return n
}

func (f *fields) boolean(key string) bool {
	s := f.str(key, false)
	switch s {
	case "", "false":
		return false
	case "true":
		return true
	}
	f.problem(key, "%s %q must be true or false", key, s)
	return false
}

func (f *fields) time(key string, required bool) time.Time {
	s := f.str(key, required)
	if s == "" {
		return time.Time{}
	}
	t, err := parseTime(s)
	if err != nil {
		f.problem(key, "%s %q is not a date and time like 2015-02-06T09:30:00+08:00", key, s)
	}
	return t
}

// parseTime accepts RFC 3339, or a date and time without zone, read in the
// district's zone.
func parseTime(s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	for _, layout := range []string{"2006-01-02 15:04", "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, s, Location); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("bad time %q", s)
}

// when is an absolute or relative event date.
type when struct {
	at              time.Time
	relative        bool
	days, hour, min int
	set             bool
}

func (w when) known() bool { return w.set }

// minutes gives a comparable position: relative dates are compared with each
// other by offset, absolute ones by time; mixed pairs are not compared.
func (w when) after(o when) bool {
	if w.relative != o.relative {
		return true
	}
	if w.relative {
		return w.offset() > o.offset()
	}
	return w.at.After(o.at)
}

func (w when) before(o when) bool {
	if w.relative != o.relative {
		return false
	}
	if w.relative {
		return w.offset() < o.offset()
	}
	return w.at.Before(o.at)
}

func (w when) offset() int { return (w.days*24+w.hour)*60 + w.min }

func (f *fields) when(key string, required bool) when {
	s := f.str(key, required)
	if s == "" {
		return when{}
	}
	if m := relativePattern.FindStringSubmatch(s); m != nil {
		d, _ := strconv.Atoi(m[1])
		h, _ := strconv.Atoi(m[2])
		mi, _ := strconv.Atoi(m[3])
		if h > 23 || mi > 59 {
			f.problem(key, "%s %q has no such time of day", key, s)
			return when{}
		}
		return when{relative: true, days: d, hour: h, min: mi, set: true}
	}
	t, err := parseTime(s)
	if err != nil {
		f.problem(key, "%s %q is neither a date like 2026-12-05T09:30:00+08:00 nor a relative date like \"+3d 09:30\"", key, s)
		return when{}
	}
	return when{at: t, set: true}
}

func (f *fields) phone(key string) string {
	s := f.str(key, false)
	if s != "" && !phonePattern.MatchString(s) {
		f.problem(key, "%s %q is not a phone number (digits, spaces, dashes, a leading +)", key, s)
	}
	return s
}

func (f *fields) link(key string) string {
	s := f.str(key, false)
	if s == "" {
		return ""
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		f.problem(key, "%s %q is not an http(s) link", key, s)
	}
	return s
}

// account checks a reference to an account listed in accounts.yaml.
func (f *fields) account(key string, required bool) string {
	s := f.str(key, required)
	if s == "" {
		return ""
	}
	if _, ok := f.l.accounts[s]; !ok {
		f.problem(key, "%s %q is not an account in accounts.yaml", key, s)
	}
	return s
}

func (f *fields) strList(key string) []string {
	v := f.vals[key]
	if v == nil {
		return nil
	}
	if v.Kind == yaml.ScalarNode {
		if v.Tag == "!!null" {
			return nil
		}
		return []string{strings.TrimSpace(v.Value)}
	}
	if v.Kind != yaml.SequenceNode {
		f.problem(key, "%s must be a list like [a, b]", key)
		return nil
	}
	var out []string
	for _, c := range v.Content {
		if c.Kind != yaml.ScalarNode || strings.TrimSpace(c.Value) == "" {
			f.l.problem(f.file, c.Line, "%s: each item must be a single non-empty value", key)
			continue
		}
		out = append(out, strings.TrimSpace(c.Value))
	}
	return out
}

func (f *fields) media(key string) string {
	s := f.str(key, false)
	if s == "" {
		return ""
	}
	return f.l.addMedia(f.file, f.line(key), s)
}

func (f *fields) mediaList(key string) []string {
	var out []string
	for _, ref := range f.strList(key) {
		if sum := f.l.addMedia(f.file, f.line(key), ref); sum != "" {
			out = append(out, sum)
		}
	}
	return out
}
