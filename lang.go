package alliance

// Lang is one of the kiosk's languages: residents switch between them at
// the kiosk (简/繁/EN).
type Lang string

// The kiosk's languages.
const (
	Hans    Lang = "zh-Hans" // Simplified Chinese, the district's own script
	Hant    Lang = "zh-Hant" // Traditional Chinese
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

// Text is a text in the kiosk's languages, written by hand in each (a
// column's name, a lesson's text): Simplified Chinese always, Traditional
// and English when given.
type Text struct {
	Hans string // Simplified Chinese
	Hant string // Traditional Chinese
	En   string // English
}

// In returns the text in l, falling back to Simplified Chinese, which
// every text has.
func (t Text) In(l Lang) string {
	switch l {
	case Hant:
		if t.Hant != "" {
			return t.Hant
		}
	case English:
		if t.En != "" {
			return t.En
		}
	}
	return t.Hans
}

// IsZero reports whether the text is empty in every language.
func (t Text) IsZero() bool { return t == Text{} }
