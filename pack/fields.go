package pack

import (
	"net/url"
	"strconv"
	"time"

	"github.com/shinan-alliance/alliance/internal/yamlfield"
	"go.yaml.in/yaml/v3"
)

// fields reads one record of a pack: yamlfield's readers, and those that
// know the rest of the pack (accounts, media).
type fields struct {
	*yamlfield.Fields
	l *loader
}

// fields checks that n is a mapping with only the known keys, each once.
func (l *loader) fields(file string, n *yaml.Node, known ...string) *fields {
	f := yamlfield.Read(&l.problems, file, "", n, known...)
	if f == nil {
		return nil
	}
	return &fields{Fields: f, l: l}
}

func (f *fields) id(key string) string {
	return f.Match(key, true, idPattern, "must be lowercase letters, digits and dashes, starting with a letter or digit")
}

func (f *fields) phone(key string) string {
	return f.Match(key, false, phonePattern, "is not a phone number (digits, spaces, dashes, a leading +)")
}

func (f *fields) link(key string) string {
	s := f.Str(key, false)
	if s == "" {
		return ""
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		f.Problem(key, "%s %q is not an http(s) link", key, s)
	} else {
		f.CheckText(key, f.Line(key), s, 2000, false)
	}
	return s
}

// account checks a reference to an account listed in accounts.yaml.
func (f *fields) account(key string, required bool) string {
	s := f.Str(key, required)
	if s == "" {
		return ""
	}
	if _, ok := f.l.accounts[s]; !ok {
		f.Problem(key, "%s %q is not an account in accounts.yaml", key, s)
	}
	return s
}

func (f *fields) media(key string) string {
	s := f.Str(key, false)
	if s == "" {
		return ""
	}
	return f.l.addMedia(f.File, f.Line(key), s)
}

func (f *fields) mediaList(key string) []string {
	var out []string
	for _, ref := range f.List(key, 0) {
		if sum := f.l.addMedia(f.File, f.Line(key), ref); sum != "" {
			out = append(out, sum)
		}
	}
	return out
}

// when is an absolute or relative event date.
type when struct {
	at              time.Time
	relative        bool
	days, hour, min int
	set             bool
}

func (w when) known() bool { return w.set }

// after compares two dates: relative dates are compared with each other
// by offset, absolute ones by time; mixed pairs are not compared.
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
	s := f.Str(key, required)
	if s == "" {
		return when{}
	}
	if m := relativePattern.FindStringSubmatch(s); m != nil {
		d, _ := strconv.Atoi(m[1])
		h, _ := strconv.Atoi(m[2])
		mi, _ := strconv.Atoi(m[3])
		if h > 23 || mi > 59 {
			f.Problem(key, "%s %q has no such time of day", key, s)
			return when{}
		}
		return when{relative: true, days: d, hour: h, min: mi, set: true}
	}
	t, err := yamlfield.ParseTime(s)
	if err != nil {
		f.Problem(key, "%s %q is neither a date like 2026-12-05T09:30:00+08:00 nor a relative date like \"+3d 09:30\"", key, s)
		return when{}
	}
	if !f.CheckTime(key, t) {
		return when{}
	}
	return when{at: t, set: true}
}
