package ui

import (
	"encoding/json"
	"fmt"
	"strings"
	"sync"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/assets"
)

// The kiosk's languages are alliance.Langs. Fyne's own lang package
// follows the OS locale at start; residents switch at the kiosk, so we
// translate ourselves and rebuild the current screen on a switch.

var (
	catalogOnce sync.Once
	catalogs    map[alliance.Lang]map[string]string
)

func loadCatalogs() {
	catalogs = map[alliance.Lang]map[string]string{}
	for _, l := range alliance.Langs {
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
func Catalog(l alliance.Lang) map[string]string {
	catalogOnce.Do(loadCatalogs)
	return catalogs[l]
}

// T translates key in language l; args fill its %-verbs. A missing key
// shows the Simplified text, then the key itself, rather than nothing.
func T(l alliance.Lang, key string, args ...any) string {
	s, ok := Catalog(l)[key]
	if !ok {
		if s, ok = Catalog(alliance.Hans)[key]; !ok {
			s = key
		}
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

// ColumnName names a column in l.
func ColumnName(l alliance.Lang, c alliance.Column) string {
	ci, ok := c.Info()
	if !ok {
		return string(c)
	}
	return ci.Name.In(l)
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
