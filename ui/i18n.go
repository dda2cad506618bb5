package ui

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"sync"

	"github.com/longbridgeapp/opencc"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/assets"
)

// Lang is one of the kiosk's languages.
type Lang string

// The kiosk's languages. Fyne's own lang package follows the OS locale at
// start; residents switch at the kiosk, so we translate ourselves and
// rebuild the current screen on a switch.
const (
	Hans    Lang = "zh-Hans"
	Hant    Lang = "zh-Hant"
	English Lang = "en"
)

// Langs lists the languages in the order of the switch.
var Langs = []Lang{Hans, Hant, English}

// ParseLang accepts a language code, falling back to Simplified, the
// district's own script.
func ParseLang(s string) Lang {
	for _, l := range Langs {
		if string(l) == s {
			return l
		}
	}
	return Hans
}

var (
	catalogOnce sync.Once
	catalogs    map[Lang]map[string]string
)

func loadCatalogs() {
	catalogs = map[Lang]map[string]string{}
	for _, l := range Langs {
		b, err := assets.Translations.ReadFile("i18n/" + string(l) + ".json")
		if err != nil {
			panic(fmt.Sprintf("translations for %s are not embedded: %v", l, err))
		}
		m := map[string]string{}
		if err := json.Unmarshal(b, &m); err != nil {
			panic(fmt.Sprintf("translations for %s: %v", l, err)) // caught by the tests
		}
		catalogs[l] = m
	}
}

// Catalog returns the strings of one language, key to text.
func Catalog(l Lang) map[string]string {
	catalogOnce.Do(loadCatalogs)
	return catalogs[l]
}

// T translates key in language l; args fill its %-verbs. A missing key
// shows the Simplified text, then the key itself, rather than nothing.
func T(l Lang, key string, args ...any) string {
	s, ok := Catalog(l)[key]
	if !ok {
		if s, ok = Catalog(Hans)[key]; !ok {
			s = key
		}
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

var (
	ccOnce   sync.Once
	s2t, t2s *opencc.OpenCC
)

// Script shows content text (posts, names, places) in the script of l:
// Traditional converts Simplified text, Simplified converts Traditional,
// English leaves Chinese content as it is.
func Script(l Lang, s string) string {
	if l == English || s == "" {
		return s
	}
	ccOnce.Do(func() {
		var err error
		if s2t, err = opencc.New("s2t"); err != nil {
			slog.Error("load script conversion", "err", err)
		}
		if t2s, err = opencc.New("t2s"); err != nil {
			slog.Error("load script conversion", "err", err)
		}
	})
	cc := t2s
	if l == Hant {
		cc = s2t
	}
	if cc == nil {
		return s
	}
	out, err := cc.Convert(s)
	if err != nil {
		return s
	}
	return out
}

// ColumnName names a column in l.
func ColumnName(l Lang, c alliance.Column) string {
	ci, ok := c.Info()
	if !ok {
		return string(c)
	}
	switch l {
	case Hant:
		return ci.Hant
	case English:
		return ci.English
	}
	return ci.Hans
}

// joinNonEmpty joins the non-empty parts with sep.
func joinNonEmpty(sep string, parts ...string) string {
	var out []string
	for _, p := range parts {
		if strings.TrimSpace(p) != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, sep)
}
