package store

import (
	"strings"
	"unicode"

	"github.com/shinan-alliance/alliance/internal/chinese"
)

// Folding makes 社區 and 社区, "WiFi" and "ｗｉｆｉ" the same word to search.
//
// Traditional characters are mapped to Simplified one character at a time
// (chinese.Simplify, from OpenCC's t2s). Character-level (not phrase-level)
// conversion is deliberate: the folded text has exactly as many characters
// as the original, so a match found in folded text is highlighted at the
// same place in the original, and a query folds the same way whether it is
// typed alone or found inside a longer phrase.

// foldRune maps one character to its search form: Simplified script,
// lower case, half-width.
func foldRune(r rune) rune {
	switch {
	case r < 0x80:
		if 'A' <= r && r <= 'Z' {
			return r + ('a' - 'A')
		}
		return r
	case r >= 0xFF01 && r <= 0xFF5E: // full-width ASCII
		return foldRune(r - 0xFEE0)
	case r == 0x3000: // ideographic space
		return ' '
	}
	if s := chinese.Simplify(r); s != r {
		return s
	}
	return unicode.ToLower(r)
}

// Fold returns s in search form. It has exactly as many runes as s.
func Fold(s string) string {
	return strings.Map(foldRune, s)
}

// termSink receives index terms. Han terms arrive as runes, not strings, so
// that the hot path can deduplicate and write them without allocating.
type termSink interface {
	han1(r rune)
	han2(a, b rune)
	word(w []rune)
}

// tokens emits the index terms of already folded text: every Han
// character, every pair of adjacent Han characters, and every Latin word or
// number.
func tokens(folded string, sink termSink) {
	var prev rune // the previous rune if it was Han, else 0
	var word []rune
	endWord := func() {
		if len(word) > 0 {
			sink.word(word)
			word = word[:0]
		}
	}
	for _, r := range folded {
		switch {
		case isHan(r):
			endWord()
			sink.han1(r)
			if prev != 0 {
				sink.han2(prev, r)
			}
			prev = r
		case isWord(r):
			prev = 0
			word = append(word, r)
		default:
			prev = 0
			endWord()
		}
	}
	endWord()
}

// isHan reports whether r is a Chinese character, which we index one and two
// characters at a time. The common blocks are tested first: this runs for
// every character indexed.
func isHan(r rune) bool {
	if r >= 0x4E00 && r <= 0x9FFF {
		return true
	}
	if r < 0x2E80 {
		return false
	}
	return unicode.Is(unicode.Han, r)
}

// isWord reports whether r belongs to a Latin word or a number, which we
// index as whole words.
func isWord(r rune) bool {
	if r < 0x80 {
		return 'a' <= r && r <= 'z' || '0' <= r && r <= '9' || 'A' <= r && r <= 'Z'
	}
	return !isHan(r) && (unicode.IsLetter(r) || unicode.IsDigit(r))
}
