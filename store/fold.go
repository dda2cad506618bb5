package store

import (
	"strings"
	"sync"
	"unicode"

	"github.com/longbridgeapp/opencc"
)

// Folding makes 社區 and 社区, "WiFi" and "ｗｉｆｉ" the same word to search.
//
// Traditional characters are mapped to Simplified one character at a time
// with OpenCC's t2s dictionaries. Character-level (not phrase-level)
// conversion is deliberate: the folded text has exactly as many characters
// as the original, so a match found in folded text is highlighted at the
// same place in the original, and a query folds the same way whether it is
// typed alone or found inside a longer phrase.

var (
	foldOnce sync.Once
	// foldTable maps each BMP character to its folded form (0: unchanged).
	// A flat table, 256 KB, is several times faster than a map on the
	// import's hot path.
	foldTable []rune
)

// cjkRanges are the blocks where Traditional characters live.
var cjkRanges = [][2]rune{{0x3400, 0x4DBF}, {0x4E00, 0x9FFF}, {0xF900, 0xFAFF}}

func loadFoldTable() {
	cc, err := opencc.New("t2s")
	if err != nil {
		panic("load OpenCC t2s dictionary: " + err.Error())
	}
	foldTable = make([]rune, 0x10000)
	var all []rune
	for _, r := range cjkRanges {
		for c := r[0]; c <= r[1]; c++ {
			all = append(all, c)
		}
	}
	// One character per line converts each on its own, without phrase
	// context, in a single call.
	var b strings.Builder
	for _, c := range all {
		b.WriteRune(c)
		b.WriteByte('\n')
	}
	out, err := cc.Convert(b.String())
	if err != nil {
		panic("convert with OpenCC: " + err.Error())
	}
	lines := strings.Split(out, "\n")
	for i, c := range all {
		if i >= len(lines) {
			break
		}
		rs := []rune(lines[i])
		if len(rs) == 1 && rs[0] != c {
			foldTable[c] = rs[0]
		}
	}
}

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
	foldOnce.Do(loadFoldTable)
	if r < 0x10000 {
		if s := foldTable[r]; s != 0 {
			return s
		}
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
