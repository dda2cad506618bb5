package store

import (
	"unicode"

	"github.com/shinan-alliance/alliance/internal/chinese"
)

// Folding makes 社區 and 社区, 頭髮 and 头发, 綫 and 线, "WiFi" and "ｗｉｆｉ"
// the same word to search.
//
// Traditional and regional variant spellings fold to Simplified with
// chinese.FoldRunes: by phrase where OpenCC's phrase tables need the
// phrase (乾隆 stays 乾隆 where its characters alone would fold to 干隆),
// by character elsewhere. Every phrase folds to as many characters, so the
// folded text has exactly as many runes as the original: a match found in
// folded text is highlighted at the same place in the original. Index and
// query fold alike, so a Simplified query finds Traditional text and the
// other way round.

// foldRune maps one character to its case- and width-free form: lower
// case, half-width.
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
	case isHan(r):
		return r
	}
	return unicode.ToLower(r)
}

// Fold returns s in search form: Simplified script, lower case,
// half-width. It has exactly as many runes as s.
func Fold(s string) string {
	rs := []rune(s)
	for i, r := range rs {
		rs[i] = foldRune(r)
	}
	chinese.FoldRunes(rs)
	return string(rs)
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

// Phone numbers are found however they were keyed: "0532 8288 1234",
// "0532-82881234", "(0532) 8288.1234" and "053282881234" are one number,
// and any 4 or more of its consecutive digits find it ("8288", "2881").
// Each number in a text is indexed by its digits four at a time ("_d"
// terms); a query's number looks up its own fours, and a hit must hold its
// digits in a row.

// minNumberDigits is how many digits in a row a number query needs to be
// looked up by its digits; shorter numbers (a house number, a day) are
// matched as whole words.
const minNumberDigits = 4

// numberRun is a number in folded text: its digits, and the rune index of
// each in the text.
type numberRun struct {
	digits string
	pos    []int
}

// isNumberSep reports whether r may stand between the digit groups of one
// number (after folding: full-width forms are ASCII by then).
func isNumberSep(r rune) bool {
	switch r {
	case ' ', '-', '.', '(', ')', '/', '–', '—', '\u00a0':
		return true
	}
	return false
}

// numberAt reads the number starting at rs[i], a digit: digits, in groups
// joined by at most two separators. It returns the run and the index after
// its last digit.
func numberAt(rs []rune, i int) (numberRun, int) {
	var run numberRun
	var b []byte
	j := i
	for j < len(rs) {
		if isDigit(rs[j]) {
			b = append(b, byte(rs[j]))
			run.pos = append(run.pos, j)
			j++
			continue
		}
		k := j
		for k < len(rs) && k-j < 2 && isNumberSep(rs[k]) {
			k++
		}
		if k == j || k >= len(rs) || !isDigit(rs[k]) {
			break
		}
		j = k
	}
	run.digits = string(b)
	return run, j
}

func isDigit(r rune) bool { return '0' <= r && r <= '9' }

// numberRuns returns the numbers of folded text with at least
// minNumberDigits digits.
func numberRuns(rs []rune) []numberRun {
	var out []numberRun
	for i := 0; i < len(rs); {
		if !isDigit(rs[i]) {
			i++
			continue
		}
		run, j := numberAt(rs, i)
		if len(run.digits) >= minNumberDigits {
			out = append(out, run)
		}
		i = j
	}
	return out
}

// numberTerms emits the "_d" terms of folded text: every four digits in a
// row of each of its numbers.
func numberTerms(folded string, sink termSink) {
	for _, run := range numberRuns([]rune(folded)) {
		for k := 0; k+minNumberDigits <= len(run.digits); k++ {
			sink.word([]rune("_d" + run.digits[k:k+minNumberDigits]))
		}
	}
}
