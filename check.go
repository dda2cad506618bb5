package alliance

import (
	"errors"
	"fmt"
	"time"
	"unicode"
	"unicode/utf8"
)

// Rules every text and date must follow wherever it comes from: a content
// pack, the hub's console, a kiosk's push or a batch from the hub. They live
// here, once, so that the pack checker, the hub and the kiosk agree on what
// is acceptable; anything one of them accepts, the others accept too.

// Dates outside these years are refused: a year 0 or 9999 is a typing
// mistake or an attack on date arithmetic, never a community event.
const (
	MinYear = 2000
	MaxYear = 2100
)

// ErrBadText is wrapped by CheckText's errors.
var ErrBadText = errors.New("bad text")

// CheckText reports whether s is text a resident may be shown: valid UTF-8,
// at most maxRunes characters (0: no limit), and free of NUL and other
// control characters (tab and newline allowed only when multiline) and of
// the Unicode bidirectional overrides and isolates, which can make a name
// or a phone number display as something else than it is.
func CheckText(s string, maxRunes int, multiline bool) error {
	if !utf8.ValidString(s) {
		return fmt.Errorf("%w: not valid UTF-8", ErrBadText)
	}
	if maxRunes > 0 {
		if n := utf8.RuneCountInString(s); n > maxRunes {
			return fmt.Errorf("%w: %d characters, at most %d", ErrBadText, n, maxRunes)
		}
	}
	for i, r := range s {
		switch {
		case r == '\n' || r == '\t' || r == '\r':
			if !multiline {
				return fmt.Errorf("%w: a line break or tab at byte %d where one line is expected", ErrBadText, i)
			}
		case IsBidiControl(r):
			return fmt.Errorf("%w: a bidirectional control character U+%04X at byte %d", ErrBadText, r, i)
		case unicode.IsControl(r):
			return fmt.Errorf("%w: control character U+%04X at byte %d", ErrBadText, r, i)
		}
	}
	return nil
}

// IsBidiControl reports whether r is one of the Unicode characters that
// reorder text around them (embeddings, overrides, isolates and marks).
func IsBidiControl(r rune) bool {
	switch {
	case r >= 0x202A && r <= 0x202E: // LRE, RLE, PDF, LRO, RLO
		return true
	case r >= 0x2066 && r <= 0x2069: // LRI, RLI, FSI, PDI
		return true
	case r == 0x200E || r == 0x200F || r == 0x061C: // LRM, RLM, ALM
		return true
	}
	return false
}

// CheckTime reports whether t is a plausible date for content or a record:
// set, and between MinYear and MaxYear.
func CheckTime(t time.Time) error {
	if t.IsZero() {
		return errors.New("date is missing")
	}
	if y := t.In(Location).Year(); y < MinYear || y > MaxYear {
		return fmt.Errorf("year %d is outside %d–%d", y, MinYear, MaxYear)
	}
	return nil
}
